"""Named reads of the labor-market data. Everything reads the current release of a source
(the most recently imported one) unless a release is passed in."""

from __future__ import annotations

import re
from bisect import bisect_right
from dataclasses import dataclass, field
from functools import lru_cache
from itertools import accumulate

from django.core.cache import cache
from django.db.models import Q
from django.utils.translation import gettext

from occupations import wording
from occupations.models import (
    AlternateTitle,
    CipSocCrosswalk,
    DataRelease,
    EducationCategory,
    ImportJob,
    JobZoneReference,
    OewsArea,
    OewsColumnProfile,
    OewsEstimate,
    OnetJobZone,
    OnetOccupation,
    OnetRating,
    OnetSocCrosswalk,
    OnetTask,
    Projection,
    RelatedOccupation,
    SocCode,
    Source,
    TechnologySkill,
    ToolUsed,
)

NATION = "99"
CODE_PREFIX_RE = re.compile(r"^\d{2}(-\d{0,4}(\.\d{0,2})?)?$")
ONET_CODE_RE = re.compile(r"^\d{2}-\d{4}\.\d{2}$")
SOC_CODE_RE = re.compile(r"^\d{2}-\d{4}$")


# --- releases and imports ---------------------------------------------------------------


def current_release(source: str) -> DataRelease | None:
    """The release everything reads for a source: the most recently imported one. For OEWS,
    an industry-specific file never becomes the current (cross-industry) release."""
    releases = DataRelease.objects.filter(source=source)
    if source == Source.OEWS:
        releases = releases.filter(industry_only=False)
    return releases.order_by("-imported_at", "-id").first()


def current_of(source: str, releases: list[DataRelease]) -> DataRelease | None:
    """`current_release` picked from releases already read (the data page lists them all)."""
    if source == Source.OEWS:
        releases = [r for r in releases if not r.industry_only]
    return max(releases, key=lambda r: (r.imported_at, r.pk), default=None)


def releases_by_source() -> list[tuple[str, list[DataRelease]]]:
    releases = list(DataRelease.objects.select_related("imported_by").order_by("-imported_at"))
    return [(s, [r for r in releases if r.source == s]) for s in Source.values]


def oews_profiles() -> list[OewsColumnProfile]:
    return list(OewsColumnProfile.objects.order_by("publisher"))


def oews_profile_for(labels: list[str], publisher: str = "") -> OewsColumnProfile | None:
    """The saved mapping to offer for a file: the publisher asked for, else the most recently
    saved profile whose columns are all in the file's header."""
    if publisher:
        found = OewsColumnProfile.objects.filter(publisher=publisher).first()
        if found is not None:
            return found
    present = set(labels)
    for profile in OewsColumnProfile.objects.order_by("-updated_at"):
        if profile.columns and set(profile.columns.values()) <= present:
            return profile
    return None


def recent_import_jobs(limit: int = 20) -> list[ImportJob]:
    return list(
        ImportJob.objects.select_related("release", "requested_by").order_by("-created_at")[:limit]
    )


def import_job(job_id: int) -> ImportJob | None:
    return ImportJob.objects.select_related("release", "requested_by").filter(pk=job_id).first()


@dataclass
class JobProgress:
    phase: str
    done: int
    total: int

    @property
    def percent(self) -> int:
        return min(100, round(100 * self.done / self.total)) if self.total else 0


def import_progress(job: ImportJob) -> JobProgress:
    from occupations.services import _progress_key

    if job.status in (ImportJob.Status.SUCCEEDED, ImportJob.Status.UNCHANGED):
        return JobProgress("finished", 1, 1)
    data = cache.get(_progress_key(job.pk)) or {}
    return JobProgress(data.get("phase", job.get_status_display().lower()),
                       data.get("done", 0), data.get("total", 0))  # fmt: skip


# --- occupations: search and profile ------------------------------------------------------


@dataclass
class SearchHit:
    code: str
    title: str
    matched_title: str = ""  # the alternate title that matched, if any

    @property
    def soc_code(self) -> str:
        return self.code[:7]


