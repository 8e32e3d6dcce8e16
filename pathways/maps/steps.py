"""Step 7 (the pathway map) as the tracker sees it, registered from MapsConfig.ready.

Step 8 is registered here until its own app exists: its outcome so far is the quick wins
heard in step 3, kept for the action plan.
"""

from __future__ import annotations

from partnerships.models import Partnership
from partnerships.registry import Step, WorkPage, register_step


def _step7_outcome(partnership: Partnership) -> dict:
    from pathways.maps.selectors import latest_version

    return {"version": latest_version(partnership)}


def _step7_criteria(partnership: Partnership):
    from pathways.maps.selectors import step7_criteria

    return step7_criteria(partnership)


def _step8_outcome(partnership: Partnership) -> dict:
    from occupations.models import QuickWin

    return {
        "quick_wins": list(
            QuickWin.objects.filter(partnership=partnership).select_related("convening")
        )
    }


def register() -> None:
    register_step(
        Step(
            number=7,
            title="Create a picture of the pathway",
            short="Pathway map",
            goal="Give students, job seekers, parents and counselors one picture of the jobs in "
            "the industry, what they pay, and where to get the skills.",
            business_role="Keep the map current as demand changes.",
            public_role="Share the map widely and use it as a common framework when advising "
            "people.",
            outcome="A one-page career pathway map, published on the web and printable.",
            needs=(
                "Critical occupations in tiers with wages, openings and credentials",
                "The programs that prepare for each occupation",
                "A published web page and a printable one-page map",
            ),
            work_pages=(WorkPage("maps:map_draft", "Pathway map"),),
            checklist=_step7_criteria,
            outcome_summary=_step7_outcome,
            outcome_template="maps/outcomes/step7.html",
        )
    )
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
            outcome_summary=_step8_outcome,
            outcome_template="maps/outcomes/step8_quick_wins.html",
        )
    )
