"""Turning a service's ValidationError into words on the page: one place for every app."""

from __future__ import annotations

from django.core.exceptions import ValidationError


def error_text(error: ValidationError) -> str:
    """All of a refusal's messages as one sentence, for a flash message."""
    return " ".join(error.messages)


def add_errors(form, error: ValidationError) -> None:
    """Put a service's refusal on the form: beside the field it names, else above the form."""
    if hasattr(error, "error_dict"):
        for name, errors in error.message_dict.items():
            form.add_error(name if name in form.fields else None, errors)
    else:
        form.add_error(None, error.messages)
