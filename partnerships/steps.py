"""The eight steps of building a career pathway system, and how far a partnership is.

The text is ours, written for conveners. Each step has a goal, what employers and public
partners do in it, the outcome it must leave behind, and completion criteria. Criteria that
can be computed from the partnership's data are; the rest are listed as what the step needs.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field

from partnerships.models import Partnership, Role, StepRecord, System

MIN_COMMITTEE_EMPLOYERS = 3


@dataclass(frozen=True)
class Step:
    number: int
    title: str
    short: str
    goal: str
    business_role: str
    public_role: str
    outcome: str
    needs: list[str]  # what the step needs, in plain words (shown where the work isn't tracked)
    work_url_name: str | None = None  # the page where the step's work is done
    work_label: str = ""
    work_needs: str = "view"  # the access level that page asks for (partnerships.access.Need)


@dataclass
class Criterion:
    label: str
    met: bool
    detail: str = ""


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
        return bool(self.criteria)

    @property
    def criteria_met(self) -> bool:
        return all(c.met for c in self.criteria)

    @property
    def ready(self) -> bool:
        """Can be marked complete without an override."""
        return not self.blocked_by and self.criteria_met


STEPS: list[Step] = [
    Step(
        1,
        "Organize an industry-led sector partnership",
        "Sector partnership",
        goal="Put employers in charge of the pathway work from the start: they own it and help "
        "build it, rather than being asked once for their opinion of a program.",
        business_role="Nothing formal yet beyond agreeing to take part; the partnership's talent "
        "committee will steer everything that follows.",
        public_role="Education, workforce and economic development partners recruit employers "
        "and launch the partnership together as one regional team.",
        outcome="A committed group of employer leaders ready to champion the career pathway system.",
        needs=[
            "The industry (NAICS codes) and region (OEWS areas) the partnership covers",
            "A talent committee of employers from the industry",
            "A convener, and a first meeting of the partnership",
        ],
        work_url_name="partnerships:detail",
        work_label="Partnership profile",
    ),
    Step(
        2,
        "Build the support team",
        "Support team",
        goal="Bring the public systems that train and support workers into one team that answers "
        "industry's needs together, with clear expectations on both sides.",
        business_role="Make talent development a stated priority for the sector's growth.",
        public_role="Recruit decision-makers from workforce development, secondary and "
        "postsecondary education, human services, vocational rehabilitation, community "
        "organizations and economic development; agree on roles, ideally in an MOU.",
        outcome="A support team of public partners who know what employers will give them and "
        "what they are expected to do in return.",
        needs=[
            "A partner from each key public system",
            "Every partner has accepted the team's expectations",
            "Roles and responsibilities written down for each partner",
        ],
        work_url_name="partnerships:support_team",
        work_label="Support team",
        work_needs="team",
    ),
    Step(
        3,
        "Identify critical occupations",
        "Critical occupations",
        goal="Agree with employers on the handful of occupations the whole system will be built "
        "around.",
        business_role="Look at labor-market data together and agree, through a card-sort "
        "convening, on the occupations that matter most.",
        public_role="Listen, note where programs could adapt, and recruit more partners who "
        "train for the chosen occupations.",
        outcome="An agreed list of three to ten critical occupations, stacked entry, mid and "
        "advanced, each matched to its SOC and O*NET-SOC code.",
        needs=[
            "Labor-market data for the sector and region as a starting point",
            "An employer convening where each company names its critical occupations",
            "Three to ten agreed occupations, each in a tier and crosswalked to SOC and O*NET",
        ],
        work_url_name="occupations:critical",
        work_label="Critical occupations",
        work_needs="team",
    ),
    Step(
        4,
        "Inventory programs",
        "Program inventory",
        goal="Know which education, training and workforce programs already prepare people for "
        "the critical occupations, and where the gaps start.",
        business_role="Review the inventory and point out programs or partners that are missing.",
        public_role="List every relevant program with its credential, length, cost, entry "
        "requirements and results, and the links between programs such as articulation and "
        "dual enrollment.",
        outcome="An inventory of the programs that prepare students and job seekers for the "
        "critical occupations.",
        needs=[
            "Programs recorded with provider, credential, length, cost, prerequisites and placement",
            "Linkages between programs (articulation, dual enrollment, stackable credentials)",
            "Employers have vetted the inventory",
        ],
        work_url_name="inventory:programs",
        work_label="Program inventory",
    ),
    Step(
        5,
        "Understand critical competencies",
        "Competencies",
        goal="Hear from employers what it really takes to do each critical job well, from "
        "foundational skills to specific tasks.",
        business_role="Hiring managers and strong performers meet per occupation to name the "
        "competencies, and offer work-based learning.",
        public_role="Sit in on those sessions and spot where programs should change.",
        outcome="An occupational description for each critical occupation that informs both "
        "hiring and curriculum.",
        needs=[
            "O*NET tasks, knowledge, skills and abilities as a draft for each occupation",
            "Employer focus groups that confirm, cut and add competencies",
            "A task matrix per occupation",
        ],
    ),
    Step(
        6,
        "Align and build career pathway programs",
        "Align programs",
        goal="Link programs and institutions so people can build competencies, credits and "
        "credentials step by step while industry's needs get met.",
        business_role="Advise on program design and offer work-based learning.",
        public_role="Close gaps, remove duplication and dead ends, connect programs and add "
        "support services.",
        outcome="Career pathway programs aimed at the critical occupations.",
        needs=[
            "An asset map of programs against critical occupations",
            "Gaps, duplication and dead ends identified",
            "Program supply compared with employer demand",
        ],
    ),
    Step(
        7,
        "Create a picture of the pathway",
        "Pathway map",
        goal="Give students, job seekers, parents and counselors one picture of the jobs in the "
        "industry, what they pay, and where to get the skills.",
        business_role="Keep the map current as demand changes.",
        public_role="Share the map widely and use it as a common framework when advising people.",
        outcome="A one-page career pathway map, published on the web and printable.",
        needs=[
            "Critical occupations in tiers with wages, openings and credentials",
            "The programs that prepare for each occupation",
            "A published web page and a printable one-page map",
        ],
        work_url_name="pathways:map_draft",
        work_label="Pathway map",
    ),
    Step(
        8,
        "Continuous improvement",
        "Action plan",
        goal="Keep the system current as the labor market changes, through ongoing conversation "
        "with employers and among partners.",
        business_role="Give regular feedback, hire from the pathway and keep offering "
        "work-based learning.",
        public_role="Update programs as needs change and keep refining the pathway together.",
        outcome="A Career Pathways Action Plan with employers and partners committed to specific "
        "actions.",
        needs=[
            "Early wins and actions for the next 3-6 and 6-12 months",
            "An owner and a date for each action",
            "Actions ranked by impact and feasibility",
        ],
    ),
]

STEP_BY_NUMBER = {s.number: s for s in STEPS}


def get_step(number: int) -> Step | None:
    return STEP_BY_NUMBER.get(number)


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
            f"{len(employers_on_committee)} employer(s) on the committee",
        ),
        Criterion("A convener is in place", conveners > 0, f"{conveners} convener(s)"),
        Criterion(
            "The partnership has met",
            step1_meetings > 0,
            f"{step1_meetings} step-1 convening(s) recorded",
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
            else f"{len(partners)} partner(s) accepted",
        ),
        Criterion(
            "Roles and responsibilities recorded for every partner",
            bool(partners) and not no_roles,
            f"No roles yet: {', '.join(no_roles)}" if no_roles else "",
        ),
    ]


# The apps that hold later steps' work compute those checklists (imported late: they import
# this module for Criterion).
def _step3_criteria(p: Partnership) -> list[Criterion]:
    from occupations.selectors import step3_criteria

    return step3_criteria(p)


def _step4_criteria(p: Partnership) -> list[Criterion]:
    from inventory.selectors import step4_criteria

    return step4_criteria(p)


def _step7_criteria(p: Partnership) -> list[Criterion]:
    from pathways.selectors import step7_criteria

    return step7_criteria(p)


# Steps whose work the product tracks compute their checklists; the others list their needs.
CRITERIA: dict[int, Callable[[Partnership], list[Criterion]]] = {
    1: _step1_criteria,
    2: _step2_criteria,
    3: _step3_criteria,
    4: _step4_criteria,
    7: _step7_criteria,
}


def criteria_for(p: Partnership, number: int) -> list[Criterion]:
    compute = CRITERIA.get(number)
    return compute(p) if compute else []


def step_states(p: Partnership, *, with_criteria: bool = True) -> list[StepState]:
    records = {r.number: r for r in p.step_records.all()}
    states: list[StepState] = []
    current_found = False
    for step in STEPS:
        record = records.get(step.number)
        state = StepState(
            step=step,
            criteria=criteria_for(p, step.number) if with_criteria else [],
            record=record,
            blocked_by=[n for n in range(1, step.number) if n not in records],
        )
        if record is None and not current_found:
            state.is_current = True
            current_found = True
        states.append(state)
    return states


def current_step(p: Partnership) -> Step | None:
    done = {r.number for r in p.step_records.all()}
    return next((s for s in STEPS if s.number not in done), None)


def dashboard_card(p: Partnership) -> dict:
    """Where a partnership stands and what to do next, for the dashboard."""
    done = {r.number for r in p.step_records.all()}
    step = next((s for s in STEPS if s.number not in done), None)
    next_actions = []
    if step is not None:
        unmet = [c for c in criteria_for(p, step.number) if not c.met]
        next_actions = [c.label for c in unmet] or (
            ["Mark the step complete"] if step.number in CRITERIA else step.needs
        )
    return {
        "partnership": p,
        "role": p.member_role,
        "role_label": Role(p.member_role).label,
        "done": len(done),
        "current": step,
        "next_actions": next_actions[:3],
        "steps": [(s, s.number in done) for s in STEPS],
    }
