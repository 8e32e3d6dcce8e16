from __future__ import annotations

from django import forms
from django.utils import timezone

from partnerships.forms import DateInput, VersionedForm
from pathways.actionplan import selectors
from pathways.actionplan.models import (
    MEASURE_CHOICES,
    Action,
    HireFeedback,
    ProgramOutcome,
    ProgressNote,
    Status,
)
from pathways.actionplan.services import EDITABLE_FIELDS


class MemberChoiceField(forms.ModelChoiceField):
    def label_from_instance(self, obj):
        return obj.get_full_name() or obj.username


class ActionForm(VersionedForm):
    owner = MemberChoiceField(queryset=None, required=False, label="Owner (person)")

    class Meta:
        model = Action
        fields = EDITABLE_FIELDS
        widgets = {
            "description": forms.Textarea(attrs={"rows": 3}),
            "dropped_reason": forms.Textarea(attrs={"rows": 2}),
            "start_date": DateInput,
            "due_date": DateInput,
        }

    def __init__(self, *args, partnership, **kwargs):
        super().__init__(*args, **kwargs)
        if not self.instance.pk:
            self.fields.pop("version")
            self.fields["status"].choices = [c for c in Status.choices if c[0] != Status.DROPPED]
        from django.contrib.auth import get_user_model

        self.fields["owner"].queryset = (
            get_user_model()
            .objects.filter(pk__in=selectors.owner_choices(partnership).values("user_id"))
            .order_by("first_name", "last_name", "username")
        )
        self.fields["owner_organization"].queryset = selectors.organization_choices(partnership)
        self.fields["dropped_reason"].help_text = "Needed only when the status is Dropped."
        self.fields["aims_program"].queryset = selectors.partnership_programs(partnership)
        self.fields["aims_pathway"].queryset = selectors.partnership_pathways(partnership)

    def changed_fields(self) -> dict:
        return {name: self.cleaned_data[name] for name in EDITABLE_FIELDS}


class NoteForm(forms.ModelForm):
    status = forms.ChoiceField(
        required=False,
        label="Status now",
        choices=[("", "(unchanged)")] + [c for c in Status.choices if c[0] != Status.DROPPED],
        widget=forms.Select(attrs={"class": "form-select form-select-sm"}),
    )

    class Meta:
        model = ProgressNote
        fields = ["written_on", "text"]
        labels = {"text": "What happened"}
        widgets = {"written_on": DateInput, "text": forms.Textarea(attrs={"rows": 2})}

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["written_on"].initial = timezone.localdate()


SCORES = [(n, str(n)) for n in range(1, 6)]


class RatingForm(forms.Form):
    impact = forms.TypedChoiceField(
        choices=SCORES, coerce=int, widget=forms.RadioSelect, help_text="1 small, 5 large"
    )
    feasibility = forms.TypedChoiceField(
        choices=SCORES, coerce=int, widget=forms.RadioSelect, help_text="1 very hard, 5 easy"
    )


class ReminderForm(forms.Form):
    weekly_email = forms.BooleanField(
        required=False,
        label="Email me each week about my actions that are overdue or at risk",
    )


class OutcomeForm(forms.ModelForm):
    program = forms.ModelChoiceField(
        queryset=None, required=False, help_text="A program of the inventory…"
    )
    pathway = forms.ModelChoiceField(
        queryset=None,
        required=False,
        label="or a pathway program",
        help_text="…or a pathway program of step 6: one of the two.",
    )
    suppressed = forms.MultipleChoiceField(
        choices=MEASURE_CHOICES,
        required=False,
        widget=forms.CheckboxSelectMultiple,
        label="Figures the agency suppressed",
        help_text="They show as 'suppressed', never as a number.",
    )

    class Meta:
        model = ProgramOutcome
        fields = ["program", "pathway", "year", "participants", "completers", "credentials",
                  "employed_q2", "employed_q4", "median_earnings", "suppressed", "source"]  # fmt: skip

    def __init__(self, *args, partnership, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["program"].queryset = selectors.partnership_programs(partnership)
        self.fields["program"].label_from_instance = lambda p: f"{p.name} ({p.provider.name})"
        self.fields["pathway"].queryset = selectors.partnership_pathways(partnership)

    def clean(self):
        data = super().clean()
        if bool(data.get("program")) == bool(data.get("pathway")):
            raise forms.ValidationError("Choose a program or a pathway program (one of them).")
        return data


class OutcomeImportForm(forms.Form):
    file = forms.FileField(
        label="Filled-in outcomes template (.xlsx)",
        widget=forms.ClearableFileInput(attrs={"accept": ".xlsx"}),
    )


class HireFeedbackForm(forms.ModelForm):
    class Meta:
        model = HireFeedback
        fields = ["program", "employer", "given_on", "hires", "prepared", "skills_lacking",
                  "comment"]  # fmt: skip
        widgets = {"given_on": DateInput, "comment": forms.Textarea(attrs={"rows": 2})}

    def __init__(self, *args, partnership, **kwargs):
        super().__init__(*args, **kwargs)
        from partnerships.models import Organization

        self.fields["program"].queryset = selectors.partnership_programs(partnership)
        self.fields["program"].label_from_instance = lambda p: f"{p.name} ({p.provider.name})"
        self.fields["employer"].queryset = selectors.organization_choices(partnership).filter(
            kind=Organization.Kind.EMPLOYER
        )
