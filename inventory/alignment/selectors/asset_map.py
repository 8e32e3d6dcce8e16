"""The asset map (programs by level beside the critical occupations, drawn as SVG) and the
grid of programs against one occupation's functions."""

from __future__ import annotations

from collections import defaultdict
from dataclasses import dataclass

from django.utils.text import Truncator

from inventory.alignment import levels
from inventory.alignment.models import (
    ProgramFunction,
)
from inventory.alignment.selectors.facts import (
    DISCONTINUED,
    EMPLOYERS,
    SYSTEM_LABEL,
    InventoryData,
    load_inventory,
)
from inventory.alignment.selectors.supply import crosswalk_socs, program_socs
from inventory.models import Linkage
from partnerships.models import Partnership

# --- the asset map ---------------------------------------------------------------------------

MAP_PAGE = 60
BOX_W, BOX_H, GAP_X, GAP_Y = 190, 44, 14, 16
COLUMNS = 4
LINK_STYLE = {
    Linkage.Kind.ARTICULATION: ("#0b5394", ""),
    Linkage.Kind.DUAL_ENROLLMENT: ("#6a329f", "6 3"),
    Linkage.Kind.STACKABLE: ("#38761d", ""),
    Linkage.Kind.TRANSFER: ("#b45f06", "2 3"),
    Linkage.Kind.PRIOR_LEARNING: ("#666666", "1 3"),
}


@dataclass
class MapFilters:
    provider: int | None = None
    system: str = ""
    occupation: str = ""
    page: int = 1

    @classmethod
    def from_query(cls, params) -> MapFilters:
        provider = params.get("provider", "")
        page = params.get("page", "")
        system = params.get("system", "")
        return cls(
            provider=int(provider) if provider.isdigit() else None,
            system=system if system in SYSTEM_LABEL or system == EMPLOYERS else "",
            occupation=params.get("occupation", "")[:7],
            page=max(1, int(page)) if page.isdigit() else 1,
        )


