"""Named reads of the action plan: the list, progress at a glance, ratings, the two-by-two."""

from __future__ import annotations

from collections import Counter, defaultdict
from dataclasses import dataclass, field
from datetime import date, timedelta
from statistics import mean

from django.db.models import Max, Prefetch
from django.utils import timezone

from partnerships.models import Membership, Organization, Partnership, Role
from pathways.actionplan.models import (
    CONDITION_HELP,
    LEVEL_HELP,
    MEASURE_LABELS,
    MEASURE_SHORT,
    MEASURES,
    NOTE_FRESH_DAYS,
    OPEN_STATUSES,
    PERCENT_MEASURES,
    Action,
    ActionRating,
    Condition,
    Health,
    HireFeedback,
    Horizon,
    Level,
    MaturityRating,
    MaturityRound,
    Preparedness,
    ProgramOutcome,
    ProgressNote,
    RaterGroup,
    ReminderSetting,
    Status,
)

# A combined score at or above this is "high" impact / "feasible" on the two-by-two.
HIGH = 3.5


@dataclass
class Scores:
    impact: float | None = None
    feasibility: float | None = None
    count: int = 0


@dataclass
class RatingSummary:
    employer: Scores = field(default_factory=Scores)
    public: Scores = field(default_factory=Scores)
    combined: Scores = field(default_factory=Scores)

    @property
    def quadrant(self) -> str:
        c = self.combined
        if not c.count:
            return "unrated"
        high = c.impact >= HIGH
        feasible = c.feasibility >= HIGH
        if high and feasible:
            return "do_first"
        if high:
            return "leaders"
        if feasible:
            return "quick"
        return "reconsider"


QUADRANTS = [
    ("do_first", "High impact, feasible: do these first"),
    ("leaders", "High impact, hard: needs leaders' support"),
    ("quick", "Lower impact, feasible: fit in where cheap"),
    ("reconsider", "Lower impact, hard: reconsider"),
    ("unrated", "Not rated yet"),
]


def _scores(ratings: list[ActionRating]) -> Scores:
    if not ratings:
        return Scores()
    return Scores(
        impact=round(mean(r.impact for r in ratings), 1),
        feasibility=round(mean(r.feasibility for r in ratings), 1),
        count=len(ratings),
    )


def summarize(ratings: list[ActionRating]) -> RatingSummary:
    """Each group's average, and the combined one weighing both groups equally so a room
    full of one kind of partner doesn't drown out the other."""
    employer = _scores([r for r in ratings if r.group == RaterGroup.EMPLOYER])
    public = _scores([r for r in ratings if r.group == RaterGroup.PUBLIC])
    groups = [s for s in (employer, public) if s.count]
    combined = (
        Scores(
            impact=round(mean(s.impact for s in groups), 1),
            feasibility=round(mean(s.feasibility for s in groups), 1),
            count=employer.count + public.count,
        )
        if groups
        else Scores()
    )
    return RatingSummary(employer=employer, public=public, combined=combined)


def plan_actions(partnership: Partnership, *, today: date | None = None,
                 **filters) -> list[Action]:  # fmt: skip
    """The plan's actions, each with `.health_now` and `.ratings_summary`, in three queries
    whatever the plan's size."""
    today = today or timezone.localdate()
    queryset = Action.objects.for_plan(partnership).prefetch_related(
        Prefetch("ratings", queryset=ActionRating.objects.order_by("id"))
    )
    for name in ("horizon", "status", "owner_organization_id", "owner_id"):
        if filters.get(name):
            queryset = queryset.filter(**{name: filters[name]})
    actions = list(queryset)
    for action in actions:
        action.health_now = action.health(today=today)
        action.ratings_summary = summarize(list(action.ratings.all()))
    # Open actions first, soonest due first; done and dropped ones after.
    actions.sort(key=lambda a: (not a.is_open, a.due_date is None, a.due_date or today))
    health = filters.get("health")
    if health:
        actions = [a for a in actions if a.health_now == health]
    return actions


