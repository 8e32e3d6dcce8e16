"""Step 7 (the pathway map) as the tracker sees it, registered from MapsConfig.ready."""

from __future__ import annotations

from partnerships.models import Partnership
from partnerships.registry import Step, WorkPage, register_step


def _step7_outcome(partnership: Partnership) -> dict:
    from pathways.maps.selectors import latest_version

    return {"version": latest_version(partnership)}


def _step7_criteria(partnership: Partnership):
    from pathways.maps.selectors import step7_criteria

    return step7_criteria(partnership)


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