def search_occupations(query: str, limit: int = 20) -> list[SearchHit]:
    """O*NET occupations by code (SOC or O*NET-SOC, or a prefix), title or alternate title.

    Ranked: code matches, titles starting with the query, titles containing every word,
    then alternate titles containing every word. Matching runs over an in-memory index of
    the current release (about 54,000 titles), built once per process and release, so a
    keystroke costs a few milliseconds on any database.
    """
    release = current_release(Source.ONET)
    text = " ".join(query.split()).lower()
    if release is None or not text or (len(text) < 2 and not text.isdigit()):
        return []
    projections = current_release(Source.PROJECTIONS)
    occupations, alternates = _search_index(release.pk, projections.pk if projections else None)
    if CODE_PREFIX_RE.match(text):
        return [SearchHit(c, t) for c, t in occupations.rows if c.startswith(text)][:limit]
    words = text.split()

    def rank(title: str) -> tuple:
        return (not title.lower().startswith(text), len(title), title)

    found = [occupations.rows[i] for i in occupations.matching(words)]
    found.sort(key=lambda ct: rank(ct[1]))
    hits = {code: SearchHit(code, title) for code, title in found[:limit]}
    if len(hits) < limit:
        titles = dict(occupations.rows)
        matches = [alternates.rows[i] for i in alternates.matching(words)]
        matches.sort(key=lambda ca: rank(ca[1]))
        for code, alternate in matches:
            if len(hits) >= limit:
                break
            if code not in hits and code in titles:
                hits[code] = SearchHit(code, titles[code], matched_title=alternate)
    return list(hits.values())


class _TitleIndex:
    """Titles in one lower-case string: a word is found by one C-level scan of it."""

    def __init__(self, rows: list[tuple[str, str]]) -> None:
        self.rows = rows
        self.lowered = [title.lower() for _, title in rows]
        self.blob = "\n".join(self.lowered)
        self.starts = list(accumulate((len(t) + 1 for t in self.lowered[:-1]), initial=0))

    def matching(self, words: list[str]) -> list[int]:
        """Rows whose title contains every word, in index order."""
        longest = max(words, key=len)
        rows = {
            bisect_right(self.starts, found.start()) - 1
            for found in re.finditer(re.escape(longest), self.blob)
        }
        return sorted(i for i in rows if all(w in self.lowered[i] for w in words))


@lru_cache(maxsize=2)
def _search_index(
    release_id: int, projections_id: int | None = None
) -> tuple[_TitleIndex, _TitleIndex]:
    """Occupation titles and alternate titles of a release, built once per process. The
    alternate titles BLS lists in its projections export count too (for the SOC code's
    .00 occupation)."""
    occupations = _TitleIndex(
        list(
            OnetOccupation.objects.filter(release_id=release_id)
            .order_by("code")
            .values_list("code", "title")
        )
    )
    rows = list(
        AlternateTitle.objects.filter(release_id=release_id).values_list("onet_code", "title")
    )
    if projections_id is not None:
        for soc_code, listed in (
            Projection.objects.filter(release_id=projections_id)
            .exclude(alternate_titles="")
            .values_list("soc_code", "alternate_titles")
        ):
            rows += [(f"{soc_code}.00", title) for title in listed.splitlines()]
    return occupations, _TitleIndex(rows)


def onet_occupation(onet_code: str) -> OnetOccupation | None:
    release = current_release(Source.ONET)
    if release is None:
        return None
    return OnetOccupation.objects.filter(release=release, code=onet_code).first()


def soc_occupation(soc_code: str) -> SocCode | None:
    """The SOC 2018 code (any level) with its title, from the current SOC structure."""
    release = current_release(Source.SOC)
    if release is None:
        return None
    return SocCode.objects.filter(release=release, code=soc_code).first()


