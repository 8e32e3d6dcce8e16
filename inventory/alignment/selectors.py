"""Named reads for step 6: the partnership's inventory loaded once in bulk, supply against
demand, the gap findings, the asset map and the pathway programs.

Everything here reads a fixed number of queries whatever the size of the inventory: programs,
credentials, linkages and links come in as plain values and are joined in memory.
"""

from __future__ import annotations

import gc
from collections import defaultdict
from contextlib import contextmanager
from dataclasses import dataclass, field
from decimal import Decimal
from functools import cached_property

from django.db.models import IntegerField, Prefetch, Value
from django.db.models.functions import Cast
from django.template.defaultfilters import pluralize
from django.urls import reverse
from django.utils.text import Truncator

from inventory.alignment import levels
from inventory.alignment.demand import Openings, openings_for, region_area_codes
from inventory.alignment.models import (
    AssetMapReview,
    GapAnswer,
    PathwayProgram,
    PathwayStep,
    ProgramCompleters,
    ProgramFunction,
)
from inventory.models import Credential, Linkage, Program, ProgramOccupation, ProgramType
from inventory.services import SYSTEM_FOR_PROVIDER_KIND
from occupations.models import CipSocCrosswalk, CriticalOccupation, Source, Tier
from occupations.selectors import current_release
from partnerships.models import Partnership, System

# Plain strings: compared once per program on every page, faster than the enum members.
OFFERED = str(Program.Status.OFFERED.value)
DISCONTINUED = str(Program.Status.DISCONTINUED.value)
K12_CTE = str(ProgramType.K12_CTE.value)
TIERS = [(t.value, t.label) for t in (Tier.ENTRY, Tier.MID, Tier.ADVANCED)]
TIER_LABEL = dict(TIERS)
# Shortage: completers below this share of openings; surplus: above this multiple.
SHORTAGE_BELOW = 0.9
SURPLUS_ABOVE = 1.5
YEARS_AVERAGED = 3
# Past this many ids a read filters on the partnership instead of listing them.
IN_LIST_LIMIT = 2000
# Programs listed by name in a supply row (largest first); the rest are summed, not listed.
CONTRIBUTIONS_LISTED = 12
# Linkage kinds that carry a student from one level to the next.
BRIDGING = {
    Linkage.Kind.ARTICULATION,
    Linkage.Kind.TRANSFER,
    Linkage.Kind.STACKABLE,
    Linkage.Kind.DUAL_ENROLLMENT,
}
COMPARED = [
    ("cost", "Cost to the student"),
    ("length", "Length"),
    ("prerequisites", "Prerequisites"),
    ("placement", "Placement"),
    ("credits_accepted", "Credits accepted by the next program"),
    ("credentials", "Credentials awarded"),
]


# --- the inventory, loaded once ------------------------------------------------------------


@dataclass
class ProgramFacts:
    id: int
    name: str
    provider_id: int
    provider: str
    system: str
    program_type: str
    type_label: str
    cip_code: str
    status: str
    level: str
    award: int
    credentials: list[tuple[int, str, str]]
    support: list[str]
    completions_per_year: int | None
    confirmed_socs: set[str] = field(default_factory=set)
    credits_accepted: Decimal | None = None
    # What a student compares, loaded only where shown (`attach_details`).
    cost: int | None = None
    length: str = ""
    prerequisites: str = ""
    placement_rate: Decimal | None = None
    placement_year: int | None = None
    placement_source: str = ""

    @property
    def offered(self) -> bool:
        return self.status == OFFERED

    @property
    def work_based(self) -> bool:
        return self.program_type in levels.WORK_BASED_TYPES

    @property
    def level_label(self) -> str:
        return levels.LEVEL_LABEL[self.level]

    @property
    def placement(self) -> str:
        if self.placement_rate is None:
            return ""
        text = f"{self.placement_rate.normalize():f}%"
        if self.placement_year:
            text += f" ({self.placement_year}"
            text += f", {self.placement_source})" if self.placement_source else ")"
        return text

    @property
    def credential_names(self) -> str:
        return "; ".join(name for _, name, _ in self.credentials)

    def compared(self, key: str) -> str:
        if key == "cost":
            return "" if self.cost is None else f"${self.cost:,}"
        if key == "credits_accepted":
            return "" if self.credits_accepted is None else f"{self.credits_accepted.normalize():f}"
        if key == "credentials":
            return self.credential_names
        return str(getattr(self, key) or "")


@dataclass
class LinkageFacts:
    id: int
    from_id: int
    to_id: int
    kind: str
    kind_label: str
    status: str
    credits: Decimal | None

    @property
    def existing(self) -> bool:
        return self.status == Linkage.Status.EXISTING


@dataclass
class InventoryData:
    partnership: Partnership
    programs: dict[int, ProgramFacts]
    credentials: dict[int, dict]
    linkages: list[LinkageFacts]
    critical: list[CriticalOccupation]

    @property
    def critical_codes(self) -> set[str]:
        return {c.soc_code for c in self.critical}

    @cached_property
    def offered(self) -> list[ProgramFacts]:
        """The programs on offer, listed once for the supply and the findings alike."""
        return [p for p in self.programs.values() if p.status == OFFERED]


