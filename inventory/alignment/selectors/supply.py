"""Supply against demand: each program's completers, the CIP-SOC crosswalk, and completers
against openings per occupation."""

from __future__ import annotations

from collections import defaultdict
from dataclasses import dataclass, field
from functools import cached_property

from inventory.alignment import levels
from inventory.alignment.demand import Openings, openings_for, region_area_codes
from inventory.alignment.models import (
    ProgramCompleters,
)
from inventory.alignment.selectors.facts import (
    CONTRIBUTIONS_LISTED,
    IN_LIST_LIMIT,
    SHORTAGE_BELOW,
    SURPLUS_ABOVE,
    TIER_LABEL,
    TIERS,
    YEARS_AVERAGED,
    InventoryData,
    ProgramFacts,
    _bulk_build,
    load_inventory,
)
from occupations.models import CipSocCrosswalk, Source
from occupations.selectors import current_release
from partnerships.models import Partnership

# --- supply: completers ----------------------------------------------------------------------


@dataclass
class Completers:
    annual: float
    years: list[int]
    sources: list[str]

    @property
    def period(self) -> str:
        if not self.years:
            return "typical year"
        if len(self.years) == 1:
            return str(self.years[0])
        return f"{min(self.years)}-{max(self.years)} average"

    @property
    def source(self) -> str:
        return ", ".join(self.sources) or "program inventory"


@_bulk_build()
def completers_by_program(
    partnership: Partnership, programs: dict[int, ProgramFacts]
) -> dict[int, Completers]:
    """Each program's annual completers: the average of its latest three recorded years, or
    the inventory's 'completions per year' where no year is recorded."""
    by_program: dict[int, list[tuple[int, int, str]]] = defaultdict(list)
    rows = ProgramCompleters.objects.filter(program__partnership=partnership)
    if len(programs) <= IN_LIST_LIMIT:
        # Supply reads only the programs that prepare for the occupations asked about,
        # often a small share of the inventory: leave the others' years in the database.
        rows = rows.filter(program__id__in=list(programs))
    for program_id, year, count, source in rows.order_by("program_id", "-year").values_list(
        "program_id", "year", "completers", "source"
    ):
        if program_id in programs and len(by_program[program_id]) < YEARS_AVERAGED:
            by_program[program_id].append((year, count, source))
    out = {}
    for pk, program in programs.items():
        recorded = by_program.get(pk)
        if recorded:
            out[pk] = Completers(
                annual=sum(c for _, c, _ in recorded) / len(recorded),
                years=sorted(y for y, _, _ in recorded),
                sources=sorted({s for _, _, s in recorded if s}),
            )
        elif program.completions_per_year is not None:
            out[pk] = Completers(float(program.completions_per_year), [], [])
    return out


def crosswalk_socs(
    cip_codes: set[str], soc_codes: set[str] | None = None
) -> tuple[dict[str, set[str]], str]:
    """SOC codes per CIP code from the current CIP-SOC crosswalk, and its release. With
    `soc_codes`, only those occupations are read (by the crosswalk's SOC index): what a page
    needs when it asks only which programs lead to a few occupations, and far fewer rows than
    every occupation of thousands of CIP codes."""
    release = current_release(Source.CIP_SOC)
    if release is None or not cip_codes or soc_codes is not None and not soc_codes:
        return {}, release.version if release else ""
    rows = CipSocCrosswalk.objects.filter(release=release)
    if soc_codes is None:
        rows = rows.filter(cip_code__in=cip_codes)
    else:
        rows = rows.filter(soc_code__in=soc_codes)
    out: dict[str, set[str]] = defaultdict(set)
    for cip, soc in rows.exclude(soc_code="99-9999").values_list("cip_code", "soc_code"):
        if cip in cip_codes:
            out[cip].add(soc)
    return out, release.version


# --- supply against demand -----------------------------------------------------------------

COUNT, SHARE = "count", "share"
METHODS = {
    COUNT: "Each completer counts for every occupation the program's CIP code leads to",
    SHARE: "Each completer is shared among those occupations in proportion to their openings",
}


@dataclass
class Contribution:
    program: ProgramFacts
    completers: Completers
    share: float  # of the program's completers counted for this occupation

    @property
    def counted(self) -> float:
        return self.completers.annual * self.share


@dataclass
class SupplyRow:
    soc_code: str
    title: str
    tier: str
    openings: Openings
    contributions: list[Contribution] = field(default_factory=list)
    excluded_by_award: int = 0  # programs left out because their award doesn't fit

    # Computed once the rows are built (supply_demand fills contributions first): the page
    # and the findings read them many times per row.
    @cached_property
    def supply(self) -> float:
        return sum(c.counted for c in self.contributions)

    @cached_property
    def listed(self) -> list[Contribution]:
        """The largest contributions, as many as the page lists; the rest are counted."""
        ranked = sorted(self.contributions, key=lambda c: (-c.counted, c.program.name))
        return ranked[:CONTRIBUTIONS_LISTED]

    @property
    def unlisted(self) -> int:
        return max(0, len(self.contributions) - CONTRIBUTIONS_LISTED)

    @property
    def gap(self) -> float | None:
        if self.openings.value is None:
            return None
        return self.supply - self.openings.value

    @property
    def status(self) -> str:
        if self.openings.value is None:
            return "unknown"
        if self.supply < self.openings.value * SHORTAGE_BELOW:
            return "shortage"
        if self.supply > self.openings.value * SURPLUS_ABOVE:
            return "surplus"
        return "balanced"

    @property
    def tier_label(self) -> str:
        return TIER_LABEL.get(self.tier, "")

    @cached_property
    def completer_years(self) -> str:
        years = sorted({y for c in self.contributions for y in c.completers.years})
        return f"{years[0]}-{years[-1]}" if len(years) > 1 else (str(years[0]) if years else "")

    @cached_property
    def completer_sources(self) -> str:
        names = sorted({c.completers.source for c in self.contributions})
        return "; ".join(names)


