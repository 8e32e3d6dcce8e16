"""O*NET content of an occupation's profile: tasks, ratings, technologies, tools, job zone,
required education, related and alternate titles."""

from __future__ import annotations

from dataclasses import dataclass, field

from occupations import wording
from occupations.models import (
    AlternateTitle,
    DataRelease,
    EducationCategory,
    JobZoneReference,
    OnetJobZone,
    OnetOccupation,
    OnetRating,
    OnetSocCrosswalk,
    OnetTask,
    Source,
    TechnologySkill,
    ToolUsed,
)
from occupations.selectors.releases import (
    current_release,
)
from occupations.selectors.search import (
    onet_codes_for_soc,
    onet_occupation,
    related_occupations,
    soc_occupation,
)


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