def _money(*values) -> int | None:
    present = [v for v in values if v is not None]
    return sum(present) if present else None


def _length(hours, credits, weeks, months) -> str:
    parts = []
    if hours:
        parts.append(f"{hours} hours")
    if credits:
        parts.append(f"{credits.normalize():f} credits")
    if weeks:
        parts.append(f"{weeks} weeks")
    if months:
        parts.append(f"{months} months")
    return ", ".join(parts)


SYSTEM_LABEL = dict(System.choices)
# The support services a program offers, read as one number (a bit per service) rather than
# four booleans per row.
SUPPORT = [
    (1, "childcare", "Childcare"),
    (2, "transportation", "Transportation"),
    (4, "tutoring", "Tutoring"),
    (8, "advising", "Advising"),
]
SUPPORT_BITS = sum((Cast(name, IntegerField()) * bit for bit, name, _ in SUPPORT), start=Value(0))
EMPLOYERS = "employers"


@contextmanager
def _bulk_build():
    """Pause the cyclic garbage collector while thousands of small acyclic records are built:
    each full collection walks the whole heap, and building 5,000 programs triggers several
    (measured: most of the time spent in load_inventory on a busy worker). Also a decorator
    for the reads that build a record per program."""
    enabled = gc.isenabled()
    gc.disable()
    try:
        yield
    finally:
        if enabled:
            gc.enable()


def load_inventory(partnership: Partnership) -> InventoryData:
    """The partnership's programs, credentials, linkages and critical occupations: seven
    queries, whatever the inventory's size."""
    with _bulk_build():
        return _load_inventory(partnership)


def _load_inventory(partnership: Partnership) -> InventoryData:
    credentials = {
        pk: {"id": pk, "name": name, "kind": kind, "stacks_into": set(), "programs": []}
        for pk, name, kind in Credential.objects.filter(partnership=partnership).values_list(
            "id", "name", "kind"
        )
    }
    for from_id, to_id in Credential.stacks_into.through.objects.filter(
        from_credential__partnership=partnership
    ).values_list("from_credential_id", "to_credential_id"):
        credentials[from_id]["stacks_into"].add(to_id)
    awarded: dict[int, list[int]] = defaultdict(list)
    for program_id, credential_id in Program.credentials.through.objects.filter(
        program__partnership=partnership
    ).values_list("program_id", "credential_id"):
        awarded[program_id].append(credential_id)
    type_labels = dict(ProgramType.choices)
    programs: dict[int, ProgramFacts] = {}
    # Credentials, level and award depend only on which credentials a program awards, and
    # the system only on the provider's kind: each worked out once per distinct value (the
    # credentials list is shared among the programs that award the same ones; read-only).
    awards: dict[tuple[int, ...], tuple[list, str, int]] = {}
    systems: dict[str, str] = {}
    rows = (
        Program.objects.filter(partnership=partnership)
        .order_by("provider__organization__name", "name", "pk")
        .annotate(support_bits=SUPPORT_BITS)
        .values_list(
            "id", "name", "provider_id", "provider__organization__name", "provider__kind",
            "program_type", "cip_code", "status", "support_bits", "completions_per_year",
        )
    )  # fmt: skip
    for (
        pk, name, provider_id, provider, provider_kind, program_type, cip, status, bits,
        completions,
    ) in rows:  # fmt: skip
        ids = tuple(awarded.get(pk, ()))
        if ids not in awards:
            creds = sorted(
                ((cid, credentials[cid]["name"], credentials[cid]["kind"]) for cid in ids),
                key=lambda c: c[1],
            )
            kinds = tuple(k for _, _, k in creds)
            awards[ids] = (creds, levels.program_level(kinds), levels.program_award(kinds))
        creds, level, award = awards[ids]
        for cid in ids:
            credentials[cid]["programs"].append(pk)
        if provider_kind not in systems:
            system = SYSTEM_FOR_PROVIDER_KIND.get(provider_kind)
            systems[provider_kind] = str(system) if system else EMPLOYERS
        programs[pk] = ProgramFacts(
            id=pk,
            name=name,
            provider_id=provider_id,
            provider=provider,
            system=systems[provider_kind],
            program_type=program_type,
            type_label=type_labels.get(program_type, program_type),
            cip_code=cip,
            status=status,
            level=level,
            award=award,
            credentials=creds,
            support=[label for bit, _, label in SUPPORT if bits & bit] if bits else [],
            completions_per_year=completions,
        )
    for program_id, code in ProgramOccupation.objects.filter(
        program__partnership=partnership, confirmed_at__isnull=False
    ).values_list("program_id", "soc_code"):
        programs[program_id].confirmed_socs.add(code)
    kind_labels = dict(Linkage.Kind.choices)
    linkages = [
        LinkageFacts(pk, a, b, kind, kind_labels.get(kind, kind), status, credits)
        for pk, a, b, kind, status, credits in Linkage.objects.filter(
            partnership=partnership
        ).values_list("id", "from_program_id", "to_program_id", "kind", "status", "credits")
    ]
    for link in linkages:
        if link.credits is not None and link.to_id in programs and link.from_id in programs:
            accepted = programs[link.from_id].credits_accepted or Decimal(0)
            programs[link.from_id].credits_accepted = max(accepted, link.credits)
    critical = list(
        CriticalOccupation.objects.filter(partnership=partnership).order_by("order", "soc_code")
    )
    return InventoryData(partnership, programs, credentials, linkages, critical)


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


