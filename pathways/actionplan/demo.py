"""The demo partnership's action plan: about a dozen actions across horizons and statuses,
some answering step 3's quick wins (and steps 5 and 6's gaps when those apps are installed),
with progress notes and ratings. Dates are relative to today so the plan always shows some
actions on track, some at risk and one overdue. Safe to run again."""

from __future__ import annotations

from datetime import timedelta
from decimal import Decimal
from typing import TextIO

from django.contrib.auth import get_user_model
from django.db import transaction
from django.template.defaultfilters import pluralize
from django.utils import timezone

from partnerships.models import Organization, Partnership
from pathways.actionplan import services, sources
from pathways.actionplan.models import Action, Horizon, SourceKind, Status

# Quick wins answered, by the start of their text: (owner org, owner username, horizon,
# status, start offset, due offset, outcome, notes as (days ago, text)).
FROM_QUICK_WINS = [
    ("Share a common job description", "Summit Precision Machining", "champion", Horizon.EARLY,
     Status.DONE, -120, -60, "One CNC operator description used by every member",
     [(70, "Five of six employers signed off on the shared description."),
      (58, "Workforce board and both colleges now post it as is.")]),
    ("Job matching", "Front Range Regional Workforce Board", "convener", Horizon.EARLY,
     Status.IN_PROGRESS, -45, 20, "Welding graduates hired within 60 days of completing",
     [(40, "First 8 screened graduates referred to 3 shops."), (6, "4 hired so far.")]),
    ("Plant tours for counselors", "Front Range Aerospace Components", "champion",
     Horizon.EARLY, Status.PLANNED, -10, 12, "Counselors who have seen a plant floor",
     []),
    ("Incumbent-worker training funds", "Front Range Regional Workforce Board", "convener",
     Horizon.SHORT, Status.BLOCKED, -60, 45, "Maintenance staff with PLC basics",
     [(50, "Waiting on the state's incumbent-worker fund round to open.")]),
]  # fmt: skip

# (title, description, owner org, owner, horizon, status, start, due, outcome, notes)
OTHER_ACTIONS = [
    ("Add GD&T print reading to the machining certificate",
     "Employers rated blueprint and GD&T reading essential for machinists; the certificate "
     "covers basic prints only.", "Red Rocks Valley Community College", "partner",
     Horizon.SHORT, Status.IN_PROGRESS, -50, 60,
     "Machining completers who pass the GD&T module",
     [(35, "Curriculum committee approved the module outline."),
      (9, "Two employers lending drawings for exercises.")]),
    ("Evening welding cohort at Mesa Ridge",
     "Only 10 welding completers a year against far more openings: a second, evening cohort.",
     "Mesa Ridge Technical College", "partner", Horizon.LONG, Status.PLANNED, 30, 300,
     "Welding completers per year from 10 to 25", []),
    ("Dual enrollment: foundations of manufacturing",
     "A course for juniors and seniors that counts toward the college certificate.",
     "Foothills School District 12", "partner", Horizon.LONG, Status.IN_PROGRESS, -90, 240,
     "High-school students earning college credit in manufacturing",
     [(80, "District and college agreed on the syllabus."),
      (20, "Articulation agreement out for signature.")]),
    ("Math refresher before the welding certificate",
     "Math was the main reason students left the welding program.",
     "Colorado Adult Learning Center", "partner", Horizon.SHORT, Status.IN_PROGRESS, -100, -5,
     "Welding program completion rate", [(75, "Pilot refresher with 12 students.")]),
    ("Shared instructor for CNC programming",
     "Employers pay half of an instructor's position; a state grant pays the rest.",
     "Summit Precision Machining", "champion", Horizon.LONG, Status.PLANNED, 0, 330,
     "CNC programming seats per year", []),
    ("Stackable mechatronics credentials",
     "Make the first mechatronics certificate count toward the associate degree.",
     "Red Rocks Valley Community College", "partner", Horizon.LONG, Status.PLANNED, 15, 200,
     "Completers going on to the next credential", []),
    ("Human services referrals to pre-apprenticeship",
     "Caseworkers refer clients who want manufacturing work to the pre-apprenticeship.",
     "Denver Metro Human Services", "convener", Horizon.SHORT, Status.DONE, -150, -30,
     "Referrals per quarter", [(40, "Referral form and contact list in use.")]),
    ("Employer-paid tuition for night classes",
     "Dropped after employers preferred the shared instructor.", "Peak Controls & Automation",
     "champion", Horizon.SHORT, Status.DROPPED, -140, -20, "", []),
]  # fmt: skip