def onet_codes_for_soc(soc_code: str) -> list[tuple[str, str]]:
    """O*NET-SOC occupations under a SOC code: (code, title), `.00` first."""
    release = current_release(Source.ONET)
    if release is None:
        return []
    codes = OnetOccupation.objects.filter(release=release)
    if soc_code.endswith("0") and not soc_code.endswith("0000"):
        codes = codes.filter(code__startswith=soc_code[:6])  # a broad or aggregate code
    else:
        codes = codes.filter(code__startswith=soc_code)
    return list(codes.order_by("code").values_list("code", "title"))


def related_occupations(onet_code: str) -> list[dict]:
    """O*NET's related occupations, in O*NET's order, with titles where known."""
    release = current_release(Source.ONET)
    if release is None:
        return []
    rows = list(
        RelatedOccupation.objects.filter(release=release, onet_code=onet_code)
        .order_by("index")
        .values("related_code", "relatedness_tier", "index")
    )
    titles = dict(
        OnetOccupation.objects.filter(
            release=release, code__in=[r["related_code"] for r in rows]
        ).values_list("code", "title")
    )
    for row in rows:
        row["title"] = titles.get(row["related_code"], "")
    return rows


@dataclass
class Rating:
    element_id: str
    name: str
    importance: float
    level: float | None = None

    @property
    def words(self) -> str:
        return wording.rating_words(self.importance, self.level)

    @property
    def numbers(self) -> str:
        return wording.rating_numbers(self.importance, self.level)


@dataclass
class OnetProfile:
    occupation: OnetOccupation
    release: DataRelease
    soc_title: str
    core_tasks: list[OnetTask]
    supplemental_tasks: list[OnetTask]
    ratings: dict[str, list[Rating]]
    hot_technologies: list[str]
    other_technologies: list[str]
    tools: list[str]
    job_zone: int | None
    job_zone_reference: JobZoneReference | None
    education: list[tuple[str, float]]
    related: list[dict]
    alternate_titles: list[str]
    sibling_codes: list[tuple[str, str]] = field(default_factory=list)

    @property
    def soc_code(self) -> str:
        return self.occupation.code[:7]

    @property
    def task_count(self) -> int:
        return len(self.core_tasks) + len(self.supplemental_tasks)


def top_ratings(
    onet_code: str, domain: str, *, release: DataRelease, limit: int = 10
) -> list[Rating]:
    """Elements of a domain by importance (IM), with their level (LV) where published."""
    rows = list(
        OnetRating.objects.filter(release=release, onet_code=onet_code, domain=domain)
        .filter(scale_id__in=["IM", "LV"])
        .values_list("element_id", "element_name", "scale_id", "data_value")
    )
    levels = {e: v for e, _, s, v in rows if s == "LV"}
    ratings = [Rating(e, n, v, levels.get(e)) for e, n, s, v in rows if s == "IM"]
    ratings.sort(key=lambda r: (-r.importance, r.name))
    return ratings[:limit]


def onet_profile(onet_code: str) -> OnetProfile | None:
    """Everything the occupation profile shows from O*NET, in a fixed number of queries."""
    occupation = onet_occupation(onet_code)
    if occupation is None:
        return None
    release = DataRelease.objects.get(pk=occupation.release_id)
    tasks = list(
        OnetTask.objects.filter(release=release, onet_code=onet_code).order_by(
            "-incumbents_responding", "task_id"
        )
    )
    D = OnetRating.Domain
    ratings = {
        domain: top_ratings(onet_code, domain, release=release)
        for domain in (D.SKILL, D.KNOWLEDGE, D.ABILITY, D.WORK_STYLE)
    }
    technologies = list(
        TechnologySkill.objects.filter(release=release, onet_code=onet_code)
        .order_by("example")
        .values_list("example", "hot_technology")
    )
    tools = list(
        ToolUsed.objects.filter(release=release, onet_code=onet_code)
        .order_by("example")
        .values_list("example", flat=True)
    )
    zone = (
        OnetJobZone.objects.filter(release=release, onet_code=onet_code)
        .values_list("job_zone", flat=True)
        .first()
    )
    zone_reference = (
        JobZoneReference.objects.filter(release=release, job_zone=zone).first() if zone else None
    )
    soc = soc_occupation(occupation.code[:7])
    if soc is not None:
        soc_title = soc.title
    else:
        xwalk = current_release(Source.ONET_SOC)
        soc_title = (
            OnetSocCrosswalk.objects.filter(release=xwalk, onet_code=onet_code)
            .values_list("soc_title", flat=True)
            .first()
            if xwalk
            else None
        ) or ""
    return OnetProfile(
        occupation=occupation,
        release=release,
        soc_title=soc_title,
        core_tasks=[t for t in tasks if t.task_type != "Supplemental"],
        supplemental_tasks=[t for t in tasks if t.task_type == "Supplemental"],
        ratings=ratings,
        hot_technologies=sorted({e for e, hot in technologies if hot}),
        other_technologies=sorted({e for e, hot in technologies if not hot}),
        tools=sorted(set(tools)),
        job_zone=zone,
        job_zone_reference=zone_reference,
        education=required_education(onet_code, release=release),
        related=related_occupations(onet_code),
        alternate_titles=list(
            AlternateTitle.objects.filter(release=release, onet_code=onet_code)
            .order_by("title")
            .values_list("title", flat=True)[:12]
        ),
        sibling_codes=[
            (c, t) for c, t in onet_codes_for_soc(occupation.code[:7]) if c != onet_code
        ],
    )


