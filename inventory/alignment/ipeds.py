"""IPEDS for step 6: which national institution (UNITID) each provider is, and the completers
of its programs read from the completions files.

Reading only; `services.provider_institution_confirm` / `provider_institution_remove` and
`services.ipeds_completers_pull` write. A provider's suggestions are the institutions of the
partnership's state whose names are close to its own, those in the region's counties first;
a person confirms one, and more for a college whose campuses report to IPEDS under their
own UNITIDs. A program counts the first-major completers of its CIP code at its provider's
matched institutions, summed over the campuses and over the IPEDS award levels that match
what the program awards (AWARD_LEVELS_FOR below).
"""

from __future__ import annotations

import hashlib
import re
from dataclasses import dataclass, field
from difflib import SequenceMatcher

from django.db.models import Prefetch
from django.template.defaultfilters import pluralize

from inventory.alignment.importers.completers import CompletersPlan, CompletersRow
from inventory.alignment.levels import (
    ASSOCIATE,
    AWARD_LABEL,
    BACHELOR,
    GRADUATE,
    NONDEGREE,
    program_award,
)
from inventory.alignment.models import ProgramCompleters, ProviderInstitution
from inventory.models import Program, ProgramType, Provider
from occupations import selectors as reference
from occupations.importers.ipeds import AWARD_LEVELS
from occupations.models import Source
from partnerships import places
from partnerships.models import Partnership, RegionArea

# What a program awards (its highest credential, as the asset map reads it) -> the IPEDS
# award levels (AWLEVEL) whose completers it counts.
AWARD_LEVELS_FOR = {
    NONDEGREE: (1, 2, 4, 20, 21),
    ASSOCIATE: (3,),
    BACHELOR: (5,),
    GRADUATE: (6, 7, 8, 9, 10, 11, 17, 18, 19),
}
SUGGEST_AT = 0.5  # name likeness (0-1) from which an institution is suggested
SUGGESTIONS = 3
_STOP = {"the", "of", "and", "at", "in", "for", "a"}
# Short forms people write for what IPEDS spells out.
_LONG = {"cc": "community college", "tc": "technical college", "univ": "university",
         "u": "university", "coll": "college", "inst": "institute", "tech": "technical",
         "st": "state", "ctr": "center", "sch": "school"}  # fmt: skip


def award_level_help() -> list[tuple[str, str]]:
    """The mapping in words, for the page's help text."""
    return [
        (AWARD_LABEL[award], "; ".join(f"{AWARD_LEVELS[c]} ({c})" for c in codes))
        for award, codes in AWARD_LEVELS_FOR.items()
    ]


def source_label(year: int) -> str:
    return f"IPEDS C{year}_A"


# --- matching ----------------------------------------------------------------------------------


def region_county_fips(partnership: Partnership) -> set[str]:
    """The counties of the partnership's region (every county of the state for a statewide
    region; a metropolitan area's counties from the reference table)."""
    fips: set[str] = set()
    for area in partnership.areas.all():
        if area.kind == RegionArea.Kind.STATEWIDE:
            fips.update(c.fips for c in places.counties_in(partnership.state))
        elif area.kind == RegionArea.Kind.METRO and not area.counties:
            for code in area.oews_area_codes:
                found = places.metro(str(code))
                if found is not None:
                    fips.update(c.fips for c in found.counties)
        else:
            fips.update(places.county_fips(partnership.state, area.counties))
    return fips


def _plain(name: str) -> str:
    text = name.lower().replace("&", " and ")
    text = re.sub(r"[^a-z0-9 ]+", " ", text)
    words = " ".join(_LONG.get(w, w) for w in text.split()).split()
    return " ".join(w for w in words if w not in _STOP)


def _words(name: str) -> tuple[str, frozenset[str]]:
    plain = _plain(name)
    return plain, frozenset(plain.split())


def _score(a: tuple[str, frozenset], b: tuple[str, frozenset], matcher: SequenceMatcher):
    """`likeness` of two prepared names; `matcher` already holds b's text as its second
    sequence (difflib caches what it learns of that one). None when the score cannot reach
    SUGGEST_AT: difflib's cheap upper bounds rule most pairs out before the full match."""
    (text_a, words_a), (text_b, words_b) = a, b
    if not text_a or not text_b:
        return 0.0
    overlap = len(words_a & words_b) / len(words_a | words_b)
    matcher.set_seq1(text_a)
    if (matcher.real_quick_ratio() + overlap) / 2 < SUGGEST_AT:
        return None
    if (matcher.quick_ratio() + overlap) / 2 < SUGGEST_AT:
        return None
    return (matcher.ratio() + overlap) / 2


def likeness(a: str, b: str) -> float:
    """How alike two institution names are, 0-1: the mean of the character match and the
    share of words in common (characters alone find "Technical" in any technical school).
    Below SUGGEST_AT the figure is only known to be below it."""
    prepared_b = _words(b)
    score = _score(_words(a), prepared_b, SequenceMatcher(None, "", prepared_b[0]))
    return 0.0 if score is None else score


