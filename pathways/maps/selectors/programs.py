"""The programs in an occupation's box, and the order they take."""

from __future__ import annotations

from decimal import Decimal

from inventory.models import Program, ProgramOccupation
from partnerships.models import Partnership

# How long a program takes, in months, to compare programs that count length differently.
HOURS_A_MONTH = 86  # about 20 hours a week
CREDITS_A_MONTH = Decimal("3.3")  # 15 credits a semester of four and a half months


def _months(program: Program) -> float | None:
    if program.months:
        return float(program.months)
    if program.weeks:
        return program.weeks / 4.35
    if program.clock_hours:
        return program.clock_hours / HOURS_A_MONTH
    if program.credits:
        return float(program.credits / CREDITS_A_MONTH)
    return None


def program_preference(program: dict) -> tuple:
    """The order programs take in an occupation's box: the convener's pin, then programs a
    newcomer can enter, vetted by employers, shortest, cheapest, with a credential."""
    months = program.get("months")
    cost = program.get("cost")
    return (
        not program.get("pinned", False),
        not program.get("open_to_new", True),
        not program.get("reviewed", True),
        months if months is not None else float("inf"),
        cost if cost is not None else float("inf"),
        not program["credentials"],
        -(program["placement_rate"] or -1),
        program["provider"],
        program["name"],
    )


def _programs_by_soc(
    partnership: Partnership,
    codes: set[str],
    *,
    pins: dict[str, int],
    include_unreviewed: bool,
) -> tuple[dict[str, list[dict]], list[dict]]:
    """Each occupation's programs in the order the map shows them, and the programs left
    off because employers have not reviewed them (or, when included, marked as such)."""
    links = (
        ProgramOccupation.objects.filter(
            program__partnership=partnership,
            program__status=Program.Status.OFFERED,
            soc_code__in=codes,
            confirmed_at__isnull=False,
        )
        .select_related("program__provider__organization")
        .prefetch_related("program__credentials")
        .order_by("program__provider__organization__name", "program__name")
    )
    by_code: dict[str, list[dict]] = {}
    unreviewed: dict[int, dict] = {}
    for link in links:
        program = link.program
        reviewed = program.reviewed_at is not None
        if not reviewed:
            entry = unreviewed.setdefault(
                program.pk,
                {"id": program.pk, "name": program.name,
                 "provider": program.provider.organization.name, "soc_codes": []},
            )  # fmt: skip
            entry["soc_codes"].append(link.soc_code)
            if not include_unreviewed:
                continue
        months = _months(program)
        by_code.setdefault(link.soc_code, []).append(
            {
                "id": program.pk,
                "name": program.name,
                "provider": program.provider.organization.name,
                "type": program.get_program_type_display(),
                "credentials": [c.name for c in program.credentials.all()],
                "length": program.length_display,
                "clock_hours": program.clock_hours,
                "credits": float(program.credits) if program.credits is not None else None,
                "weeks": program.weeks,
                "months_count": program.months,
                "months": round(months, 2) if months is not None else None,
                "cost": program.total_cost,
                "placement_rate": float(program.placement_rate)
                if program.placement_rate is not None
                else None,
                "placement_year": program.placement_year,
                "schedule": program.schedule_labels,
                "open_to_new": program.open_to_new_students,
                "reviewed": reviewed,
                "pinned": pins.get(link.soc_code) == program.pk,
            }
        )
    for programs in by_code.values():
        programs.sort(key=program_preference)
    return by_code, list(unreviewed.values())
