"""Demand: the region's annual openings per occupation, estimated as the pathway map does.

BLS projects openings for the nation only. The regional estimate applies the national
openings rate (annual openings / base-year employment) to the region's OEWS employment,
summed over the partnership's OEWS areas (statewide areas when it has any). This is a bulk
version of the map's per-occupation read: one query for employment, one for projections,
whatever the number of occupations.
"""

from __future__ import annotations

from dataclasses import dataclass

from occupations.models import OewsEstimate, Projection, Source
from occupations.selectors import NATION, current_release, openings_estimate
from partnerships.models import Partnership, RegionArea


@dataclass(frozen=True)
class Openings:
    soc_code: str
    value: int | None  # None: no projection for the occupation
    scope: str  # "regional" (estimated), "national" (no regional employment), "none"
    national: int | None
    period: str  # projection period, e.g. 2024-34
    employment: int | None  # regional OEWS employment used
    employment_period: str  # the OEWS releases behind it
    education: str  # BLS typical education needed for entry

    @property
    def source(self) -> str:
        if self.scope == "regional":
            return (
                f"BLS Employment Projections {self.period} openings rate × OEWS "
                f"{self.employment_period} regional employment (est.)"
            )
        if self.scope == "national":
            return f"BLS Employment Projections {self.period} (national; no regional employment)"
        return "No BLS projection for this occupation"


def region_area_codes(partnership: Partnership) -> list[str]:
    areas = list(partnership.areas.all())
    statewide = [a for a in areas if a.kind == RegionArea.Kind.STATEWIDE]
    chosen = statewide or areas
    return list(dict.fromkeys(str(c) for a in chosen for c in a.oews_area_codes or []))


def _aggregate(code: str) -> str:
    return code[:6] + "0"


def regional_employment(soc_codes: set[str], area_codes: list[str]) -> dict[str, tuple[int, str]]:
    """Regional OEWS employment per SOC code: (jobs, release), each area from the newest
    release that has it, a detailed code published only as an aggregate read from it."""
    if not area_codes or not soc_codes:
        return {}
    lookup = soc_codes | {_aggregate(c) for c in soc_codes}
    rows = (
        OewsEstimate.objects.filter(
            occ_code__in=lookup, area_code__in=[a for a in area_codes if a != NATION]
        )
        .filter(naics="000000")
        .order_by("-release__imported_at", "-release_id", "line")
        .values_list(
            "area_code", "occ_code", "o_group", "tot_emp", "release_id", "release__version"
        )
    )
    newest: dict[str, int] = {}
    found: dict[tuple[str, str], tuple[int | None, str, str]] = {}
    for area, occ, group, jobs, release_id, version in rows:
        newest.setdefault(area, release_id)
        if release_id != newest[area]:
            continue
        key = (area, occ)
        if key not in found or (found[key][1] != "detailed" and group == "detailed"):
            found[key] = (jobs, group, version)
    out: dict[str, tuple[int, str]] = {}
    for code in soc_codes:
        total, versions = 0, set()
        for area in newest:
            hit = found.get((area, code)) or found.get((area, _aggregate(code)))
            if hit and hit[0]:
                total += hit[0]
                versions.add(hit[2])
        if total:
            out[code] = (total, ", ".join(sorted(versions)))
    return out


def projections(soc_codes: set[str]) -> dict[str, Projection]:
    release = current_release(Source.PROJECTIONS)
    if release is None or not soc_codes:
        return {}
    lookup = soc_codes | {_aggregate(c) for c in soc_codes}
    rows = {
        p.soc_code: p
        for p in Projection.objects.filter(release=release, soc_code__in=lookup).only(
            "soc_code",
            "base_year",
            "target_year",
            "employment_base",
            "annual_openings",
            "typical_education",
        )
    }
    return {
        c: rows.get(c) or rows.get(_aggregate(c))
        for c in soc_codes
        if rows.get(c) or rows.get(_aggregate(c))
    }


def openings_for(soc_codes: set[str], area_codes: list[str]) -> dict[str, Openings]:
    employment = regional_employment(soc_codes, area_codes)
    projected = projections(soc_codes)
    out = {}
    for code in soc_codes:
        projection = projected.get(code)
        jobs, jobs_period = employment.get(code, (None, ""))
        estimate = openings_estimate(projection, jobs)
        out[code] = Openings(
            code,
            estimate["value"],
            estimate["scope"],
            estimate["national"],
            estimate.get("period", ""),
            jobs,
            jobs_period,
            projection.typical_education if estimate["scope"] != "none" else "",
        )
    return out
