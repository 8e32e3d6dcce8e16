"""The gap findings, the side-by-side comparison behind a duplication, the functions no
program teaches, and the worksheet and checklist reads."""

from __future__ import annotations

from collections import defaultdict
from dataclasses import dataclass, field

from django.template.defaultfilters import pluralize
from django.urls import reverse

from inventory.alignment import levels
from inventory.alignment.models import (
    AssetMapReview,
    GapAnswer,
    ProgramFunction,
)
from inventory.alignment.selectors.facts import (
    BRIDGING,
    COMPARED,
    K12_CTE,
    TIER_LABEL,
    TIERS,
    InventoryData,
    ProgramFacts,
    _bulk_build,
    _length,
    _money,
    load_inventory,
)
from inventory.alignment.selectors.pathways import pathway_programs_for
from inventory.alignment.selectors.supply import SupplyDemand, supply_demand
from inventory.models import Linkage, Program, ProgramType
from partnerships.models import Partnership

# --- the gap findings ------------------------------------------------------------------------


@dataclass
class Finding:
    key: str
    kind: str
    title: str
    detail: str
    programs: list[int] = field(default_factory=list)
    evidence: list[str] = field(default_factory=list)
    source: str = ""

    @property
    def kind_label(self) -> str:
        return KIND_LABELS[self.kind]


KIND_LABELS = {
    "untaught_function": "Functions no program teaches",
    "uncovered_tier": "Tier without a program",
    "uncovered_occupation": "Occupation without a program",
    "duplication": "Duplication",
    "dead_end": "Dead-end credential",
    "missing_articulation": "Missing articulation",
    "no_dual_enrollment": "No K-12 dual enrollment",
    "no_support_services": "No support services",
    "no_prior_learning": "No credit for prior learning",
    "shortage": "Shortage of completers",
    "surplus": "Surplus of completers",
}


def _names(programs: list[ProgramFacts], limit: int = 4) -> str:
    names = [f"{p.name} ({p.provider})" for p in programs[:limit]]
    more = len(programs) - limit
    return "; ".join(names) + (f" and {more} more" if more > 0 else "")


