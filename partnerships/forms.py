from __future__ import annotations

from django import forms
from django.contrib.auth import get_user_model
from django.contrib.auth.forms import UserCreationForm
from django.utils.text import slugify

from partnerships import naics, places
from partnerships.models import (
    Convening,
    ConveningGuest,
    Organization,
    Partnership,
    RegionArea,
    Role,
    SupportPartner,
    TalentCommitteeMember,
)
from partnerships.services import CONVENING_FIELDS, PARTNERSHIP_FIELDS, SUPPORT_PARTNER_FIELDS
from pathways.concurrency import MergingFormMixin
from pathways.widgets import picker


class DateInput(forms.DateInput):
    input_type = "date"


class VersionedForm(MergingFormMixin, forms.ModelForm):
    """Carries the version and the values the record was loaded with, for optimistic locking
    and for merging field by field after a conflict (pathways.concurrency)."""

    version = forms.IntegerField(widget=forms.HiddenInput)
    base = forms.CharField(widget=forms.HiddenInput, required=False)

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        if self.instance.pk and not self.is_bound:
            self.fields["version"].initial = self.instance.version

    def changed_fields(self) -> dict:
        """Only what this person changed: the rest stays as whoever saved it last left it."""
        yours = self.yours()
        return {name: self.cleaned_data[name] for name in self._meta.fields if name in yours}


class PartnershipCreateForm(forms.ModelForm):
    """The web address (slug) is filled in from the name, here and as one types
    (static/partnerships/create.js); it can be changed under "Advanced"."""

    class Meta:
        model = Partnership
        fields = ["name", "state", "description", "slug"]
        labels = {"slug": "Web address", "state": "State"}
        widgets = {"description": forms.Textarea(attrs={"rows": 3})}
        help_texts = {
            "slug": "The last part of the partnership's address, /p/<this>/. Lowercase "
            "letters, numbers and hyphens; left blank, it is made from the name."
        }

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["slug"].required = False

    def clean(self):
        data = super().clean()
        if not data.get("slug") and data.get("name"):
            slug = slugify(data["name"])[:80].strip("-")
            if not slug:
                self.add_error("slug", "Choose a web address: the name has no letters we can use.")
            elif Partnership.objects.filter(slug=slug).exists():
                self.add_error(
                    "slug",
                    f"Another partnership already has the address /p/{slug}/; choose another.",
                )
            data["slug"] = slug
        return data


class PartnershipForm(VersionedForm):
    class Meta:
        model = Partnership
        fields = PARTNERSHIP_FIELDS
        widgets = {"description": forms.Textarea(attrs={"rows": 4})}


class IndustryForm(forms.Form):
    naics_code = forms.RegexField(
        label="NAICS code",
        regex=r"^\d{2,6}$",
        error_messages={"invalid": "A NAICS code is 2 to 6 digits, e.g. 332 or 3327."},
        widget=forms.TextInput(attrs={"list": "naics-suggestions", "autocomplete": "off"}),
    )
    title = forms.CharField(
        max_length=200,
        required=False,
        help_text="Leave blank for a sector or subsector we know; we fill in its title.",
    )

    def clean(self):
        data = super().clean()
        code = data.get("naics_code")
        if code and not data.get("title"):
            title = naics.TITLE_FOR.get(code)
            if not title:
                self.add_error("title", f"We don't know NAICS {code}'s title; please type it.")
            data["title"] = title
        return data


class AreaForm(forms.Form):
    """One piece of the region, chosen by place names; the OEWS codes come from the reference
    table (partnerships/places.py), not from the person."""

    kind = forms.ChoiceField(
        label="What kind of area",
        choices=RegionArea.Kind.choices,
        initial=RegionArea.Kind.METRO,
        widget=forms.RadioSelect,
    )
    metro = forms.ChoiceField(label="Metropolitan area", required=False)
    counties = forms.MultipleChoiceField(
        label="Counties", required=False, widget=picker(),
        help_text="Tick the counties; we use the OEWS areas whose estimates cover them.",
    )  # fmt: skip
    name = forms.CharField(
        label="Name of the group of counties",
        max_length=200,
        required=False,
        help_text="For example Northern Front Range. Left blank, the counties' names.",
    )

    def __init__(self, *args, partnership: Partnership, **kwargs):
        self.partnership = partnership
        super().__init__(*args, **kwargs)
        state = partnership.state
        self.has_places = places.has_places(state)
        self.fields["metro"].choices = [("", "Choose a metropolitan area")] + [
            (m.code, f"{m.title} ({', '.join(m.county_names)})") for m in places.metros_in(state)
        ]
        self.fields["counties"].choices = [(c.fips, c.name) for c in places.counties_in(state)]
        if not self.has_places:
            self.fields["kind"].choices = [RegionArea.Kind.choices[0]]
            self.fields["kind"].initial = RegionArea.Kind.STATEWIDE
            for name in ("metro", "counties", "name"):
                del self.fields[name]

    def clean(self):
        data = super().clean()
        kind = data.get("kind")
        state = self.partnership.state
        if kind == RegionArea.Kind.STATEWIDE:
            code, name = places.statewide(state)
            return {"kind": kind, "name": name, "oews_area_codes": [code], "counties": []}
        if kind == RegionArea.Kind.METRO:
            area = places.metro(data.get("metro") or "")
            if area is None:
                self.add_error("metro", "Choose the metropolitan area.")
                return data
            return {
                "kind": kind,
                "name": area.title,
                "oews_area_codes": [area.code],
                "counties": area.county_names,
            }
        chosen = sorted(
            (places.county(f) for f in data.get("counties") or []), key=lambda c: c.name
        )
        if not chosen:
            self.add_error("counties", "Tick at least one county.")
            return data
        names = [c.name for c in chosen]
        return {
            "kind": kind,
            "name": data.get("name") or ", ".join(names),
            "oews_area_codes": places.oews_areas_for_counties([c.fips for c in chosen]),
            "counties": names,
        }


