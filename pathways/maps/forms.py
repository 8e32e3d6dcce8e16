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
            "title_es",
            "introduction_es",
            "entry_requirements_entry_es",
            "entry_requirements_mid_es",
            "entry_requirements_advanced_es",
        ]
        widgets = {
            name: forms.Textarea(attrs={"rows": 2, **({"lang": "es"} if suffix else {})})
            for suffix in ("", "_es")
            for name in (
                f"introduction{suffix}",
                f"entry_requirements_entry{suffix}",
                f"entry_requirements_mid{suffix}",
                f"entry_requirements_advanced{suffix}",
            )
        } | {"title_es": forms.TextInput(attrs={"lang": "es"})}
        help_texts = {"title_es": "Empty: the Spanish edition shows the English title."}

    def __init__(self, *args, partnership: Partnership, **kwargs):
        super().__init__(*args, **kwargs)
        self.occupations = list(
            CriticalOccupation.objects.filter(partnership=partnership).order_by(
                "tier", "order", "soc_code"
            )
        )
        for suffix in ("", "_es"):
            current = getattr(self.instance, f"working_conditions{suffix}") or {}
            for occupation in self.occupations:
                self.fields[self._key(occupation, suffix)] = forms.CharField(
                    label=f"{occupation.title} ({occupation.soc_code})"
                    + (" in Spanish" if suffix else ""),
                    required=False,
                    max_length=120,
                    initial=current.get(occupation.soc_code, ""),
                    help_text=""
                    if suffix
                    else "e.g. on your feet most of the shift; hearing protection",
                    widget=forms.TextInput(attrs={"lang": "es"} if suffix else {}),
                )

    @staticmethod
    def _key(occupation: CriticalOccupation, suffix: str = "") -> str:
        return f"conditions{suffix}_{occupation.soc_code.replace('-', '_')}"

    def condition_fields(self):
        return [(self[self._key(o)], self[self._key(o, "_es")]) for o in self.occupations]

    def main_fields(self):
        return [self[name] for name in self.Meta.fields if not name.endswith("_es")]

    def spanish_fields(self):
        return [self[name] for name in self.Meta.fields if name.endswith("_es")]

    def settings(self) -> dict:
        data = {name: self.cleaned_data[name] for name in self.Meta.fields}
        for suffix in ("", "_es"):
            data[f"working_conditions{suffix}"] = {
                o.soc_code: self.cleaned_data[self._key(o, suffix)].strip()
                for o in self.occupations
                if self.cleaned_data[self._key(o, suffix)].strip()
            }
        return data


class MapOccupationForm(forms.Form):
    """One occupation's box: the tools employers want students to learn, the program pinned
    first, and the Spanish title and description."""

    onet_tools = forms.MultipleChoiceField(
        label="From O*NET's list",
        required=False,
        widget=forms.CheckboxSelectMultiple,
    )
    typed_tools = forms.CharField(
        label="Or type them",
        required=False,
        max_length=400,
        widget=forms.Textarea(attrs={"rows": 2}),
        help_text="One per line, in the order the map shows them, e.g. Calipers. Up to "
        "four in all; none chosen: the map shows O*NET's in-demand technology and tools used.",
    )
    pinned_program = forms.ModelChoiceField(
        label="Program shown first",
        queryset=None,
        required=False,
        empty_label="The usual order (open to newcomers, reviewed, shortest, cheapest)",
    )
    title_es = forms.CharField(
        label="Title in Spanish", required=False, max_length=200,
        widget=forms.TextInput(attrs={"lang": "es"}),
    )  # fmt: skip
    description_es = forms.CharField(
        label="Description in Spanish",
        required=False,
        max_length=400,
        widget=forms.Textarea(attrs={"rows": 2, "lang": "es"}),
    )

    def __init__(self, *args, options: list[dict], programs, setting=None, **kwargs):
        super().__init__(*args, **kwargs)
        names = {o["name"] for o in options}
        chosen = list(setting.tools) if setting else []
        self.fields["onet_tools"].choices = [
            (o["name"], _tool_label(o)) for o in options[: self.MAX_OPTIONS]
        ] + [(name, name) for name in chosen if name in names and name not in {
            o["name"] for o in options[: self.MAX_OPTIONS]}]  # fmt: skip
        self.fields["pinned_program"].queryset = programs
        if setting is not None and not self.is_bound:
            self.initial.update(
                onet_tools=[t for t in chosen if t in names],
                typed_tools="\n".join(t for t in chosen if t not in names),
                pinned_program=setting.pinned_program_id,
                title_es=setting.title_es,
                description_es=setting.description_es,
            )

    MAX_OPTIONS = 40

    def tools(self) -> list[str]:
        typed = [line.strip() for line in self.cleaned_data["typed_tools"].splitlines()]
        return [*self.cleaned_data["onet_tools"], *[t for t in typed if t]]


def _tool_label(option: dict) -> str:
    flags = []
    if option["in_demand"]:
        flags.append("in demand")
    if option["hot"]:
        flags.append("hot technology")
    kind = "tool" if option["kind"] == "tool" else "technology"
    return f"{option['name']} ({kind}{', ' + ', '.join(flags) if flags else ''})"


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
