"""Steps 1 and 2: the partnership, its people and organizations, its support team, and
the record of which of the eight steps are complete."""

from __future__ import annotations

import re

from django.conf import settings
from django.core.exceptions import ValidationError
from django.core.validators import MaxValueValidator, MinValueValidator, RegexValidator
from django.db import models
from django.urls import reverse
from django.utils import timezone

from partnerships import states

STEP_NUMBERS = [(n, f"Step {n}") for n in range(1, 9)]

naics_validator = RegexValidator(r"^\d{2,6}$", "A NAICS code is 2 to 6 digits, e.g. 31 or 3327.")
# OEWS areas: a 2-digit state FIPS code, a 5-digit metropolitan (CBSA) code, or a
# 7-digit nonmetropolitan area code.
OEWS_AREA_RE = re.compile(r"^(\d{2}|\d{5}|\d{7})$")


class Role(models.TextChoices):
    CONVENER = "convener", "Convener"
    CHAMPION = "champion", "Industry champion"
    PARTNER = "partner", "Support partner"
    COUNSELOR = "counselor", "Counselor"


class PartnershipQuerySet(models.QuerySet):
    def for_user(self, user):
        if not user.is_authenticated:
            return self.none()
        return self.filter(memberships__user=user)

    def for_dashboard(self, user):
        return (
            self.for_user(user)
            .prefetch_related(
                "industries",
                "areas",
                "step_records",
                "committee_members",
                "memberships",
                "convenings",
                models.Prefetch(
                    "support_partners",
                    queryset=SupportPartner.objects.select_related("organization"),
                ),
            )
            .annotate(member_role=models.F("memberships__role"))
            .order_by("name")
        )


class Partnership(models.Model):
    class Status(models.TextChoices):
        FORMING = "forming", "Forming"
        ACTIVE = "active", "Active"
        PAUSED = "paused", "Paused"
        CONCLUDED = "concluded", "Concluded"

    name = models.CharField(max_length=200)
    slug = models.SlugField(
        max_length=80,
        unique=True,
        help_text="Used in the partnership's web address. Lowercase letters, numbers and hyphens.",
    )
    description = models.TextField(
        blank=True, help_text="Why the partnership exists and what its employers want to change."
    )
    state = models.CharField(max_length=2, choices=states.STATE_CHOICES)
    status = models.CharField(max_length=20, choices=Status.choices, default=Status.FORMING)
    contact_name = models.CharField(max_length=200, blank=True)
    contact_email = models.EmailField(blank=True)
    created_at = models.DateTimeField(default=timezone.now, editable=False)
    updated_at = models.DateTimeField(auto_now=True)
    # Optimistic locking: every save bumps it; a save based on an older version is refused.
    version = models.PositiveIntegerField(default=1)

    objects = PartnershipQuerySet.as_manager()

    class Meta:
        ordering = ["name"]

    def __str__(self) -> str:
        return self.name

    def get_absolute_url(self) -> str:
        return reverse("partnerships:detail", args=[self.slug])

    @property
    def state_name(self) -> str:
        return states.STATE_NAMES.get(self.state, self.state)


class PartnershipIndustry(models.Model):
    partnership = models.ForeignKey(
        Partnership, on_delete=models.CASCADE, related_name="industries"
    )
    naics_code = models.CharField("NAICS code", max_length=6, validators=[naics_validator])
    title = models.CharField(max_length=200)

    class Meta:
        ordering = ["naics_code"]
        verbose_name_plural = "partnership industries"
        constraints = [
            models.UniqueConstraint(
                fields=["partnership", "naics_code"], name="unique_industry_per_partnership"
            )
        ]

    def __str__(self) -> str:
        return f"{self.naics_code} {self.title}"