# (owner username -> (impact, feasibility)) for some actions, by title start.
RATINGS = {
    "Share a common job description": {"champion": (3, 5), "partner": (3, 5)},
    "Job matching": {"champion": (4, 5), "partner": (4, 4), "convener": (4, 5)},
    "Add GD&T print reading": {"champion": (5, 4), "partner": (4, 4)},
    "Evening welding cohort": {"champion": (5, 2), "partner": (5, 2), "convener": (4, 2)},
    "Shared instructor for CNC": {"champion": (5, 2), "partner": (4, 1)},
    "Plant tours for counselors": {"champion": (2, 5), "partner": (3, 5)},
    "Dual enrollment": {"champion": (4, 3), "partner": (5, 4)},
}


# Two program years for two programs, as a state ETPL performance report gives them. The
# 2025 welding credential count is suppressed (too few people), as agencies do.
OUTCOMES = [
    ("Welding Technology Certificate", 2024, dict(participants=22, completers=10, credentials=9,
     employed_q2=Decimal("78.0"), employed_q4=Decimal("74.0"), median_earnings=9850)),
    ("Welding Technology Certificate", 2025, dict(participants=31, completers=14,
     credentials=None, employed_q2=Decimal("82.5"), employed_q4=None, median_earnings=10420),
     ["credentials"]),
    ("Machining Technology Certificate", 2024, dict(participants=40, completers=27,
     credentials=25, employed_q2=Decimal("85.0"), employed_q4=Decimal("83.0"),
     median_earnings=11200)),
    ("Machining Technology Certificate", 2025, dict(participants=44, completers=31,
     credentials=30, employed_q2=Decimal("88.0"), employed_q4=Decimal("84.5"),
     median_earnings=11900)),
]  # fmt: skip
OUTCOME_SOURCE = "Colorado ETPL program performance report (demo figures)"
# Two years of one step-6 pathway program (made by step 6's demo), counted across its
# partners the way a pathway's own records would.
PATHWAY_OUTCOMES = [
    ("Precision Machining Pathway", 2024, dict(participants=26, completers=11, credentials=11,
     employed_q2=Decimal("80.0"), employed_q4=None, median_earnings=10900)),
    ("Precision Machining Pathway", 2025, dict(participants=34, completers=None, credentials=15,
     employed_q2=Decimal("84.0"), employed_q4=Decimal("81.5"), median_earnings=11650),
     ["completers"]),
]  # fmt: skip
PATHWAY_OUTCOME_SOURCE = "Pathway partners' shared enrollment records (demo figures)"
# Actions aiming at a figure: title start -> (program or pathway program name, measure)
AIMS = {
    "Dual enrollment": ("Precision Machining Pathway", "participants"),
    "Evening welding cohort": ("Welding Technology Certificate", "completers"),
    "Math refresher": ("Welding Technology Certificate", "completers"),
    "Add GD&T print reading": ("Machining Technology Certificate", "credentials"),
    "Job matching": ("Welding Technology Certificate", "employed_q2"),
}


def _load_outcomes(partnership: Partnership, actor) -> tuple[dict, dict]:
    from inventory.alignment.models import PathwayProgram
    from inventory.models import Program

    programs = {
        p.name: p
        for p in Program.objects.filter(
            partnership=partnership, name__in={name for name, *_ in OUTCOMES}
        )
    }
    for name, year, figures, *suppressed in OUTCOMES:
        if name in programs:
            services.outcome_save(
                partnership=partnership, actor=actor, program=programs[name], year=year,
                source=OUTCOME_SOURCE, suppressed=suppressed[0] if suppressed else [], **figures,
            )  # fmt: skip
    pathways = {
        p.name: p
        for p in PathwayProgram.objects.filter(
            partnership=partnership, name__in={name for name, *_ in PATHWAY_OUTCOMES}
        )
    }
    for name, year, figures, *suppressed in PATHWAY_OUTCOMES:
        if name in pathways:
            services.outcome_save(
                partnership=partnership, actor=actor, pathway=pathways[name], year=year,
                source=PATHWAY_OUTCOME_SOURCE, suppressed=suppressed[0] if suppressed else [],
                **figures,
            )  # fmt: skip
    return programs, pathways


