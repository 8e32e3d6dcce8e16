"""Named reads for the pathway map: the map's data (live for a draft, frozen in a version),
the published maps, and what the tracker checks for step 7."""

from __future__ import annotations

from collections import Counter
from collections.abc import Iterable
from dataclasses import dataclass
from datetime import datetime
from decimal import Decimal

from django.core.cache import cache
from django.db.models import Max, Q, QuerySet
from django.template.defaultfilters import pluralize
from django.utils import timezone
from django.utils.translation import gettext, ngettext

from inventory.alignment.selectors import pathway_routes_for_map
from inventory.models import Program, ProgramOccupation
from occupations import selectors as labor
from occupations.models import (
    AdvancementPath,
    CriticalOccupation,
    OnetOccupation,
    Source,
    TechnologySkill,
    Tier,
    ToolUsed,
)
from partnerships.models import Partnership, RegionArea
from pathways.maps.models import MapOccupation, MapRender, MapVersion, PathwayMap

TIER_ORDER = [Tier.ENTRY, Tier.MID, Tier.ADVANCED]
TIER_RANK = {t.value: i for i, t in enumerate(TIER_ORDER)}
MAX_TECHNOLOGIES = 4
MAX_CREDENTIALS = 4
DESCRIPTION_CHARS = 150
# Education at which pay is usually quoted by the year rather than the hour.
SALARIED_EDUCATION = ("Bachelor's degree", "Master's degree", "Doctoral or professional degree")


def map_for(partnership: Partnership) -> PathwayMap:
    """The partnership's map settings (created empty the first time they are asked for)."""
    pathway_map, _ = PathwayMap.objects.get_or_create(partnership=partnership)
    return pathway_map


def _short(text: str, limit: int = DESCRIPTION_CHARS) -> str:
    """A short plain description: the text, or its first sentence, or a cut at a word."""
    text = " ".join((text or "").split())
    if len(text) <= limit:
        return text
    first = text.split(". ", 1)[0].rstrip(".") + "."
    if len(first) <= limit:
        return first
    cut = text[:limit].rsplit(" ", 1)[0].rstrip(",;:")
    return cut + "…"


def region(partnership: Partnership) -> tuple[str, list[str]]:
    areas = list(partnership.areas.all())
    statewide = [a for a in areas if a.kind == RegionArea.Kind.STATEWIDE]
    chosen = statewide or areas
    codes = list(dict.fromkeys(str(c) for a in chosen for c in a.oews_area_codes))
    names = [a.name for a in areas]
    name = ", ".join(names) if names else partnership.state_name
    return name, codes


def wage_block(rows: list[labor.WageRow], hourly: bool) -> dict:
    """Regional median and range (from the area with the most jobs) and the national median."""
    nation = next((r for r in rows if r.is_nation), None)
    regional = [r for r in rows if not r.is_nation]
    regional.sort(key=lambda r: -(r.estimate.tot_emp or 0))
    prefix = "h_" if hourly else "a_"

    def values(row: labor.WageRow) -> dict:
        out = {}
        for key, column in (("p10", "pct10"), ("median", "median"), ("p90", "pct90")):
            figure = row.figure(prefix + column)  # the file's own top code for "#"
            out[key] = figure.value
            out[key + "_top_coded"] = figure.state == "at_least"
        out["period"] = row.period
        out["area"] = row.area_title
        out["employment"] = row.estimate.tot_emp
        return out

    return {
        "unit": "hourly" if hourly else "annual",
        "regional": values(regional[0]) if regional else None,
        "national": values(nation) if nation else None,
    }


def openings(rows: list[labor.WageRow], projection) -> dict:
    """Annual openings in the map's region (its OEWS rows), estimated as step 6 does."""
    regional_emp = sum(r.estimate.tot_emp or 0 for r in rows if not r.is_nation)
    return labor.openings_estimate(projection, regional_emp)


# How long a program takes, in months, to compare programs that count length differently.
HOURS_A_MONTH = 86  # about 20 hours a week
CREDITS_A_MONTH = Decimal("3.3")  # 15 credits a semester of four and a half months


def _months(program: Program) -> float | None:
    if program.months:
        return float(program.months)
    if program.weeks:
        return program.weeks / 4.35
    if program.clock_hours:
        return program.clock_hours / HOURS_A_MONTH
    if program.credits:
        return float(program.credits / CREDITS_A_MONTH)
    return None


def program_preference(program: dict) -> tuple:
    """The order programs take in an occupation's box: the convener's pin, then programs a
    newcomer can enter, vetted by employers, shortest, cheapest, with a credential."""
    months = program.get("months")
    cost = program.get("cost")
    return (
        not program.get("pinned", False),
        not program.get("open_to_new", True),
        not program.get("reviewed", True),
        months if months is not None else float("inf"),
        cost if cost is not None else float("inf"),
        not program["credentials"],
        -(program["placement_rate"] or -1),
        program["provider"],
        program["name"],
    )