class RegionArea(models.Model):
    """One piece of the partnership's region, with the OEWS areas its data comes from."""

    class Kind(models.TextChoices):
        STATEWIDE = "statewide", "Statewide"
        METRO = "metro", "Metropolitan area"
        COUNTIES = "counties", "Group of counties"

    partnership = models.ForeignKey(Partnership, on_delete=models.CASCADE, related_name="areas")
    kind = models.CharField(max_length=20, choices=Kind.choices)
    name = models.CharField(max_length=200)
    counties = models.JSONField(default=list, blank=True)
    oews_area_codes = models.JSONField(
        "OEWS area codes",
        default=list,
        help_text="State FIPS (2 digits), metropolitan CBSA (5) or nonmetropolitan area (7) codes.",
    )

    class Meta:
        ordering = ["kind", "name"]

    def __str__(self) -> str:
        return self.name

    @property
    def codes_display(self) -> str:
        """The codes behind the names: state FIPS, CBSA, OEWS nonmetro and county FIPS."""
        from partnerships import places

        codes = ", ".join(self.oews_area_codes)
        if self.kind == self.Kind.STATEWIDE:
            return f"state FIPS {codes}"
        if self.kind == self.Kind.METRO:
            return f"CBSA {codes}"
        fips = places.county_fips(self.partnership.state, self.counties)
        return f"OEWS areas {codes}" + (f"; county FIPS {', '.join(fips)}" if fips else "")

    def clean(self):
        codes = self.oews_area_codes or []
        if not codes:
            raise ValidationError({"oews_area_codes": "Give at least one OEWS area code."})
        bad = [c for c in codes if not OEWS_AREA_RE.match(str(c))]
        if bad:
            raise ValidationError(
                {
                    "oews_area_codes": f"{', '.join(map(str, bad))}: an OEWS area code is 2, 5 or "
                    "7 digits (state, metropolitan or nonmetropolitan area)."
                }
            )
        if self.kind == self.Kind.COUNTIES and not self.counties:
            raise ValidationError({"counties": "Name the counties in this group."})
        if self.kind == self.Kind.METRO and any(len(str(c)) != 5 for c in codes):
            raise ValidationError(
                {"oews_area_codes": "A metropolitan area's OEWS code is its 5-digit CBSA code."}
            )


class Organization(models.Model):
    class Kind(models.TextChoices):
        EMPLOYER = "employer", "Employer"
        WORKFORCE_BOARD = "workforce_board", "Workforce board"
        K12 = "k12", "K-12 school district"
        COMMUNITY_COLLEGE = "community_college", "Community college"
        TECHNICAL_COLLEGE = "technical_college", "Technical college"
        UNIVERSITY = "university", "University"
        ADULT_EDUCATION = "adult_education", "Adult education"
        HUMAN_SERVICES = "human_services", "Human services"
        VOC_REHAB = "voc_rehab", "Vocational rehabilitation"
        ECONOMIC_DEVELOPMENT = "economic_development", "Economic development"
        COMMUNITY_BASED = "community_based", "Community-based organization"
        OTHER = "other", "Other"

    partnership = models.ForeignKey(
        Partnership, on_delete=models.CASCADE, related_name="organizations"
    )
    name = models.CharField(max_length=200)
    kind = models.CharField(max_length=30, choices=Kind.choices)
    website = models.URLField(blank=True)
    city = models.CharField(max_length=100, blank=True)

    class Meta:
        ordering = ["name"]
        constraints = [
            models.UniqueConstraint(
                fields=["partnership", "name"], name="unique_organization_name_per_partnership"
            )
        ]

    def __str__(self) -> str:
        return self.name

    @property
    def is_employer(self) -> bool:
        return self.kind == self.Kind.EMPLOYER


class Membership(models.Model):
    user = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="memberships"
    )
    partnership = models.ForeignKey(
        Partnership, on_delete=models.CASCADE, related_name="memberships"
    )
    role = models.CharField(max_length=20, choices=Role.choices)
    organization = models.ForeignKey(
        Organization, on_delete=models.SET_NULL, null=True, blank=True, related_name="members"
    )
    joined_at = models.DateTimeField(default=timezone.now)

    class Meta:
        ordering = ["role", "user__last_name", "user__first_name"]
        constraints = [
            models.UniqueConstraint(
                fields=["user", "partnership"], name="one_membership_per_partnership"
            )
        ]

    def __str__(self) -> str:
        return f"{self.user} · {self.get_role_display()} · {self.partnership}"