def action_detail(partnership: Partnership, pk: int) -> Action | None:
    action = (
        Action.objects.filter(partnership=partnership, pk=pk)
        .select_related(
            "owner_organization",
            "owner",
            "created_by",
            "partnership",
            "aims_program",
            "aims_pathway",
        )
        .annotate(last_note_on=Max("notes__written_on"))
        .prefetch_related(
            Prefetch("notes", queryset=ProgressNote.objects.select_related("author")),
            Prefetch("ratings", queryset=ActionRating.objects.select_related("rater")),
        )
        .first()
    )
    if action is not None:
        action.health_now = action.health()
        action.ratings_summary = summarize(list(action.ratings.all()))
    return action


def at_a_glance(actions: list[Action]) -> dict:
    """Counts by status, horizon, owner and health, from the list already loaded."""
    by_owner: dict[str, Counter] = defaultdict(Counter)
    for action in actions:
        name = (
            action.owner_organization.name
            if action.owner_organization_id
            else "No owner organization"
        )
        by_owner[name][action.health_now] += 1
        by_owner[name]["total"] += 1
    return {
        "status": [(s.value, s.label, sum(a.status == s for a in actions)) for s in Status],
        "horizon": [
            (
                h.value,
                h.label,
                sum(a.horizon == h for a in actions),
                sum(a.horizon == h and a.status == Status.DONE for a in actions),
            )
            for h in Horizon
        ],
        "health": [
            (h.value, h.label, sum(a.health_now == h for a in actions))
            for h in (Health.ON_TRACK, Health.AT_RISK, Health.OVERDUE)
        ],
        "owners": sorted(by_owner.items()),
        "total": len(actions),
    }


def quadrants(actions: list[Action]) -> list[tuple[str, str, list[Action]]]:
    open_actions = [a for a in actions if a.status != Status.DROPPED]
    return [
        (key, label, [a for a in open_actions if a.ratings_summary.quadrant == key])
        for key, label in QUADRANTS
    ]


def owner_choices(partnership: Partnership):
    """Team members who can own an action (counselors don't see the plan)."""
    return (
        Membership.objects.filter(partnership=partnership)
        .exclude(role=Role.COUNSELOR)
        .select_related("user")
        .order_by("user__first_name", "user__last_name", "user__username")
    )


def organization_choices(partnership: Partnership):
    return Organization.objects.filter(partnership=partnership).order_by("name")


def reminder_setting(partnership: Partnership, user) -> bool:
    setting = ReminderSetting.objects.filter(partnership=partnership, user=user).first()
    return setting.weekly_email if setting else True


def reminders_due(*, today: date) -> dict[tuple, list[Action]]:
    """(partnership, owner) -> their open actions that are overdue or at risk, leaving out
    owners who turned the email off and owners no longer on the team."""
    candidates = (
        Action.objects.filter(status__in=OPEN_STATUSES, owner__isnull=False)
        .select_related("partnership", "owner", "owner_organization")
        .annotate(last_note_on=Max("notes__written_on"))
        .order_by("partnership_id", "owner_id", "due_date", "id")
    )
    off = set(
        ReminderSetting.objects.filter(weekly_email=False).values_list("partnership_id", "user_id")
    )
    team = set(
        Membership.objects.exclude(role=Role.COUNSELOR).values_list("partnership_id", "user_id")
    )
    due: dict[tuple, list[Action]] = {}
    for action in candidates:
        pair = (action.partnership_id, action.owner_id)
        if pair in off or pair not in team:
            continue
        action.health_now = action.health(today=today)
        if action.health_now in (Health.OVERDUE, Health.AT_RISK):
            due.setdefault((action.partnership, action.owner), []).append(action)
    return due


def step8_state(partnership: Partnership, *, today: date | None = None) -> dict:
    """What the step page and the checklist say about the plan."""
    from pathways.actionplan import release_watch, sources

    today = today or timezone.localdate()
    actions = plan_actions(partnership, today=today)
    unanswered = sources.unanswered(partnership)
    answered_ok = [a for a in actions if a.source_key and a.status != Status.DROPPED]
    missing_owner = [a for a in answered_ok if not (a.owner_id or a.owner_organization_id)]
    recent = today - timedelta(days=90)
    last_note = max((a.last_note_on for a in actions if a.last_note_on), default=None)
    glance = at_a_glance(actions)
    return {
        "actions": len(actions),
        "open": sum(a.is_open for a in actions),
        "done": sum(a.status == Status.DONE for a in actions),
        "overdue": sum(a.health_now == Health.OVERDUE for a in actions),
        "at_risk": sum(a.health_now == Health.AT_RISK for a in actions),
        "unanswered": len(unanswered),
        "needs_total": len(unanswered) + len({(a.source_kind, a.source_key) for a in answered_ok}),
        "missing_owner": len(missing_owner),
        "last_note_on": last_note,
        "recent_progress": last_note is not None and last_note >= recent,
        "glance": glance,
        "fresh_days": NOTE_FRESH_DAYS,
        "map_reviews": release_watch.open_reviews(partnership),
    }