def _programs_by_soc(
    partnership: Partnership,
    codes: set[str],
    *,
    pins: dict[str, int],
    include_unreviewed: bool,
) -> tuple[dict[str, list[dict]], list[dict]]:
    """Each occupation's programs in the order the map shows them, and the programs left
    off because employers have not reviewed them (or, when included, marked as such)."""
    links = (
        ProgramOccupation.objects.filter(
            program__partnership=partnership,
            program__status=Program.Status.OFFERED,
            soc_code__in=codes,
            confirmed_at__isnull=False,
        )
        .select_related("program__provider__organization")
        .prefetch_related("program__credentials")
        .order_by("program__provider__organization__name", "program__name")
    )
    by_code: dict[str, list[dict]] = {}
    unreviewed: dict[int, dict] = {}
    for link in links:
        program = link.program
        reviewed = program.reviewed_at is not None
        if not reviewed:
            entry = unreviewed.setdefault(
                program.pk,
                {"id": program.pk, "name": program.name,
                 "provider": program.provider.organization.name, "soc_codes": []},
            )  # fmt: skip
            entry["soc_codes"].append(link.soc_code)
            if not include_unreviewed:
                continue
        months = _months(program)
        by_code.setdefault(link.soc_code, []).append(
            {
                "id": program.pk,
                "name": program.name,
                "provider": program.provider.organization.name,
                "type": program.get_program_type_display(),
                "credentials": [c.name for c in program.credentials.all()],
                "length": program.length_display,
                "clock_hours": program.clock_hours,
                "credits": float(program.credits) if program.credits is not None else None,
                "weeks": program.weeks,
                "months_count": program.months,
                "months": round(months, 2) if months is not None else None,
                "cost": program.total_cost,
                "placement_rate": float(program.placement_rate)
                if program.placement_rate is not None
                else None,
                "placement_year": program.placement_year,
                "schedule": program.schedule_labels,
                "open_to_new": program.open_to_new_students,
                "reviewed": reviewed,
                "pinned": pins.get(link.soc_code) == program.pk,
            }
        )
    for programs in by_code.values():
        programs.sort(key=program_preference)
    return by_code, list(unreviewed.values())


def onet_tools(onet_codes: list[str], release) -> dict[str, list[dict]]:
    """O*NET's technology and tools for each occupation, for the convener to pick from:
    in-demand technology first (in releases that flag it), then the kinds of tool or
    software the occupation lists most examples of (what the job is built around), then by
    name. O*NET's hot technology flag is the same for every occupation (databases, email),
    so it is shown but does not rank."""
    out: dict[str, list[dict]] = {code: [] for code in onet_codes}
    if release is None:
        return out
    rows = [
        (code, example, commodity, "technology", bool(hot), bool(in_demand))
        for code, example, commodity, hot, in_demand in TechnologySkill.objects.filter(
            release=release, onet_code__in=onet_codes
        ).values_list("onet_code", "example", "commodity_title", "hot_technology", "in_demand")
    ] + [
        (code, example, commodity, "tool", False, False)
        for code, example, commodity in ToolUsed.objects.filter(
            release=release, onet_code__in=onet_codes
        ).values_list("onet_code", "example", "commodity_title")
    ]
    size = Counter((code, kind, commodity) for code, _, commodity, kind, _, _ in rows)
    seen: dict[str, set[str]] = {code: set() for code in onet_codes}
    for code, example, commodity, kind, hot, in_demand in sorted(
        rows, key=lambda r: (r[0], not r[5], -size[(r[0], r[3], r[2])], r[2], r[1])
    ):
        if example.casefold() in seen[code]:
            continue
        seen[code].add(example.casefold())
        out[code].append(
            {
                "name": example,
                "kind": kind,
                "hot": hot,
                "in_demand": in_demand,
                "commodity": commodity,
                "examples": size[(code, kind, commodity)],
            }
        )
    return out


def default_tools(options: list[dict]) -> list[str]:
    """What the map shows before employers choose: in-demand technology where the release
    flags it, else the kind of software the occupation lists most; then the kinds of tools
    it lists most, named by kind ("Calipers", "Arc welders") rather than by brand."""
    technology = [o["name"] for o in options if o["in_demand"]][:2]
    if not technology:
        technology = [o["commodity"] for o in options if o["kind"] == "technology"][:1]
    tools = list(dict.fromkeys(o["commodity"] for o in options if o["kind"] == "tool"))
    return technology + tools[: MAX_TECHNOLOGIES - len(technology)]