@_bulk_build()
def findings(
    partnership: Partnership, *, inv: InventoryData | None = None, sd: SupplyDemand | None = None
) -> list[Finding]:
    """Every gap the data shows, each with the evidence and the programs behind it."""
    inv = inv or load_inventory(partnership)
    programs = inv.programs
    offered = inv.offered
    offered_ids = {p.id for p in offered}
    out: list[Finding] = []

    out += untaught_functions(partnership, inv)

    # Occupations and tiers nothing prepares for (confirmed links, as on the coverage page).
    covering: dict[str, list[ProgramFacts]] = defaultdict(list)
    for p in offered:
        for soc in p.confirmed_socs:
            covering[soc].append(p)
    for tier, label in TIERS:
        in_tier = [c for c in inv.critical if c.tier == tier]
        if in_tier and not any(covering.get(c.soc_code) for c in in_tier):
            out.append(
                Finding(
                    f"uncovered-tier-{tier}",
                    "uncovered_tier",
                    f"No program prepares for the {label.lower()} tier",
                    f"None of the {len(in_tier)} {label.lower()} occupation{pluralize(len(in_tier))} "
                    f"({', '.join(c.title for c in in_tier)}) has a confirmed program.",
                )
            )
    for c in inv.critical:
        if not covering.get(c.soc_code):
            out.append(
                Finding(
                    f"uncovered-occupation-{c.soc_code}",
                    "uncovered_occupation",
                    f"No program prepares for {c.title}",
                    f"{c.soc_code} {c.title} ({TIER_LABEL.get(c.tier, c.tier)} tier): no offered "
                    "program has a confirmed link to it.",
                )
            )

    # Duplication: one CIP code, or one credential, at several providers.
    by_cip: dict[str, list[ProgramFacts]] = defaultdict(list)
    for p in offered:
        if p.cip_code:
            by_cip[p.cip_code].append(p)
    seen_groups: set[frozenset[int]] = set()
    for cip, group in sorted(by_cip.items()):
        if len(group) < 2:
            continue
        providers = len({p.provider_id for p in group})
        if providers > 1:
            seen_groups.add(frozenset(p.id for p in group))
            out.append(
                Finding(
                    f"duplication-cip-{cip}",
                    "duplication",
                    f"CIP {cip} is taught by {providers} providers",
                    _names(group),
                    programs=[p.id for p in group],
                )
            )
    for credential in sorted(inv.credentials.values(), key=lambda c: c["name"]):
        group = [programs[i] for i in credential["programs"] if i in offered_ids]
        providers = len({p.provider_id for p in group})
        ids = frozenset(p.id for p in group)
        if providers > 1 and ids not in seen_groups:
            seen_groups.add(ids)
            out.append(
                Finding(
                    f"duplication-credential-{credential['id']}",
                    "duplication",
                    f"{credential['name']} is awarded by {providers} providers",
                    _names(group),
                    programs=[p.id for p in group],
                )
            )

    # Dead ends: a credential that leads nowhere, neither up nor to a job.
    linked_up: set[int] = set()
    for link in inv.linkages:
        a, b = programs.get(link.from_id), programs.get(link.to_id)
        if a and b and levels.LEVEL_RANK[b.level] >= levels.LEVEL_RANK[a.level]:
            linked_up.add(a.id)
    for credential in sorted(inv.credentials.values(), key=lambda c: c["name"]):
        group = [programs[i] for i in credential["programs"]]
        if not group or credential["stacks_into"]:
            continue
        if any(p.id in linked_up or p.confirmed_socs for p in group):
            continue
        out.append(
            Finding(
                f"dead-end-{credential['id']}",
                "dead_end",
                f"{credential['name']} leads nowhere yet",
                "It stacks into no larger credential, none of the programs awarding it links to "
                "a program at the same or a higher level, and none is confirmed for an "
                f"occupation. Awarded by: {_names(group)}.",
                programs=[p.id for p in group],
            )
        )

    # Missing articulation: within a field (the CIP code's two-digit family), consecutive
    # levels that both have programs but no existing agreement from the lower to the higher.
    at_level: dict[str, list[ProgramFacts]] = defaultdict(list)
    by_family: dict[tuple[str, str], list[ProgramFacts]] = defaultdict(list)
    for p in offered:
        at_level[p.level].append(p)
        if p.cip_code:
            by_family[(p.cip_code[:2], p.level)].append(p)
    # A bridge counts for the field of either end (a CIP 48 certificate into a CIP 15 degree).
    bridged: set[tuple[str, str, str]] = set()
    for link in inv.linkages:
        a, b = programs.get(link.from_id), programs.get(link.to_id)
        if a and b and link.existing and link.kind in BRIDGING:
            for end in (a, b):
                if end.cip_code:
                    bridged.add((end.cip_code[:2], a.level, b.level))
    families = sorted({family for family, _ in by_family})
    for family in families:
        for low, high in ((levels.ENTRY, levels.MID), (levels.MID, levels.ADVANCED)):
            lower, upper = by_family.get((family, low)), by_family.get((family, high))
            if not lower or not upper or (family, low, high) in bridged:
                continue
            out.append(
                Finding(
                    f"articulation-{family}-{low}-{high}",
                    "missing_articulation",
                    f"No agreement carries {low}-level programs into {high}-level ones in CIP "
                    f"{family}",
                    f"{len(lower)} {low} program{pluralize(len(lower))} ({_names(lower, 2)}) and "
                    f"{len(upper)} {high} "
                    f"program{pluralize(len(upper))} ({_names(upper, 2)}) in CIP family {family}, "
                    "but no existing "
                    "articulation, transfer, stackable or dual-enrollment linkage between them.",
                    programs=[p.id for p in lower + upper],
                )
            )

    # K-12 dual enrollment, support services, credit for prior learning.
    dual = [
        link for link in inv.linkages if link.kind == Linkage.Kind.DUAL_ENROLLMENT and link.existing
    ]
    k12 = [p for p in offered if p.program_type == K12_CTE]
    if offered and not dual and not k12:
        out.append(
            Finding(
                "no-dual-enrollment",
                "no_dual_enrollment",
                "No way in from high school",
                "No existing dual-enrollment linkage and no dual-enrollment or K-12 CTE "
                "program in the inventory.",
            )
        )
    for level, label in levels.LEVELS:
        group = at_level[level]
        if group and not any(p.support for p in group):
            out.append(
                Finding(
                    f"no-support-{level}",
                    "no_support_services",
                    f"No support services at the {label.lower()} level",
                    f"None of the {len(group)} {label.lower()}-level program{pluralize(len(group))} "
                    "offers childcare, "
                    "transportation, tutoring or advising.",
                    programs=[p.id for p in group],
                )
            )
    prior = [
        link for link in inv.linkages if link.kind == Linkage.Kind.PRIOR_LEARNING and link.existing
    ]
    if offered and not prior:
        out.append(
            Finding(
                "no-prior-learning",
                "no_prior_learning",
                "No credit for prior learning",
                "No existing credit-for-prior-learning linkage: experienced workers start "
                "from the beginning.",
            )
        )

    # On each pathway program: a way in from high school, credit for prior learning,
    # support services.
    for pathway in pathway_programs_for(partnership):
        ids = [step.program_id for step in pathway.steps.all() if step.program_id in programs]
        if not ids:
            continue
        members = set(ids)
        steps_programs = [programs[i] for i in ids]
        into = [link for link in inv.linkages if link.to_id in members and link.existing]
        if not any(p.program_type == ProgramType.K12_CTE for p in steps_programs) and not any(
            link.kind == Linkage.Kind.DUAL_ENROLLMENT for link in into
        ):
            out.append(
                Finding(
                    f"no-dual-enrollment-pathway-{pathway.pk}",
                    "no_dual_enrollment",
                    f"{pathway.name}: no way in from high school",
                    "None of its programs is a dual-enrollment or K-12 CTE program, and no "
                    "existing dual-enrollment linkage leads into them.",
                    programs=ids,
                )
            )
        if not any(link.kind == Linkage.Kind.PRIOR_LEARNING for link in into):
            out.append(
                Finding(
                    f"no-prior-learning-pathway-{pathway.pk}",
                    "no_prior_learning",
                    f"{pathway.name}: no agreed credit for prior learning",
                    "No existing credit-for-prior-learning linkage leads into any of its "
                    "programs"
                    + (
                        f"; the pathway says: “{pathway.prior_learning}”"
                        if pathway.prior_learning
                        else ""
                    )
                    + ".",
                    programs=ids,
                )
            )
        if not any(p.support for p in steps_programs) and not pathway.support_services.strip():
            out.append(
                Finding(
                    f"no-support-pathway-{pathway.pk}",
                    "no_support_services",
                    f"{pathway.name}: no support services",
                    "None of its programs offers childcare, transportation, tutoring or "
                    "advising, and the pathway names no other support.",
                    programs=ids,
                )
            )

    # Too few or too many completers.
    sd = sd or supply_demand(partnership, inv=inv)
    for row in sd.rows:
        if row.status not in ("shortage", "surplus"):
            continue
        openings = row.openings
        evidence = (
            f"{row.supply:,.0f} completers a year ({row.completer_years or 'typical year'}; "
            f"{row.completer_sources or 'no program'}) against {openings.value:,} openings "
            f"a year ({openings.source})."
        )
        out.append(
            Finding(
                f"{row.status}-{row.soc_code}",
                row.status,
                f"{'Too few' if row.status == 'shortage' else 'More'} completers "
                f"{'for' if row.status == 'shortage' else 'than openings for'} {row.title}",
                evidence,
                programs=[c.program.id for c in row.contributions],
                source=openings.source,
            )
        )
    return out


