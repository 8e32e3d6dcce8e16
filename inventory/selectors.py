"""Named reads of the inventory, each owning its query shape."""

from __future__ import annotations

from dataclasses import dataclass, field

from django.db.models import Count, Prefetch, Q, QuerySet
from django.template.defaultfilters import pluralize

from inventory.models import (
    Credential,
    Linkage,
    MissingProgramFlag,
    Program,
    ProgramChange,
    ProgramImport,
    ProgramOccupation,
    ProgramType,
    Provider,
    ProviderKind,
)
from partnerships.models import Partnership

PAGE_SIZE = 50

# Sort keys the inventory table offers, and the columns they order by.
SORTS = {
    "provider": ["provider__organization__name", "name"],
    "name": ["name", "provider__organization__name"],
    "type": ["program_type", "name"],
    "status": ["status", "name"],
    "hours": ["clock_hours", "name"],
    "tuition": ["tuition", "name"],
    "completions": ["completions_per_year", "name"],
    "capacity": ["capacity", "name"],
    "placement": ["placement_rate", "name"],
    "updated": ["updated_at", "name"],
}


@dataclass
class InventoryFilters:
    q: str = ""
    program_type: str = ""
    status: str = ""
    provider: int | None = None
    reviewed: str = ""  # "yes" / "no"
    sort: str = "provider"
    descending: bool = False

    @classmethod
    def from_query(cls, params) -> InventoryFilters:
        sort = params.get("sort", "provider")
        descending = sort.startswith("-")
        sort = sort.lstrip("-")
        provider = params.get("provider", "")
        return cls(
            q=params.get("q", "").strip()[:100],
            program_type=params.get("type", "") if params.get("type") in ProgramType else "",
            status=params.get("status", "") if params.get("status") in Program.Status else "",
            provider=int(provider) if provider.isdigit() else None,
            reviewed=params.get("reviewed", "") if params.get("reviewed") in ("yes", "no") else "",
            sort=sort if sort in SORTS else "provider",
            descending=descending,
        )

    @property
    def active(self) -> bool:
        return bool(self.q or self.program_type or self.status or self.provider or self.reviewed)


def programs_for_inventory(
    partnership: Partnership, filters: InventoryFilters, *, for_export: bool = False
) -> QuerySet[Program]:
    """The filtered, sorted inventory: table rows, or (for_export) every field of each."""
    objects = Program.objects
    programs = objects.for_inventory(partnership) if for_export else objects.for_table(partnership)
    if filters.q:
        programs = programs.filter(
            Q(name__icontains=filters.q)
            | Q(provider__organization__name__icontains=filters.q)
            | Q(cip_code__startswith=filters.q)
            | Q(credentials__name__icontains=filters.q)
            | Q(occupations__soc_code__startswith=filters.q)
            | Q(occupations__title__icontains=filters.q)
        ).distinct()
    if filters.program_type:
        programs = programs.filter(program_type=filters.program_type)
    if filters.status:
        programs = programs.filter(status=filters.status)
    if filters.provider:
        programs = programs.filter(provider_id=filters.provider)
    if filters.reviewed:
        programs = programs.filter(reviewed_at__isnull=filters.reviewed == "no")
    order = SORTS[filters.sort]
    if filters.descending:
        order = [f"-{order[0]}", *order[1:]]
    return programs.order_by(*order, "pk")


def attach_occupations(programs: list[Program]) -> list[Program]:
    """Give each program `table_occupations`, its confirmed (SOC code, title) pairs, in one
    query. Cheaper than prefetch_related, which builds a manager per row."""
    by_program: dict[int, list[tuple[str, str]]] = {p.pk: [] for p in programs}
    rows = (
        ProgramOccupation.objects.filter(program_id__in=by_program, confirmed_at__isnull=False)
        .order_by("soc_code")
        .values_list("program_id", "soc_code", "title")
    )
    for program_id, code, title in rows:
        by_program[program_id].append((code, title))
    for program in programs:
        program.table_occupations = by_program[program.pk]
    return programs


def program_for_page(partnership: Partnership, pk: int) -> Program | None:
    return (
        Program.objects.filter(partnership=partnership, pk=pk)
        .select_related("provider__organization", "reviewed_by", "created_by")
        .prefetch_related(
            "credentials",
            "entry_credentials",
            Prefetch(
                "occupations", queryset=ProgramOccupation.objects.select_related("confirmed_by")
            ),
            Prefetch(
                "linkages_out",
                queryset=Linkage.objects.select_related("to_program__provider__organization"),
            ),
            Prefetch(
                "linkages_in",
                queryset=Linkage.objects.select_related("from_program__provider__organization"),
            ),
            "comments__author",
        )
        .first()
    )


def program_history(program: Program) -> QuerySet[ProgramChange]:
    return program.changes.select_related("actor")


def providers_for(partnership: Partnership) -> QuerySet[Provider]:
    return (
        Provider.objects.filter(partnership=partnership)
        .select_related("organization")
        .prefetch_related("contacts")
        .annotate(program_count=Count("programs"))
        .order_by("organization__name")
    )


def provider_choices(partnership: Partnership) -> QuerySet[Provider]:
    return Provider.objects.filter(partnership=partnership).select_related("organization")


def credentials_for(partnership: Partnership) -> QuerySet[Credential]:
    return (
        Credential.objects.filter(partnership=partnership)
        .prefetch_related("stacks_into")
        .annotate(program_count=Count("programs"))
        .order_by("name")
    )


def linkages_for(partnership: Partnership) -> QuerySet[Linkage]:
    return Linkage.objects.filter(partnership=partnership).select_related(
        "from_program__provider__organization", "to_program__provider__organization"
    )


