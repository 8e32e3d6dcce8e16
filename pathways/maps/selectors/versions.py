"""The published maps: the directory, a map's versions, and its render jobs."""

from __future__ import annotations

from django.db.models import QuerySet

from partnerships.models import Partnership
from pathways.maps.models import MapRender, MapVersion, PathwayMap


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