# Two rounds of maturity ratings: (round, username) -> levels in Condition order.
MATURITY = {
    ("Spring 2026", "convener"): [2, 2, 1, 1, 2, 1],
    ("Spring 2026", "champion"): [2, 3, 1, 1, 1, 1],
    ("Spring 2026", "partner"): [3, 2, 2, 1, 2, 2],
    ("Fall 2026", "convener"): [3, 3, 2, 2, 2, 2],
    ("Fall 2026", "champion"): [3, 3, 2, 1, 2, 2],
    ("Fall 2026", "partner"): [3, 4, 2, 3, 2, 2],
}
MATURITY_COMMENTS = {
    ("Fall 2026", "champion", "funding"): "Employers still carry the instructor costs alone.",
    ("Fall 2026", "partner", "funding"): "The state grant and the employers' share are lined up.",
}


FEEDBACK = [
    ("Welding Technology Certificate", "Rocky Mountain Fabrication", 60, 2, "mostly",
     "Fit-up and reading weld symbols on prints", "Good attitudes; needed two weeks with a lead."),
    ("Welding Technology Certificate", "Summit Precision Machining", 30, 1, "not",
     "Shop math; measuring with calipers", ""),
    ("Machining Technology Certificate", "Front Range Aerospace Components", 45, 3, "well",
     "", "Ready for the CNC cell on day one."),
]  # fmt: skip


def _load_feedback(partnership: Partnership, programs: dict, actor) -> None:
    from pathways.actionplan.models import HireFeedback

    if HireFeedback.objects.filter(partnership=partnership).exists():
        return
    today = timezone.localdate()
    for program, employer, days_ago, hires, prepared, lacking, comment in FEEDBACK:
        org = _org(partnership, employer)
        if program in programs and org is not None:
            services.hire_feedback_add(
                partnership=partnership, actor=actor, program=programs[program], employer=org,
                given_on=today - timedelta(days=days_ago), hires=hires, prepared=prepared,
                skills_lacking=lacking, comment=comment,
            )  # fmt: skip


def _load_maturity(partnership: Partnership, users: dict) -> None:
    from pathways.actionplan.models import Condition, MaturityRound

    if MaturityRound.objects.filter(partnership=partnership).exists():
        return
    today = timezone.localdate()
    for offset, name in ((180, "Spring 2026"), (0, "Fall 2026")):
        round_ = services.maturity_round_open(
            partnership=partnership, actor=users.get("convener"), name=name
        )
        MaturityRound.objects.filter(pk=round_.pk).update(opened_on=today - timedelta(offset))
        for username, user in users.items():
            levels = MATURITY.get((name, username))
            if levels:
                services.maturity_rate(
                    round_=round_, actor=user,
                    levels=dict(zip(Condition.values, levels, strict=True)),
                    comments={c: MATURITY_COMMENTS.get((name, username, c), "")
                              for c in Condition.values},
                )  # fmt: skip


def _org(partnership: Partnership, name: str) -> Organization | None:
    return Organization.objects.filter(partnership=partnership, name=name).first()


@transaction.atomic
def watch_newest_release(partnership: Partnership, stdout: TextIO | None = None) -> None:
    """`load_demo` imports Colorado's May 2025 wages after the map is published; the import
    queues the release watch. Run it here too, so the review is there when the demo is loaded
    even where the task went to a worker that is not running yet (a second run records
    nothing twice)."""
    from occupations.models import DataRelease
    from pathways.actionplan import release_watch
    from pathways.actionplan.models import MapReview

    newest = (
        DataRelease.objects.filter(source__in=release_watch.WATCHED_SOURCES)
        .order_by("-imported_at", "-pk")
        .first()
    )
    if newest is not None:
        release_watch.maps_compare(release_id=newest.pk)
    review = release_watch.open_reviews(partnership)
    if stdout is not None and review:
        changes = len(review[0].changes)
        stdout.write(
            f"Map review: {review[0].release} changes {changes} figure{pluralize(changes)} "
            "on the published map"
        )
    elif stdout is not None and not MapReview.objects.filter(partnership=partnership).exists():
        stdout.write("Map review: the published map shows the newest data")