# --- the gap findings ------------------------------------------------------------------------


@dataclass
class Finding:
    key: str
    kind: str
    title: str
    detail: str
    programs: list[int] = field(default_factory=list)
    evidence: list[str] = field(default_factory=list)
    source: str = ""

    @property
    def kind_label(self) -> str:
        return KIND_LABELS[self.kind]


KIND_LABELS = {
    "untaught_function": "Functions no program teaches",
    "uncovered_tier": "Tier without a program",
    "uncovered_occupation": "Occupation without a program",
    "duplication": "Duplication",
    "dead_end": "Dead-end credential",
    "missing_articulation": "Missing articulation",
    "no_dual_enrollment": "No K-12 dual enrollment",
    "no_support_services": "No support services",
    "no_prior_learning": "No credit for prior learning",
    "shortage": "Shortage of completers",
    "surplus": "Surplus of completers",
}


def _names(programs: list[ProgramFacts], limit: int = 4) -> str:
    names = [f"{p.name} ({p.provider})" for p in programs[:limit]]
    more = len(programs) - limit
    return "; ".join(names) + (f" and {more} more" if more > 0 else "")


@_bulk_build()
def findings(
    partnership: Partnership, *, inv: InventoryData | None = None, sd: SupplyDemand | None = None
) -> list[Finding]:
    """Every gap the data shows, each with the evidence and the programs behind it."""
    inv = inv or load_inventory(partnership)
    programs = inv.programs
    offered = inv.offered
    offered_ids = {p.id for p in offered}
    out: list[Finding] = []

    out += untaught_functions(partnership, inv)

    # Occupations and tiers nothing prepares for (confirmed links, as on the coverage page).
    covering: dict[str, list[ProgramFacts]] = defaultdict(list)
    for p in offered:
        for soc in p.confirmed_socs:
            covering[soc].append(p)
    for tier, label in TIERS:
        in_tier = [c for c in inv.critical if c.tier == tier]
        if in_tier and not any(covering.get(c.soc_code) for c in in_tier):
            out.append(
                Finding(
                    f"uncovered-tier-{tier}",
                    "uncovered_tier",
                    f"No program prepares for the {label.lower()} tier",
                    f"None of the {len(in_tier)} {label.lower()} occupation{pluralize(len(in_tier))} "
                    f"({', '.join(c.title for c in in_tier)}) has a confirmed program.",
                )
            )
    for c in inv.critical:
        if not covering.get(c.soc_code):
            out.append(
                Finding(
                    f"uncovered-occupation-{c.soc_code}",
                    "uncovered_occupation",
                    f"No program prepares for {c.title}",
                    f"{c.soc_code} {c.title} ({TIER_LABEL.get(c.tier, c.tier)} tier): no offered "
                    "program has a confirmed link to it.",
                )
            )

    # Duplication: one CIP code, or one credential, at several providers.
    by_cip: dict[str, list[ProgramFacts]] = defaultdict(list)
    for p in offered:
        if p.cip_code:
            by_cip[p.cip_code].append(p)
    seen_groups: set[frozenset[int]] = set()
    for cip, group in sorted(by_cip.items()):
        if len(group) < 2:
            continue
        providers = len({p.provider_id for p in group})
        if providers > 1:
            seen_groups.add(frozenset(p.id for p in group))
            out.append(
                Finding(
                    f"duplication-cip-{cip}",
                    "duplication",
                    f"CIP {cip} is taught by {providers} providers",
                    _names(group),
                    programs=[p.id for p in group],
                )
            )
    for credential in sorted(inv.credentials.values(), key=lambda c: c["name"]):
        group = [programs[i] for i in credential["programs"] if i in offered_ids]
        providers = len({p.provider_id for p in group})
        ids = frozenset(p.id for p in group)
        if providers > 1 and ids not in seen_groups:
            seen_groups.add(ids)
            out.append(
                Finding(
                    f"duplication-credential-{credential['id']}",
                    "duplication",
                    f"{credential['name']} is awarded by {providers} providers",
                    _names(group),
                    programs=[p.id for p in group],
                )
            )

    # Dead ends: a credential that leads nowhere, neither up nor to a job.
    linked_up: set[int] = set()
    for link in inv.linkages:
        a, b = programs.get(link.from_id), programs.get(link.to_id)
        if a and b and levels.LEVEL_RANK[b.level] >= levels.LEVEL_RANK[a.level]:
            linked_up.add(a.id)
    for credential in sorted(inv.credentials.values(), key=lambda c: c["name"]):
        group = [programs[i] for i in credential["programs"]]
        if not group or credential["stacks_into"]:
            continue
        if any(p.id in linked_up or p.confirmed_socs for p in group):
            continue
        out.append(
            Finding(
                f"dead-end-{credential['id']}",
                "dead_end",
                f"{credential['name']} leads nowhere yet",
                "It stacks into no larger credential, none of the programs awarding it links to "
                "a program at the same or a higher level, and none is confirmed for an "
                f"occupation. Awarded by: {_names(group)}.",
                programs=[p.id for p in group],
            )
        )

    # Missing articulation: within a field (the CIP code's two-digit family), consecutive
    # levels that both have programs but no existing agreement from the lower to the higher.
    at_level: dict[str, list[ProgramFacts]] = defaultdict(list)
    by_family: dict[tuple[str, str], list[ProgramFacts]] = defaultdict(list)
    for p in offered:
        at_level[p.level].append(p)
        if p.cip_code:
            by_family[(p.cip_code[:2], p.level)].append(p)
    # A bridge counts for the field of either end (a CIP 48 certificate into a CIP 15 degree).
    bridged: set[tuple[str, str, str]] = set()
    for link in inv.linkages:
        a, b = programs.get(link.from_id), programs.get(link.to_id)
        if a and b and link.existing and link.kind in BRIDGING:
            for end in (a, b):
                if end.cip_code:
                    bridged.add((end.cip_code[:2], a.level, b.level))
    families = sorted({family for family, _ in by_family})
    for family in families:
        for low, high in ((levels.ENTRY, levels.MID), (levels.MID, levels.ADVANCED)):
            lower, upper = by_family.get((family, low)), by_family.get((family, high))
            if not lower or not upper or (family, low, high) in bridged:
                continue
            out.append(
                Finding(
                    f"articulation-{family}-{low}-{high}",
                    "missing_articulation",
                    f"No agreement carries {low}-level programs into {high}-level ones in CIP "
                    f"{family}",
                    f"{len(lower)} {low} program{pluralize(len(lower))} ({_names(lower, 2)}) and "
                    f"{len(upper)} {high} "
                    f"program{pluralize(len(upper))} ({_names(upper, 2)}) in CIP family {family}, "
                    "but no existing "
                    "articulation, transfer, stackable or dual-enrollment linkage between them.",
                    programs=[p.id for p in lower + upper],
                )
            )

    # K-12 dual enrollment, support services, credit for prior learning.
    dual = [
        link for link in inv.linkages if link.kind == Linkage.Kind.DUAL_ENROLLMENT and link.existing
    ]
    k12 = [p for p in offered if p.program_type == K12_CTE]
    if offered and not dual and not k12:
        out.append(
            Finding(
                "no-dual-enrollment",
                "no_dual_enrollment",
                "No way in from high school",
                "No existing dual-enrollment linkage and no dual-enrollment or K-12 CTE "
                "program in the inventory.",
            )
        )
    for level, label in levels.LEVELS:
        group = at_level[level]
        if group and not any(p.support for p in group):
            out.append(
                Finding(
                    f"no-support-{level}",
                    "no_support_services",
                    f"No support services at the {label.lower()} level",
                    f"None of the {len(group)} {label.lower()}-level program{pluralize(len(group))} "
                    "offers childcare, "
                    "transportation, tutoring or advising.",
                    programs=[p.id for p in group],
                )
            )
    prior = [
        link for link in inv.linkages if link.kind == Linkage.Kind.PRIOR_LEARNING and link.existing
    ]
    if offered and not prior:
        out.append(
            Finding(
                "no-prior-learning",
                "no_prior_learning",
                "No credit for prior learning",
                "No existing credit-for-prior-learning linkage: experienced workers start "
                "from the beginning.",
            )
        )

    # On each pathway program: a way in from high school, credit for prior learning,
    # support services.
    for pathway in pathway_programs_for(partnership):
        ids = [step.program_id for step in pathway.steps.all() if step.program_id in programs]
        if not ids:
            continue
        members = set(ids)
        steps_programs = [programs[i] for i in ids]
        into = [link for link in inv.linkages if link.to_id in members and link.existing]
        if not any(p.program_type == ProgramType.K12_CTE for p in steps_programs) and not any(
            link.kind == Linkage.Kind.DUAL_ENROLLMENT for link in into
        ):
            out.append(
                Finding(
                    f"no-dual-enrollment-pathway-{pathway.pk}",
                    "no_dual_enrollment",
                    f"{pathway.name}: no way in from high school",
                    "None of its programs is a dual-enrollment or K-12 CTE program, and no "
                    "existing dual-enrollment linkage leads into them.",
                    programs=ids,
                )
            )
        if not any(link.kind == Linkage.Kind.PRIOR_LEARNING for link in into):
            out.append(
                Finding(
                    f"no-prior-learning-pathway-{pathway.pk}",
                    "no_prior_learning",
                    f"{pathway.name}: no agreed credit for prior learning",
                    "No existing credit-for-prior-learning linkage leads into any of its "
                    "programs"
                    + (
                        f"; the pathway says: “{pathway.prior_learning}”"
                        if pathway.prior_learning
                        else ""
                    )
                    + ".",
                    programs=ids,
                )
            )
        if not any(p.support for p in steps_programs) and not pathway.support_services.strip():
            out.append(
                Finding(
                    f"no-support-pathway-{pathway.pk}",
                    "no_support_services",
                    f"{pathway.name}: no support services",
                    "None of its programs offers childcare, transportation, tutoring or "
                    "advising, and the pathway names no other support.",
                    programs=ids,
                )
            )

    # Too few or too many completers.
    sd = sd or supply_demand(partnership, inv=inv)
    for row in sd.rows:
        if row.status not in ("shortage", "surplus"):
            continue
        openings = row.openings
        evidence = (
            f"{row.supply:,.0f} completers a year ({row.completer_years or 'typical year'}; "
            f"{row.completer_sources or 'no program'}) against {openings.value:,} openings "
            f"a year ({openings.source})."
        )
        out.append(
            Finding(
                f"{row.status}-{row.soc_code}",
                row.status,
                f"{'Too few' if row.status == 'shortage' else 'More'} completers "
                f"{'for' if row.status == 'shortage' else 'than openings for'} {row.title}",
                evidence,
                programs=[c.program.id for c in row.contributions],
                source=openings.source,
            )
        )
    return out


