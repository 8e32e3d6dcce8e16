"""Forms for the pathway map: the convener's settings and the public list's filters."""

from __future__ import annotations

from django import forms

from occupations.models import CriticalOccupation
from partnerships.models import Partnership
from pathways.maps.models import PathwayMap


class MapSettingsForm(forms.ModelForm):
    """The map's own words. One optional working-conditions line per critical occupation."""

    class Meta:
        model = PathwayMap
        fields = [
            "title",
            "introduction",
            "entry_requirements_entry",
            "entry_requirements_mid",
            "entry_requirements_advanced",
            "show_working_conditions",
        ]
        widgets = {
            "introduction": forms.Textarea(attrs={"rows": 2}),
            "entry_requirements_entry": forms.Textarea(attrs={"rows": 2}),
            "entry_requirements_mid": forms.Textarea(attrs={"rows": 2}),
            "entry_requirements_advanced": forms.Textarea(attrs={"rows": 2}),
        }

    def __init__(self, *args, partnership: Partnership, **kwargs):
        super().__init__(*args, **kwargs)
        self.occupations = list(
            CriticalOccupation.objects.filter(partnership=partnership).order_by(
                "tier", "order", "soc_code"
            )
        )
        current = self.instance.working_conditions or {}
        for occupation in self.occupations:
            self.fields[self._key(occupation)] = forms.CharField(
                label=f"{occupation.title} ({occupation.soc_code})",
                required=False,
                max_length=120,
                initial=current.get(occupation.soc_code, ""),
                help_text="e.g. on your feet most of the shift; hearing protection",
            )

    @staticmethod
    def _key(occupation: CriticalOccupation) -> str:
        return f"conditions_{occupation.soc_code.replace('-', '_')}"

    def condition_fields(self):
        return [self[self._key(o)] for o in self.occupations]

    def main_fields(self):
        return [self[name] for name in self.Meta.fields]

    def settings(self) -> dict:
        data = {name: self.cleaned_data[name] for name in self.Meta.fields}
        data["working_conditions"] = {
            o.soc_code: self.cleaned_data[self._key(o)].strip()
            for o in self.occupations
            if self.cleaned_data[self._key(o)].strip()
        }
        return data


class MapFilterForm(forms.Form):
    q = forms.CharField(label="Search", required=False, max_length=100)
    industry = forms.ChoiceField(
        label="Industry", required=False, widget=forms.Select(attrs={"class": "form-select"})
    )
    state = forms.ChoiceField(
        label="State", required=False, widget=forms.Select(attrs={"class": "form-select"})
    )

    def __init__(self, *args, industries: list[str], states: list[tuple[str, str]], **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["industry"].choices = [("", "Any industry"), *((i, i) for i in industries)]
        self.fields["state"].choices = [("", "Any state"), *states]
