"""The partnership's inventory loaded once as plain facts (programs, credentials, linkages,
critical occupations), and the constants the other selector modules share."""

from __future__ import annotations

import gc
from collections import defaultdict
from contextlib import contextmanager
from dataclasses import dataclass, field
from decimal import Decimal
from functools import cached_property

from django.db.models import IntegerField, Value
from django.db.models.functions import Cast

from inventory.alignment import levels
from inventory.models import Credential, Linkage, Program, ProgramOccupation, ProgramType
from inventory.services import SYSTEM_FOR_PROVIDER_KIND
from occupations.models import CriticalOccupation, Tier
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