def gap_findings(partnership: Partnership) -> list[dict]:
    """The findings as the action plan (step 8) reads them: key (stable), kind, title,
    detail, url (the page with the rows behind the finding)."""
    base = reverse("alignment:gaps", kwargs={"slug": partnership.slug})
    return [
        {
            "key": f.key,
            "kind": f.kind,
            "title": f.title,
            "detail": f.detail,
            "url": f"{base}{f.key}/",
        }
        for f in findings(partnership)
    ]


def attach_details(inv: InventoryData, program_ids: list[int]) -> None:
    """Fill in cost, length, prerequisites and placement for these programs (one query)."""
    for (
        pk, tuition, fees, other, hours, credits, weeks, months, prerequisites, rate, year, source,
    ) in Program.objects.filter(pk__in=[i for i in program_ids if i in inv.programs]).values_list(
        "id", "tuition", "fees", "other_costs", "clock_hours", "credits", "weeks", "months",
        "prerequisites", "placement_rate", "placement_year", "placement_source",
    ):  # fmt: skip
        program = inv.programs[pk]
        program.cost = _money(tuition, fees, other)
        program.length = _length(hours, credits, weeks, months)
        program.prerequisites = prerequisites
        program.placement_rate, program.placement_year = rate, year
        program.placement_source = source


