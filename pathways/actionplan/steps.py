"""Step 8 as the tracker sees it, registered from ActionPlanConfig.ready."""

from __future__ import annotations

from datetime import timedelta

from django.template.defaultfilters import pluralize
from django.utils import timezone

from partnerships.models import Partnership
from partnerships.registry import Criterion, Step, WorkPage, register_step

RECENT_DAYS = 90
REVIEW_DAYS = 365


def critical_occupations_last_reviewed(partnership: Partnership):
    """When employers last looked at the critical occupations: the latest agreement on one,
    or the latest step-3 convening."""
    from django.db.models import Max

    from occupations.models import CriticalOccupation
    from partnerships.models import Convening

    agreed = CriticalOccupation.objects.filter(partnership=partnership).aggregate(
        at=Max("agreed_at")
    )["at"]
    met = Convening.objects.filter(partnership=partnership, step=3).aggregate(on=Max("held_on"))[
        "on"
    ]
    dates = [d for d in (timezone.localdate(agreed) if agreed else None, met) if d]
    return max(dates) if dates else None


def step8_criteria(partnership: Partnership) -> list[Criterion]:
    from pathways.actionplan.selectors import step8_state

    state = step8_state(partnership)
    total, unanswered, no_owner = state["needs_total"], state["unanswered"], state["missing_owner"]
    if total == 0:
        needs_detail = "no quick wins or gaps recorded yet"
    else:
        needs_detail = f"{total - unanswered} of {total} have an action"
        if no_owner:
            needs_detail += f"; {no_owner} without an owner"
    last = state["last_note_on"]
    reviews = state["map_reviews"]
    return [
        Criterion(
            "Every need found in earlier steps has an action with an owner and a horizon",
            met=total > 0 and unanswered == 0 and no_owner == 0,
            detail=needs_detail,
        ),
        Criterion(
            f"Progress recorded in the last {RECENT_DAYS} days",
            met=state["recent_progress"],
            detail=f"last note {last:%b %-d, %Y}" if last else "no progress notes yet",
        ),
        _yearly_review(partnership),
        Criterion(
            "The published map shows the newest labor-market data",
            met=not reviews,
            detail=f"{reviews[0].release} changes {len(reviews[0].changes)} "
            f"figure{pluralize(len(reviews[0].changes))}"
            if reviews
            else "",
        ),
    ]


def _yearly_review(partnership: Partnership) -> Criterion:
    last = critical_occupations_last_reviewed(partnership)
    if last is None:
        return Criterion(
            "Critical occupations reviewed with employers in the last year",
            met=False,
            detail="not reviewed yet",
        )
    due = last + timedelta(days=REVIEW_DAYS)
    return Criterion(
        "Critical occupations reviewed with employers in the last year",
        met=due >= timezone.localdate(),
        detail=f"last reviewed {last:%b %-d, %Y}; next review due {due:%b %-d, %Y}",
    )


def step8_outcome(partnership: Partnership) -> dict:
    from pathways.actionplan.selectors import step8_state

    return step8_state(partnership)


def register() -> None:
    register_step(
        Step(
            number=8,
            title="Continuous improvement: the action plan",
            short="Action plan",
            goal="Keep the system current as the labor market changes, through ongoing "
            "conversation with employers and among partners.",
            business_role="Give regular feedback, hire from the pathway and keep offering "
            "work-based learning.",
            public_role="Update programs as needs change and keep refining the pathway together.",
            outcome="A Career Pathways Action Plan with employers and partners committed to "
            "specific actions.",
            needs=(
                "Early wins and actions for the next 3-6 and 6-12 months",
                "An owner and a date for each action",
                "Actions ranked by impact and feasibility",
            ),
            work_pages=(
                WorkPage("actionplan:plan", "Action plan", needs="team"),
                WorkPage("actionplan:pdfs", "PDFs for a meeting and the board", needs="team"),
            ),
            checklist=step8_criteria,
            outcome_summary=step8_outcome,
            outcome_template="actionplan/outcomes/step8.html",
        )
    )