def _scores(providers: list[Provider], institutions: list) -> dict[int, dict[int, float]]:
    """provider id -> {unitid: best likeness of the provider's name to any of the
    institution's names}, for the pairs at SUGGEST_AT or above. Each name is prepared once
    and each institution name given to difflib once, whatever the number of providers."""
    names = [(p.pk, _words(p.name)) for p in providers]
    scores: dict[int, dict[int, float]] = {pk: {} for pk, _ in names}
    matcher = SequenceMatcher(None)
    for institution in institutions:
        for name in _names(institution):
            prepared = _words(name)
            matcher.set_seq2(prepared[0])
            for pk, provider_name in names:
                score = _score(provider_name, prepared, matcher)
                if score is not None and score >= SUGGEST_AT:
                    found = scores[pk]
                    found[institution.unitid] = max(score, found.get(institution.unitid, 0.0))
    return scores


def _names(institution) -> list[str]:
    aliases = [a.strip() for a in re.split(r"[|;,]", institution.alias or "") if a.strip()]
    return [institution.name, *aliases]


@dataclass
class Candidate:
    institution: object  # occupations.models.IpedsInstitution
    score: float
    in_region: bool

    @property
    def percent(self) -> int:
        return round(self.score * 100)


@dataclass
class Campus:
    match: ProviderInstitution
    in_region: bool


@dataclass
class ProviderMatch:
    provider: Provider
    campuses: list[Campus] = field(default_factory=list)
    # Institutions with a similar name not matched yet (for a matched provider: other
    # campuses it may have).
    suggestions: list[Candidate] = field(default_factory=list)


@dataclass
class Matching:
    rows: list[ProviderMatch]
    institutions: list  # every institution of the state, the region's first
    region_fips: set[str]
    directory: object | None  # the current HD release
    years: dict  # ending year -> completions release

    @property
    def in_region(self) -> list:
        return [i for i in self.institutions if i.county_fips in self.region_fips]

    @property
    def elsewhere(self) -> list:
        return [i for i in self.institutions if i.county_fips not in self.region_fips]

    @property
    def matched(self) -> int:
        return sum(1 for r in self.rows if r.campuses)


def matching(partnership: Partnership) -> Matching:
    """Every provider with its confirmed institutions (campuses) and suggestions."""
    providers = list(
        Provider.objects.filter(partnership=partnership)
        .select_related("organization")
        .prefetch_related(
            Prefetch(
                "ipeds_campuses",
                queryset=ProviderInstitution.objects.select_related("confirmed_by").order_by(
                    "name", "unitid"
                ),
            )
        )
        .order_by("organization__name")
    )
    region = region_county_fips(partnership)
    institutions = reference.ipeds_institutions(state=partnership.state)
    institutions.sort(key=lambda i: (i.county_fips not in region, i.name))
    county_of = {i.unitid: i.county_fips for i in institutions}
    by_unitid = {i.unitid: i for i in institutions}
    scores = _scores(providers, institutions)
    rows = []
    for provider in providers:
        row = ProviderMatch(provider=provider)
        for match in provider.ipeds_campuses.all():
            row.campuses.append(Campus(match, county_of.get(match.unitid) in region))
        matched = {c.match.unitid for c in row.campuses}
        scored = [
            Candidate(by_unitid[unitid], score, by_unitid[unitid].county_fips in region)
            for unitid, score in scores[provider.pk].items()
            if unitid not in matched
        ]
        scored.sort(key=lambda c: (not c.in_region, -c.score, c.institution.name))
        row.suggestions = scored[:SUGGESTIONS]
        rows.append(row)
    return Matching(
        rows=rows,
        institutions=institutions,
        region_fips=region,
        directory=reference.current_release(Source.IPEDS_INSTITUTIONS),
        years=reference.ipeds_completion_releases(),
    )


# --- pulling completers ------------------------------------------------------------------------


@dataclass
class PullRow(CompletersRow):
    before_source: str = ""
    institution: str = ""  # the campuses counted, named
    award_levels: str = ""
    campuses: list = field(default_factory=list)  # (unitid, name, completers) counted
    campuses_matched: int = 1


@dataclass
class Skipped:
    program: Program
    reason: str


@dataclass
class Pull:
    plan: CompletersPlan
    skipped: list[Skipped]
    years: list[int]

    @property
    def fingerprint(self) -> str:
        """What confirming would write; a confirm whose preview differs is refused."""
        parts = sorted(
            f"{r.program.pk}:{r.year}:{r.completers}:{r.before}"
            for r in self.plan.rows
            if r.action in ("create", "update")
        )
        return hashlib.sha256("|".join(parts).encode()).hexdigest()[:32]


