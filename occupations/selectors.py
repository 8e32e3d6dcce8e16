"""Named reads of the labor-market data. Everything reads the current release of a source
(the most recently imported one) unless a release is passed in."""

from __future__ import annotations

import re
from dataclasses import dataclass, field

from django.core.cache import cache
from django.db.models import Q

from occupations.models import (
    AlternateTitle,
    CipSocCrosswalk,
    DataRelease,
    EducationCategory,
    ImportJob,
    JobZoneReference,
    OewsArea,
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
    """The release everything reads for a source: the most recently imported one."""
    return DataRelease.objects.filter(source=source).order_by("-imported_at", "-id").first()


def releases_by_source() -> list[tuple[str, list[DataRelease]]]:
    releases = list(DataRelease.objects.select_related("imported_by").order_by("-imported_at"))
    return [(s, [r for r in releases if r.source == s]) for s in Source.values]


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
    then alternate titles containing every word.
    """
    release = current_release(Source.ONET)
    text = " ".join(query.split())
    if release is None or not text or (len(text) < 2 and not text.isdigit()):
        return []
    occupations = OnetOccupation.objects.filter(release=release)
    hits: dict[str, SearchHit] = {}
    if CODE_PREFIX_RE.match(text):
        for code, title in (
            occupations.filter(code__startswith=text)
            .order_by("code")
            .values_list("code", "title")[:limit]
        ):
            hits[code] = SearchHit(code, title)
        return list(hits.values())
    words = text.split()
    title_q = Q()
    for word in words:
        title_q &= Q(title__icontains=word)
    found = list(occupations.filter(title_q).values_list("code", "title")[:200])
    lowered = text.lower()
    found.sort(key=lambda ct: (not ct[1].lower().startswith(lowered), len(ct[1]), ct[1]))
    for code, title in found[:limit]:
        hits[code] = SearchHit(code, title)
    if len(hits) < limit:
        alt_q = Q()
        for word in words:
            alt_q &= Q(title__icontains=word)
        alternates = list(
            AlternateTitle.objects.filter(release=release)
            .filter(alt_q)
            .values_list("onet_code", "title")[:300]
        )
        alternates.sort(key=lambda ct: (not ct[1].lower().startswith(lowered), len(ct[1])))
        wanted = []
        for code, alt in alternates:
            if code not in hits and code not in dict(wanted):
                wanted.append((code, alt))
        titles = dict(
            occupations.filter(code__in=[c for c, _ in wanted]).values_list("code", "title")
        )
        for code, alt in wanted:
            if len(hits) >= limit:
                break
            if code in titles:
                hits[code] = SearchHit(code, titles[code], matched_title=alt)
    return list(hits.values())[:limit]


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
TOP_CODE_ANNUAL = 239200.0


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

    @property
    def annual_percentiles(self) -> list[float | None]:
        """10th..90th annual percentiles; a top-coded (#) value reads as the top code."""
        values = []
        for column in WAGE_COLUMNS:
            value = getattr(self.estimate, column)
            if value is None and self.flag(column) == "#":
                value = TOP_CODE_ANNUAL
            values.append(value)
        return values

    @property
    def top_coded(self) -> list[str]:
        return [c for c, m in self.markers.items() if m == "#"]


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
    for area in areas:
        candidates = [e for e in estimates if e.area_code == area]
        if not candidates:
            continue
        release_id = candidates[0].release_id
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
