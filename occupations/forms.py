from __future__ import annotations

import re

from django import forms

from occupations.importers.oews import MAPPED_FIELDS
from occupations.models import Source, WageUnit
from occupations.services import OFFICIAL_URLS
from pathways import uploads


class ImportForm(forms.Form):
    """Start an import: upload a file, or give a URL (the agency's official file by default)."""

    source = forms.ChoiceField(choices=Source.choices)
    upload = forms.FileField(
        required=False,
        label="File",
        help_text="An O*NET text release zip, an OEWS or projections xlsx/csv, a crosswalk, or "
        "an IPEDS zip or csv (C2023_A completions, HD2023 institutions).",
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
        help_text="Only when the file does not say, e.g. May 2024, O*NET 29.3 for an "
        "O*NET folder whose Read Me does not name its version, or 2022-23 for IPEDS "
        "completions whose file name lacks C2023_A.",
    )

    def clean_upload(self):
        return _within_limits(self.cleaned_data.get("upload"))

    def clean(self):
        data = super().clean()
        upload = data.get("upload")
        if data.get("source") == Source.ONET and upload and not data.get("version"):
            from occupations.importers.onet import version_in_upload

            if not version_in_upload(upload):
                self.add_error(
                    "version",
                    "This O*NET file does not say its version (no Read Me naming it, no "
                    "db_29_3 in its name): give the release, e.g. 29.3.",
                )
        if data.get("upload") and data.get("url"):
            raise forms.ValidationError("Upload a file or give a URL, not both.")
        if not data.get("upload") and not data.get("url") and data.get("source"):
            data["url"] = OFFICIAL_URLS[data["source"]]
        return data


def _within_limits(upload):
    """The data page's upload limits (size, unpacked size), checked before anything is read."""
    if upload:
        try:
            uploads.check_upload(upload, uploads.reference_data_limits())
        except uploads.UploadRefused as refused:
            raise forms.ValidationError(str(refused)) from refused
    return upload


class StateOewsUploadForm(forms.Form):
    """First half of the mapping step: the state agency's file. Prefixed: it shares the
    data page with the import form, whose file field has the same name."""

    prefix = "state"

    upload = forms.FileField(
        label="State OEWS file",
        help_text="A csv or xlsx in the state's own layout (its column names, hourly or "
        "annual wages). Next you match its columns to the fields we keep.",
    )

    def clean_upload(self):
        return _within_limits(self.cleaned_data.get("upload"))


class OewsMappingForm(forms.Form):
    """Second half: which published column holds which field, saved as the publisher's
    profile, and the period the release covers."""

    publisher = forms.CharField(
        max_length=200,
        widget=forms.TextInput(attrs={"list": "publishers"}),
        help_text="Who published the file; the mapping is saved under this name and offered "
        "for the publisher's next file.",
    )
    version = forms.CharField(
        max_length=100, label="Period", help_text="The period of the estimates, e.g. May 2025."
    )
    wage_unit = forms.ChoiceField(
        choices=WageUnit.choices, label="Wages are", widget=forms.RadioSelect
    )
    area_code = forms.CharField(
        max_length=7,
        required=False,
        label="Area of every row",
        help_text="Only for a file without an area column: its OEWS area code (08 Colorado).",
    )
    profile_version = forms.IntegerField(required=False, widget=forms.HiddenInput)

    def __init__(self, *args, labels: list[str] = (), **kwargs):
        super().__init__(*args, **kwargs)
        choices = [("", "(not in this file)")] + [(label, label) for label in labels if label]
        self.column_fields = []
        for name, label in MAPPED_FIELDS.items():
            self.fields[f"col_{name}"] = forms.ChoiceField(
                choices=choices, required=False, label=label
            )
            self.column_fields.append(f"col_{name}")

    def clean_area_code(self):
        code = self.cleaned_data["area_code"].strip()
        if code and not re.fullmatch(r"\d{1,7}", code):
            raise forms.ValidationError("An OEWS area code is up to 7 digits, e.g. 08.")
        return code

    def clean(self):
        data = super().clean()
        for name in ("occ_code", "occ_title"):
            if not data.get(f"col_{name}"):
                self.add_error(f"col_{name}", "Choose the column that holds this.")
        if not (data.get("col_area") or data.get("col_area_title") or data.get("area_code")):
            self.add_error(
                "area_code", "Choose the area column, or give the one area of the whole file."
            )
        chosen = [data.get(f) for f in self.column_fields if data.get(f)]
        if len(chosen) != len(set(chosen)):
            raise forms.ValidationError("Each column of the file can fill one field only.")
        return data

    @property
    def columns(self) -> dict[str, str]:
        return {
            name: self.cleaned_data.get(f"col_{name}", "")
            for name in MAPPED_FIELDS
            if self.cleaned_data.get(f"col_{name}")
        }