class Invitation(models.Model):
    partnership = models.ForeignKey(
        Partnership, on_delete=models.CASCADE, related_name="invitations"
    )
    email = models.EmailField()
    role = models.CharField(max_length=20, choices=Role.choices)
    organization = models.ForeignKey(
        Organization, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    token = models.CharField(max_length=64, unique=True, editable=False)
    invited_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, related_name="+"
    )
    created_at = models.DateTimeField(default=timezone.now)
    expires_at = models.DateTimeField()
    sent_at = models.DateTimeField(null=True, blank=True)
    accepted_at = models.DateTimeField(null=True, blank=True)
    accepted_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
    )
    revoked_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        ordering = ["-created_at"]

    def __str__(self) -> str:
        return f"{self.email} → {self.partnership}"

    @property
    def status(self) -> str:
        if self.accepted_at:
            return "accepted"
        if self.revoked_at:
            return "revoked"
        if self.expires_at <= timezone.now():
            return "expired"
        return "pending"

    @property
    def is_open(self) -> bool:
        return self.status == "pending"

    @property
    def inviter_name(self) -> str:
        if self.invited_by is None:
            return "The convener"
        return self.invited_by.get_full_name() or self.invited_by.username


class TalentCommitteeMember(models.Model):
    """An employer representative on the partnership's talent committee. Most never log in."""

    class Position(models.TextChoices):
        CHAIR = "chair", "Chair"
        CO_CHAIR = "co_chair", "Co-chair"
        MEMBER = "member", "Member"

    partnership = models.ForeignKey(
        Partnership, on_delete=models.CASCADE, related_name="committee_members"
    )
    name = models.CharField(max_length=200)
    job_title = models.CharField(max_length=200, blank=True)
    organization = models.ForeignKey(
        Organization, on_delete=models.CASCADE, related_name="committee_members"
    )
    email = models.EmailField(blank=True)
    position = models.CharField(max_length=20, choices=Position.choices, default=Position.MEMBER)

    class Meta:
        ordering = ["position", "name"]

    def __str__(self) -> str:
        return f"{self.name} ({self.organization})"


class Convening(models.Model):
    partnership = models.ForeignKey(
        Partnership, on_delete=models.CASCADE, related_name="convenings"
    )
    title = models.CharField(max_length=200)
    held_on = models.DateField("date")
    step = models.PositiveSmallIntegerField(
        choices=STEP_NUMBERS, validators=[MinValueValidator(1), MaxValueValidator(8)]
    )
    location = models.CharField(max_length=200, blank=True)
    purpose = models.TextField(blank=True)
    notes = models.TextField(blank=True)
    decisions = models.TextField(blank=True, help_text="One decision per line.")
    attendees = models.ManyToManyField(
        settings.AUTH_USER_MODEL, blank=True, related_name="convenings_attended"
    )
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, related_name="+"
    )
    updated_at = models.DateTimeField(auto_now=True)
    version = models.PositiveIntegerField(default=1)

    class Meta:
        ordering = ["-held_on", "-id"]

    def __str__(self) -> str:
        return f"{self.title} ({self.held_on:%b %-d, %Y})"

    def get_absolute_url(self) -> str:
        return reverse("partnerships:convening_detail", args=[self.partnership.slug, self.pk])

    @property
    def decision_list(self) -> list[str]:
        return [line.strip() for line in self.decisions.splitlines() if line.strip()]


class ConveningGuest(models.Model):
    """Someone at a convening without an account: most employers in the room."""

    convening = models.ForeignKey(Convening, on_delete=models.CASCADE, related_name="guests")
    name = models.CharField(max_length=200)
    company = models.CharField(max_length=200, blank=True)

    class Meta:
        ordering = ["name"]

    def __str__(self) -> str:
        return f"{self.name} ({self.company})" if self.company else self.name


