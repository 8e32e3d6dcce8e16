"""The eight steps of building a career pathway system, and how far a partnership is.

The text is ours, written for conveners. Each step has a goal, what employers and public
partners do in it, the outcome it must leave behind, and completion criteria. Criteria that
can be computed from the partnership's data are; the rest are listed as what the step needs.
"""

from __future__ import annotations

from dataclasses import dataclass, field

from django.template.defaultfilters import pluralize

from partnerships.models import Partnership, Role, StepRecord, System
from partnerships.registry import Criterion, Step, WorkPage, all_steps, get_step, register_step

__all__ = ["Criterion", "Step", "StepState", "get_step", "step_state", "step_states"]

MIN_COMMITTEE_EMPLOYERS = 3


@dataclass
class StepState:
    step: Step
    criteria: list[Criterion]
    record: StepRecord | None
    is_current: bool = False
    blocked_by: list[int] = field(default_factory=list)

    @property
    def complete(self) -> bool:
        return self.record is not None

    @property
    def overridden(self) -> bool:
        return bool(self.record and self.record.override_reason)

    @property
    def tracked(self) -> bool:
        return self.step.tracked

    @property
    def criteria_met(self) -> bool:
        return all(c.met for c in self.criteria)

    @property
    def ready(self) -> bool:
        """Can be marked complete without an override."""
        return not self.blocked_by and self.criteria_met

    @property
    def status(self) -> str:
        """One word for where the step stands: complete, ready, waiting, current, started,
        or not started. "Waiting" is a step whose own checklist is met while an earlier step
        is still open."""
        if self.complete:
            return "complete"
        met = [c for c in self.criteria if c.met]
        if self.tracked and self.criteria and len(met) == len(self.criteria):
            return "waiting" if self.blocked_by else "ready"
        if self.is_current:
            return "current"
        return "started" if met else "not_started"

    @property
    def status_label(self) -> str:
        if self.status == "waiting":
            first = self.blocked_by[0]
            return f"Ready; waiting for step {first}"
        return {
            "complete": "Complete (override)" if self.overridden else "Complete",
            "ready": "Ready to mark complete",
            "current": "Current step",
            "started": "Started",
            "not_started": "Not started",
        }[self.status]


# --- computed criteria ---------------------------------------------------------------


def _step1_criteria(p: Partnership) -> list[Criterion]:
    industries = list(p.industries.all())
    areas = list(p.areas.all())
    employers_on_committee = {c.organization_id for c in p.committee_members.all()}
    # Filtered in Python so a prefetched partnership (the dashboard) costs no query.
    conveners = sum(1 for m in p.memberships.all() if m.role == Role.CONVENER)
    step1_meetings = sum(1 for c in p.convenings.all() if c.step == 1)
    return [
        Criterion(
            "Industry named with NAICS codes",
            bool(industries),
            ", ".join(str(i) for i in industries) or "No industry yet",
        ),
        Criterion(
            "Region mapped to OEWS areas",
            bool(areas),
            ", ".join(a.name for a in areas) or "No region yet",
        ),
        Criterion(
            f"Talent committee with at least {MIN_COMMITTEE_EMPLOYERS} employers",
            len(employers_on_committee) >= MIN_COMMITTEE_EMPLOYERS,
            f"{len(employers_on_committee)} employer{pluralize(len(employers_on_committee))} "
            "on the committee",
        ),
        Criterion(
            "A convener is in place", conveners > 0, f"{conveners} convener{pluralize(conveners)}"
        ),
        Criterion(
            "The partnership has met",
            step1_meetings > 0,
            f"{step1_meetings} step-1 convening{pluralize(step1_meetings)} recorded",
        ),
    ]


def support_team_coverage(p: Partnership) -> list[dict]:
    """Each public system with the partners that cover it; empty lists are the gaps."""
    partners = p.support_partners.all()
    if "support_partners" not in getattr(p, "_prefetched_objects_cache", {}):
        partners = partners.select_related("organization")
    partners = list(partners)
    return [
        {
            "system": system,
            "label": system.label,
            "partners": [sp for sp in partners if sp.system == system],
        }
        for system in System
    ]


def _step2_criteria(p: Partnership) -> list[Criterion]:
    coverage = support_team_coverage(p)
    missing = [row["label"] for row in coverage if not row["partners"]]
    partners = [sp for row in coverage for sp in row["partners"]]
    not_accepted = [sp.organization.name for sp in partners if not sp.expectations_accepted]
    no_roles = [sp.organization.name for sp in partners if not sp.roles.strip()]
    return [
        Criterion(
            "Every key public system is on the team",
            not missing,
            f"Missing: {', '.join(missing)}" if missing else "All seven systems represented",
        ),
        Criterion(
            "Every partner has accepted the team's expectations",
            bool(partners) and not not_accepted,
            f"Waiting for: {', '.join(not_accepted)}"
            if not_accepted
            else f"{len(partners)} partner{pluralize(len(partners))} accepted",
        ),
        Criterion(
            "Roles and responsibilities recorded for every partner",
            bool(partners) and not no_roles,
            f"No roles yet: {', '.join(no_roles)}" if no_roles else "",
        ),
    ]


