"""The occupation explorer: search by code, title or alternate title, and the O*NET and
SOC occupations a code names."""

from __future__ import annotations

import re
from bisect import bisect_right
from dataclasses import dataclass
from functools import lru_cache
from itertools import accumulate

from occupations.models import (
    AlternateTitle,
    OnetOccupation,
    Projection,
    RelatedOccupation,
    SocCode,
    Source,
)
from occupations.selectors.releases import (
    CODE_PREFIX_RE,
    current_release,
)


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