def occupation_settings(pathway_map: PathwayMap) -> dict[str, MapOccupation]:
    return {
        s.soc_code: s
        for s in MapOccupation.objects.filter(pathway_map=pathway_map).select_related(
            "pinned_program"
        )
    }


# A pathway program needs two steps to be a route from one place to another.
ROUTE_MIN_STEPS = 2


def map_routes(
    partnership: Partnership, pathway_ids: Iterable[int] | None = None
) -> tuple[list[dict], list[dict]]:
    """The pathway programs (step 6) the map draws as routes between its tiers, and the ones
    it leaves off, each with the reason. Without a choice: every one with two steps or more."""
    chosen, left_off = [], []
    wanted = None if pathway_ids is None else {int(i) for i in pathway_ids}
    for route in pathway_routes_for_map(partnership):
        if len(route["steps"]) < ROUTE_MIN_STEPS:
            reason = "short"
        elif wanted is not None and route["id"] not in wanted:
            reason = "unchosen"
        else:
            chosen.append(route)
            continue
        left_off.append(
            {"id": route["id"], "name": route["name"], "steps": len(route["steps"]),
             "reason": reason}
        )  # fmt: skip
    return chosen, left_off


def map_data(
    partnership: Partnership,
    pathway_map: PathwayMap | None = None,
    *,
    include_unreviewed: bool = False,
    pathway_ids: Iterable[int] | None = None,
) -> dict:
    """Everything a map shows, as plain JSON-ready data, in English with the convener's
    Spanish texts beside it. A draft renders this live; publishing stores it in the version
    so later edits elsewhere don't change a published map. Programs employers have not
    reviewed stay off unless `include_unreviewed` (the convener's knowing choice); the
    pathway programs drawn are those in `pathway_ids` (None: every one with two steps)."""
    pathway_map = pathway_map or map_for(partnership)
    routes, routes_left_off = map_routes(partnership, pathway_ids)
    own = occupation_settings(pathway_map)
    critical = list(
        CriticalOccupation.objects.filter(partnership=partnership).order_by("order", "soc_code")
    )
    region_name, area_codes = region(partnership)
    codes = {c.soc_code for c in critical}
    onet_release = labor.current_release(Source.ONET)
    onet_codes = {c.soc_code: c.onet_code or f"{c.soc_code}.00" for c in critical}
    # O*NET's lists only for the occupations whose tools employers have not picked.
    unpicked = [
        onet_codes[c.soc_code]
        for c in critical
        if not (c.soc_code in own and own[c.soc_code].tools)
    ]
    options = onet_tools(list(dict.fromkeys(unpicked)), onet_release)
    descriptions: dict[str, str] = {}
    if onet_release is not None:
        descriptions = dict(
            OnetOccupation.objects.filter(
                release=onet_release, code__in=onet_codes.values()
            ).values_list("code", "description")
        )
    pins = {code: s.pinned_program_id for code, s in own.items() if s.pinned_program_id}
    programs, unreviewed = _programs_by_soc(
        partnership, codes, pins=pins, include_unreviewed=include_unreviewed
    )
    paths = list(
        AdvancementPath.objects.filter(partnership=partnership).select_related(
            "from_occupation", "to_occupation"
        )
    )
    titles = {c.pk: c.title for c in critical}
    wage_periods: dict[str, set[str]] = {"regional": set(), "national": set()}
    projection_release = ""
    occupations = []
    for occupation in critical:
        rows = labor.wages_for(occupation.soc_code, area_codes)
        projection = labor.projection_for(occupation.soc_code)
        onet_code = onet_codes[occupation.soc_code]
        education = projection.typical_education if projection else ""
        if not education and onet_release is not None:
            shares = labor.required_education(onet_code, release=onet_release)
            education = shares[0][0] if shares else ""
        estimate_flags = [r.estimate for r in rows]
        hourly = not any(e.annual_only for e in estimate_flags) and (
            education not in SALARIED_EDUCATION or any(e.hourly_only for e in estimate_flags)
        )
        wages = wage_block(rows, hourly)
        for scope in ("regional", "national"):
            if wages[scope]:
                wage_periods[scope].add(f"{wages[scope]['period']} ({wages[scope]['area']})")
        if projection is not None:
            projection_release = f"{projection.base_year}-{projection.target_year}"
        own_programs = programs.get(occupation.soc_code, [])
        chosen = own.get(occupation.soc_code)
        picked_tools = list(chosen.tools) if chosen and chosen.tools else []
        # The credentials most of the region's programs award come first.
        awarded = Counter(c for p in own_programs for c in p["credentials"])
        credentials = [c for c, _ in awarded.most_common()]
        occupations.append(
            {
                "id": occupation.pk,
                "soc_code": occupation.soc_code,
                "onet_code": onet_code,
                "title": occupation.title,
                "tier": occupation.tier,
                "description": _short(occupation.description or descriptions.get(onet_code, "")),
                "education": education,
                "experience": projection.work_experience if projection else "",
                "training": projection.job_training if projection else "",
                "credentials": credentials[:MAX_CREDENTIALS],
                "technologies": (picked_tools or default_tools(options.get(onet_code, [])))[
                    :MAX_TECHNOLOGIES
                ],
                "technologies_by": "employers" if picked_tools else "onet",
                "openings": openings(rows, projection),
                "wages": wages,
                "programs": own_programs,
                "conditions": (pathway_map.working_conditions or {}).get(occupation.soc_code, "")
                if pathway_map.show_working_conditions
                else "",
                "leads_to": [
                    titles[p.to_occupation_id]
                    for p in paths
                    if p.from_occupation_id == occupation.pk and p.to_occupation_id in titles
                ],
            }
        )
    spanish = {
        "title": pathway_map.title_es,
        "introduction": pathway_map.introduction_es,
        "requirements": {
            t.value: pathway_map.requirements_for(t.value, "es")
            for t in TIER_ORDER
            if pathway_map.requirements_for(t.value, "es")
        },
        "occupations": {
            str(o["id"]): {
                key: value
                for key, value in (
                    ("title", own[o["soc_code"]].title_es if o["soc_code"] in own else ""),
                    (
                        "description",
                        own[o["soc_code"]].description_es if o["soc_code"] in own else "",
                    ),
                    (
                        "conditions",
                        (pathway_map.working_conditions_es or {}).get(o["soc_code"], "")
                        if pathway_map.show_working_conditions
                        else "",
                    ),
                )
                if value
            }
            for o in occupations
        },
    }
    tiers = []
    for tier in TIER_ORDER:
        in_tier = [o for o in occupations if o.get("tier") == tier.value]
        tiers.append(
            {
                "tier": tier.value,
                "label": tier.label,
                "requirements": pathway_map.requirements_for(tier.value),
                "occupations": in_tier,
            }
        )
    industries = list(partnership.industries.all())
    industry_title = " · ".join(i.title for i in industries)
    inventory_as_of = Program.objects.filter(partnership=partnership).aggregate(
        at=Max("updated_at")
    )["at"]
    sources = []
    if wage_periods["regional"]:
        sources.append(
            {
                "key": "oews_regional",
                "name": "BLS Occupational Employment and Wage Statistics (regional wages)",
                "as_of": "; ".join(sorted(wage_periods["regional"])),
            }
        )
    if wage_periods["national"]:
        sources.append(
            {
                "key": "oews_national",
                "name": "BLS Occupational Employment and Wage Statistics (national wages)",
                "as_of": "; ".join(sorted({p.split(" (")[0] for p in wage_periods["national"]})),
            }
        )
    if projection_release:
        sources.append(
            {
                "key": "projections",
                "name": "BLS Employment Projections (openings, typical education)",
                "as_of": projection_release,
            }
        )
    if onet_release is not None:
        sources.append(
            {
                "key": "onet",
                "name": "O*NET (descriptions, technology and tools)",
                "as_of": onet_release.version,
            }
        )
    if inventory_as_of:
        sources.append(
            {
                "key": "inventory",
                "name": f"{partnership.name} program inventory",
                "as_of": timezone.localtime(inventory_as_of).strftime("%B %-d, %Y"),
                "as_of_date": timezone.localtime(inventory_as_of).date().isoformat(),
            }
        )
    if routes:
        routes_as_of = timezone.localtime(
            max(datetime.fromisoformat(r["updated_at"]) for r in routes)
        )
        sources.append(
            {
                "key": "pathways",
                "name": f"{partnership.name} pathway programs",
                "as_of": routes_as_of.strftime("%B %-d, %Y"),
                "as_of_date": routes_as_of.date().isoformat(),
            }
        )
    return {
        "partnership": {
            "name": partnership.name,
            "slug": partnership.slug,
            "state": partnership.state,
            "state_name": partnership.state_name,
            "contact_name": partnership.contact_name,
            "contact_email": partnership.contact_email,
        },
        "title": pathway_map.title or f"Careers in {industry_title or 'the industry'}",
        "introduction": pathway_map.introduction,
        "industry": industry_title,
        "naics_sectors": sorted({i.naics_code[:2] for i in industries}),
        "region": region_name,
        "tiers": tiers,
        "paths": [
            {
                "from": p.from_occupation.title,
                "to": p.to_occupation.title,
                "from_id": p.from_occupation_id,
                "to_id": p.to_occupation_id,
                "note": p.note,
            }
            for p in paths
            if p.from_occupation_id in titles and p.to_occupation_id in titles
        ],
        "show_working_conditions": pathway_map.show_working_conditions,
        "sources": sources,
        "es": spanish,
        "unreviewed": unreviewed,
        "unreviewed_included": include_unreviewed and bool(unreviewed),
        "routes": routes,
        "routes_left_off": routes_left_off,
        "generated_at": timezone.now().isoformat(),
    }


