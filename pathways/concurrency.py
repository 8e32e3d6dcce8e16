"""Optimistic locking: two people editing one record never silently overwrite each other.

Editable models carry a `version` integer. A form carries the version it was loaded at; the
save succeeds only if the row still has that version, and bumps it. Otherwise the save is
refused with the row as it is now, so the person can see what changed.
"""

from __future__ import annotations

import contextlib
import json

from django import forms
from django.core import signing
from django.core.exceptions import FieldDoesNotExist
from django.core.serializers.json import DjangoJSONEncoder
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


# --- "Save again to keep yours": merge field by field ---------------------------------------
#
# A versioned form carries, beside the version, the values it was loaded with (`base`, a
# signed token). The fields the person changed are the ones that differ from that base; only
# those are saved. After a conflict the form is rebased on the saved row: every field the
# person did not touch takes the other person's value, the version and base move to the saved
# row, and saving again writes the person's own changes on top of theirs.


def _model_value(instance: models.Model, name: str):
    try:
        field = instance._meta.get_field(name)
    except FieldDoesNotExist:
        return None
    if field.many_to_many:
        return list(getattr(instance, name).all()) if instance.pk else []
    return field.value_from_object(instance)


def _skipped(field: forms.Field) -> bool:
    return isinstance(field, forms.FileField) or isinstance(field.widget, forms.HiddenInput)


def _json_ready(values: dict) -> dict:
    return json.loads(json.dumps(values, cls=DjangoJSONEncoder))


def _as_text(formatted) -> str:
    """A widget's formatted value as a browser submits it (a select formats as a list)."""
    if isinstance(formatted, (list, tuple)):
        formatted = formatted[0] if formatted else ""
    return "" if formatted is None else str(formatted)


class MergingFormMixin:
    """For a ModelForm with `version` and `base` hidden fields (see VersionedForm)."""

    BASE_SALT = "pathways.concurrency.base"

    def _tracked(self) -> list[str]:
        return [name for name, field in self.fields.items() if not _skipped(field)]

    def get_initial_for_field(self, field, field_name):
        if field_name == "base" and not self.is_bound:
            # Computed when the form is drawn, after subclasses set their initial values.
            values = {name: self[name].value() for name in self._tracked()}
            return signing.dumps(_json_ready(values), salt=self.BASE_SALT, compress=True)
        return super().get_initial_for_field(field, field_name)

    def _base(self) -> dict | None:
        token = self.data.get(self.add_prefix("base")) if self.is_bound else None
        if not token:
            return None
        try:
            return signing.loads(token, salt=self.BASE_SALT)
        except signing.BadSignature:
            return None

    def yours(self) -> set[str]:
        """The fields this person changed since the form was loaded (all, if unknown)."""
        base = self._base()
        changed = set()
        for name, field in self.fields.items():
            if name in ("version", "base"):
                continue
            data = self[name].data
            if _skipped(field):
                if field.has_changed(None, data):
                    changed.add(name)
                continue
            if base is None or name not in base:
                changed.add(name)
                continue
            initial = base[name]
            if not isinstance(field, forms.ModelChoiceField):
                with contextlib.suppress(forms.ValidationError):
                    initial = field.to_python(initial)
            if field.has_changed(initial, data):
                changed.add(name)
        return changed

    def rebase(self, current: models.Model) -> None:
        """After an EditConflict: keep the person's changes, take the saved row's values for
        every other field, and point version and base at the saved row."""
        yours = self.yours()
        data = self.data.copy()
        base = {}
        for name in self._tracked():
            if name in ("version", "base"):
                continue
            field = self.fields[name]
            prepared = field.prepare_value(_model_value(current, name))
            base[name] = prepared
            if name in yours:
                continue
            key, widget = self.add_prefix(name), field.widget
            if isinstance(widget, forms.CheckboxInput):
                if widget.check_test(prepared):
                    data[key] = "on"
                else:
                    data.pop(key, None)
            elif getattr(widget, "allow_multiple_selected", False):
                data.setlist(key, [str(v) for v in prepared or []])
            else:
                data[key] = _as_text(widget.format_value(prepared))
        data[self.add_prefix("version")] = str(current.version)
        data[self.add_prefix("base")] = signing.dumps(
            _json_ready(base), salt=self.BASE_SALT, compress=True
        )
        self.data = data