def pull_plan(partnership: Partnership, editable: set[int] | None = None) -> Pull:
    """What pulling completers from the imported IPEDS files would do, program by program and
    year by year. `editable` limits the programs (None: all of the partnership's)."""
    plan = CompletersPlan("IPEDS completions")
    matches: dict[int, list[ProviderInstitution]] = {}
    for campus in ProviderInstitution.objects.filter(provider__partnership=partnership).order_by(
        "name", "unitid"
    ):
        matches.setdefault(campus.provider_id, []).append(campus)
    releases = reference.ipeds_completion_releases()
    years = list(releases)
    if not releases:
        plan.problems.append(
            "No IPEDS completions file is imported yet: site staff import C<year>_A on the "
            "data page (or with manage.py import_ipeds)."
        )
    if not matches:
        plan.problems.append(
            "No provider is matched to an IPEDS institution yet: confirm the matches first."
        )
    if plan.problems:
        return Pull(plan, [], years)
    programs = (
        Program.objects.filter(partnership=partnership, provider_id__in=list(matches))
        .select_related("provider__organization")
        .prefetch_related("credentials")
        .order_by("provider__organization__name", "name")
    )
    if editable is not None:
        programs = programs.filter(pk__in=list(editable))
    skipped: list[Skipped] = []
    candidates = []
    for program in programs:
        if not program.cip_code:
            skipped.append(Skipped(program, "no CIP code recorded"))
            continue
        if program.program_type != ProgramType.CREDIT:
            skipped.append(
                Skipped(program, "IPEDS counts the awards of credit programs; this is "
                                 f"{program.get_program_type_display().lower()}")
            )  # fmt: skip
            continue
        award = program_award([c.kind for c in program.credentials.all()])
        if award not in AWARD_LEVELS_FOR:
            skipped.append(
                Skipped(program, "no credential recorded: say what it awards, which decides "
                                 "the IPEDS award levels that count")
            )  # fmt: skip
            continue
        candidates.append((program, award))
    # Two programs of one provider with the same CIP code and award cannot be told apart in
    # IPEDS: neither gets the institution's count.
    shared: dict[tuple, list[Program]] = {}
    for program, award in candidates:
        shared.setdefault((program.provider_id, program.cip_code, award), []).append(program)
    keep = []
    for program, award in candidates:
        twins = [p for p in shared[(program.provider_id, program.cip_code, award)] if p != program]
        if twins:
            names = ", ".join(p.name for p in twins)
            skipped.append(
                Skipped(program, f"IPEDS counts it together with {names} (same CIP code "
                                 f"{program.cip_code} and award): enter these by hand")
            )  # fmt: skip
        else:
            keep.append((program, award))
    unitids = {c.unitid for p, _ in keep for c in matches[p.provider_id]}
    counts: dict[tuple[int, int, str, int], int] = {}
    for year, unitid, cip, level, completers in reference.ipeds_completions(
        unitids, {p.cip_code for p, _ in keep}
    ):
        key = (year, unitid, cip, level)
        counts[key] = counts.get(key, 0) + completers
    reporting = reference.ipeds_reporting(unitids)
    existing = {
        (r.program_id, r.year): r
        for r in ProgramCompleters.objects.filter(program_id__in=[p.pk for p, _ in keep])
    }
    number = 0
    for program, award in keep:
        campuses = matches[program.provider_id]
        levels = AWARD_LEVELS_FOR[award]
        found_any = False
        for year in years:
            # A campus counts in a year when it reports this CIP code at one of the levels;
            # the program's figure is the sum over its provider's campuses.
            counted = []
            for campus in campuses:
                if (year, campus.unitid) not in reporting:
                    continue
                values = [counts.get((year, campus.unitid, program.cip_code, lv)) for lv in levels]
                if any(v is not None for v in values):
                    counted.append(
                        (campus.unitid, campus.name, sum(v for v in values if v is not None))
                    )
            if not counted:
                continue
            found_any = True
            number += 1
            total = sum(c[2] for c in counted)
            before = existing.get((program.pk, year))
            row = PullRow(
                number=number, program=program, year=year, completers=total,
                source=source_label(year), institution=" + ".join(c[1] for c in counted),
                award_levels=", ".join(str(lv) for lv in levels),
                before=before.completers if before else None,
                before_source=before.source if before else "",
                campuses=counted, campuses_matched=len(campuses),
            )  # fmt: skip
            if row.before is None:
                row.action = "create"
            elif row.before == total:
                row.action = "unchanged"
            else:
                row.action = "update"
            plan.rows.append(row)
        if not found_any:
            wanted = ", ".join(str(lv) for lv in levels)
            names = " and ".join(c.name for c in campuses)
            verb = "reports" if len(campuses) == 1 else "report"
            skipped.append(
                Skipped(program, f"{names} {verb} no first-major completers for CIP "
                                 f"{program.cip_code} at award level{pluralize(len(levels))} "
                                 f"{wanted} in {len(years)} imported year{pluralize(len(years))}")
            )  # fmt: skip
    return Pull(plan, skipped, years)