class OrganizationForm(forms.ModelForm):
    website = forms.URLField(required=False, assume_scheme="https")

    class Meta:
        model = Organization
        fields = ["name", "kind", "city", "website"]


class CommitteeMemberForm(forms.ModelForm):
    class Meta:
        model = TalentCommitteeMember
        fields = ["name", "job_title", "organization", "email", "position"]

    def __init__(self, *args, partnership: Partnership, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["organization"].queryset = partnership.organizations.filter(
            kind=Organization.Kind.EMPLOYER
        )
        self.fields["organization"].label = "Employer"
        self.fields["organization"].help_text = "Add the company under Organizations first."


class InvitationForm(forms.Form):
    email = forms.EmailField()
    role = forms.ChoiceField(choices=Role.choices, initial=Role.PARTNER)
    organization = forms.ModelChoiceField(
        queryset=Organization.objects.none(),
        required=False,
        help_text="The organization they speak for. Support partners accept expectations "
        "for this organization.",
    )

    def __init__(self, *args, partnership: Partnership, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["organization"].queryset = partnership.organizations.all()


class MembershipRoleForm(forms.Form):
    role = forms.ChoiceField(choices=Role.choices)
    organization = forms.ModelChoiceField(queryset=Organization.objects.none(), required=False)

    def __init__(self, *args, partnership: Partnership, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["organization"].queryset = partnership.organizations.all()


class ConveningForm(VersionedForm):
    attendees = forms.ModelMultipleChoiceField(
        queryset=get_user_model().objects.none(),
        required=False,
        widget=forms.CheckboxSelectMultiple,
        help_text="Members who attended. Add guests (employers without an account) below.",
    )

    class Meta:
        model = Convening
        fields = CONVENING_FIELDS
        widgets = {
            "held_on": DateInput,
            "purpose": forms.Textarea(attrs={"rows": 2}),
            "notes": forms.Textarea(attrs={"rows": 5}),
            "decisions": forms.Textarea(attrs={"rows": 3}),
        }

    def __init__(self, *args, partnership: Partnership, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["attendees"].queryset = (
            get_user_model()
            .objects.filter(memberships__partnership=partnership)
            .order_by("first_name", "last_name")
        )
        self.fields["attendees"].label_from_instance = lambda u: u.get_full_name() or u.username
        if self.instance.pk and not self.is_bound:
            self.fields["attendees"].initial = list(self.instance.attendees.all())
        if not self.instance.pk:
            del self.fields["version"]
            del self.fields["base"]


class GuestForm(forms.ModelForm):
    class Meta:
        model = ConveningGuest
        fields = ["name", "company"]


class SupportPartnerAddForm(forms.Form):
    organization = forms.ModelChoiceField(queryset=Organization.objects.none())
    system = forms.ChoiceField(
        choices=[("", "Suggest from the organization's kind")]
        + list(SupportPartner._meta.get_field("system").choices),
        required=False,
    )

    def __init__(self, *args, partnership: Partnership, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["organization"].queryset = partnership.organizations.exclude(
            kind=Organization.Kind.EMPLOYER
        ).exclude(support_roles__partnership=partnership)
        self.fields[
            "organization"
        ].help_text = "Public partners not yet on the team. Add a new one under Organizations."


class SupportPartnerForm(VersionedForm):
    class Meta:
        model = SupportPartner
        fields = SUPPORT_PARTNER_FIELDS
        widgets = {"roles": forms.Textarea(attrs={"rows": 4}), "mou_date": DateInput}

    def clean_mou_file(self):
        upload = self.cleaned_data.get("mou_file")
        if upload and hasattr(upload, "content_type"):
            allowed = (".pdf", ".doc", ".docx")
            if not upload.name.lower().endswith(allowed):
                raise forms.ValidationError("Upload the MOU as a PDF or Word document.")
            if upload.size > 10 * 1024 * 1024:
                raise forms.ValidationError("The MOU file is over 10 MB; upload a smaller copy.")
        return upload


class StepCompleteForm(forms.Form):
    override_reason = forms.CharField(
        required=False,
        widget=forms.Textarea(attrs={"rows": 2}),
        label="Reason to override",
        help_text="Only needed when earlier steps or this step's criteria are not complete. "
        "It is shown on the tracker.",
    )


class SignupForm(UserCreationForm):
    first_name = forms.CharField(max_length=150)
    last_name = forms.CharField(max_length=150)

    class Meta(UserCreationForm.Meta):
        model = get_user_model()
        fields = ["first_name", "last_name", "username"]
