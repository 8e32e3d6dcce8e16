"""Programs: add, change, delete, review, comment, flag a missing one, act on many."""

from __future__ import annotations

from collections.abc import Iterable

from django.contrib.auth.models import AbstractBaseUser
from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone

from inventory.models import (
    Credential,
    MissingProgramFlag,
    Program,
    ProgramChange,
    ProgramComment,
)
from inventory.services.common import PROGRAM_FIELDS, _validated
from inventory.services.credentials import _same_partnership
from inventory.services.history import _record, diff, snapshot
from inventory.services.permissions import can_edit_program, can_review
from inventory.services.program_occupations import _suggest_occupations
from partnerships.models import Membership, Partnership, Role
from pathways.concurrency import save_versioned


@transaction.atomic
def program_create(
    *,
    partnership: Partnership,
    actor: AbstractBaseUser | None,
    membership: Membership | None = None,
    credentials: Iterable[Credential] = (),
    entry_credentials: Iterable[Credential] = (),
    via: str = "form",
    **fields,
) -> Program:
    """Add a program. A support partner adding another organization's program proposes it:
    it enters as proposed, for the convener or that organization to confirm."""
    program = Program(partnership=partnership, created_by=actor, **fields)
    if (
        membership is not None
        and membership.role == Role.PARTNER
        and program.provider_id
        and program.provider.organization_id != membership.organization_id
    ):
        program.status = Program.Status.PROPOSED
    _validated(program)
    program.credentials.set(_same_partnership(partnership, credentials))
    program.entry_credentials.set(_same_partnership(partnership, entry_credentials))
    _record(program, actor=actor, action=ProgramChange.Action.CREATED, via=via)
    _suggest_occupations(program)
    return program


@transaction.atomic
def program_update(
    *,
    program: Program,
    actor: AbstractBaseUser | None,
    expected_version: int,
    credentials: Iterable[Credential] | None = None,
    entry_credentials: Iterable[Credential] | None = None,
    via: str = "form",
    **fields,
) -> Program:
    """Change a program, refusing (EditConflict) if someone saved it since it was loaded."""
    unknown = set(fields) - set(PROGRAM_FIELDS)
    if unknown:
        raise ValueError(f"not editable: {', '.join(sorted(unknown))}")
    before = snapshot(program)
    old_cip = program.cip_code
    for name, value in fields.items():
        setattr(program, name, value)
    program.full_clean()
    save_versioned(program, expected_version=expected_version, fields=list(fields))
    if credentials is not None:
        program.credentials.set(_same_partnership(program.partnership, credentials))
    if entry_credentials is not None:
        program.entry_credentials.set(_same_partnership(program.partnership, entry_credentials))
    changes = diff(program, before, snapshot(program))
    if changes:
        _record(program, actor=actor, action=ProgramChange.Action.UPDATED, via=via, changes=changes)
    if program.cip_code != old_cip:
        _suggest_occupations(program)
    return program


@transaction.atomic
def program_delete(*, program: Program, actor: AbstractBaseUser | None, via: str = "form") -> None:
    _record(program, actor=actor, action=ProgramChange.Action.DELETED, via=via)
    program.delete()


@transaction.atomic
def program_mark_reviewed(*, program: Program, actor: AbstractBaseUser, via: str = "form") -> None:
    """An employer has looked this program over. Not a content edit: no version bump, so it
    never collides with someone editing the program."""
    now = timezone.now()
    Program.objects.filter(pk=program.pk).update(reviewed_at=now, reviewed_by=actor)
    program.reviewed_at, program.reviewed_by = now, actor
    _record(program, actor=actor, action=ProgramChange.Action.REVIEWED, via=via)


@transaction.atomic
def program_comment_add(*, program: Program, actor: AbstractBaseUser, body: str) -> ProgramComment:
    return _validated(ProgramComment(program=program, author=actor, body=body.strip()))


@transaction.atomic
def missing_program_flag_raise(
    *, partnership: Partnership, actor: AbstractBaseUser, **fields
) -> MissingProgramFlag:
    return _validated(MissingProgramFlag(partnership=partnership, raised_by=actor, **fields))


@transaction.atomic
def missing_program_flag_resolve(
    *, flag: MissingProgramFlag, actor: AbstractBaseUser
) -> MissingProgramFlag:
    flag.resolved_at = timezone.now()
    flag.resolved_by = actor
    flag.save(update_fields=["resolved_at", "resolved_by"])
    return flag


BULK_ACTIONS = {
    "review": "Mark reviewed",
    "status_offered": "Set status: offered",
    "status_paused": "Set status: paused",
    "status_discontinued": "Set status: discontinued",
    "delete": "Delete",
}


@transaction.atomic
def programs_bulk(
    *, membership: Membership, actor: AbstractBaseUser, programs: Iterable[Program], action: str
) -> tuple[int, list[str]]:
    """Apply one action to many programs. Returns how many changed and the names skipped
    because this person may not change them."""
    if action not in BULK_ACTIONS:
        raise ValidationError("Choose an action for the selected programs.")
    done, skipped = 0, []
    for program in programs:
        if action == "review":
            if not can_review(membership):
                skipped.append(program.name)
                continue
            program_mark_reviewed(program=program, actor=actor, via="bulk")
        elif not can_edit_program(membership, program):
            skipped.append(program.name)
            continue
        elif action == "delete":
            program_delete(program=program, actor=actor, via="bulk")
        else:
            status = action.removeprefix("status_")
            if program.status == status:
                continue
            program_update(
                program=program,
                actor=actor,
                expected_version=program.version,
                via="bulk",
                status=status,
            )
        done += 1
    return done, skipped