def occupation_rows(partnership: Partnership, pathway_map: PathwayMap) -> list[dict]:
    """For the convener's per-occupation page: each critical occupation, O*NET's tools for
    it, the programs that could be pinned, and what is set now."""
    critical = list(
        CriticalOccupation.objects.filter(partnership=partnership).order_by(
            "tier", "order", "soc_code"
        )
    )
    onet_codes = {c.soc_code: c.onet_code or f"{c.soc_code}.00" for c in critical}
    options = onet_tools(list(set(onet_codes.values())), labor.current_release(Source.ONET))
    own = occupation_settings(pathway_map)
    rows = []
    for occupation in critical:
        rows.append(
            {
                "occupation": occupation,
                "options": options.get(onet_codes[occupation.soc_code], []),
                "programs": Program.objects.filter(
                    partnership=partnership,
                    occupations__soc_code=occupation.soc_code,
                    occupations__confirmed_at__isnull=False,
                )
                .select_related("provider__organization")
                .distinct(),
                "setting": own.get(occupation.soc_code),
            }
        )
    return rows


# --- the diagram -------------------------------------------------------------------------


STRIP_HEIGHT = 25  # the arrow strip's viewBox is 1000 wide and this tall


@dataclass
class Arrow:
    x1: float
    x2: float
    dashed: bool
    label: str

    @property
    def head(self) -> str:
        """The arrowhead's points at the top end, along the line's direction."""
        dx, dy = self.x2 - self.x1, -STRIP_HEIGHT
        length = (dx * dx + dy * dy) ** 0.5 or 1
        ux, uy = dx / length, dy / length
        back_x, back_y = self.x2 - 9 * ux, 0 - 9 * uy
        px, py = -uy * 4.5, ux * 4.5
        points = [(self.x2, 0), (back_x + px, back_y + py), (back_x - px, back_y - py)]
        return " ".join(f"{x:.1f},{y:.1f}" for x, y in points)

    @property
    def shaft_end_y(self) -> float:
        return 6.0


