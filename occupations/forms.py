from __future__ import annotations

from django import forms

from occupations.models import Source
from occupations.services import OFFICIAL_URLS


class ImportForm(forms.Form):
    """Start an import: upload a file, or give a URL (the agency's official file by default)."""

    source = forms.ChoiceField(choices=Source.choices)
    upload = forms.FileField(
        required=False,
        label="File",
        help_text="An O*NET text release zip, an OEWS or projections xlsx/csv, or a crosswalk.",
    )
    url = forms.URLField(
        required=False,
        label="Or a URL",
        assume_scheme="https",
        max_length=500,
        help_text="Left empty with no file, the agency's official file for the source is used.",
    )
    version = forms.CharField(
        required=False,
        max_length=100,
        label="Release or period",
        help_text="Only when the file does not say, e.g. May 2024.",
    )

    def clean(self):
        data = super().clean()
        if data.get("upload") and data.get("url"):
            raise forms.ValidationError("Upload a file or give a URL, not both.")
        if not data.get("upload") and not data.get("url") and data.get("source"):
            data["url"] = OFFICIAL_URLS[data["source"]]
        return data