def asset_map(partnership: Partnership, filters: MapFilters, inv: InventoryData | None = None):
    """Programs by level (a page at a time) beside the critical occupations of each tier,
    with the linkages among them and the occupations they prepare for, ready to draw."""
    inv = inv or load_inventory(partnership)
    critical_codes = inv.critical_codes
    # The map draws only the critical occupations: the crosswalk rows that lead to them.
    by_cip, _ = crosswalk_socs(
        {p.cip_code for p in inv.programs.values() if p.cip_code}, critical_codes
    )
    chosen = [
        p
        for p in inv.programs.values()
        if p.status != DISCONTINUED
        and (filters.provider is None or p.provider_id == filters.provider)
        and (not filters.system or p.system == filters.system)
        and (not filters.occupation or filters.occupation in p.confirmed_socs)
    ]
    chosen.sort(key=lambda p: (levels.LEVEL_RANK[p.level], p.provider, p.name))
    pages = max(1, -(-len(chosen) // MAP_PAGE))
    page = min(filters.page, pages)
    shown = chosen[(page - 1) * MAP_PAGE : page * MAP_PAGE]
    bands = []
    y = 30
    boxes: dict[int, dict] = {}
    occupation_boxes: dict[str, dict] = {}
    for level, label in reversed(levels.LEVELS):
        in_level = [p for p in shown if p.level == level]
        occupations = [c for c in inv.critical if c.tier == level]
        rows_needed = max(1, -(-len(in_level) // COLUMNS), len(occupations))
        height = rows_needed * (BOX_H + GAP_Y) + 30
        band = {
            "level": level,
            "label": label,
            "y": y,
            "height": height,
            "programs": [],
            "occupations": [],
        }
        for index, program in enumerate(in_level):
            box = {
                "program": program,
                "x": 20 + (index % COLUMNS) * (BOX_W + GAP_X),
                "y": y + 26 + (index // COLUMNS) * (BOX_H + GAP_Y),
                "socs": sorted(program_socs(inv, program, by_cip) & critical_codes),
            }
            boxes[program.id] = box
            band["programs"].append(box)
        for index, occupation in enumerate(occupations):
            box = {"occupation": occupation, "x": 880, "y": y + 26 + index * (BOX_H + GAP_Y)}
            occupation_boxes[occupation.soc_code] = box
            band["occupations"].append(box)
        bands.append(band)
        y += height + 10
    links = []
    for link in inv.linkages:
        a, b = boxes.get(link.from_id), boxes.get(link.to_id)
        if not a or not b:
            continue
        colour, dash = LINK_STYLE.get(link.kind, ("#333333", ""))
        links.append(
            {
                "link": link,
                "from": a["program"],
                "to": b["program"],
                "x1": a["x"] + BOX_W / 2,
                "y1": a["y"],
                "x2": b["x"] + BOX_W / 2,
                "y2": b["y"] + BOX_H,
                "colour": colour,
                "dash": dash if link.existing else "8 4",
            }
        )
    prepares = []
    for box in boxes.values():
        for soc in box["socs"]:
            target = occupation_boxes.get(soc)
            if target:
                prepares.append(
                    {
                        "x1": box["x"] + BOX_W,
                        "y1": box["y"] + BOX_H / 2,
                        "x2": target["x"],
                        "y2": target["y"] + BOX_H / 2,
                    }
                )
    link_texts = _links_by_program(inv, set(boxes))
    for pk, box in boxes.items():
        box["links"] = link_texts.get(pk, [])
        box["svg"] = _program_svg(box)
    for box in occupation_boxes.values():
        box["svg"] = _occupation_svg(box)
    # Coordinates go to the template as text: a number there is localized one by one.
    for line in links + prepares:
        for key in ("x1", "y1", "x2", "y2"):
            line[key] = str(line[key])
    providers = sorted(
        {(p.provider_id, p.provider) for p in inv.programs.values()}, key=lambda t: t[1]
    )
    systems = sorted({p.system for p in inv.programs.values()})
    return {
        "bands": bands,
        "links": links,
        "prepares": prepares,
        "height": y + 10,
        "shown": shown,
        "total": len(chosen),
        "page": page,
        "pages": pages,
        "providers": providers,
        "systems": [(s, SYSTEM_LABEL.get(s, "Employers")) for s in systems],
        "occupations": inv.critical,
        "legend": [
            (label, *LINK_STYLE[kind]) for kind, label in Linkage.Kind.choices if kind in LINK_STYLE
        ],
    }


def _program_svg(box: dict) -> dict[str, str]:
    """A program box's drawing, worked out once: its text positions, the WBL badge's, and the
    name and provider cut to fit the box."""
    x, y, program = box["x"], box["y"], box["program"]
    wbl = program.work_based
    return {
        "x": str(x),
        "y": str(y),
        "tx": str(x + 6),
        "ty1": str(y + 17),
        "ty2": str(y + 34),
        "bx": str(x + 158),
        "by": str(y + 25),
        "btx": str(x + 172),
        "bty": str(y + 35),
        "name": Truncator(program.name).chars(26),
        "provider": Truncator(program.provider).chars(24 if wbl else 30),
    }


def _occupation_svg(box: dict) -> dict[str, str]:
    x, y = box["x"], box["y"]
    return {"x": str(x), "y": str(y), "tx": str(x + 6), "ty1": str(y + 17), "ty2": str(y + 34)}


def _links_by_program(inv: InventoryData, ids: set[int]) -> dict[int, list[str]]:
    out: dict[int, list[str]] = defaultdict(list)
    for link in inv.linkages:
        if link.from_id in ids and link.to_id in inv.programs:
            target = inv.programs[link.to_id]
            status = "" if link.existing else " (proposed)"
            out[link.from_id].append(
                f"{link.kind_label}{status} → {target.name} ({target.provider})"
            )
    return dict(out)


# --- programs against functions -------------------------------------------------------------

GRID_PAGE = 40


def function_grid(partnership: Partnership, soc_code: str, page: int = 1, inv=None) -> dict:
    """The programs that prepare for one critical occupation against its functions, and
    which of them each program teaches."""
    from inventory.alignment.functions import functions_for

    inv = inv or load_inventory(partnership)
    occupation = next((c for c in inv.critical if c.soc_code == soc_code), None)
    if occupation is None and inv.critical:
        occupation = inv.critical[0]
    if occupation is None:
        return {
            "occupation": None,
            "occupations": [],
            "functions": [],
            "programs": [],
            "marks": set(),
        }
    functions = functions_for([occupation])[occupation.soc_code]
    by_cip, _ = crosswalk_socs(
        {p.cip_code for p in inv.programs.values() if p.cip_code}, {occupation.soc_code}
    )
    preparing = [
        p
        for p in inv.programs.values()
        if p.status != DISCONTINUED and occupation.soc_code in program_socs(inv, p, by_cip)
    ]
    pages = max(1, -(-len(preparing) // GRID_PAGE))
    page = min(max(1, page), pages)
    shown = preparing[(page - 1) * GRID_PAGE : page * GRID_PAGE]
    marks = set(
        ProgramFunction.objects.filter(
            program_id__in=[p.id for p in shown], soc_code=occupation.soc_code
        ).values_list("program_id", "function_key")
    )
    taught = {
        key
        for key in ProgramFunction.objects.filter(
            program__partnership=partnership, soc_code=occupation.soc_code
        ).values_list("function_key", flat=True)
    }
    return {
        "occupation": occupation,
        "occupations": inv.critical,
        "functions": functions,
        "programs": shown,
        "marks": marks,
        "taught": taught,
        "page": page,
        "pages": pages,
        "total": len(preparing),
    }