def money(value: float | None, unit: str, top_coded: bool = False) -> str:
    """A top-coded wage reads "at least $239,200"; a suppressed one "not available"."""
    return labor.WageFigure(value, "at_least" if top_coded else "number", unit).text


def program_length(program: dict) -> str:
    """A program's length in the active language (older snapshots kept only English)."""
    if "clock_hours" not in program:
        return program.get("length", "")
    parts = []
    for key in ("clock_hours", "credits", "weeks", "months_count"):
        value = program.get(key)
        if not value:
            continue
        whole = float(value).is_integer()
        n = int(value) if whole else 2  # plural form for 1.5 credits
        text = f"{int(value):,}" if whole else f"{value:g}"
        if key == "clock_hours":
            words = ngettext("%(n)s hour", "%(n)s hours", n)
        elif key == "credits":
            words = ngettext("%(n)s credit", "%(n)s credits", n)
        elif key == "weeks":
            words = ngettext("%(n)s week", "%(n)s weeks", n)
        else:
            words = ngettext("%(n)s month", "%(n)s months", n)
        parts.append(words % {"n": text})
    return ", ".join(parts)


def periods_note(regional: dict | None, national: dict | None) -> str:
    """Words for figures side by side from different OEWS periods, or ''."""
    here = (regional or {}).get("period")
    there = (national or {}).get("period")
    if not here or not there or here == there:
        return ""
    return gettext(
        "Different periods: regional pay is OEWS %(here)s, national OEWS %(there)s; "
        "not directly comparable."
    ) % {"here": here, "there": there}