def open_flags(partnership: Partnership) -> QuerySet[MissingProgramFlag]:
    return partnership.missing_program_flags.filter(resolved_at=None).select_related("raised_by")


def program_import_for(partnership: Partnership, pk: int) -> ProgramImport | None:
    return ProgramImport.objects.filter(partnership=partnership, pk=pk).first()


def inventory_summary(partnership: Partnership) -> dict:
    counts = Program.objects.filter(partnership=partnership).aggregate(
        programs=Count("pk"),
        reviewed=Count("pk", filter=Q(reviewed_at__isnull=False)),
        proposed=Count("pk", filter=Q(status=Program.Status.PROPOSED)),
    )
    counts["linkages"] = Linkage.objects.filter(partnership=partnership).count()
    counts["providers"] = Provider.objects.filter(partnership=partnership).count()
    return counts


# --- coverage --------------------------------------------------------------------------


@dataclass
class OccupationCoverage:
    soc_code: str
    title: str
    tier: str
    tier_label: str
    programs: list[Program] = field(default_factory=list)


def _critical_occupation_model():
    try:
        from occupations.models import CriticalOccupation
    except ImportError:
        return None
    return CriticalOccupation


def coverage_for(partnership: Partnership) -> dict:
    """Programs per critical occupation and per tier, and the occupations nothing prepares
    for. Only confirmed program-occupation links count. Critical occupations come from step
    3; until that exists, `available` is False and the lists are empty."""
    model = _critical_occupation_model()
    result = {"available": model is not None, "occupations": [], "tiers": [], "uncovered": []}
    if model is None:
        return result
    critical = list(model.objects.filter(partnership=partnership).order_by("order", "soc_code"))
    codes = {c.soc_code for c in critical}
    links = (
        ProgramOccupation.objects.filter(
            program__partnership=partnership, soc_code__in=codes, confirmed_at__isnull=False
        )
        .select_related("program__provider__organization")
        .order_by("program__provider__organization__name", "program__name")
    )
    by_code: dict[str, list[Program]] = {}
    for link in links:
        by_code.setdefault(link.soc_code, []).append(link.program)
    tier_field = model._meta.get_field("tier")
    tier_labels = dict(tier_field.choices or [])
    rows = [
        OccupationCoverage(
            soc_code=c.soc_code,
            title=c.title,
            tier=c.tier,
            tier_label=str(tier_labels.get(c.tier, c.tier)),
            programs=by_code.get(c.soc_code, []),
        )
        for c in critical
    ]
    tiers = []
    for value, label in tier_field.choices or []:
        in_tier = [r for r in rows if r.tier == value]
        programs = {p.pk for r in in_tier for p in r.programs}
        tiers.append(
            {
                "tier": value,
                "label": label,
                "occupations": in_tier,
                "program_count": len(programs),
                "uncovered": [r for r in in_tier if not r.programs],
            }
        )
    result.update(occupations=rows, tiers=tiers, uncovered=[r for r in rows if not r.programs])
    return result


def providers_off_the_team(partnership: Partnership) -> list[Provider]:
    """Providers with programs in the inventory whose organization is not on the support team."""
    on_team = partnership.support_partners.values("organization_id")
    return list(
        providers_for(partnership).exclude(organization_id__in=on_team).exclude(kind="employer")
    )


def step4_criteria(partnership: Partnership) -> list:
    """What the tracker checks before step 4 can be marked complete."""
    from partnerships.registry import Criterion

    summary = inventory_summary(partnership)
    coverage = coverage_for(partnership)
    criteria = []
    if coverage["available"] and coverage["occupations"]:
        missing = coverage["uncovered"]
        criteria.append(
            Criterion(
                "Programs recorded for every critical occupation",
                not missing,
                "No program yet for: " + ", ".join(f"{r.soc_code} {r.title}" for r in missing)
                if missing
                else f"{len(coverage['occupations'])} occupation{pluralize(len(coverage['occupations']))} covered",
            )
        )
    else:
        confirmed = ProgramOccupation.objects.filter(
            program__partnership=partnership, confirmed_at__isnull=False
        ).count()
        criteria.append(
            Criterion(
                "Programs recorded with the occupations they prepare for",
                summary["programs"] > 0 and confirmed > 0,
                f"{summary['programs']} program{pluralize(summary['programs'])}, "
                f"{confirmed} confirmed occupation link{pluralize(confirmed)}",
            )
        )
    criteria.append(
        Criterion(
            "Linkages between programs recorded",
            summary["linkages"] > 0,
            f"{summary['linkages']} linkage{pluralize(summary['linkages'])}",
        )
    )
    flags = open_flags(partnership).count()
    criteria.append(
        Criterion(
            "Employers have vetted the inventory",
            summary["programs"] > 0 and summary["reviewed"] == summary["programs"] and not flags,
            f"{summary['reviewed']} of {summary['programs']} program{pluralize(summary['programs'])} reviewed"
            + (f"; {flags} missing-program flag{pluralize(flags)} open" if flags else ""),
        )
    )
    return criteria


def programs_by_provider_kind(partnership: Partnership) -> list[dict]:
    """How many programs each type of provider offers (step 4's outcome), largest first."""
    rows = (
        Program.objects.filter(partnership=partnership)
        .values("provider__kind")
        .annotate(programs=Count("pk"), providers=Count("provider", distinct=True))
        .order_by("-programs", "provider__kind")
    )
    labels = dict(ProviderKind.choices)
    return [
        {
            "kind": row["provider__kind"],
            "label": labels.get(row["provider__kind"], row["provider__kind"]),
            "programs": row["programs"],
            "providers": row["providers"],
        }
        for row in rows
    ]