def comparison(inv: InventoryData, program_ids: list[int]) -> list[dict]:
    """Programs side by side on what a student compares; cells that differ are marked."""
    attach_details(inv, program_ids)
    group = [inv.programs[i] for i in program_ids if i in inv.programs]
    rows = []
    for key, label in COMPARED:
        values = [p.compared(key) for p in group]
        rows.append({"label": label, "values": values, "differs": len(set(values)) > 1})
    return [{"programs": group, "rows": rows}]


# --- the asset map ---------------------------------------------------------------------------

MAP_PAGE = 60
BOX_W, BOX_H, GAP_X, GAP_Y = 190, 44, 14, 16
COLUMNS = 4
LINK_STYLE = {
    Linkage.Kind.ARTICULATION: ("#0b5394", ""),
    Linkage.Kind.DUAL_ENROLLMENT: ("#6a329f", "6 3"),
    Linkage.Kind.STACKABLE: ("#38761d", ""),
    Linkage.Kind.TRANSFER: ("#b45f06", "2 3"),
    Linkage.Kind.PRIOR_LEARNING: ("#666666", "1 3"),
}


@dataclass
class MapFilters:
    provider: int | None = None
    system: str = ""
    occupation: str = ""
    page: int = 1

    @classmethod
    def from_query(cls, params) -> MapFilters:
        provider = params.get("provider", "")
        page = params.get("page", "")
        system = params.get("system", "")
        return cls(
            provider=int(provider) if provider.isdigit() else None,
            system=system if system in SYSTEM_LABEL or system == EMPLOYERS else "",
            occupation=params.get("occupation", "")[:7],
            page=max(1, int(page)) if page.isdigit() else 1,
        )