@dataclass
class SupplyDemand:
    method: str
    match_award: bool
    rows: list[SupplyRow]
    crosswalk_release: str
    area_codes: list[str]

    @property
    def method_label(self) -> str:
        return METHODS[self.method]

    @cached_property
    def chart(self) -> dict:
        """Bars of shortage (left) and surplus (right) scaled to the largest gap."""
        gaps = [abs(r.gap) for r in self.rows if r.gap is not None]
        scale = max(gaps, default=0) or 1
        bars = []
        for index, row in enumerate(self.rows):
            gap = row.gap
            width = 0 if gap is None else abs(gap) / scale * 300
            bars.append(
                {
                    "row": row,
                    "y": 10 + index * 28,
                    "x": 360 if gap is None or gap >= 0 else 360 - width,
                    "width": round(width, 1),
                    "shortage": gap is not None and gap < 0,
                    "label": "no projection" if gap is None else f"{gap:+,.0f}",
                }
            )
        return {"bars": bars, "height": 20 + 28 * len(self.rows)}


def program_socs(
    inv: InventoryData, program: ProgramFacts, by_cip: dict[str, set[str]]
) -> set[str]:
    """The occupations a program prepares for: its CIP code's crosswalk occupations and the
    ones someone confirmed on its page."""
    return by_cip.get(program.cip_code, set()) | program.confirmed_socs


@_bulk_build()
def supply_demand(
    partnership: Partnership,
    *,
    method: str = COUNT,
    match_award: bool = True,
    inv: InventoryData | None = None,
    soc_codes: dict[str, tuple[str, str]] | None = None,
) -> SupplyDemand:
    """Completers of the programs that prepare for each occupation against its annual
    openings. `soc_codes` (code -> (title, tier)) defaults to the critical occupations."""
    method = method if method in METHODS else COUNT
    inv = inv or load_inventory(partnership)
    if soc_codes is None:
        soc_codes = {c.soc_code: (c.title, c.tier) for c in inv.critical}
    offered = inv.offered
    # Counting, only the wanted occupations of a CIP code matter; sharing needs every
    # occupation of the programs' CIP codes (their openings divide the completers).
    by_cip, release = crosswalk_socs(
        {p.cip_code for p in offered if p.cip_code}, None if method == SHARE else set(soc_codes)
    )
    # Only the programs that prepare for a wanted occupation matter: find them through the
    # CIP codes that lead to one (an index built once) and the confirmed links.
    wanted = set(soc_codes)
    leading = {cip for cip, socs in by_cip.items() if not socs.isdisjoint(wanted)}
    relevant = [
        p
        for p in offered
        if p.cip_code in leading or (p.confirmed_socs and not p.confirmed_socs.isdisjoint(wanted))
    ]
    socs_of = {p.id: program_socs(inv, p, by_cip) for p in relevant}
    areas = region_area_codes(partnership)
    completers = completers_by_program(partnership, {p.id: p for p in relevant})
    if method == SHARE:
        wanted |= {s for socs in socs_of.values() for s in socs}
    openings = openings_for(wanted, areas)
    rows = {
        code: SupplyRow(code, title, tier, openings[code])
        for code, (title, tier) in soc_codes.items()
    }
    allowed_for = {
        soc: levels.awards_matching(openings[soc].education if soc in openings else "")
        for soc in wanted
    }
    for program in relevant:
        supply = completers.get(program.id)
        socs = socs_of[program.id]
        if supply is None or not socs & rows.keys():
            continue
        if match_award:
            fitting = set()
            for soc in socs:
                allowed = allowed_for.get(soc)
                if allowed is None or program.award in allowed:
                    fitting.add(soc)
                elif soc in rows:
                    rows[soc].excluded_by_award += 1
            socs = fitting
        if not socs:
            continue
        if method == SHARE:
            weights = {s: openings[s].value or 0 for s in socs}
            total = sum(weights.values())
            shares = {s: (w / total if total else 1 / len(socs)) for s, w in weights.items()}
        else:
            shares = dict.fromkeys(socs, 1.0)
        for soc in socs & rows.keys():
            rows[soc].contributions.append(Contribution(program, supply, shares[soc]))
    ordered = sorted(
        rows.values(),
        key=lambda r: (
            [t for t, _ in TIERS].index(r.tier) if r.tier in TIER_LABEL else 9,
            r.soc_code,
        ),
    )
    return SupplyDemand(method, match_award, ordered, release, areas)
