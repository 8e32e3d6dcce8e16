"""Step 6 on the tracker: its texts, work pages, computed checklist and outcome summary."""

from __future__ import annotations

from collections import Counter

from django.template.defaultfilters import pluralize

from inventory.alignment import selectors
from inventory.alignment.questions import QUESTIONS
from partnerships.models import Partnership
from partnerships.registry import Criterion, Step, WorkPage, register_step

TITLE = "Align and build career pathway programs"


def checklist(partnership: Partnership) -> list:
    reviews = selectors.reviews_for(partnership)
    answers = selectors.gap_answers(partnership)
    answered = [q for q in QUESTIONS if q.key in answers and answers[q.key].answered]
    inv = selectors.load_inventory(partnership)
    tiers_needed = {c.tier for c in inv.critical}
    pathways = selectors.pathway_programs_for(partnership)
    tier_of = {c.soc_code: c.tier for c in inv.critical}
    tiers_served = {
        tier_of[s.exit_soc_code]
        for p in pathways
        for s in p.steps.all()
        if s.exit_soc_code in tier_of
    }
    missing_tiers = [
        label for tier, label in selectors.TIERS if tier in tiers_needed - tiers_served
    ]
    return [
        Criterion(
            "Asset map reviewed at a step-6 convening",
            bool(reviews),
            "; ".join(str(r.convening) for r in reviews) or "Not yet recorded",
        ),
        Criterion(
            "Gap questions answered",
            len(answered) == len(QUESTIONS),
            f"{len(answered)} of {len(QUESTIONS)} answered",
        ),
        Criterion(
            "At least one pathway program for each critical tier",
            bool(tiers_needed) and not missing_tiers,
            ("No pathway program leads to: " + ", ".join(missing_tiers))
            if missing_tiers
            else (
                f"{len(pathways)} pathway program{pluralize(len(pathways))}"
                if tiers_needed
                else "No critical occupations yet (step 3)"
            ),
        ),
    ]


def outcome_summary(partnership: Partnership) -> dict:
    inv = selectors.load_inventory(partnership)
    found = selectors.findings(partnership, inv=inv)
    kinds = Counter(f.kind_label for f in found)
    routes = []
    for pathway in selectors.pathway_programs_for(partnership):
        route = selectors.pathway_route(pathway, inv)
        routes.append(
            {
                "pathway": pathway,
                "steps": route,
                "missing_links": sum(1 for r in route if r["missing_link"]),
            }
        )
    return {"findings": found, "finding_counts": sorted(kinds.items()), "pathways": routes}


def register() -> None:
    register_step(
        Step(
            number=6,
            title=TITLE,
            short="Align programs",
            goal="Link programs and institutions so people can build competencies, credits and "
            "credentials step by step while industry's needs get met.",
            business_role="Advise on program design and offer work-based learning.",
            public_role="Close gaps, remove duplication and dead ends, connect programs and add "
            "support services.",
            outcome="Career pathway programs aimed at the critical occupations.",
            needs=(
                "An asset map of programs against critical occupations",
                "Gaps, duplication and dead ends identified",
                "Program supply compared with employer demand",
            ),
            work_pages=(
                WorkPage("alignment:asset_map", "Aligned programs: asset map"),
                WorkPage("alignment:gaps", "Gap analysis"),
                WorkPage("alignment:supply", "Supply and demand"),
                WorkPage("alignment:functions", "Programs and functions"),
                WorkPage("alignment:completers", "Completers"),
                WorkPage("alignment:ipeds", "Completers from IPEDS", needs="team"),
                WorkPage("alignment:worksheet", "Gap questions"),
                WorkPage("alignment:pathways", "Pathway programs"),
                WorkPage("inventory:coverage", "Coverage"),
            ),
            checklist=checklist,
            outcome_summary=outcome_summary,
            outcome_template="alignment/outcomes/step6.html",
        )
    )
