"""Optimistic locking: two people editing one record never silently overwrite each other.

Editable models carry a `version` integer. A form carries the version it was loaded at; the
save succeeds only if the row still has that version, and bumps it. Otherwise the save is
refused with the row as it is now, so the person can see what changed.
"""

from __future__ import annotations

from django.db import models
from django.db.models import F
from django.utils import timezone


class EditConflict(Exception):
    def __init__(self, current: models.Model, changed: list[tuple[str, object, object]]):
        self.current = current
        self.changed = changed  # (field label, their value, your value)
        super().__init__("This record was changed by someone else while you were editing it.")


def save_versioned(instance: models.Model, *, expected_version: int, fields: list[str]) -> None:
    model = type(instance)
    values = {name: getattr(instance, name) for name in fields}
    if any(f.name == "updated_at" for f in model._meta.concrete_fields):
        values["updated_at"] = timezone.now()
    updated = model.objects.filter(pk=instance.pk, version=expected_version).update(
        version=F("version") + 1, **values
    )
    if not updated:
        current = model.objects.get(pk=instance.pk)
        changed = [
            (
                model._meta.get_field(name).verbose_name,
                getattr(current, name),
                getattr(instance, name),
            )
            for name in fields
            if getattr(current, name) != getattr(instance, name)
        ]
        raise EditConflict(current, changed)
    instance.version = expected_version + 1