def required_education(onet_code: str, *, release: DataRelease) -> list[tuple[str, float]]:
    """ "Required level of education" (2.D.1, scale RL): share of respondents per category."""
    shares = list(
        OnetRating.objects.filter(
            release=release,
            onet_code=onet_code,
            domain=OnetRating.Domain.EDUCATION,
            element_id="2.D.1",
            scale_id="RL",
        ).values_list("category", "data_value")
    )
    names = dict(
        EducationCategory.objects.filter(
            release=release, element_id="2.D.1", scale_id="RL"
        ).values_list("category", "description")
    )
    rows = [(names.get(c, f"Category {c}"), v) for c, v in shares if v and v >= 5]
    rows.sort(key=lambda cv: -cv[1])
    return rows


# --- wages and projections ----------------------------------------------------------------


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


def soc_for_cip(cip_code: str) -> list[tuple[str, str]]:
    """SOC 2018 occupations a CIP 2020 program prepares for, (code, title); no-match
    rows (99-9999) are left out."""
    release = current_release(Source.CIP_SOC)
    if release is None:
        return []
    return list(
        CipSocCrosswalk.objects.filter(release=release, cip_code=cip_code)
        .exclude(soc_code="99-9999")
        .order_by("soc_code")
        .values_list("soc_code", "soc_title")
    )


def cip_for_soc(soc_code: str) -> list[tuple[str, str]]:
    """CIP 2020 programs that prepare for a SOC code, (code, title)."""
    release = current_release(Source.CIP_SOC)
    if release is None:
        return []
    return list(
        CipSocCrosswalk.objects.filter(release=release, soc_code=soc_code)
        .exclude(cip_code="99.9999")
        .order_by("cip_code")
        .values_list("cip_code", "cip_title")
    )


# --- IPEDS ------------------------------------------------------------------------------


def ipeds_institutions(state: str = "", unitids=None) -> list:
    """Institutions of the current IPEDS directory (HD) release, in a state or by UNITID,
    by name."""
    from occupations.models import IpedsInstitution

    release = current_release(Source.IPEDS_INSTITUTIONS)
    if release is None:
        return []
    rows = IpedsInstitution.objects.filter(release=release)
    if state:
        rows = rows.filter(state=state)
    if unitids is not None:
        rows = rows.filter(unitid__in=list(unitids))
    return list(rows.order_by("name", "unitid"))


def ipeds_completion_releases() -> dict[int, DataRelease]:
    """The release each academic year of completions is read from (ending year -> release):
    the most recently imported file of that year. (The importer names a release by its
    academic year, "2022-23".)"""
    by_year: dict[int, DataRelease] = {}
    releases = DataRelease.objects.filter(source=Source.IPEDS_COMPLETIONS)
    for release in releases.order_by("-imported_at", "-id"):
        found = re.match(r"(\d{4})-\d{2}", release.version)
        if found:
            by_year.setdefault(int(found.group(1)) + 1, release)
    return dict(sorted(by_year.items()))