# --- Step 3: card sort and agreed list ------------------------------------------------------

from occupations.models import QuickWin, Reason, Tier  # noqa: E402


class CardForm(forms.Form):
    """An index card, typed by the employer or by the convener for them."""

    employer = forms.TypedChoiceField(coerce=int, label="Employer")
    title = forms.CharField(max_length=200, label="Job title, in the employer's words")
    soc_code = forms.CharField(required=False, max_length=7, widget=forms.HiddenInput)
    onet_code = forms.CharField(required=False, max_length=10, widget=forms.HiddenInput)
    reasons = forms.MultipleChoiceField(
        choices=Reason.choices, required=False, widget=forms.CheckboxSelectMultiple
    )
    other_reason = forms.CharField(required=False, max_length=255, label="Other reason")
    category = forms.TypedChoiceField(coerce=int, required=False, empty_value=None, label="Column")

    def __init__(self, *args, employers=(), categories=(), **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["employer"].choices = [(e.pk, f"{e.company} ({e.name})") for e in employers]
        self.fields["category"].choices = [("", "Not sorted yet")] + [
            (c.pk, c.name) for c in categories
        ]

    def clean(self):
        data = super().clean()
        if Reason.OTHER in (data.get("reasons") or []) and not data.get("other_reason"):
            self.add_error("other_reason", "Say what the other reason is.")
        return data


class GuestEmployerForm(forms.Form):
    name = forms.CharField(max_length=200, label="Name")
    company = forms.CharField(max_length=200, label="Company")


class AgreeForm(forms.Form):
    soc_code = forms.CharField(max_length=7, label="SOC code")
    onet_code = forms.CharField(max_length=10, required=False, label="O*NET-SOC code")
    title = forms.CharField(max_length=255, required=False, label="Employers' title")
    tier = forms.ChoiceField(choices=Tier.choices)
    convening = forms.TypedChoiceField(coerce=int, required=False, empty_value=None)

    def __init__(self, *args, convenings=(), **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["convening"].choices = [("", "None")] + [(c.pk, str(c)) for c in convenings]


class CriticalOccupationForm(forms.Form):
    title = forms.CharField(max_length=255)
    tier = forms.ChoiceField(choices=Tier.choices)
    onet_code = forms.ChoiceField(label="O*NET-SOC code")
    description = forms.CharField(required=False, widget=forms.Textarea(attrs={"rows": 2}))

    def __init__(self, *args, onet_choices=(), **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["onet_code"].choices = [(c, f"{c} {t}") for c, t in onet_choices]


class PathForm(forms.Form):
    from_occupation = forms.TypedChoiceField(coerce=int, label="From")
    to_occupation = forms.TypedChoiceField(coerce=int, label="To")
    note = forms.CharField(max_length=255, required=False, label="What it takes")

    def __init__(self, *args, occupations=(), **kwargs):
        super().__init__(*args, **kwargs)
        choices = [(o.pk, f"{o.title} ({o.get_tier_display()})") for o in occupations]
        self.fields["from_occupation"].choices = choices
        self.fields["to_occupation"].choices = choices


class QuickWinForm(forms.Form):
    text = forms.CharField(max_length=300, label="Quick win")
    kind = forms.ChoiceField(choices=QuickWin.Kind.choices)
    raised_by = forms.CharField(max_length=200, required=False, label="Raised by")
    convening = forms.TypedChoiceField(coerce=int, required=False, empty_value=None)

    def __init__(self, *args, convenings=(), **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["convening"].choices = [("", "None")] + [(c.pk, str(c)) for c in convenings]
