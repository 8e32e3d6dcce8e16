"""The occupations a program prepares for: the crosswalk suggests, people confirm."""

from __future__ import annotations

from django.contrib.auth.models import AbstractBaseUser
from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone

from inventory import crosswalk
from inventory.models import (
    Program,
    ProgramChange,
    ProgramOccupation,
)
from inventory.services.common import _validated
from inventory.services.history import _record


def _suggest_occupations(program: Program) -> int:
    """Offer the crosswalk's occupations for the program's CIP code, unconfirmed."""
    suggestions = crosswalk.soc_for_cip(program.cip_code) or []
    have = set(program.occupations.values_list("soc_code", flat=True))
    new = [
        ProgramOccupation(program=program, soc_code=s.soc_code, title=s.title[:255], suggested=True)
        for s in suggestions
        if s.soc_code not in have
    ]
    ProgramOccupation.objects.bulk_create(new)
    return len(new)


@transaction.atomic
def program_occupations_suggest(*, program: Program) -> int:
    return _suggest_occupations(program)


@transaction.atomic
def program_occupation_add(
    *, program: Program, actor: AbstractBaseUser, soc_code: str, title: str = ""
) -> ProgramOccupation:
    soc_code = soc_code.strip()
    existing = program.occupations.filter(soc_code=soc_code).first()
    if existing is not None:
        if existing.confirmed:
            raise ValidationError({"soc_code": f"{soc_code} is already listed for this program."})
        return program_occupation_confirm(occupation=existing, actor=actor)
    occupation = _validated(
        ProgramOccupation(
            program=program,
            soc_code=soc_code,
            title=title.strip(),
            confirmed_by=actor,
            confirmed_at=timezone.now(),
        )
    )
    _record(
        program,
        actor=actor,
        action=ProgramChange.Action.OCCUPATIONS,
        via="form",
        changes=[["occupations", "", f"added {occupation}"]],
    )
    return occupation


@transaction.atomic
def program_occupation_confirm(
    *, occupation: ProgramOccupation, actor: AbstractBaseUser
) -> ProgramOccupation:
    occupation.confirmed_at = timezone.now()
    occupation.confirmed_by = actor
    occupation.save(update_fields=["confirmed_at", "confirmed_by"])
    _record(
        occupation.program,
        actor=actor,
        action=ProgramChange.Action.OCCUPATIONS,
        via="form",
        changes=[["occupations", "", f"confirmed {occupation}"]],
    )
    return occupation


@transaction.atomic
def program_occupation_remove(*, occupation: ProgramOccupation, actor: AbstractBaseUser) -> None:
    if occupation.confirmed:
        _record(
            occupation.program,
            actor=actor,
            action=ProgramChange.Action.OCCUPATIONS,
            via="form",
            changes=[["occupations", str(occupation), "removed"]],
        )
    occupation.delete()