def ipeds_completions(unitids, cip_codes) -> list:
    """First-major completions of these institutions and CIP codes, every year imported
    (each from its year's release): (year, unitid, cip code, award level, completers)."""
    from occupations.models import IpedsCompletion

    releases = [r.pk for r in ipeds_completion_releases().values()]
    if not releases or not unitids or not cip_codes:
        return []
    return list(
        IpedsCompletion.objects.filter(
            release_id__in=releases, unitid__in=list(unitids), cip_code__in=list(cip_codes)
        ).values_list("year", "unitid", "cip_code", "award_level", "completers")
    )


def ipeds_reporting(unitids) -> set[tuple[int, int]]:
    """(year, unitid) pairs that have any completions row: the institution reported that year."""
    from occupations.models import IpedsCompletion

    releases = [r.pk for r in ipeds_completion_releases().values()]
    if not releases or not unitids:
        return set()
    return set(
        IpedsCompletion.objects.filter(release_id__in=releases, unitid__in=list(unitids))
        .values_list("year", "unitid")
        .distinct()
    )


# --- Step 3: card sorts, the tally, the agreed list, the sector picture ---------------------

from collections import Counter, defaultdict  # noqa: E402

from occupations.models import (  # noqa: E402
    AdvancementPath,
    Card,
    CardCategory,
    CardSort,
    CriticalOccupation,
    QuickWin,
    Reason,
    RoomEmployer,
    Tier,
    WatchedOccupation,
)

AGREED_MIN, AGREED_MAX = 3, 10
SMALL_BASE = 500  # regional jobs: below this a percentage change says little


def card_sorts_for(partnership) -> list[CardSort]:
    return list(
        CardSort.objects.filter(partnership=partnership)
        .select_related("convening")
        .order_by("-convening__held_on", "-id")
    )


def card_sort_for(partnership, pk: int) -> CardSort | None:
    return (
        CardSort.objects.filter(partnership=partnership, pk=pk)
        .select_related("convening", "partnership")
        .first()
    )


def board_version(partnership, pk: int) -> int | None:
    """The one query an idle board poll makes."""
    return (
        CardSort.objects.filter(partnership=partnership, pk=pk)
        .values_list("board_version", flat=True)
        .first()
    )


@dataclass
class BoardColumn:
    category: CardCategory | None
    cards: list[Card]

    @property
    def key(self) -> str:
        return str(self.category.pk) if self.category else ""

    @property
    def name(self) -> str:
        return self.category.name if self.category else "Not sorted yet"


@dataclass
class EmployerCards:
    employer: RoomEmployer
    cards: list[Card]

    @property
    def missing(self) -> int:
        """Cards still to come of the two asked for."""
        return max(0, 2 - len(self.cards))


@dataclass
class Board:
    card_sort: CardSort
    columns: list[BoardColumn]
    employers: list[EmployerCards]
    categories: list[CardCategory]

    @property
    def card_count(self) -> int:
        return sum(len(c.cards) for c in self.columns)

    @property
    def employers_with_cards(self) -> int:
        return sum(1 for e in self.employers if e.cards)


def board(card_sort: CardSort) -> Board:
    """The sticky wall: three queries however many cards there are."""
    categories = list(CardCategory.objects.filter(card_sort=card_sort).order_by("order", "id"))
    employers = list(RoomEmployer.objects.filter(card_sort=card_sort).order_by("company", "name"))
    by_id = {e.pk: e for e in employers}
    cards = list(Card.objects.filter(card_sort=card_sort).order_by("position", "id"))
    per_category: dict[int | None, list[Card]] = defaultdict(list)
    per_employer: dict[int, list[Card]] = defaultdict(list)
    for card in cards:
        card.employer = by_id[card.employer_id]  # no query per card
        per_category[card.category_id].append(card)
        per_employer[card.employer_id].append(card)
    columns = [BoardColumn(None, per_category.get(None, []))] + [
        BoardColumn(c, per_category.get(c.pk, [])) for c in categories
    ]
    return Board(
        card_sort=card_sort,
        columns=columns,
        employers=[
            EmployerCards(e, sorted(per_employer.get(e.pk, []), key=lambda c: c.number))
            for e in employers
        ],
        categories=categories,
    )


