from __future__ import annotations

from django import forms

from inventory import selectors, services
from inventory.models import (
    PROGRAM_BOUNDS,
    Credential,
    Linkage,
    MissingProgramFlag,
    Program,
    ProgramImport,
    Provider,
    ProviderContact,
    ProviderKind,
    program_unusual_values,
)
from partnerships.models import Partnership
from pathways import uploads
from pathways.concurrency import MergingFormMixin
from pathways.widgets import picker


class VersionedForm(MergingFormMixin, forms.ModelForm):
    """Carries the version and the values the program was loaded with, for optimistic
    locking and for merging field by field after a conflict (pathways.concurrency), and asks
    the person to confirm numbers outside their common range before they are saved."""

    version = forms.IntegerField(widget=forms.HiddenInput)
    base = forms.CharField(widget=forms.HiddenInput, required=False)
    confirm_unusual = forms.BooleanField(
        label="These numbers are right: save them as they are",
        required=False,
    )

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        if self.instance.pk and not self.is_bound:
            self.fields["version"].initial = self.instance.version
        self.unusual: dict[str, str] = {}
        for name, bound in PROGRAM_BOUNDS.items():
            if name in self.fields:
                # The browser stops impossible numbers before they are sent.
                self.fields[name].widget.attrs.update(
                    min=f"{bound.low.normalize():f}", max=f"{bound.high.normalize():f}"
                )

    def clean(self):
        cleaned = super().clean()
        values = {**{n: getattr(self.instance, n, None) for n in ("program_type",)}, **cleaned}
        self.unusual = {
            name: message
            for name, message in program_unusual_values(values).items()
            if name in self.fields
        }
        if self.unusual and not cleaned.get("confirm_unusual"):
            for name, message in self.unusual.items():
                self.add_error(name, message)
            self.add_error(
                "confirm_unusual",
                "Some numbers are unusual for a program. Check them; if they are right, tick "
                "this box and save again.",
            )
        return cleaned

    @property
    def asks_confirmation(self) -> bool:
        return bool(self.unusual)

    def changed_fields(self) -> dict:
        """Only what this person changed: the rest stays as whoever saved it last left it."""
        yours = self.yours()
        return {
            name: self.cleaned_data[name]
            for name in self._meta.fields
            if name in services.PROGRAM_FIELDS and name in yours
        }

    def changed_credentials(self, name: str):
        """The chosen credentials if this person changed them, else None (keep the saved)."""
        return self.cleaned_data[name] if name in self.yours() else None


def _credential_field(partnership: Partnership, label: str) -> forms.ModelMultipleChoiceField:
    return forms.ModelMultipleChoiceField(
        queryset=Credential.objects.filter(partnership=partnership),
        required=False,
        label=label,
        widget=picker(),
        help_text="Tick every one that applies. Add missing ones on the Credentials page.",
    )


class ProgramForm(VersionedForm):
    class Meta:
        model = Program
        fields = services.PROGRAM_FIELDS  # one list for the form, in-place edits and spreadsheets
        widgets = {
            "description": forms.Textarea(attrs={"rows": 2}),
            "prerequisites": forms.Textarea(attrs={"rows": 2}),
            "cip_code": forms.TextInput(attrs={"placeholder": "48.0501"}),
        }
        help_texts = {"cip_code": "Used to suggest the occupations the program prepares for."}

    def __init__(self, *args, partnership: Partnership, providers=None, **kwargs):
        super().__init__(*args, **kwargs)
        self.instance.partnership = partnership
        self.fields["provider"].queryset = providers or selectors.provider_choices(partnership)
        self.fields["credentials"] = _credential_field(partnership, "Credentials awarded")
        self.fields["entry_credentials"] = _credential_field(
            partnership, "Credentials required to enter"
        )
        if self.instance.pk and not self.is_bound:
            self.fields["credentials"].initial = list(self.instance.credentials.all())
            self.fields["entry_credentials"].initial = list(self.instance.entry_credentials.all())
        if not self.instance.pk:
            del self.fields["version"]
            del self.fields["base"]


class InlineProgramForm(VersionedForm):
    """The common fields the inventory table edits in place."""

    class Meta:
        model = Program
        fields = services.INLINE_FIELDS

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        for name, field in self.fields.items():
            if name in ("version", "base"):
                continue
            css = (
                "form-select form-select-sm"
                if name in ("program_type", "status")
                else ("form-control form-control-sm")
            )
            field.widget.attrs["class"] = css