def gap_findings(partnership: Partnership) -> list[dict]:
    """The findings as the action plan (step 8) reads them: key (stable), kind, title,
    detail, url (the page with the rows behind the finding)."""
    base = reverse("alignment:gaps", kwargs={"slug": partnership.slug})
    return [
        {
            "key": f.key,
            "kind": f.kind,
            "title": f.title,
            "detail": f.detail,
            "url": f"{base}{f.key}/",
        }
        for f in findings(partnership)
    ]


def attach_details(inv: InventoryData, program_ids: list[int]) -> None:
    """Fill in cost, length, prerequisites and placement for these programs (one query)."""
    for (
        pk, tuition, fees, other, hours, credits, weeks, months, prerequisites, rate, year, source,
    ) in Program.objects.filter(pk__in=[i for i in program_ids if i in inv.programs]).values_list(
        "id", "tuition", "fees", "other_costs", "clock_hours", "credits", "weeks", "months",
        "prerequisites", "placement_rate", "placement_year", "placement_source",
    ):  # fmt: skip
        program = inv.programs[pk]
        program.cost = _money(tuition, fees, other)
        program.length = _length(hours, credits, weeks, months)
        program.prerequisites = prerequisites
        program.placement_rate, program.placement_year = rate, year
        program.placement_source = source


def comparison(inv: InventoryData, program_ids: list[int]) -> list[dict]:
    """Programs side by side on what a student compares; cells that differ are marked."""
    attach_details(inv, program_ids)
    group = [inv.programs[i] for i in program_ids if i in inv.programs]
    rows = []
    for key, label in COMPARED:
        values = [p.compared(key) for p in group]
        rows.append({"label": label, "values": values, "differs": len(set(values)) > 1})
    return [{"programs": group, "rows": rows}]


def untaught_functions(partnership: Partnership, inv: InventoryData) -> list[Finding]:
    """Per critical occupation whose grid someone has started: the functions no program
    teaches."""
    from inventory.alignment.functions import functions_for

    taught: dict[str, set[str]] = defaultdict(set)
    for soc, key in ProgramFunction.objects.filter(program__partnership=partnership).values_list(
        "soc_code", "function_key"
    ):
        taught[soc].add(key)
    started = [c for c in inv.critical if c.soc_code in taught]
    every = functions_for(started) if started else {}
    out = []
    for occupation in started:
        functions = every[occupation.soc_code]
        missing = [f for f in functions if f.key not in taught[occupation.soc_code]]
        if missing:
            out.append(
                Finding(
                    f"untaught-{occupation.soc_code}",
                    "untaught_function",
                    f"{len(missing)} of {len(functions)} functions of {occupation.title} are "
                    "taught by no program",
                    "; ".join(f.label for f in missing[:5]) + (" …" if len(missing) > 5 else ""),
                    source=missing[0].source,
                )
            )
    return out


# --- the worksheet and the checklist ---------------------------------------------------------


def gap_answers(partnership: Partnership) -> dict[str, GapAnswer]:
    return {a.question: a for a in GapAnswer.objects.filter(partnership=partnership)}


def reviews_for(partnership: Partnership) -> list[AssetMapReview]:
    return list(AssetMapReview.objects.filter(partnership=partnership).select_related("convening"))