# --- outcomes ------------------------------------------------------------------------------


def outcomes_overview(partnership: Partnership) -> dict:
    """Every program and pathway program with outcomes, its years in order, the chart data
    per figure (a gap where a figure is missing or suppressed) and the actions aiming at
    each figure."""
    outcomes = list(ProgramOutcome.objects.for_partnership(partnership))
    programs: dict[tuple[str, int], dict] = {}
    for outcome in outcomes:
        key = ("program", outcome.program_id) if outcome.program_id else (
            "pathway", outcome.pathway_id)  # fmt: skip
        entry = programs.setdefault(
            key,
            {
                "program": outcome.program,
                "pathway": outcome.pathway,
                "label": outcome.subject_label,
                "years": [],
            },
        )
        entry["years"].append(outcome)
    years = sorted({o.year for o in outcomes})
    aims: dict[tuple[str, int | None, str], list[Action]] = defaultdict(list)
    for action in (
        Action.objects.filter(partnership=partnership)
        .exclude(aims_measure="")
        .select_related("aims_program", "aims_pathway", "partnership")
        .order_by("due_date", "id")
    ):
        whose = ("pathway", action.aims_pathway_id) if action.aims_pathway_id else (
            "program", action.aims_program_id)  # fmt: skip
        aims[(*whose, action.aims_measure)].append(action)
    charts = []
    for measure in MEASURES:
        datasets = []
        for entry in programs.values():
            by_year = {o.year: o for o in entry["years"]}
            data = []
            for year in years:
                outcome = by_year.get(year)
                value = outcome.figure(measure) if outcome else None
                data.append(float(value) if value is not None else None)
            if any(v is not None for v in data):
                datasets.append({"label": entry["label"], "data": data})
        aiming = [a for (_, _, m), acts in aims.items() if m == measure for a in acts]
        sources = sorted({o.source for o in outcomes if o.figure(measure) is not None})
        charts.append(
            {
                "measure": measure,
                "label": MEASURE_LABELS[measure],
                "percent": measure in PERCENT_MEASURES,
                "labels": [str(y) for y in years],
                "datasets": datasets,
                "actions": aiming,
                "sources": sources,
            }
        )
    return {
        "programs": list(programs.values()),
        "years": years,
        "charts": charts,
        "aims": aims,
        "measures": [(m, MEASURE_SHORT[m]) for m in MEASURES],
    }


def outcome_for(partnership: Partnership, pk: int) -> ProgramOutcome | None:
    return (
        ProgramOutcome.objects.filter(partnership=partnership, pk=pk)
        .select_related("program__provider", "pathway")
        .first()
    )


def partnership_programs(partnership: Partnership):
    from inventory.models import Program

    return (
        Program.objects.filter(partnership=partnership)
        .select_related("provider")
        .order_by("name", "id")
    )


def partnership_pathways(partnership: Partnership):
    from inventory.alignment.models import PathwayProgram

    return PathwayProgram.objects.filter(partnership=partnership).order_by("name", "id")


# --- maturity ------------------------------------------------------------------------------

# Members this far apart (e.g. 'Not yet' and 'Working') are flagged as disagreeing.
DISAGREEMENT_SPREAD = 2