def load(partnership: Partnership, stdout: TextIO | None = None) -> None:
    watch_newest_release(partnership, stdout)
    if Action.objects.filter(partnership=partnership).exists():
        if stdout is not None:
            stdout.write("Action plan: already loaded")
        return
    users = {u.username: u for u in get_user_model().objects.filter(
        username__in=["convener", "champion", "partner"])}  # fmt: skip
    actor = users.get("convener")
    today = timezone.localdate()
    created: list[Action] = []

    def fill(action, owner_org, owner, horizon, status, start, due, outcome, notes, reason=""):
        for days_ago, text in notes:
            services.note_add(
                action=action, actor=users.get(owner), text=text,
                written_on=today - timedelta(days=days_ago),
            )  # fmt: skip
        action.refresh_from_db()
        services.action_update(
            action=action, actor=actor, expected_version=action.version,
            owner_organization=_org(partnership, owner_org), owner=users.get(owner),
            horizon=horizon, status=status, start_date=today + timedelta(days=start),
            due_date=today + timedelta(days=due), target_outcome=outcome,
            dropped_reason=reason,
        )  # fmt: skip
        created.append(action)

    wins = {n.title: n for n in sources.needs(partnership) if n.kind == SourceKind.QUICK_WIN}
    for start_of_text, org, owner, horizon, status, start, due, outcome, notes in FROM_QUICK_WINS:
        need = next((n for t, n in wins.items() if t.startswith(start_of_text)), None)
        if need is None:
            continue
        action = services.action_create_for_need(
            partnership=partnership, actor=actor, kind=need.kind, key=need.key
        )
        fill(action, org, owner, horizon, status, start, due, outcome, notes)
    # Steps 5 and 6 (when installed): answer their first need each.
    for kind in (SourceKind.SKILLS_GAP, SourceKind.GAP_FINDING):
        need = next((n for n in sources.unanswered(partnership) if n.kind == kind), None)
        if need is not None:
            action = services.action_create_for_need(
                partnership=partnership, actor=actor, kind=kind, key=need.key
            )
            fill(action, "Front Range Regional Workforce Board", "convener", Horizon.SHORT,
                 Status.PLANNED, 0, 120, "", [])  # fmt: skip
    for (
        title,
        description,
        org,
        owner,
        horizon,
        status,
        start,
        due,
        outcome,
        notes,
    ) in OTHER_ACTIONS:
        action = services.action_create(
            partnership=partnership, actor=actor, title=title, description=description
        )
        reason = (
            "Employers preferred to fund a shared instructor." if status == Status.DROPPED else ""
        )
        fill(action, org, owner, horizon, status, start, due, outcome, notes, reason)
    for action in created:
        for prefix, ratings in RATINGS.items():
            if action.title.startswith(prefix) or action.source_title.startswith(prefix):
                for username, (impact, feasibility) in ratings.items():
                    if username in users:
                        services.rating_set(
                            action=action, actor=users[username], impact=impact,
                            feasibility=feasibility,
                        )  # fmt: skip
    programs, pathways = _load_outcomes(partnership, actor)
    for action in created:
        for prefix, (name, measure) in AIMS.items():
            if action.title.startswith(prefix) and (name in programs or name in pathways):
                action.refresh_from_db()
                services.action_update(
                    action=action, actor=actor, expected_version=action.version,
                    aims_program=programs.get(name), aims_pathway=pathways.get(name),
                    aims_measure=measure,
                )  # fmt: skip
    _load_maturity(partnership, users)
    _load_feedback(partnership, programs, actor)
    if stdout is not None:
        stdout.write(
            f"Action plan: {len(created)} actions; outcomes for {len(programs)} "
            f"program{pluralize(len(programs))} and {len(pathways)} pathway "
            f"program{pluralize(len(pathways))}; maturity rated twice"
        )