def present(occupation: dict) -> dict:
    """Display strings for one occupation's figures (the snapshot keeps raw numbers)."""
    wages = occupation["wages"]
    unit = wages["unit"]
    per = "/hr" if unit == "hourly" else "/yr"
    regional, national = wages.get("regional"), wages.get("national")
    out = {
        "unit": gettext("an hour") if unit == "hourly" else gettext("a year"),
        "per": per,
        "regional_median": "",
        "regional_range": "",
        "regional_area": "",
        "national_median": "",
        "periods_note": "",
        "openings": "",
        "openings_scope": "",
        "openings_national": "",
    }
    if regional:
        out["regional_median"] = money(regional["median"], unit, regional["median_top_coded"])
        out["regional_range"] = (
            f"{money(regional['p10'], unit, regional.get('p10_top_coded', False))}–"
            f"{money(regional['p90'], unit, regional['p90_top_coded'])}"
        )
        out["regional_area"] = regional["area"]
    if national:
        out["national_median"] = money(national["median"], unit, national["median_top_coded"])
    out["periods_note"] = periods_note(regional, national)
    openings = occupation["openings"]
    if openings["value"] is not None:
        out["openings"] = f"{openings['value']:,}"
        out["openings_scope"] = (
            gettext("a year in the region (est.)")
            if openings["scope"] == "regional"
            else gettext("a year, nationally")
        )
        out["openings_national"] = f"{openings['national']:,}"
    programs = []
    for program in occupation["programs"]:
        length = program_length(program)
        facts = [length] if length else []
        if program["cost"] is not None:
            facts.append(gettext("free") if program["cost"] == 0 else f"${program['cost']:,}")
        if program["placement_rate"] is not None:
            facts.append(gettext("%(rate)s%% placed") % {"rate": f"{program['placement_rate']:g}"})
        cost_text = ""
        if program["cost"] is not None:
            cost_text = gettext("free") if program["cost"] == 0 else f"${program['cost']:,}"
        programs.append(
            {**program, "length": length, "cost_text": cost_text, "facts": " · ".join(facts)}
        )
    out["programs"] = programs
    return out


def _untangled(data: dict) -> list[dict]:
    """The tiers with entry and advanced occupations ordered under and over the mid-level ones
    they connect to, so arrows cross as little as they can. Mid keeps the partnership's order;
    an occupation with no arrow to the mid tier keeps its place among the others."""
    tiers = {t["tier"]: t for t in data["tiers"]}
    mid = {o["id"]: i for i, o in enumerate(tiers[Tier.MID.value]["occupations"])}
    if not mid:
        return data["tiers"]
    links: dict[int, list[int]] = {}
    for path in data["paths"]:
        if path["to_id"] in mid:
            links.setdefault(path["from_id"], []).append(mid[path["to_id"]])
        if path["from_id"] in mid:
            links.setdefault(path["to_id"], []).append(mid[path["from_id"]])
    out = []
    for tier in data["tiers"]:
        occupations = tier["occupations"]
        if tier["tier"] != Tier.MID.value:
            count = max(len(occupations), 1)
            scale = max(len(mid), 1)

            def place(item, count=count, scale=scale):
                index, occupation = item
                connected = links.get(occupation["id"])
                if connected:
                    return (sum(connected) / len(connected) + 0.5) / scale, index
                return (index + 0.5) / count, index

            occupations = [o for _, o in sorted(enumerate(occupations), key=place)]
        out.append({**tier, "occupations": occupations})
    return out


def diagram(data: dict) -> dict:
    """Where each occupation sits and the arrows between tiers, shared by web and PDF.

    Tiers are drawn advanced at the top. Each tier row is a grid of `columns` equal columns
    (each card spans two half-columns so short tiers can be centred); an arrow strip under a
    tier holds the arrows that climb into it, from the centre of the card below."""
    tiers = _untangled(data)
    columns = max([3, *(len(t["occupations"]) for t in tiers)])
    position: dict[int, tuple[int, float]] = {}
    rows = []
    for tier in tiers:
        count = len(tier["occupations"])
        offset = columns - count  # in half-columns
        cards = []
        for index, occupation in enumerate(tier["occupations"]):
            start = offset + 2 * index  # half-column where the card begins
            position[occupation["id"]] = (TIER_RANK[tier["tier"]], (start + 1) / (2 * columns))
            cards.append(
                {"occupation": occupation, "show": present(occupation), "grid_start": start + 1}
            )
        rows.append({**tier, "cards": cards, "offset": offset})
    strips: dict[int, list[Arrow]] = {rank: [] for rank in TIER_RANK.values()}
    for path in data["paths"]:
        source, target = position.get(path["from_id"]), position.get(path["to_id"])
        if not source or not target or target[0] <= source[0]:
            continue  # sideways or downward moves are listed in text only
        strips[target[0]].append(
            Arrow(
                x1=source[1],
                x2=target[1],
                dashed=target[0] - source[0] > 1,
                label=f"{path['from']} to {path['to']}",
            )
        )
    # Spread arrows that share an end so they don't overlap.
    width = 1000
    for arrows in strips.values():
        for key in ("x1", "x2"):
            groups: dict[float, list[Arrow]] = {}
            for arrow in arrows:
                groups.setdefault(getattr(arrow, key), []).append(arrow)
            for x, group in groups.items():
                group.sort(key=lambda a: a.x2 if key == "x1" else a.x1)
                for i, arrow in enumerate(group):
                    setattr(arrow, key, x + (i - (len(group) - 1) / 2) * 0.018)
        for arrow in arrows:
            arrow.x1 = round(arrow.x1 * width, 1)
            arrow.x2 = round(arrow.x2 * width, 1)
    top_down = list(reversed(rows))
    for row in top_down:
        rank = TIER_RANK[row["tier"]]
        row["arrows_in"] = strips[rank] if rank > 0 else []
    # The web page lists tiers from the entry level up (a student on a phone meets the entry
    # level first) and draws them advanced on top on wide screens; each row then carries the
    # arrows that climb from it into the tier above.
    bottom_up = list(rows)
    for index, row in enumerate(bottom_up):
        row["arrows_above"] = bottom_up[index + 1]["arrows_in"] if index + 1 < len(rows) else []
    # Regional and national pay of different periods, said once per pair (the one-page map
    # marks the cards with a dagger and says it under them, where it costs no line in a card).
    period_notes = sorted(
        {c["show"]["periods_note"] for r in rows for c in r["cards"] if c["show"]["periods_note"]}
    )
    return {
        "columns": columns,
        "rows": top_down,
        "bottom_up": bottom_up,
        "width": width,
        "period_notes": period_notes,
        "routes": [route_layout(r) for r in data.get("routes", [])],
        "routes_unreviewed": any(
            not s.get("reviewed", True) for r in data.get("routes", []) for s in r["steps"]
        ),
    }


