"""Step 3: the sector's labor-market picture, the partnership's region beside the nation
at one SOC level."""

from __future__ import annotations

from dataclasses import dataclass, field

from django.db.models import Q

from occupations.models import (
    OewsArea,
    OewsEstimate,
    Projection,
    SocCode,
    Source,
    WatchedOccupation,
)
from occupations.selectors.releases import (
    NATION,
    current_release,
)
from occupations.selectors.wages import TOP_CODE_ANNUAL, wage_figure

SMALL_BASE = 500  # regional jobs: below this a percentage change says little

LEVELS = {
    "major": lambda soc: soc[:2] + "-0000",
    "minor": lambda soc: soc[:4] + "000",
    "broad": lambda soc: soc[:6] + "0",
    "detailed": lambda soc: soc,
}
LEVEL_LABELS = {
    "major": "Major groups",
    "minor": "Minor groups",
    "broad": "Broad occupations",
    "detailed": "Detailed occupations",
}


@dataclass
class PictureRow:
    soc_code: str
    title: str
    employment: float = 0.0  # jobs in the region
    employment_known: bool = False
    projected: float | None = None
    openings: float | None = None
    region_median: float | None = None
    nation_median: float | None = None
    nation_employment: float | None = None
    change_percent: float | None = None  # national BLS projection for the period
    region_median_text: str = "not available"  # "$52,000", "at least $239,200", ...
    nation_median_text: str = "not available"

    @property
    def change(self) -> float | None:
        return None if self.projected is None else self.projected - self.employment

    @property
    def growth(self) -> float | None:
        if self.projected is None or not self.employment:
            return None
        return 100 * (self.projected - self.employment) / self.employment

    @property
    def small_base(self) -> bool:
        return self.employment_known and self.employment < SMALL_BASE


@dataclass
class SectorPicture:
    source: str  # "industry" (OEWS industry rows) or "watch" (the partnership's watch list)
    area_codes: list[str]
    area_titles: list[str]
    industries: list[str]
    occupations: list[PictureRow]  # always detailed
    level: str
    rows: list[PictureRow]  # the chosen level only
    majors: list[PictureRow]
    oews_period: str = ""
    projection_period: str = ""
    missing_areas: list[str] = field(default_factory=list)

    @property
    def level_label(self) -> str:
        return LEVEL_LABELS[self.level]


def _region_codes(partnership) -> list[str]:
    codes = []
    for area in partnership.areas.all():
        for code in area.oews_area_codes or []:
            if str(code) not in codes:
                codes.append(str(code))
    return codes