class ProviderForm(forms.Form):
    name = forms.CharField(max_length=200, label="Provider name")
    kind = forms.ChoiceField(choices=ProviderKind.choices, label="Provider type")
    city = forms.CharField(max_length=100, required=False)
    website = forms.URLField(required=False, assume_scheme="https")


class ProviderEditForm(forms.ModelForm):
    class Meta:
        model = Provider
        fields = ["kind", "notes"]
        widgets = {"notes": forms.Textarea(attrs={"rows": 3})}


class ContactForm(forms.ModelForm):
    class Meta:
        model = ProviderContact
        fields = ["name", "job_title", "email", "phone", "is_primary"]


class CredentialForm(forms.ModelForm):
    class Meta:
        model = Credential
        fields = ["name", "kind", "level", "issuer", "stacks_into"]
        widgets = {"stacks_into": picker()}

    def __init__(self, *args, partnership: Partnership, **kwargs):
        super().__init__(*args, **kwargs)
        choices = Credential.objects.filter(partnership=partnership)
        if self.instance.pk:
            choices = choices.exclude(pk=self.instance.pk)
        self.fields["stacks_into"].queryset = choices


class LinkageForm(forms.ModelForm):
    class Meta:
        model = Linkage
        fields = ["from_program", "to_program", "kind", "status", "credits", "notes", "agreement"]
        widgets = {"notes": forms.Textarea(attrs={"rows": 2})}
        help_texts = {
            "from_program": "Where people start, e.g. a high-school course or a certificate.",
            "to_program": "Where the credit, credential or student goes next.",
            "agreement": "The signed agreement, if there is one (PDF or Word).",
        }

    def __init__(self, *args, partnership: Partnership, **kwargs):
        super().__init__(*args, **kwargs)
        self.instance.partnership = partnership
        programs = Program.objects.filter(partnership=partnership).select_related(
            "provider__organization"
        )
        for name in ("from_program", "to_program"):
            self.fields[name].queryset = programs
            self.fields[name].label_from_instance = lambda p: f"{p.name} · {p.provider.name}"

    def clean_agreement(self):
        document = self.cleaned_data.get("agreement")
        if document and hasattr(document, "size") and document.size > 10 * 1024 * 1024:
            raise forms.ValidationError("The agreement document must be under 10 MB.")
        return document


class CommentForm(forms.Form):
    body = forms.CharField(
        label="Comment", widget=forms.Textarea(attrs={"rows": 2}), max_length=4000
    )


class MissingProgramForm(forms.ModelForm):
    class Meta:
        model = MissingProgramFlag
        fields = ["program_name", "provider_name", "note"]
        widgets = {"note": forms.Textarea(attrs={"rows": 2})}
        labels = {"program_name": "Program or training that's missing"}


class OccupationForm(forms.Form):
    soc_code = forms.RegexField(
        label="SOC code",
        regex=r"^\d{2}-\d{4}$",
        error_messages={"invalid": "A SOC code looks like 51-4041."},
        widget=forms.TextInput(attrs={"placeholder": "51-4041"}),
    )
    title = forms.CharField(max_length=255, required=False, label="Occupation title")


class ImportForm(forms.Form):
    file = forms.FileField(
        label="Spreadsheet (.xlsx or .csv)",
        widget=forms.ClearableFileInput(attrs={"accept": ".xlsx,.csv,.txt"}),
    )
    layout = forms.ChoiceField(
        choices=ProgramImport.Layout.choices,
        initial=ProgramImport.Layout.INVENTORY,
        widget=forms.RadioSelect,
        label="What kind of file is it?",
    )

    def __init__(self, *args, allow_etpl: bool = True, **kwargs):
        super().__init__(*args, **kwargs)
        if not allow_etpl:
            self.fields["layout"].choices = [
                c for c in ProgramImport.Layout.choices if c[0] != ProgramImport.Layout.ETPL
            ]

    def clean_file(self):
        upload = self.cleaned_data["file"]
        if not upload.name.lower().endswith((".xlsx", ".csv", ".txt")):
            raise forms.ValidationError("Upload an .xlsx or .csv file.")
        try:
            uploads.check_upload(upload, uploads.inventory_limits())
        except uploads.UploadRefused as refused:
            raise forms.ValidationError(str(refused)) from refused
        return upload