LANE_WIDTH = 100  # a route's drawing is 300 wide: one lane per tier, entry on the left


def route_layout(route: dict) -> dict:
    """A pathway program drawn as a route through the tiers: each step in its tier's lane
    (`lane` 0-2), and from each step a hop to the next one, solid where a linkage carries the
    student on and dashed where there is no agreement yet. `label_at` (0-4, in half lanes)
    is where the hop's words sit, between the two lanes."""
    steps = []
    for step in route["steps"]:
        lane = TIER_RANK.get(step["tier"], 0)
        steps.append({**step, "lane": lane, "lanes_after": 2 - lane, "hop": None})
    for step, following in zip(steps, steps[1:], strict=False):
        step["hop"] = {
            "x1": step["lane"] * LANE_WIDTH + LANE_WIDTH // 2,
            "x2": following["lane"] * LANE_WIDTH + LANE_WIDTH // 2,
            "dashed": step["missing_link"],
            "label_at": step["lane"] + following["lane"],
            "climbs": following["lane"] > step["lane"],
            # Where the printed label goes: beside the line, in the lanes it does not cross.
            "side": _hop_side(step["lane"], following["lane"]),
            "credits": "",
            "credits_count": 0,
        }
        credits = (step.get("linkage_to_next") or {}).get("credits")
        if credits:
            step["hop"]["credits"] = f"{credits:g}"
            # The plural form: 1 credit, 1.5 credits.
            step["hop"]["credits_count"] = int(credits) if float(credits).is_integer() else 2
    return {**route, "steps": steps}


# --- published maps -----------------------------------------------------------------------


def published_versions() -> QuerySet[MapVersion]:
    return MapVersion.objects.published_latest().order_by("pathway_map__partnership__name")


NAICS_SECTORS = {
    "11": "Agriculture, forestry, fishing",
    "21": "Mining, oil and gas",
    "22": "Utilities",
    "23": "Construction",
    "31": "Manufacturing",
    "32": "Manufacturing",
    "33": "Manufacturing",
    "42": "Wholesale trade",
    "44": "Retail trade",
    "45": "Retail trade",
    "48": "Transportation and warehousing",
    "49": "Transportation and warehousing",
    "51": "Information",
    "52": "Finance and insurance",
    "53": "Real estate",
    "54": "Professional and technical services",
    "55": "Management of companies",
    "56": "Administrative and support services",
    "61": "Educational services",
    "62": "Health care and social assistance",
    "71": "Arts, entertainment, recreation",
    "72": "Accommodation and food services",
    "81": "Other services",
    "92": "Public administration",
}


def sector_of(naics_two: str) -> str:
    return NAICS_SECTORS.get(naics_two, naics_two)


