"""Step 3 (critical occupations) as the tracker sees it, registered from OccupationsConfig.ready.

Step 5 registers itself from `occupations.competencies`.
"""

from __future__ import annotations

from partnerships.models import Partnership
from partnerships.registry import Step, WorkPage, register_step


def _step3_outcome(partnership: Partnership) -> dict:
    from occupations.selectors import agreed_list

    agreed = agreed_list(partnership)
    return {"tiers": agreed.tiers, "paths": agreed.paths, "count": agreed.count}


def _step3_criteria(partnership: Partnership):
    from occupations.selectors import step3_criteria

    return step3_criteria(partnership)


def register() -> None:
    register_step(
        Step(
            number=3,
            title="Identify critical occupations",
            short="Critical occupations",
            goal="Agree with employers on the handful of occupations the whole system will be "
            "built around.",
            business_role="Look at labor-market data together and agree, through a card-sort "
            "convening, on the occupations that matter most.",
            public_role="Listen, note where programs could adapt, and recruit more partners who "
            "train for the chosen occupations.",
            outcome="An agreed list of three to ten critical occupations, stacked entry, mid and "
            "advanced, each matched to its SOC and O*NET-SOC code.",
            needs=(
                "Labor-market data for the sector and region as a starting point",
                "An employer convening where each company names its critical occupations",
                "Three to ten agreed occupations, each in a tier and crosswalked to SOC and O*NET",
            ),
            work_pages=(
                WorkPage("occupations:critical", "Critical occupations", "team"),
                WorkPage("occupations:picture", "Labor-market picture", "team"),
            ),
            checklist=_step3_criteria,
            outcome_summary=_step3_outcome,
            outcome_template="occupations/outcomes/step3.html",
        )
    )