@dataclass
class TallyRow:
    key: str
    soc_code: str
    onet_code: str
    soc_title: str
    cards: list[Card]
    companies: list[str]
    reasons: list[tuple[str, int]]
    titles: list[str]
    columns: list[str]
    agreed: bool = False

    @property
    def matched(self) -> bool:
        return bool(self.soc_code)

    @property
    def label(self) -> str:
        return self.soc_title or self.titles[0]

    @property
    def common_title(self) -> str:
        """The title most employers used (the shortest among equals): the agreed list's
        default name for the occupation."""
        counts = Counter(c.title for c in self.cards)
        return min(counts, key=lambda t: (-counts[t], len(t), t))

    @property
    def split_columns(self) -> bool:
        return len(self.columns) > 1

    @property
    def no_shared_reason(self) -> bool:
        """No reason is given on more than half of its cards: employers want it for different
        reasons."""
        return len(self.cards) > 1 and (
            not self.reasons or self.reasons[0][1] * 2 <= len(self.cards)
        )

    @property
    def disagreement(self) -> list[str]:
        notes = []
        if self.split_columns:
            notes.append(f"placed in {len(self.columns)} columns: {', '.join(self.columns)}")
        if self.no_shared_reason:
            notes.append("no reason shared by most cards")
        return notes


@dataclass
class Tally:
    rows: list[TallyRow]
    employer_count: int
    card_count: int


def card_tally(card_sort: CardSort) -> Tally:
    """Cards grouped by SOC occupation (unmatched cards by their title): how many cards, how
    many companies, which reasons, and where employers disagree. Four queries."""
    labels = dict(Reason.choices)
    categories = dict(CardCategory.objects.filter(card_sort=card_sort).values_list("pk", "name"))
    employers = dict(RoomEmployer.objects.filter(card_sort=card_sort).values_list("pk", "company"))
    agreed = set(
        CriticalOccupation.objects.filter(partnership_id=card_sort.partnership_id).values_list(
            "soc_code", flat=True
        )
    )
    groups: dict[str, list[Card]] = defaultdict(list)
    cards = list(Card.objects.filter(card_sort=card_sort).order_by("position", "id"))
    for card in cards:
        key = card.soc_code or "title:" + " ".join(card.title.lower().split())
        groups[key].append(card)
    rows = []
    for key, group in groups.items():
        reasons = Counter(r for c in group for r in c.reasons)
        rows.append(
            TallyRow(
                key=key,
                soc_code=group[0].soc_code,
                onet_code=next((c.onet_code for c in group if c.onet_code), ""),
                soc_title=group[0].soc_title,
                cards=group,
                companies=sorted({employers.get(c.employer_id, "") for c in group}),
                reasons=[(labels.get(r, r), n) for r, n in reasons.most_common()],
                titles=sorted({c.title for c in group}),
                columns=sorted({categories[c.category_id] for c in group if c.category_id}),
                agreed=group[0].soc_code in agreed,
            )
        )
    rows.sort(key=lambda r: (-len(r.companies), -len(r.cards), not r.matched, r.label))
    return Tally(rows=rows, employer_count=len(employers), card_count=len(cards))


# --- the agreed list --------------------------------------------------------------------------


@dataclass
class AgreedList:
    tiers: list[tuple[str, str, list[CriticalOccupation]]]  # (tier, label, occupations)
    paths: list[AdvancementPath]
    suggestions: list[dict]
    quick_wins: list[QuickWin]

    @property
    def occupations(self) -> list[CriticalOccupation]:
        return [o for _, _, items in self.tiers for o in items]

    @property
    def count(self) -> int:
        return len(self.occupations)

    @property
    def in_range(self) -> bool:
        return AGREED_MIN <= self.count <= AGREED_MAX


