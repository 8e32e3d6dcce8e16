from __future__ import annotations

from django import forms

from occupations.models import Source
from occupations.services import OFFICIAL_URLS
from pathways import uploads


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

    def clean_upload(self):
        upload = self.cleaned_data.get("upload")
        if upload:
            try:
                uploads.check_upload(upload, uploads.reference_data_limits())
            except uploads.UploadRefused as refused:
                raise forms.ValidationError(str(refused)) from refused
        return upload

    def clean(self):
        data = super().clean()
        if data.get("upload") and data.get("url"):
            raise forms.ValidationError("Upload a file or give a URL, not both.")
        if not data.get("upload") and not data.get("url") and data.get("source"):
            data["url"] = OFFICIAL_URLS[data["source"]]
        return data


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
