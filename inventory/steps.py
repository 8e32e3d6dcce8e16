"""Step 4 (the program inventory) as the tracker sees it, registered from InventoryConfig.ready.
Step 6 registers itself from inventory.alignment."""

from __future__ import annotations

from partnerships.models import Partnership
from partnerships.registry import Step, WorkPage, register_step


def _step4_outcome(partnership: Partnership) -> dict:
    from inventory.selectors import coverage_for, programs_by_provider_kind

    return {
        "by_kind": programs_by_provider_kind(partnership),
        "coverage": coverage_for(partnership),
    }


def _step4_criteria(partnership: Partnership):
    from inventory.selectors import step4_criteria

    return step4_criteria(partnership)


def register() -> None:
    register_step(
        Step(
            number=4,
            title="Inventory programs",
            short="Program inventory",
            goal="Know which education, training and workforce programs already prepare people "
            "for the critical occupations, and where the gaps start.",
            business_role="Review the inventory and point out programs or partners that are "
            "missing.",
            public_role="List every relevant program with its credential, length, cost, entry "
            "requirements and results, and the links between programs such as articulation and "
            "dual enrollment.",
            outcome="An inventory of the programs that prepare students and job seekers for the "
            "critical occupations.",
            needs=(
                "Programs recorded with provider, credential, length, cost, prerequisites and "
                "placement",
                "Linkages between programs (articulation, dual enrollment, stackable credentials)",
                "Employers have vetted the inventory",
            ),
            work_pages=(
                WorkPage("inventory:programs", "Program inventory"),
                WorkPage("inventory:coverage", "Coverage of the critical occupations"),
                WorkPage("inventory:linkages", "Linkages"),
            ),
            checklist=_step4_criteria,
            outcome_summary=_step4_outcome,
            outcome_template="inventory/outcomes/step4.html",
        )
    )