def map_directory(*, industry: str = "", state: str = "", q: str = "") -> dict:
    """Every published map (its newest version), filtered; and the filter choices."""
    versions = list(published_versions())
    industries = sorted({sector_of(s) for v in versions for s in v.naics_sectors})
    states = sorted({(v.state, v.pathway_map.partnership.state_name) for v in versions})
    chosen = versions
    if industry:
        chosen = [v for v in chosen if industry in {sector_of(s) for s in v.naics_sectors}]
    if state:
        chosen = [v for v in chosen if v.state == state]
    if q:
        needle = q.lower()
        chosen = [
            v
            for v in chosen
            if needle in v.pathway_map.partnership.name.lower()
            or needle in v.industry_title.lower()
            or needle in v.region_name.lower()
        ]
    return {"versions": chosen, "industries": industries, "states": states}


def latest_version(partnership: Partnership) -> MapVersion | None:
    return (
        MapVersion.objects.filter(pathway_map__partnership=partnership)
        .select_related("pathway_map__partnership")
        .order_by("-number")
        .first()
    )


def published_version(slug: str, number: int | None = None) -> MapVersion | None:
    versions = MapVersion.objects.filter(pathway_map__partnership__slug=slug).select_related(
        "pathway_map__partnership"
    )
    if number is not None:
        return versions.filter(number=number).first()
    return versions.order_by("-number").first()


def newest_stamp(slug: str) -> tuple[int, object] | None:
    """(number, published_at) of a map's newest version, in one query."""
    return (
        MapVersion.objects.filter(pathway_map__partnership__slug=slug)
        .order_by("-number")
        .values_list("number", "published_at")
        .first()
    )


PDF_CACHE_SECONDS = 60


def _pdf_cache_key(slug: str, number: int | None, detail: bool, language: str = "en") -> str:
    edition = "detail" if detail else "map"
    return f"maps:pdf:{slug}:{number or 'current'}:{edition}:{language}"


def pdf_to_serve(
    slug: str, number: int | None, detail: bool, language: str = "en"
) -> tuple[str, int] | None:
    """The stored file (name, version number) that answers a download. For the current map,
    the newest version that has one: while a new version renders, people get the last good
    PDF. Cached briefly: downloads are the busiest thing the site serves."""
    key = _pdf_cache_key(slug, number, detail, language)
    found = cache.get(key)
    if found is not None:
        return tuple(found)
    field = ("detail_pdf" if detail else "pdf") + ("" if language == "en" else f"_{language}")
    versions = MapVersion.objects.filter(pathway_map__partnership__slug=slug).exclude(
        Q(**{field: ""})
    )
    if number is not None:
        versions = versions.filter(number=number)
    row = versions.order_by("-number").values_list(field, "number").first()
    if row is not None:
        cache.set(key, list(row), PDF_CACHE_SECONDS)
    return row


def forget_pdfs(slug: str, number: int | None = None) -> None:
    keys = [
        _pdf_cache_key(slug, n, d, language)
        for n in {None, number}
        for d in (False, True)
        for language in ("en", "es")
    ]
    cache.delete_many(keys)


def versions_of(pathway_map: PathwayMap) -> list[MapVersion]:
    return list(
        pathway_map.versions.select_related("published_by", "pathway_map__partnership")
        .defer("snapshot")
        .order_by("-number")
    )


def latest_render(pathway_map: PathwayMap) -> MapRender | None:
    return (
        MapRender.objects.filter(pathway_map=pathway_map)
        .select_related("version")
        .order_by("-created_at", "-id")
        .first()
    )


def render_for(pathway_map: PathwayMap, render_id: int) -> MapRender | None:
    return MapRender.objects.filter(pathway_map=pathway_map, pk=render_id).first()


# --- the tracker ---------------------------------------------------------------------------


def step7_criteria(partnership: Partnership) -> list:
    """What the tracker checks before step 7 can be marked complete."""
    from partnerships.registry import Criterion

    critical = list(
        CriticalOccupation.objects.filter(partnership=partnership).values_list("tier", flat=True)
    )
    missing_tiers = [t.label for t in TIER_ORDER if t.value not in critical]
    version = latest_version(partnership)
    return [
        Criterion(
            "Critical occupations in every tier",
            bool(critical) and not missing_tiers,
            f"No occupation yet in: {', '.join(missing_tiers)}"
            if missing_tiers
            else f"{len(critical)} occupation{pluralize(len(critical))}",
        ),
        Criterion(
            "A pathway map is published",
            version is not None,
            f"Version {version.number}, published {timezone.localtime(version.published_at):%B %-d, %Y}"
            if version
            else "Preview the draft and publish it",
        ),
        Criterion(
            "The printable one-page PDF is ready",
            bool(version and version.pdf),
            "" if version is None else ("Ready" if version.pdf else "Rendering or failed"),
        ),
    ]


def _hop_side(a: int, b: int) -> str:
    low, high = min(a, b), max(a, b)
    if high <= 1:
        return f"after-{high}"
    if low >= 1:
        return f"before-{low}"
    return "middle"