def _step1_outcome(p: Partnership) -> dict:
    return {
        "industries": list(p.industries.all()),
        "areas": list(p.areas.all()),
        "committee": list(
            p.committee_members.select_related("organization").order_by(
                "organization__name", "name"
            )
        ),
    }


def _step2_outcome(p: Partnership) -> dict:
    return {"coverage": support_team_coverage(p)}


def register() -> None:
    """Steps 1 and 2 are this app's own (called from PartnershipsConfig.ready)."""
    register_step(
        Step(
            number=1,
            title="Organize an industry-led sector partnership",
            short="Sector partnership",
            goal="Put employers in charge of the pathway work from the start: they own it and "
            "help build it, rather than being asked once for their opinion of a program.",
            business_role="Nothing formal yet beyond agreeing to take part; the partnership's "
            "talent committee will steer everything that follows.",
            public_role="Education, workforce and economic development partners recruit "
            "employers and launch the partnership together as one regional team.",
            outcome="A committed group of employer leaders ready to champion the career pathway "
            "system.",
            needs=(
                "The industry (NAICS codes) and region (OEWS areas) the partnership covers",
                "A talent committee of employers from the industry",
                "A convener, and a first meeting of the partnership",
            ),
            work_pages=(
                WorkPage("partnerships:committee", "Talent committee", "team"),
                WorkPage("partnerships:edit", "Industry and region", "manage"),
                WorkPage("partnerships:convenings", "Convenings", "team"),
            ),
            checklist=_step1_criteria,
            outcome_summary=_step1_outcome,
            outcome_template="partnerships/outcomes/step1.html",
        )
    )
    register_step(
        Step(
            number=2,
            title="Build the support team",
            short="Support team",
            goal="Bring the public systems that train and support workers into one team that "
            "answers industry's needs together, with clear expectations on both sides.",
            business_role="Make talent development a stated priority for the sector's growth.",
            public_role="Recruit decision-makers from workforce development, secondary and "
            "postsecondary education, human services, vocational rehabilitation, community "
            "organizations and economic development; agree on roles, ideally in an MOU.",
            outcome="A support team of public partners who know what employers will give them "
            "and what they are expected to do in return.",
            needs=(
                "A partner from each key public system",
                "Every partner has accepted the team's expectations",
                "Roles and responsibilities written down for each partner",
            ),
            work_pages=(WorkPage("partnerships:support_team", "Support team", "team"),),
            checklist=_step2_criteria,
            outcome_summary=_step2_outcome,
            outcome_template="partnerships/outcomes/step2.html",
        )
    )


# --- the tracker ------------------------------------------------------------------------


def criteria_for(p: Partnership, number: int) -> list[Criterion]:
    step = get_step(number)
    return step.criteria(p) if step else []


def step_states(p: Partnership, *, with_criteria: bool = True) -> list[StepState]:
    records = {r.number: r for r in p.step_records.all()}
    states: list[StepState] = []
    current_found = False
    for step in all_steps():
        record = records.get(step.number)
        state = StepState(
            step=step,
            criteria=step.criteria(p) if with_criteria else [],
            record=record,
            blocked_by=[n for n in range(1, step.number) if n not in records],
        )
        if record is None and not current_found:
            state.is_current = True
            current_found = True
        states.append(state)
    return states


def step_state(p: Partnership, number: int) -> StepState:
    """One step's state, computing only that step's checklist (a step page, completing it)."""
    state = step_states(p, with_criteria=False)[number - 1]
    state.criteria = state.step.criteria(p)
    return state


def current_step(p: Partnership) -> Step | None:
    done = {r.number for r in p.step_records.all()}
    return next((s for s in all_steps() if s.number not in done), None)


def dashboard_card(p: Partnership) -> dict:
    """Where a partnership stands and what to do next, for the dashboard."""
    done = {r.number for r in p.step_records.all()}
    step = next((s for s in all_steps() if s.number not in done), None)
    next_actions = []
    if step is not None:
        unmet = [c for c in step.criteria(p) if not c.met]
        next_actions = [c.label for c in unmet] or (
            ["Mark the step complete"] if step.tracked else list(step.needs)
        )
    return {
        "partnership": p,
        "role": p.member_role,
        "role_label": Role(p.member_role).label,
        "done": len(done),
        "current": step,
        "next_actions": next_actions[:3],
        "steps": [(s, s.number in done) for s in all_steps()],
    }