class System(models.TextChoices):
    """The public systems a support team should draw from."""

    WORKFORCE = "workforce", "Workforce development"
    SECONDARY = "secondary", "Secondary education"
    POSTSECONDARY = "postsecondary", "Postsecondary education"
    HUMAN_SERVICES = "human_services", "Human services"
    VOC_REHAB = "voc_rehab", "Vocational rehabilitation"
    COMMUNITY = "community", "Community organizations"
    ECONOMIC_DEVELOPMENT = "economic_development", "Economic development"


# The system an organization of each kind usually belongs to (the convener can change it).
SYSTEM_FOR_KIND = {
    Organization.Kind.WORKFORCE_BOARD: System.WORKFORCE,
    Organization.Kind.K12: System.SECONDARY,
    Organization.Kind.COMMUNITY_COLLEGE: System.POSTSECONDARY,
    Organization.Kind.TECHNICAL_COLLEGE: System.POSTSECONDARY,
    Organization.Kind.UNIVERSITY: System.POSTSECONDARY,
    Organization.Kind.ADULT_EDUCATION: System.POSTSECONDARY,
    Organization.Kind.HUMAN_SERVICES: System.HUMAN_SERVICES,
    Organization.Kind.VOC_REHAB: System.VOC_REHAB,
    Organization.Kind.ECONOMIC_DEVELOPMENT: System.ECONOMIC_DEVELOPMENT,
    Organization.Kind.COMMUNITY_BASED: System.COMMUNITY,
}


def mou_upload_to(instance: SupportPartner, filename: str) -> str:
    return f"mou/{instance.partnership_id}/{instance.organization_id}/{filename}"


class SupportPartner(models.Model):
    """A public partner organization on the partnership's support team."""

    class MouStatus(models.TextChoices):
        NONE = "none", "Not started"
        DRAFTING = "drafting", "Drafting"
        OUT_FOR_SIGNATURE = "out_for_signature", "Out for signature"
        SIGNED = "signed", "Signed"
        EXPIRED = "expired", "Expired"

    partnership = models.ForeignKey(
        Partnership, on_delete=models.CASCADE, related_name="support_partners"
    )
    organization = models.ForeignKey(
        Organization, on_delete=models.CASCADE, related_name="support_roles"
    )
    system = models.CharField(max_length=30, choices=System.choices)
    roles = models.TextField(
        "roles and responsibilities",
        blank=True,
        help_text="What this organization will do for the partnership, in a sentence or a list.",
    )
    point_of_contact = models.CharField(max_length=200, blank=True)
    expectations_accepted_at = models.DateTimeField(null=True, blank=True)
    expectations_accepted_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
    )
    mou_status = models.CharField(
        "MOU status", max_length=30, choices=MouStatus.choices, default=MouStatus.NONE
    )
    mou_date = models.DateField("MOU date", null=True, blank=True)
    mou_file = models.FileField("MOU document", upload_to=mou_upload_to, blank=True)
    updated_at = models.DateTimeField(auto_now=True)
    version = models.PositiveIntegerField(default=1)

    class Meta:
        ordering = ["system", "organization__name"]
        constraints = [
            models.UniqueConstraint(
                fields=["partnership", "organization"], name="organization_once_per_support_team"
            )
        ]

    def __str__(self) -> str:
        return f"{self.organization} ({self.get_system_display()})"

    @property
    def expectations_accepted(self) -> bool:
        return self.expectations_accepted_at is not None


class StepRecord(models.Model):
    """A step the convener has marked complete, with the reason when done out of order."""

    partnership = models.ForeignKey(
        Partnership, on_delete=models.CASCADE, related_name="step_records"
    )
    number = models.PositiveSmallIntegerField(
        choices=STEP_NUMBERS, validators=[MinValueValidator(1), MaxValueValidator(8)]
    )
    completed_at = models.DateTimeField(default=timezone.now)
    completed_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, related_name="+"
    )
    override_reason = models.TextField(blank=True)

    class Meta:
        ordering = ["number"]
        constraints = [
            models.UniqueConstraint(fields=["partnership", "number"], name="one_record_per_step")
        ]

    def __str__(self) -> str:
        return f"{self.partnership} step {self.number}"