def agreed_list(partnership) -> AgreedList:
    occupations = list(
        CriticalOccupation.objects.filter(partnership=partnership).order_by("order", "soc_code")
    )
    tiers = [(t, label, [o for o in occupations if o.tier == t]) for t, label in Tier.choices]
    paths = list(
        AdvancementPath.objects.filter(partnership=partnership)
        .select_related("from_occupation", "to_occupation")
        .order_by("from_occupation__order", "to_occupation__order")
    )
    return AgreedList(
        tiers=tiers,
        paths=paths,
        suggestions=transferable_suggestions(occupations),
        quick_wins=list(
            QuickWin.objects.filter(partnership=partnership).select_related("convening")
        ),
    )


def transferable_suggestions(occupations: list[CriticalOccupation], limit: int = 8) -> list[dict]:
    """O*NET's related occupations of the agreed ones, not on the list themselves: workers
    there have skills that transfer. Ranked by how many agreed occupations they relate to."""
    release = current_release(Source.ONET)
    codes = [o.onet_code for o in occupations if o.onet_code]
    if release is None or not codes:
        return []
    agreed_soc = {o.soc_code for o in occupations}
    by_onet = {o.onet_code: o for o in occupations}
    rows = (
        RelatedOccupation.objects.filter(release=release, onet_code__in=codes)
        .order_by("index")
        .values_list("onet_code", "related_code", "index")
    )
    found: dict[str, dict] = {}
    for onet_code, related, index in rows:
        if related[:7] in agreed_soc or related in by_onet:
            continue
        item = found.setdefault(related, {"code": related, "for": [], "best": index})
        item["for"].append(by_onet[onet_code].title)
        item["best"] = min(item["best"], index)
    titles = dict(
        OnetOccupation.objects.filter(release=release, code__in=list(found)).values_list(
            "code", "title"
        )
    )
    items = sorted(found.values(), key=lambda i: (-len(i["for"]), i["best"], i["code"]))
    for item in items:
        item["title"] = titles.get(item["code"], "")
    return items[:limit]


def step3_criteria(partnership) -> list:
    """Step 3 is done when employers sorted cards at a convening and agreed on three to ten
    critical occupations, each in a tier and crosswalked to SOC 2018 and O*NET-SOC."""
    from partnerships.registry import Criterion

    card_count = Card.objects.filter(card_sort__partnership=partnership).count()
    companies = (
        RoomEmployer.objects.filter(card_sort__partnership=partnership, cards__isnull=False)
        .values("company")
        .distinct()
        .count()
    )
    rows = list(
        CriticalOccupation.objects.filter(partnership=partnership).values_list(
            "soc_code", "onet_code", "tier"
        )
    )
    count = len(rows)
    tiers = set(Tier.values)
    uncrosswalked = [
        soc for soc, onet, tier in rows
        if tier not in tiers or not SOC_CODE_RE.match(soc) or not ONET_CODE_RE.match(onet or "")
        or onet[:6] != soc[:6]
    ]  # fmt: skip
    if count < AGREED_MIN:
        count_detail = f"{count} agreed so far; the list needs at least {AGREED_MIN}."
    elif count > AGREED_MAX:
        count_detail = f"{count} agreed: more than {AGREED_MAX} spreads the work too thin."
    else:
        count_detail = f"{count} agreed."
    return [
        Criterion(
            "A card-sort convening with cards from employers",
            card_count > 0,
            f"{card_count} cards from {companies} employers." if card_count else "No cards yet.",
        ),
        Criterion(
            f"{AGREED_MIN} to {AGREED_MAX} agreed critical occupations",
            AGREED_MIN <= count <= AGREED_MAX,
            count_detail,
        ),
        Criterion(
            "Each agreed occupation in a tier and crosswalked to SOC 2018 and O*NET-SOC",
            count > 0 and not uncrosswalked,
            f"Missing a tier or code: {', '.join(uncrosswalked)}." if uncrosswalked else "",
        ),
    ]


# --- the sector's labor-market picture --------------------------------------------------------

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
