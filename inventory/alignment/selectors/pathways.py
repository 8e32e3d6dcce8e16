"""The pathway programs: each one's route for step 6, and the routes the published map
(step 7) shows and freezes."""

from __future__ import annotations

from collections import defaultdict

from django.db.models import Prefetch

from inventory.alignment import levels
from inventory.alignment.models import (
    PathwayProgram,
    PathwayStep,
)
from inventory.alignment.selectors.facts import InventoryData, LinkageFacts, load_inventory
from inventory.models import Linkage, Program
from occupations.models import CriticalOccupation
from partnerships.models import Partnership

# --- pathway programs ------------------------------------------------------------------------


def pathway_programs_for(partnership: Partnership) -> list[PathwayProgram]:
    return list(
        PathwayProgram.objects.filter(partnership=partnership).prefetch_related(
            Prefetch(
                "steps",
                queryset=PathwayStep.objects.select_related(
                    "program__provider__organization"
                ).order_by("position"),
            )
        )
    )


def pathway_route(pathway: PathwayProgram, inv: InventoryData) -> list[dict]:
    """The pathway's steps in order, each with the linkage that carries a student to the
    next step (or None: a missing link, flagged), its level and its exit occupation."""
    steps = list(pathway.steps.all())
    titles = {c.soc_code: (c.title, c.tier) for c in inv.critical}
    links: dict[tuple[int, int], list[LinkageFacts]] = defaultdict(list)
    for link in inv.linkages:
        links[(link.from_id, link.to_id)].append(link)
    out = []
    for index, step in enumerate(steps):
        facts = inv.programs.get(step.program_id)
        following = steps[index + 1] if index + 1 < len(steps) else None
        connection = None
        if following is not None:
            found = links.get((step.program_id, following.program_id), [])
            found.sort(key=lambda link: not link.existing)
            connection = found[0] if found else None
        exit_title, exit_tier = titles.get(step.exit_soc_code, ("", ""))
        out.append(
            {
                "step": step,
                "program": facts,
                "next": following,
                "linkage": connection,
                "missing_link": following is not None and connection is None,
                "exit_title": exit_title or step.exit_soc_code,
                "exit_tier": exit_tier,
            }
        )
    return out


def pathway_routes(partnership: Partnership) -> list[dict]:
    """For the map (step 7): each pathway program as a route between tiers: the exit
    occupations in order (SOC code, title, tier), the programs, and any missing links."""
    inv = load_inventory(partnership)
    routes = []
    for pathway in pathway_programs_for(partnership):
        route = pathway_route(pathway, inv)
        routes.append(
            {
                "name": pathway.name,
                "summary": pathway.summary,
                "steps": [
                    {
                        "program": r["program"].name if r["program"] else "",
                        "provider": r["program"].provider if r["program"] else "",
                        "level": r["program"].level if r["program"] else "",
                        "exit_soc_code": r["step"].exit_soc_code,
                        "exit_title": r["exit_title"],
                        "exit_tier": r["exit_tier"],
                        "linkage_to_next": r["linkage"].kind if r["linkage"] else None,
                        "missing_link": r["missing_link"],
                    }
                    for r in route
                ],
                "tiers": [r["exit_tier"] for r in route if r["exit_tier"]],
            }
        )
    return routes


# --- pathway programs for the published map (step 7) ----------------------------------------


def pathway_routes_for_map(partnership: Partnership) -> list[dict]:
    """Every pathway program as the map shows and freezes it: plain JSON-ready values, read in
    five queries whatever the number of pathways. Each step names its provider, program,
    credentials, level and exit occupation (its tier), and how a student gets to the next
    step: the linkage between the two programs (an existing one preferred) or None, a missing
    link the map marks rather than hides."""
    pathways = pathway_programs_for(partnership)
    ids = {step.program_id for pathway in pathways for step in pathway.steps.all()}
    awarded: dict[int, list[tuple[str, str]]] = defaultdict(list)
    for program_id, name, kind in Program.credentials.through.objects.filter(
        program_id__in=ids
    ).values_list("program_id", "credential__name", "credential__kind"):
        awarded[program_id].append((name, kind))
    kind_labels = dict(Linkage.Kind.choices)
    links: dict[tuple[int, int], list[dict]] = defaultdict(list)
    for from_id, to_id, kind, status, credits in Linkage.objects.filter(
        partnership=partnership, from_program_id__in=ids, to_program_id__in=ids
    ).values_list("from_program_id", "to_program_id", "kind", "status", "credits"):
        links[(from_id, to_id)].append(
            {
                "kind": kind,
                "label": kind_labels.get(kind, kind),
                "existing": status == Linkage.Status.EXISTING,
                "credits": float(credits) if credits is not None else None,
            }
        )
    critical = {
        code: (title, tier)
        for code, title, tier in CriticalOccupation.objects.filter(
            partnership=partnership
        ).values_list("soc_code", "title", "tier")
    }
    routes = []
    for pathway in pathways:
        steps = list(pathway.steps.all())
        out = []
        for index, step in enumerate(steps):
            program = step.program
            following = steps[index + 1] if index + 1 < len(steps) else None
            linkage = None
            if following is not None:
                found = links.get((step.program_id, following.program_id), [])
                found = sorted(found, key=lambda link: (not link["existing"], link["kind"]))
                linkage = found[0] if found else None
            credentials = sorted(awarded.get(step.program_id, []))
            level = levels.program_level([kind for _, kind in credentials])
            exit_title, exit_tier = critical.get(step.exit_soc_code, ("", ""))
            out.append(
                {
                    "position": index + 1,
                    "program_id": program.pk,
                    "program": program.name,
                    "provider": program.provider.organization.name,
                    "credentials": [name for name, _ in credentials],
                    "level": level,
                    "exit_soc_code": step.exit_soc_code,
                    "exit_title": exit_title,
                    "exit_tier": exit_tier,
                    "note": step.note,
                    # Where the step sits on the map: its job's tier, else the program's level.
                    "tier": exit_tier or level,
                    "work_based": program.program_type in levels.WORK_BASED_TYPES,
                    "offered": program.status == Program.Status.OFFERED,
                    "reviewed": program.reviewed_at is not None,
                    "linkage_to_next": linkage,
                    "missing_link": following is not None and linkage is None,
                }
            )
        routes.append(
            {
                "id": pathway.pk,
                "name": pathway.name,
                "summary": pathway.summary,
                "who_may_enter": pathway.who_may_enter,
                "prerequisites": pathway.prerequisites,
                "prior_learning": pathway.prior_learning,
                "support_services": pathway.support_services,
                "work_based_learning": pathway.work_based_learning,
                "steps": out,
                "missing_links": sum(1 for s in out if s["missing_link"]),
                "updated_at": pathway.updated_at.isoformat(),
            }
        )
    return routes
