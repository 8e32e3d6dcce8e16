"""Everything a map shows, assembled as plain data (live for a draft, frozen in a
version), and the convener's per-occupation rows."""

from __future__ import annotations

from collections import Counter
from collections.abc import Iterable
from datetime import datetime

from django.db.models import Max
from django.utils import timezone

from inventory.models import Program
from occupations import selectors as labor
from occupations.models import AdvancementPath, CriticalOccupation, OnetOccupation, Source
from partnerships.models import Partnership
from pathways.maps.models import MapOccupation, PathwayMap
from pathways.maps.selectors.figures import SALARIED_EDUCATION, openings, region, wage_block
from pathways.maps.selectors.programs import _programs_by_soc
from pathways.maps.selectors.routes import map_routes
from pathways.maps.selectors.tiers import TIER_ORDER
from pathways.maps.selectors.tools import MAX_TECHNOLOGIES, default_tools, onet_tools

MAX_CREDENTIALS = 4
DESCRIPTION_CHARS = 150


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


def occupation_settings(pathway_map: PathwayMap) -> dict[str, MapOccupation]:
    return {
        s.soc_code: s
        for s in MapOccupation.objects.filter(pathway_map=pathway_map).select_related(
            "pinned_program"
        )
    }


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