def sector_picture(partnership, level: str = "major") -> SectorPicture:
    """Employment, projected change, openings and wages of the sector's occupations in the
    partnership's region beside the nation, at one SOC level.

    The occupations come from OEWS industry-specific rows for the partnership's NAICS codes
    where those were imported, otherwise from the partnership's watch list. BLS projects
    employment for the nation, so the regional projection applies the national rate of change
    and of openings to regional employment (said so on the page)."""
    level = level if level in LEVELS else "major"
    areas = _region_codes(partnership)
    industries = [i.naics_code for i in partnership.industries.all()]
    industry_q = Q()
    for code in industries:
        industry_q |= Q(naics__startswith=code)
    estimates = []
    source = "watch"
    if industries:
        estimates = list(
            OewsEstimate.objects.filter(industry_q, area_code__in=[*areas, NATION])
            .exclude(naics="000000")
            .filter(o_group="detailed")
            .order_by("-release__imported_at", "-release_id", "line")
            .values(
                "release_id",
                "area_code",
                "occ_code",
                "occ_title",
                "tot_emp",
                "a_median",
                "markers",
                "release__top_code_annual",
                "release__version",
            )
        )
        source = "industry" if estimates else "watch"
    if source == "watch":
        watched = dict(
            WatchedOccupation.objects.filter(partnership=partnership).values_list(
                "soc_code", "title"
            )
        )
        lookup = [*watched, *{c[:6] + "0" for c in watched}]
        estimates = list(
            OewsEstimate.objects.filter(
                occ_code__in=lookup, area_code__in=[*areas, NATION], naics="000000"
            )
            .order_by("-release__imported_at", "-release_id", "line")
            .values(
                "release_id",
                "area_code",
                "occ_code",
                "occ_title",
                "tot_emp",
                "a_median",
                "markers",
                "release__top_code_annual",
                "release__version",
            )
        )
        for est in estimates:  # an aggregate (51-2090) standing in for a watched detail code
            if est["occ_code"] not in watched:
                est["occ_code"] = next(
                    (c for c in watched if c[:6] + "0" == est["occ_code"]), est["occ_code"]
                )
        codes = list(watched)
    else:
        watched = {}
        codes = sorted({e["occ_code"] for e in estimates})
    # The most recent release that has an area; the first row per (area, code) wins.
    area_release: dict[str, int] = {}
    for est in estimates:
        if est["area_code"] != NATION:
            area_release.setdefault(est["area_code"], est["release_id"])
    # National figures of the regional figures' period, where that period was imported.
    regional_versions = {e["release__version"] for e in estimates if e["area_code"] != NATION
                         and e["release_id"] == area_release[e["area_code"]]}  # fmt: skip
    national = [e for e in estimates if e["area_code"] == NATION]
    same = [e for e in national if e["release__version"] in regional_versions]
    if national:
        area_release[NATION] = (same or national)[0]["release_id"]
    seen: dict[tuple[str, str], dict] = {}
    for est in estimates:
        if est["release_id"] != area_release[est["area_code"]]:
            continue
        seen.setdefault((est["area_code"], est["occ_code"]), est)
    projections_release = current_release(Source.PROJECTIONS)
    projections = {}
    if projections_release is not None:
        for p in Projection.objects.filter(
            release=projections_release,
            soc_code__in=list({*codes, *{c[:6] + "0" for c in codes}}),
        ).values("soc_code", "change_percent", "annual_openings", "employment_base",
                 "base_year", "target_year"):  # fmt: skip
            projections[p["soc_code"]] = p
    occupations = []
    for code in codes:
        title = watched.get(code) or next(
            (e["occ_title"] for (a, c), e in seen.items() if c == code), code
        )
        row = PictureRow(soc_code=code, title=title)
        medians = []
        top_coded: list[float] = []
        for area in areas:
            est = seen.get((area, code))
            if est and est["tot_emp"] is not None:
                row.employment += est["tot_emp"]
                row.employment_known = True
                if est["a_median"] is not None:
                    medians.append((est["tot_emp"], est["a_median"]))
                elif (est["markers"] or {}).get("a_median") == "#":
                    top_coded.append(est["release__top_code_annual"] or TOP_CODE_ANNUAL)
        if top_coded:
            # An area at or above the top code: the region's middle wage is "at least" the
            # lowest of them, never a number.
            row.region_median_text = wage_figure(
                None, "#", unit="annual", top_code=min(top_coded)
            ).text
        elif medians:
            total = sum(w for w, _ in medians)
            row.region_median = sum(w * m for w, m in medians) / total if total else medians[0][1]
            row.region_median_text = wage_figure(row.region_median, "", unit="annual").text
        nation = seen.get((NATION, code))
        if nation:
            row.nation_median = nation["a_median"]
            row.nation_employment = nation["tot_emp"]
            row.nation_median_text = wage_figure(
                nation["a_median"],
                (nation["markers"] or {}).get("a_median", ""),
                unit="annual",
                top_code=nation["release__top_code_annual"],
            ).text
        proj = projections.get(code) or projections.get(code[:6] + "0")
        if proj and proj["change_percent"] is not None and row.employment_known:
            row.change_percent = proj["change_percent"]
            row.projected = row.employment * (1 + proj["change_percent"] / 100)
            if proj["annual_openings"] is not None and proj["employment_base"]:
                row.openings = row.employment * proj["annual_openings"] / proj["employment_base"]
        occupations.append(row)
    group_codes = {LEVELS[lv](c) for lv in ("major", "minor", "broad") for c in codes}
    titles = {}
    soc_release = current_release(Source.SOC)
    if soc_release is not None:
        titles = dict(
            SocCode.objects.filter(release=soc_release, code__in=group_codes).values_list(
                "code", "title"
            )
        )
    area_names = dict(OewsArea.objects.filter(code__in=areas).values_list("code", "title"))
    period = ""
    if area_release:
        versions = {e["area_code"]: e["release__version"] for e in seen.values()}
        regional = sorted({v for a, v in versions.items() if a != NATION})
        national = versions.get(NATION)
        period = ", ".join(regional) or national or ""
        if national and regional and regional != [national]:
            period = f"{period} for the region; {national} for the nation (periods differ)"
    projection_period = ""
    if projections:
        any_p = next(iter(projections.values()))
        projection_period = f"{any_p['base_year']}-{any_p['target_year']}"
    return SectorPicture(
        source=source,
        area_codes=areas,
        area_titles=[area_names.get(a, a) for a in areas],
        industries=industries,
        occupations=sorted(occupations, key=lambda r: -r.employment),
        level=level,
        rows=_rollup(occupations, level, titles),
        majors=_rollup(occupations, "major", titles),
        oews_period=period,
        projection_period=projection_period,
        missing_areas=[a for a in areas if a not in area_release],
    )


def _rollup(occupations: list[PictureRow], level: str, titles: dict[str, str]) -> list[PictureRow]:
    """Detailed rows summed to one SOC level (never mixed with rows of another level)."""
    if level == "detailed":
        return sorted(occupations, key=lambda r: -r.employment)
    groups: dict[str, PictureRow] = {}
    for row in occupations:
        code = LEVELS[level](row.soc_code)
        group = groups.setdefault(code, PictureRow(soc_code=code, title=titles.get(code, code)))
        if row.employment_known:
            group.employment += row.employment
            group.employment_known = True
            if row.projected is not None:
                group.projected = (group.projected or 0) + row.projected
            else:  # keep the group's projection comparable: unchanged where none is published
                group.projected = (group.projected or 0) + row.employment
            if row.openings is not None:
                group.openings = (group.openings or 0) + row.openings
    return sorted(groups.values(), key=lambda r: -r.employment)
