"""A program's history: its fields as people read them, what changed, one entry per change."""

from __future__ import annotations

from decimal import Decimal

from inventory.models import (
    Program,
    ProgramChange,
)
from inventory.services.common import PROGRAM_FIELDS


def _display(program: Program | None, name: str, value) -> str:
    if value is None or value == "":
        return ""
    if isinstance(value, bool):
        return "yes" if value else "no"
    if isinstance(value, Decimal):
        return f"{value.normalize():f}"
    if isinstance(value, list | tuple | set):
        return "; ".join(sorted(str(v) for v in value))
    field = Program._meta.get_field(name) if name in PROGRAM_FIELDS else None
    if field is not None and field.choices:
        return str(dict(field.choices).get(value, value))
    return str(value)


def display_value(name: str, value) -> str:
    """A program field's value as people read it."""
    return _display(None, name, value)


def _label(name: str) -> str:
    if name == "credentials":
        return "credentials awarded"
    if name == "entry_credentials":
        return "credentials required to enter"
    return str(Program._meta.get_field(name).verbose_name)


def snapshot(program: Program, *, with_credentials: bool = True) -> dict:
    data = {name: getattr(program, name) for name in PROGRAM_FIELDS}
    data["provider"] = program.provider.name if program.provider_id else ""
    if with_credentials and program.pk:
        data["credentials"] = sorted(c.name for c in program.credentials.all())
        data["entry_credentials"] = sorted(c.name for c in program.entry_credentials.all())
    return data


def diff(program: Program, before: dict, after: dict) -> list[list[str]]:
    """[label, before, after] for each field whose shown value changed."""
    changes = []
    for name, new in after.items():
        old_text, new_text = _display(program, name, before.get(name)), _display(program, name, new)
        if old_text != new_text:
            changes.append([_label(name), old_text, new_text])
    return changes


def _record(
    program: Program, *, actor, action: str, via: str, changes: list | None = None
) -> ProgramChange:
    return ProgramChange.objects.create(
        partnership_id=program.partnership_id,
        program=program,
        program_name=program.name,
        actor=actor if actor is not None and actor.is_authenticated else None,
        action=action,
        via=via,
        changes=changes or [],
    )