def maturity_overview(partnership: Partnership, user) -> dict:
    rounds = list(MaturityRound.objects.filter(partnership=partnership))
    ratings = list(
        MaturityRating.objects.filter(round__partnership=partnership).select_related("rater")
    )
    by: dict[tuple[int, str], list[MaturityRating]] = defaultdict(list)
    for rating in ratings:
        by[(rating.round_id, rating.condition)].append(rating)
    rows = []
    for condition in Condition:
        cells = []
        for round_ in rounds:
            found = by.get((round_.pk, condition.value), [])
            levels = [r.level for r in found]
            cells.append(
                {
                    "round": round_,
                    "count": len(levels),
                    "average": round(mean(levels), 1) if levels else None,
                    "spread": (max(levels) - min(levels)) if levels else 0,
                    "by_level": [(lv.label, levels.count(lv.value)) for lv in Level],
                    "disagree": bool(levels) and max(levels) - min(levels) >= DISAGREEMENT_SPREAD,
                    "comments": [r for r in found if r.comment],
                    "spread_words": ", ".join(
                        f"{levels.count(lv.value)} said {lv.label.lower()}"
                        for lv in Level
                        if levels.count(lv.value)
                    ),
                }
            )
        latest = cells[-1] if cells else None
        previous = cells[-2] if len(cells) > 1 else None
        change = (
            round(latest["average"] - previous["average"], 1)
            if latest and previous and latest["average"] is not None
            and previous["average"] is not None
            else None
        )  # fmt: skip
        rows.append(
            {
                "condition": condition,
                "help": CONDITION_HELP[condition],
                "cells": cells,
                "latest": latest,
                "change": change,
            }
        )
    latest_round = rounds[-1] if rounds else None
    mine = {}
    if latest_round is not None:
        mine = {
            r.condition: r
            for r in ratings
            if r.round_id == latest_round.pk and user is not None and r.rater_id == user.pk
        }
    return {
        "rounds": rounds,
        "rows": rows,
        "latest_round": latest_round,
        "mine": mine,
        "levels": [(lv.value, lv.label, LEVEL_HELP[lv]) for lv in Level],
        "chart": {
            "labels": [r.name for r in rounds],
            "datasets": [
                {"label": row["condition"].label, "data": [c["average"] for c in row["cells"]]}
                for row in rows
            ],
        },
    }


# --- the annual report ---------------------------------------------------------------------


def annual_report(partnership: Partnership, user, *, year: int) -> dict:
    """Everything the board report shows, as of today, with the year's map versions."""
    from partnerships.steps import step_states
    from pathways.maps.models import MapVersion

    actions = plan_actions(partnership)
    outcomes = outcomes_overview(partnership)
    maturity = maturity_overview(partnership, user)
    return {
        "year": year,
        "steps": step_states(partnership),
        "glance": at_a_glance(actions),
        "done": [a for a in actions if a.status == Status.DONE],
        "open": [a for a in actions if a.is_open],
        "outcomes": outcomes,
        "maturity": maturity,
        "versions": list(
            MapVersion.objects.filter(
                pathway_map__partnership=partnership, published_at__year=year
            ).order_by("number")
        ),
    }


# --- employers' feedback on new hires ------------------------------------------------------


def hire_feedback_by_program(partnership: Partnership) -> list[dict]:
    """Per program: how prepared employers found their hires, and the skills they missed."""
    rows = list(
        HireFeedback.objects.filter(partnership=partnership)
        .select_related("program__provider", "employer", "recorded_by")
        .order_by("program__name", "-given_on", "-id")
    )
    programs: dict[int, dict] = {}
    for row in rows:
        entry = programs.setdefault(
            row.program_id, {"program": row.program, "feedback": [], "counts": Counter()}
        )
        entry["feedback"].append(row)
        entry["counts"][row.prepared] += 1
    for entry in programs.values():
        entry["summary"] = [
            (p.label, entry["counts"][p.value]) for p in Preparedness if entry["counts"][p.value]
        ]
        entry["hires"] = sum(f.hires or 0 for f in entry["feedback"])
    return list(programs.values())


# --- PDFs for a meeting and for the board --------------------------------------------------


def documents_overview(partnership: Partnership) -> list[dict]:
    """Per kind of PDF: its newest render (whatever its state) and the newest good PDF, the
    one people download. Two queries a kind, whatever the history."""
    from pathways.actionplan.models import PlanDocument

    panels = []
    for kind, label in PlanDocument.Kind.choices:
        mine = PlanDocument.objects.filter(partnership=partnership, kind=kind).order_by("-pk")
        panels.append(
            {
                "kind": kind,
                "label": label,
                "job": mine.first(),
                "served": mine.filter(status=PlanDocument.Status.SUCCEEDED).exclude(pdf="").first(),
            }
        )
    return panels


def document_panel(partnership: Partnership, kind: str) -> dict:
    return next(p for p in documents_overview(partnership) if p["kind"] == kind)
