"""Form widgets every app shares."""

from __future__ import annotations

from django import forms


def picker() -> forms.CheckboxSelectMultiple:
    """Several choices as ticked boxes in a scrolling list, with a filter box once the list is
    long (static/js/app.js): never a multi-select one has to hold Ctrl to use."""
    return forms.CheckboxSelectMultiple(attrs={"data-picker": "1"})