def asset_map(partnership: Partnership, filters: MapFilters, inv: InventoryData | None = None):
    """Programs by level (a page at a time) beside the critical occupations of each tier,
    with the linkages among them and the occupations they prepare for, ready to draw."""
    inv = inv or load_inventory(partnership)
    critical_codes = inv.critical_codes
    # The map draws only the critical occupations: the crosswalk rows that lead to them.
    by_cip, _ = crosswalk_socs(
        {p.cip_code for p in inv.programs.values() if p.cip_code}, critical_codes
    )
    chosen = [
        p
        for p in inv.programs.values()
        if p.status != DISCONTINUED
        and (filters.provider is None or p.provider_id == filters.provider)
        and (not filters.system or p.system == filters.system)
        and (not filters.occupation or filters.occupation in p.confirmed_socs)
    ]
    chosen.sort(key=lambda p: (levels.LEVEL_RANK[p.level], p.provider, p.name))
    pages = max(1, -(-len(chosen) // MAP_PAGE))
    page = min(filters.page, pages)
    shown = chosen[(page - 1) * MAP_PAGE : page * MAP_PAGE]
    bands = []
    y = 30
    boxes: dict[int, dict] = {}
    occupation_boxes: dict[str, dict] = {}
    for level, label in reversed(levels.LEVELS):
        in_level = [p for p in shown if p.level == level]
        occupations = [c for c in inv.critical if c.tier == level]
        rows_needed = max(1, -(-len(in_level) // COLUMNS), len(occupations))
        height = rows_needed * (BOX_H + GAP_Y) + 30
        band = {
            "level": level,
            "label": label,
            "y": y,
            "height": height,
            "programs": [],
            "occupations": [],
        }
        for index, program in enumerate(in_level):
            box = {
                "program": program,
                "x": 20 + (index % COLUMNS) * (BOX_W + GAP_X),
                "y": y + 26 + (index // COLUMNS) * (BOX_H + GAP_Y),
                "socs": sorted(program_socs(inv, program, by_cip) & critical_codes),
            }
            boxes[program.id] = box
            band["programs"].append(box)
        for index, occupation in enumerate(occupations):
            box = {"occupation": occupation, "x": 880, "y": y + 26 + index * (BOX_H + GAP_Y)}
            occupation_boxes[occupation.soc_code] = box
            band["occupations"].append(box)
        bands.append(band)
        y += height + 10
    links = []
    for link in inv.linkages:
        a, b = boxes.get(link.from_id), boxes.get(link.to_id)
        if not a or not b:
            continue
        colour, dash = LINK_STYLE.get(link.kind, ("#333333", ""))
        links.append(
            {
                "link": link,
                "from": a["program"],
                "to": b["program"],
                "x1": a["x"] + BOX_W / 2,
                "y1": a["y"],
                "x2": b["x"] + BOX_W / 2,
                "y2": b["y"] + BOX_H,
                "colour": colour,
                "dash": dash if link.existing else "8 4",
            }
        )
    prepares = []
    for box in boxes.values():
        for soc in box["socs"]:
            target = occupation_boxes.get(soc)
            if target:
                prepares.append(
                    {
                        "x1": box["x"] + BOX_W,
                        "y1": box["y"] + BOX_H / 2,
                        "x2": target["x"],
                        "y2": target["y"] + BOX_H / 2,
                    }
                )
    link_texts = _links_by_program(inv, set(boxes))
    for pk, box in boxes.items():
        box["links"] = link_texts.get(pk, [])
        box["svg"] = _program_svg(box)
    for box in occupation_boxes.values():
        box["svg"] = _occupation_svg(box)
    # Coordinates go to the template as text: a number there is localized one by one.
    for line in links + prepares:
        for key in ("x1", "y1", "x2", "y2"):
            line[key] = str(line[key])
    providers = sorted(
        {(p.provider_id, p.provider) for p in inv.programs.values()}, key=lambda t: t[1]
    )
    systems = sorted({p.system for p in inv.programs.values()})
    return {
        "bands": bands,
        "links": links,
        "prepares": prepares,
        "height": y + 10,
        "shown": shown,
        "total": len(chosen),
        "page": page,
        "pages": pages,
        "providers": providers,
        "systems": [(s, SYSTEM_LABEL.get(s, "Employers")) for s in systems],
        "occupations": inv.critical,
        "legend": [
            (label, *LINK_STYLE[kind]) for kind, label in Linkage.Kind.choices if kind in LINK_STYLE
        ],
    }


def _program_svg(box: dict) -> dict[str, str]:
    """A program box's drawing, worked out once: its text positions, the WBL badge's, and the
    name and provider cut to fit the box."""
    x, y, program = box["x"], box["y"], box["program"]
    wbl = program.work_based
    return {
        "x": str(x),
        "y": str(y),
        "tx": str(x + 6),
        "ty1": str(y + 17),
        "ty2": str(y + 34),
        "bx": str(x + 158),
        "by": str(y + 25),
        "btx": str(x + 172),
        "bty": str(y + 35),
        "name": Truncator(program.name).chars(26),
        "provider": Truncator(program.provider).chars(24 if wbl else 30),
    }


def _occupation_svg(box: dict) -> dict[str, str]:
    x, y = box["x"], box["y"]
    return {"x": str(x), "y": str(y), "tx": str(x + 6), "ty1": str(y + 17), "ty2": str(y + 34)}


def _links_by_program(inv: InventoryData, ids: set[int]) -> dict[int, list[str]]:
    out: dict[int, list[str]] = defaultdict(list)
    for link in inv.linkages:
        if link.from_id in ids and link.to_id in inv.programs:
            target = inv.programs[link.to_id]
            status = "" if link.existing else " (proposed)"
            out[link.from_id].append(
                f"{link.kind_label}{status} → {target.name} ({target.provider})"
            )
    return dict(out)


# --- programs against functions -------------------------------------------------------------

GRID_PAGE = 40


def function_grid(partnership: Partnership, soc_code: str, page: int = 1, inv=None) -> dict:
    """The programs that prepare for one critical occupation against its functions, and
    which of them each program teaches."""
    from inventory.alignment.functions import functions_for

    inv = inv or load_inventory(partnership)
    occupation = next((c for c in inv.critical if c.soc_code == soc_code), None)
    if occupation is None and inv.critical:
        occupation = inv.critical[0]
    if occupation is None:
        return {
            "occupation": None,
            "occupations": [],
            "functions": [],
            "programs": [],
            "marks": set(),
        }
    functions = functions_for([occupation])[occupation.soc_code]
    by_cip, _ = crosswalk_socs(
        {p.cip_code for p in inv.programs.values() if p.cip_code}, {occupation.soc_code}
    )
    preparing = [
        p
        for p in inv.programs.values()
        if p.status != DISCONTINUED and occupation.soc_code in program_socs(inv, p, by_cip)
    ]
    pages = max(1, -(-len(preparing) // GRID_PAGE))
    page = min(max(1, page), pages)
    shown = preparing[(page - 1) * GRID_PAGE : page * GRID_PAGE]
    marks = set(
        ProgramFunction.objects.filter(
            program_id__in=[p.id for p in shown], soc_code=occupation.soc_code
        ).values_list("program_id", "function_key")
    )
    taught = {
        key
        for key in ProgramFunction.objects.filter(
            program__partnership=partnership, soc_code=occupation.soc_code
        ).values_list("function_key", flat=True)
    }
    return {
        "occupation": occupation,
        "occupations": inv.critical,
        "functions": functions,
        "programs": shown,
        "marks": marks,
        "taught": taught,
        "page": page,
        "pages": pages,
        "total": len(preparing),
    }


def untaught_functions(partnership: Partnership, inv: InventoryData) -> list[Finding]:
    """Per critical occupation whose grid someone has started: the functions no program
    teaches."""
    from inventory.alignment.functions import functions_for

    taught: dict[str, set[str]] = defaultdict(set)
    for soc, key in ProgramFunction.objects.filter(program__partnership=partnership).values_list(
        "soc_code", "function_key"
    ):
        taught[soc].add(key)
    started = [c for c in inv.critical if c.soc_code in taught]
    every = functions_for(started) if started else {}
    out = []
    for occupation in started:
        functions = every[occupation.soc_code]
        missing = [f for f in functions if f.key not in taught[occupation.soc_code]]
        if missing:
            out.append(
                Finding(
                    f"untaught-{occupation.soc_code}",
                    "untaught_function",
                    f"{len(missing)} of {len(functions)} functions of {occupation.title} are "
                    "taught by no program",
                    "; ".join(f.label for f in missing[:5]) + (" …" if len(missing) > 5 else ""),
                    source=missing[0].source,
                )
            )
    return out


# --- pathway programs ------------------------------------------------------------------------


def pathway_programs_for(partnership: Partnership) -> list[PathwayProgram]:
    return list(
        PathwayProgram.objects.filter(partnership=partnership).prefetch_related(
            Prefetch(
                "steps",
                queryset=PathwayStep.objects.select_related(
                    "program__provider__organization"
                ).order_by("position"),
            )
        )
    )


def pathway_route(pathway: PathwayProgram, inv: InventoryData) -> list[dict]:
    """The pathway's steps in order, each with the linkage that carries a student to the
    next step (or None: a missing link, flagged), its level and its exit occupation."""
    steps = list(pathway.steps.all())
    titles = {c.soc_code: (c.title, c.tier) for c in inv.critical}
    links: dict[tuple[int, int], list[LinkageFacts]] = defaultdict(list)
    for link in inv.linkages:
        links[(link.from_id, link.to_id)].append(link)
    out = []
    for index, step in enumerate(steps):
        facts = inv.programs.get(step.program_id)
        following = steps[index + 1] if index + 1 < len(steps) else None
        connection = None
        if following is not None:
            found = links.get((step.program_id, following.program_id), [])
            found.sort(key=lambda link: not link.existing)
            connection = found[0] if found else None
        exit_title, exit_tier = titles.get(step.exit_soc_code, ("", ""))
        out.append(
            {
                "step": step,
                "program": facts,
                "next": following,
                "linkage": connection,
                "missing_link": following is not None and connection is None,
                "exit_title": exit_title or step.exit_soc_code,
                "exit_tier": exit_tier,
            }
        )
    return out


def pathway_routes(partnership: Partnership) -> list[dict]:
    """For the map (step 7): each pathway program as a route between tiers: the exit
    occupations in order (SOC code, title, tier), the programs, and any missing links."""
    inv = load_inventory(partnership)
    routes = []
    for pathway in pathway_programs_for(partnership):
        route = pathway_route(pathway, inv)
        routes.append(
            {
                "name": pathway.name,
                "summary": pathway.summary,
                "steps": [
                    {
                        "program": r["program"].name if r["program"] else "",
                        "provider": r["program"].provider if r["program"] else "",
                        "level": r["program"].level if r["program"] else "",
                        "exit_soc_code": r["step"].exit_soc_code,
                        "exit_title": r["exit_title"],
                        "exit_tier": r["exit_tier"],
                        "linkage_to_next": r["linkage"].kind if r["linkage"] else None,
                        "missing_link": r["missing_link"],
                    }
                    for r in route
                ],
                "tiers": [r["exit_tier"] for r in route if r["exit_tier"]],
            }
        )
    return routes


# --- the worksheet and the checklist ---------------------------------------------------------


def gap_answers(partnership: Partnership) -> dict[str, GapAnswer]:
    return {a.question: a for a in GapAnswer.objects.filter(partnership=partnership)}


def reviews_for(partnership: Partnership) -> list[AssetMapReview]:
    return list(AssetMapReview.objects.filter(partnership=partnership).select_related("convening"))


# --- pathway programs for the published map (step 7) ----------------------------------------


def pathway_routes_for_map(partnership: Partnership) -> list[dict]:
    """Every pathway program as the map shows and freezes it: plain JSON-ready values, read in
    five queries whatever the number of pathways. Each step names its provider, program,
    credentials, level and exit occupation (its tier), and how a student gets to the next
    step: the linkage between the two programs (an existing one preferred) or None, a missing
    link the map marks rather than hides."""
    pathways = pathway_programs_for(partnership)
    ids = {step.program_id for pathway in pathways for step in pathway.steps.all()}
    awarded: dict[int, list[tuple[str, str]]] = defaultdict(list)
    for program_id, name, kind in Program.credentials.through.objects.filter(
        program_id__in=ids
    ).values_list("program_id", "credential__name", "credential__kind"):
        awarded[program_id].append((name, kind))
    kind_labels = dict(Linkage.Kind.choices)
    links: dict[tuple[int, int], list[dict]] = defaultdict(list)
    for from_id, to_id, kind, status, credits in Linkage.objects.filter(
        partnership=partnership, from_program_id__in=ids, to_program_id__in=ids
    ).values_list("from_program_id", "to_program_id", "kind", "status", "credits"):
        links[(from_id, to_id)].append(
            {
                "kind": kind,
                "label": kind_labels.get(kind, kind),
                "existing": status == Linkage.Status.EXISTING,
                "credits": float(credits) if credits is not None else None,
            }
        )
    critical = {
        code: (title, tier)
        for code, title, tier in CriticalOccupation.objects.filter(
            partnership=partnership
        ).values_list("soc_code", "title", "tier")
    }
    routes = []
    for pathway in pathways:
        steps = list(pathway.steps.all())
        out = []
        for index, step in enumerate(steps):
            program = step.program
            following = steps[index + 1] if index + 1 < len(steps) else None
            linkage = None
            if following is not None:
                found = links.get((step.program_id, following.program_id), [])
                found = sorted(found, key=lambda link: (not link["existing"], link["kind"]))
                linkage = found[0] if found else None
            credentials = sorted(awarded.get(step.program_id, []))
            level = levels.program_level([kind for _, kind in credentials])
            exit_title, exit_tier = critical.get(step.exit_soc_code, ("", ""))
            out.append(
                {
                    "position": index + 1,
                    "program_id": program.pk,
                    "program": program.name,
                    "provider": program.provider.organization.name,
                    "credentials": [name for name, _ in credentials],
                    "level": level,
                    "exit_soc_code": step.exit_soc_code,
                    "exit_title": exit_title,
                    "exit_tier": exit_tier,
                    "note": step.note,
                    # Where the step sits on the map: its job's tier, else the program's level.
                    "tier": exit_tier or level,
                    "work_based": program.program_type in levels.WORK_BASED_TYPES,
                    "offered": program.status == Program.Status.OFFERED,
                    "reviewed": program.reviewed_at is not None,
                    "linkage_to_next": linkage,
                    "missing_link": following is not None and linkage is None,
                }
            )
        routes.append(
            {
                "id": pathway.pk,
                "name": pathway.name,
                "summary": pathway.summary,
                "who_may_enter": pathway.who_may_enter,
                "prerequisites": pathway.prerequisites,
                "prior_learning": pathway.prior_learning,
                "support_services": pathway.support_services,
                "work_based_learning": pathway.work_based_learning,
                "steps": out,
                "missing_links": sum(1 for s in out if s["missing_link"]),
                "updated_at": pathway.updated_at.isoformat(),
            }
        )
    return routes
