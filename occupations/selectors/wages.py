"""Labor-market figures: OEWS employment and wages (top-coded and suppressed values as a
reader must see them), BLS projections and the annual openings estimate."""

from __future__ import annotations

from dataclasses import dataclass

from django.utils.translation import gettext

from occupations.models import (
    OewsArea,
    OewsEstimate,
    Projection,
    Source,
)
from occupations.selectors.releases import (
    NATION,
    current_release,
)

WAGE_COLUMNS = ["a_pct10", "a_pct25", "a_median", "a_pct75", "a_pct90"]
HOURLY_COLUMNS = ["h_pct10", "h_pct25", "h_median", "h_pct75", "h_pct90"]
TOP_CODE_ANNUAL = 239200.0
TOP_CODE_HOURLY = 115.0


@dataclass(frozen=True)
class WageFigure:
    """One published wage as a reader must see it: a number, "at least" the top code
    (BLS '#'), or not available (BLS '*', '**'). Never a top code passed off as a number."""

    value: float | None
    state: str  # "number", "at_least", "not_available"
    unit: str  # "annual" or "hourly"

    @property
    def is_number(self) -> bool:
        return self.state == "number"

    @property
    def text(self) -> str:
        if self.state == "at_least" and self.value is None:
            return "at or above BLS's top code"  # a file of a period whose top code we lack
        if self.value is None or self.state == "not_available":
            return gettext("not available")
        money = f"${self.value:,.2f}" if self.unit == "hourly" else f"${self.value:,.0f}"
        if self.state == "at_least":
            return gettext("at least %(amount)s") % {"amount": money}
        return money


def wage_figure(
    value: float | None, flag: str, *, unit: str, top_code: float | None = None
) -> WageFigure:
    if value is None and flag == "#":
        top = top_code or (TOP_CODE_HOURLY if unit == "hourly" else TOP_CODE_ANNUAL)
        return WageFigure(top, "at_least", unit)
    if value is None:
        return WageFigure(None, "not_available", unit)
    return WageFigure(value, "number", unit)


@dataclass
class WageRow:
    area_code: str
    area_title: str
    period: str
    occ_code: str
    occ_title: str
    estimate: OewsEstimate

    @property
    def is_nation(self) -> bool:
        return self.area_code == NATION

    @property
    def markers(self) -> dict[str, str]:
        return self.estimate.markers or {}

    def flag(self, column: str) -> str:
        """The BLS marker on a column: '#', '*', '**', '~' or ''."""
        return self.markers.get(column, "")

    @property
    def employment_not_available(self) -> bool:
        return self.flag("tot_emp") == "**"

    def figure(self, column: str) -> WageFigure:
        unit = "hourly" if column.startswith("h_") else "annual"
        release = self.estimate.release
        top = release.top_code_hourly if unit == "hourly" else release.top_code_annual
        if top is None:  # a release imported before top codes were kept: its period's
            from occupations.importers.oews import published_top_codes

            hourly, annual = published_top_codes(release.version)
            top = hourly if unit == "hourly" else annual
            if top is None and self.flag(column) == "#":
                return WageFigure(None, "at_least", unit)
        return wage_figure(getattr(self.estimate, column), self.flag(column), unit=unit,
                           top_code=top)  # fmt: skip

    @property
    def figures(self) -> dict[str, WageFigure]:
        """Every wage column as a figure to show: row.figures.a_median.text."""
        columns = [*WAGE_COLUMNS, *HOURLY_COLUMNS, "a_mean", "h_mean", "a_entry", "h_entry",
                   "a_experienced", "h_experienced"]  # fmt: skip
        return {c: self.figure(c) for c in columns}

    @property
    def annual_percentiles(self) -> list[WageFigure]:
        """10th..90th annual percentiles, each a number, "at least" or not available."""
        return [self.figure(c) for c in WAGE_COLUMNS]

    @property
    def top_coded(self) -> list[str]:
        return [c for c, m in self.markers.items() if m == "#"]


def wage_periods_differ(rows: list[WageRow]) -> bool:
    return len({r.period for r in rows}) > 1


def oews_areas() -> list[tuple[str, str]]:
    """Every OEWS area with data, (code, title), the nation first, then by title."""
    seen: dict[str, str] = {}
    for code, title in OewsArea.objects.order_by("-release__imported_at").values_list(
        "code", "title"
    ):
        seen.setdefault(code, title)
    return sorted(seen.items(), key=lambda ct: (ct[0] != NATION, ct[1]))


def wages_for(soc_code: str, area_codes: list[str] | tuple[str, ...] = ()) -> list[WageRow]:
    """Cross-industry employment and wages for a SOC code in each area, and the nation.

    Each area comes from the most recently imported OEWS release that has it. A detailed
    code OEWS publishes only as an aggregate (51-2092 inside 51-2090) falls back to the
    aggregate; `occ_code` says which code the numbers are for.
    """
    areas = list(dict.fromkeys([*area_codes, NATION]))
    codes = [soc_code, soc_code[:6] + "0"]
    estimates = list(
        OewsEstimate.objects.filter(occ_code__in=codes, area_code__in=areas, naics="000000")
        .select_related("release")
        .order_by("-release__imported_at", "-release_id", "line")
    )
    area_titles = {}
    for code, title in (
        OewsArea.objects.filter(code__in=areas)
        .order_by("release__imported_at")
        .values_list("code", "title")
    ):
        area_titles[code] = title
    rows = []
    regional_periods: list[str] = []
    for area in areas:
        candidates = [e for e in estimates if e.area_code == area]
        if not candidates:
            continue
        release_id = candidates[0].release_id
        if area == NATION:
            # National figures of the regional figures' period, where one was imported.
            same = [e for e in candidates if e.release.version in regional_periods]
            release_id = (same or candidates)[0].release_id
        else:
            regional_periods.append(candidates[0].release.version)
        candidates = [e for e in candidates if e.release_id == release_id]
        candidates.sort(key=lambda e: (e.occ_code != soc_code, e.o_group != "detailed"))
        best = candidates[0]
        rows.append(
            WageRow(
                area_code=area,
                area_title=area_titles.get(area, area),
                period=best.release.version,
                occ_code=best.occ_code,
                occ_title=best.occ_title,
                estimate=best,
            )
        )
    return rows


def projection_for(soc_code: str) -> Projection | None:
    """The current projections line for a SOC code (or the aggregate it sits in)."""
    release = current_release(Source.PROJECTIONS)
    if release is None:
        return None
    rows = {
        p.soc_code: p
        for p in Projection.objects.filter(
            release=release, soc_code__in=[soc_code, soc_code[:6] + "0"]
        )
    }
    return rows.get(soc_code) or rows.get(soc_code[:6] + "0")


def openings_estimate(projection: Projection | None, regional_employment: int | None) -> dict:
    """Annual openings (value, scope, national, period). The BLS projects openings for the
    nation only, so a regional figure applies the national openings rate to the region's
    employment, and its scope says so. The one formula the map and step 6 both use."""
    if projection is None or projection.annual_openings is None:
        return {"scope": "none", "value": None, "national": None}
    national = round(projection.annual_openings * 1000)
    out = {
        "national": national,
        "period": f"{projection.base_year}-{str(projection.target_year)[-2:]}",
        "scope": "national",
        "value": national,
    }
    if regional_employment and projection.employment_base:
        rate = projection.annual_openings / projection.employment_base
        out.update(scope="regional", value=max(1, round(rate * regional_employment)))
    return out
