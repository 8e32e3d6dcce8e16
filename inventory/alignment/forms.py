from __future__ import annotations

from django import forms
from django.utils import timezone

from inventory.alignment.models import FIRST_YEAR, LAST_YEAR, GapAnswer, PathwayProgram
from inventory.alignment.services import PATHWAY_FIELDS
from partnerships.models import Convening

YEARS_SHOWN = 5
MAX_UPLOAD = 10 * 1024 * 1024


class CompletersForm(forms.Form):
    """A count and its source for each of the last few years (and any year already recorded)."""

    def __init__(self, *args, records=(), **kwargs):
        super().__init__(*args, **kwargs)
        this_year = timezone.localdate().year
        years = set(range(this_year - YEARS_SHOWN + 1, this_year + 1)) | {r.year for r in records}
        existing = {r.year: r for r in records}
        self.years = sorted(years, reverse=True)
        for year in self.years:
            record = existing.get(year)
            self.fields[f"count_{year}"] = forms.IntegerField(
                label=f"{year - 1}-{str(year)[-2:]}",
                min_value=0,
                max_value=1_000_000,
                required=False,
                initial=record.completers if record else None,
            )
            self.fields[f"source_{year}"] = forms.CharField(
                label=f"Source for {year - 1}-{str(year)[-2:]}",
                max_length=120,
                required=False,
                initial=record.source if record else "",
            )
        self.fields["add_year"] = forms.IntegerField(
            label="Another year", min_value=FIRST_YEAR, max_value=LAST_YEAR, required=False
        )
        self.fields["add_count"] = forms.IntegerField(
            label="Completers", min_value=0, required=False
        )
        self.fields["add_source"] = forms.CharField(label="Source", max_length=120, required=False)

    def rows(self):
        return [(year, self[f"count_{year}"], self[f"source_{year}"]) for year in self.years]

    def clean(self):
        data = super().clean()
        if (data.get("add_year") is None) != (data.get("add_count") is None):
            raise forms.ValidationError("Give both the other year and its completers.")
        return data

    def years_data(self) -> list[tuple[int, int | None, str]]:
        data = self.cleaned_data
        out = [(y, data.get(f"count_{y}"), data.get(f"source_{y}") or "") for y in self.years]
        if data.get("add_year") is not None:
            out = [r for r in out if r[0] != data["add_year"]]
            out.append((data["add_year"], data["add_count"], data.get("add_source") or ""))
        return out


class UploadForm(forms.Form):
    file = forms.FileField(
        label="Completers spreadsheet (.xlsx or .csv)",
        widget=forms.ClearableFileInput(attrs={"accept": ".xlsx,.csv"}),
    )

    def clean_file(self):
        upload = self.cleaned_data["file"]
        if upload.size > MAX_UPLOAD:
            raise forms.ValidationError("The file is larger than 10 MB; split it.")
        if not upload.name.lower().endswith((".xlsx", ".csv")):
            raise forms.ValidationError("Upload an .xlsx or .csv file.")
        return upload


def step6_convenings(partnership):
    return Convening.objects.filter(partnership=partnership, step=6).order_by("-held_on")


class ReviewForm(forms.Form):
    convening = forms.ModelChoiceField(
        queryset=Convening.objects.none(),
        label="Convening (step 6)",
        widget=forms.Select(attrs={"class": "form-select"}),
    )
    note = forms.CharField(widget=forms.Textarea(attrs={"rows": 2}), required=False)

    def __init__(self, *args, partnership, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["convening"].queryset = step6_convenings(partnership)


class GapAnswerForm(forms.ModelForm):
    version = forms.IntegerField(widget=forms.HiddenInput, required=False)

    class Meta:
        model = GapAnswer
        fields = ["answer", "decision", "convening"]
        widgets = {
            "answer": forms.Textarea(attrs={"rows": 3}),
            "decision": forms.Textarea(attrs={"rows": 2}),
        }
        labels = {"answer": "The team's answer", "decision": "What we decided"}

    def __init__(self, *args, partnership, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["convening"].queryset = step6_convenings(partnership)
        self.fields["convening"].required = False
        if self.instance.pk:
            self.fields["version"].initial = self.instance.version


class PathwayProgramForm(forms.ModelForm):
    version = forms.IntegerField(widget=forms.HiddenInput, required=False)

    class Meta:
        model = PathwayProgram
        fields = PATHWAY_FIELDS
        widgets = {
            name: forms.Textarea(attrs={"rows": 2}) for name in PATHWAY_FIELDS if name != "name"
        }

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        if self.instance.pk:
            self.fields["version"].initial = self.instance.version

    def validate_unique(self):
        pass  # the service checks the name per partnership


class PathwayStepForm(forms.Form):
    program = forms.TypedChoiceField(coerce=int, label="Program")
    exit_soc_code = forms.ChoiceField(label="Exit to the occupation", required=False)
    note = forms.CharField(max_length=300, required=False)

    def __init__(self, *args, programs, occupations, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["program"].choices = [
            (p.pk, f"{p.name} ({p.provider.organization.name})") for p in programs
        ]
        self.fields["exit_soc_code"].choices = [("", "None at this step")] + [
            (c.soc_code, f"{c.title} ({c.get_tier_display()})") for c in occupations
        ]
