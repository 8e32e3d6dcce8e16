"""Step 4: the program inventory. Providers and their contacts, programs, the credentials
they award, the occupations they prepare for, the linkages between them, and a record of
every change.

A provider is one of the partnership's organizations (so it can be invited to the support
team); what only the inventory needs (provider type, contacts) lives here. Target
occupations are stored by SOC code, so the inventory works before step 3's critical
occupations exist and joins to them by code.
"""

from __future__ import annotations

from dataclasses import dataclass
from decimal import Decimal

from django.conf import settings
from django.core.exceptions import ValidationError
from django.core.validators import MaxValueValidator, MinValueValidator, RegexValidator
from django.db import models
from django.urls import reverse
from django.utils import timezone

from partnerships.models import Organization, Partnership

cip_validator = RegexValidator(
    r"^\d{2}\.\d{4}$", "A CIP code is two digits, a dot and four digits, e.g. 48.0501."
)
soc_validator = RegexValidator(
    r"^\d{2}-\d{4}$", "A SOC code is two digits, a hyphen and four digits, e.g. 51-4041."
)


class ProviderKind(models.TextChoices):
    COMMUNITY_COLLEGE = "community_college", "Community college"
    TECHNICAL_COLLEGE = "technical_college", "Technical college"
    UNIVERSITY = "university", "University"
    SCHOOL_DISTRICT = "school_district", "School district"
    WORKFORCE_CENTER = "workforce_center", "Workforce center"
    ADULT_EDUCATION = "adult_education", "Adult education"
    APPRENTICESHIP_SPONSOR = "apprenticeship_sponsor", "Apprenticeship sponsor"
    EMPLOYER = "employer", "Employer that trains"
    COMMUNITY_ORGANIZATION = "community_organization", "Community organization"
    OTHER = "other", "Other"


# The partnership-wide kind of organization a new provider of each type is recorded as.
ORGANIZATION_KIND_FOR = {
    ProviderKind.COMMUNITY_COLLEGE: Organization.Kind.COMMUNITY_COLLEGE,
    ProviderKind.TECHNICAL_COLLEGE: Organization.Kind.TECHNICAL_COLLEGE,
    ProviderKind.UNIVERSITY: Organization.Kind.UNIVERSITY,
    ProviderKind.SCHOOL_DISTRICT: Organization.Kind.K12,
    ProviderKind.WORKFORCE_CENTER: Organization.Kind.WORKFORCE_BOARD,
    ProviderKind.ADULT_EDUCATION: Organization.Kind.ADULT_EDUCATION,
    ProviderKind.APPRENTICESHIP_SPONSOR: Organization.Kind.OTHER,
    ProviderKind.EMPLOYER: Organization.Kind.EMPLOYER,
    ProviderKind.COMMUNITY_ORGANIZATION: Organization.Kind.COMMUNITY_BASED,
    ProviderKind.OTHER: Organization.Kind.OTHER,
}


class Provider(models.Model):
    partnership = models.ForeignKey(Partnership, on_delete=models.CASCADE, related_name="providers")
    organization = models.OneToOneField(
        Organization, on_delete=models.CASCADE, related_name="provider"
    )
    kind = models.CharField("provider type", max_length=30, choices=ProviderKind.choices)
    notes = models.TextField(blank=True)
    created_at = models.DateTimeField(default=timezone.now, editable=False)

    class Meta:
        ordering = ["organization__name"]

    def __str__(self) -> str:
        return self.organization.name

    @property
    def name(self) -> str:
        return self.organization.name

    def clean(self):
        if self.organization_id and self.organization.partnership_id != self.partnership_id:
            raise ValidationError(
                {"organization": "Choose one of this partnership's organizations."}
            )


class ProviderContact(models.Model):
    provider = models.ForeignKey(Provider, on_delete=models.CASCADE, related_name="contacts")
    name = models.CharField(max_length=200)
    job_title = models.CharField(max_length=200, blank=True)
    email = models.EmailField(blank=True)
    phone = models.CharField(max_length=40, blank=True)
    is_primary = models.BooleanField("main contact", default=False)

    class Meta:
        ordering = ["-is_primary", "name"]

    def __str__(self) -> str:
        return self.name


class Credential(models.Model):
    class Kind(models.TextChoices):
        CERTIFICATE = "certificate", "Certificate"
        INDUSTRY_CERTIFICATION = "industry_certification", "Industry certification"
        LICENSE = "license", "License"
        APPRENTICESHIP = "apprenticeship", "Apprenticeship completion"
        ASSOCIATE = "associate", "Associate degree"
        BACHELOR = "bachelor", "Bachelor's degree"
        GRADUATE = "graduate", "Graduate degree"

    partnership = models.ForeignKey(
        Partnership, on_delete=models.CASCADE, related_name="credentials"
    )
    name = models.CharField(max_length=200)
    kind = models.CharField(max_length=30, choices=Kind.choices, default=Kind.CERTIFICATE)
    level = models.CharField(
        max_length=60, blank=True, help_text="As the issuer states it, e.g. Level I, Journeyworker."
    )
    issuer = models.CharField(
        max_length=200, blank=True, help_text="Who awards it: a college, NIMS, AWS, the state."
    )
    stacks_into = models.ManyToManyField(
        "self",
        symmetrical=False,
        blank=True,
        related_name="stacks_from",
        help_text="Larger credentials this one counts toward.",
    )

    class Meta:
        ordering = ["name"]
        constraints = [
            models.UniqueConstraint(
                fields=["partnership", "name"], name="inventory_credential_name_per_partnership"
            )
        ]

    def __str__(self) -> str:
        return self.name


class ProgramType(models.TextChoices):
    CREDIT = "credit", "Credit program"
    NON_CREDIT = "non_credit", "Non-credit occupational training"
    ADULT_BASIC = "adult_basic", "Adult basic education"
    BRIDGE = "bridge", "Bridge or pre-college"
    INCUMBENT = "incumbent", "Incumbent worker training"
    OJT = "ojt", "On-the-job training"
    APPRENTICESHIP = "apprenticeship", "Registered apprenticeship"
    WORK_BASED = "work_based", "Internship or other work-based learning"
    K12_CTE = "k12_cte", "Dual enrollment or K-12 CTE"


TABLE_FIELDS = [
    "partnership",
    "provider__organization__name",
    "provider__organization__partnership",
    "provider__partnership",
    "provider__kind",
    "name",
    "program_type",
    "status",
    "clock_hours",
    "tuition",
    "completions_per_year",
    "capacity",
    "placement_rate",
    "reviewed_at",
    "updated_at",
    "version",
]


@dataclass(frozen=True)
class Bound:
    """What one number of a program may be. Outside `low`-`high` it cannot be right (refused);
    outside the common range it can be, but is rare enough that a person confirms it."""

    low: Decimal
    high: Decimal
    common_low: Decimal
    common_high: Decimal
    unit: str


def _bound(low, high, common_low, common_high, unit: str) -> Bound:
    return Bound(*(Decimal(str(v)) for v in (low, high, common_low, common_high)), unit)


PROGRAM_BOUNDS = {
    # A registered apprenticeship runs 2,000-8,000 hours; a short course a day or two.
    "clock_hours": _bound(1, 12_000, 8, 2_400, "clock hours"),
    # A bachelor's degree is about 120 semester credits.
    "credits": _bound("0.5", 300, 1, 130, "credits"),
    "weeks": _bound(1, 520, 1, 104, "weeks"),
    "months": _bound(1, 120, 1, 48, "months"),
    "tuition": _bound(0, 250_000, 0, 40_000, "dollars"),
    "fees": _bound(0, 50_000, 0, 5_000, "dollars"),
    "other_costs": _bound(0, 50_000, 0, 10_000, "dollars"),
    "completions_per_year": _bound(0, 20_000, 0, 1_000, "people a year"),
    "capacity": _bound(0, 20_000, 0, 1_000, "seats a year"),
    "waiting_list": _bound(0, 20_000, 0, 500, "people"),
}
# Apprenticeships are long by design: their common range is their own.
APPRENTICESHIP_COMMON = {
    "clock_hours": (Decimal(1_000), Decimal(10_000)),
    "weeks": (Decimal(26), Decimal(260)),
    "months": (Decimal(6), Decimal(60)),
}


def _number_text(value: Decimal) -> str:
    return f"{value.normalize():,f}"


def _as_decimal(value) -> Decimal | None:
    """A number, or None for empty or for what field validation refuses anyway."""
    if value is None or value == "" or isinstance(value, bool):
        return None
    try:
        number = Decimal(str(value))
    except ArithmeticError:
        return None
    return number if number.is_finite() else None


def program_bound_errors(values: dict) -> dict[str, str]:
    """The numbers no program can have (-3 credits, 999,999 clock hours), in words."""
    errors = {}
    for name, bound in PROGRAM_BOUNDS.items():
        value = _as_decimal(values.get(name))
        if value is None:
            continue
        if not bound.low <= value <= bound.high:
            errors[name] = (
                f"{_number_text(value)} is not possible here: enter between "
                f"{_number_text(bound.low)} and {_number_text(bound.high)} {bound.unit}."
            )
    return errors


def program_unusual_values(values: dict) -> dict[str, str]:
    """Possible numbers outside the common range, which a person should confirm."""
    unusual = {}
    apprenticeship = values.get("program_type") == ProgramType.APPRENTICESHIP
    for name, bound in PROGRAM_BOUNDS.items():
        number = _as_decimal(values.get(name))
        if number is None:
            continue
        if not bound.low <= number <= bound.high:
            continue  # refused, not unusual
        low, high = bound.common_low, bound.common_high
        if apprenticeship and name in APPRENTICESHIP_COMMON:
            low, high = APPRENTICESHIP_COMMON[name]
        if not low <= number <= high:
            unusual[name] = (
                f"{_number_text(number)} {bound.unit} is outside the usual "
                f"{_number_text(low)}-{_number_text(high)}: is it right?"
            )
    return unusual


class ProgramQuerySet(models.QuerySet):
    def for_table(self, partnership: Partnership):
        """Only what one row of the inventory table shows (narrow rows sort fast); see
        selectors.attach_occupations for its occupations."""
        return (
            self.filter(partnership=partnership)
            .select_related("provider__organization")
            .only(*TABLE_FIELDS)
        )

    def for_inventory(self, partnership: Partnership):
        """Every field of each program, for exports; the credentials and occupations come
        in bulk from `inventory.exports.related_names` (a prefetch per row is slow)."""
        return self.filter(partnership=partnership).select_related("provider__organization")


class Program(models.Model):
    class Status(models.TextChoices):
        OFFERED = "offered", "Offered"
        PROPOSED = "proposed", "Proposed"
        PAUSED = "paused", "Paused"
        DISCONTINUED = "discontinued", "Discontinued"

    partnership = models.ForeignKey(Partnership, on_delete=models.CASCADE, related_name="programs")
    # RESTRICT, not PROTECT: deleting the whole partnership still removes its programs.
    provider = models.ForeignKey(Provider, on_delete=models.RESTRICT, related_name="programs")
    name = models.CharField("program", max_length=200)
    program_type = models.CharField("type", max_length=20, choices=ProgramType.choices)
    cip_code = models.CharField("CIP code", max_length=7, blank=True, validators=[cip_validator])
    description = models.TextField(blank=True)
    credentials = models.ManyToManyField(
        Credential, blank=True, related_name="programs", verbose_name="credentials awarded"
    )
    # Length, in whichever units the provider uses.
    clock_hours = models.PositiveIntegerField(null=True, blank=True)
    credits = models.DecimalField(max_digits=5, decimal_places=1, null=True, blank=True)
    weeks = models.PositiveIntegerField(null=True, blank=True)
    months = models.PositiveIntegerField(null=True, blank=True)
    # What a student pays, in whole dollars.
    tuition = models.PositiveIntegerField("tuition ($)", null=True, blank=True)
    fees = models.PositiveIntegerField("fees ($)", null=True, blank=True)
    other_costs = models.PositiveIntegerField(
        "other costs ($)", null=True, blank=True, help_text="Books, tools, uniforms, exam fees."
    )
    prerequisites = models.TextField(
        "prerequisites and entry requirements",
        blank=True,
        help_text="Placement scores, diploma or GED, age, driver's license, background check.",
    )
    entry_credentials = models.ManyToManyField(
        Credential,
        blank=True,
        related_name="required_by",
        verbose_name="credentials required to enter",
    )
    evening = models.BooleanField(default=False)
    weekend = models.BooleanField(default=False)
    online = models.BooleanField("online or hybrid", default=False)
    open_entry = models.BooleanField("open entry", default=False)
    non_semester = models.BooleanField("non-semester schedule", default=False)
    childcare = models.BooleanField(default=False)
    transportation = models.BooleanField(default=False)
    tutoring = models.BooleanField(default=False)
    advising = models.BooleanField("advising or case management", default=False)
    completions_per_year = models.PositiveIntegerField(null=True, blank=True)
    capacity = models.PositiveIntegerField(null=True, blank=True, help_text="Seats per year.")
    waiting_list = models.PositiveIntegerField(
        null=True, blank=True, help_text="People waiting for a seat now."
    )
    placement_rate = models.DecimalField(
        "placement rate (%)",
        max_digits=4,
        decimal_places=1,
        null=True,
        blank=True,
        validators=[MinValueValidator(0), MaxValueValidator(100)],
    )
    placement_year = models.PositiveSmallIntegerField(
        null=True, blank=True, validators=[MinValueValidator(1990), MaxValueValidator(2100)]
    )
    placement_source = models.CharField(
        max_length=200, blank=True, help_text="Where the rate comes from, e.g. state ETPL, college."
    )
    status = models.CharField(max_length=20, choices=Status.choices, default=Status.OFFERED)
    reviewed_at = models.DateTimeField(null=True, blank=True)
    reviewed_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    created_at = models.DateTimeField(default=timezone.now, editable=False)
    updated_at = models.DateTimeField(auto_now=True)
    version = models.PositiveIntegerField(default=1)

    objects = ProgramQuerySet.as_manager()

    class Meta:
        ordering = ["provider__organization__name", "name"]
        constraints = [
            models.UniqueConstraint(
                fields=["provider", "name"], name="inventory_program_name_per_provider"
            )
        ]
        indexes = [models.Index(fields=["partnership", "name"], name="inventory_program_name")]

    def __str__(self) -> str:
        return self.name

    def get_absolute_url(self) -> str:
        return reverse("inventory:program_detail", args=[self.partnership.slug, self.pk])

    def clean(self):
        if self.provider_id and self.provider.partnership_id != self.partnership_id:
            raise ValidationError({"provider": "Choose one of this partnership's providers."})
        out_of_bounds = program_bound_errors({name: getattr(self, name) for name in PROGRAM_BOUNDS})
        if out_of_bounds:
            raise ValidationError(out_of_bounds)
        if (
            self.capacity is not None
            and self.completions_per_year is not None
            and self.completions_per_year > self.capacity * 4
        ):
            raise ValidationError(
                {"completions_per_year": "Far more completions than seats: check both numbers."}
            )

    @property
    def open_to_new_students(self) -> bool:
        """Incumbent worker training is for a company's current employees only."""
        return self.program_type != ProgramType.INCUMBENT

    def unusual_values(self) -> dict[str, str]:
        return program_unusual_values(
            {name: getattr(self, name) for name in [*PROGRAM_BOUNDS, "program_type"]}
        )

    @property
    def total_cost(self) -> int | None:
        parts = [v for v in (self.tuition, self.fees, self.other_costs) if v is not None]
        return sum(parts) if parts else None

    @property
    def length_display(self) -> str:
        parts = []
        if self.clock_hours:
            parts.append(f"{self.clock_hours} hours")
        if self.credits:
            parts.append(f"{self.credits.normalize():f} credits")
        if self.weeks:
            parts.append(f"{self.weeks} weeks")
        if self.months:
            parts.append(f"{self.months} months")
        return ", ".join(parts)

    @property
    def schedule_labels(self) -> list[str]:
        return [label for name, label in SCHEDULE_FIELDS if getattr(self, name)]

    @property
    def support_labels(self) -> list[str]:
        return [label for name, label in SUPPORT_FIELDS if getattr(self, name)]


SCHEDULE_FIELDS = [
    ("evening", "Evening"),
    ("weekend", "Weekend"),
    ("online", "Online"),
    ("open_entry", "Open entry"),
    ("non_semester", "Non-semester"),
]
SUPPORT_FIELDS = [
    ("childcare", "Childcare"),
    ("transportation", "Transportation"),
    ("tutoring", "Tutoring"),
    ("advising", "Advising"),
]


class ProgramOccupation(models.Model):
    """An occupation a program prepares for. Suggestions from the CIP-SOC crosswalk count
    only once a person has confirmed them."""

    program = models.ForeignKey(Program, on_delete=models.CASCADE, related_name="occupations")
    soc_code = models.CharField("SOC code", max_length=7, validators=[soc_validator])
    title = models.CharField(max_length=255, blank=True)
    suggested = models.BooleanField(default=False, help_text="Came from the CIP to SOC crosswalk.")
    confirmed_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    confirmed_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        ordering = ["soc_code"]
        constraints = [
            models.UniqueConstraint(
                fields=["program", "soc_code"], name="inventory_occupation_once_per_program"
            )
        ]
        indexes = [models.Index(fields=["soc_code"], name="inventory_progocc_soc")]

    def __str__(self) -> str:
        return f"{self.soc_code} {self.title}".strip()

    @property
    def confirmed(self) -> bool:
        return self.confirmed_at is not None


def agreement_upload_to(instance: Linkage, filename: str) -> str:
    return f"inventory/agreements/{instance.partnership_id}/{filename}"


class Linkage(models.Model):
    class Kind(models.TextChoices):
        ARTICULATION = "articulation", "Articulation agreement"
        DUAL_ENROLLMENT = "dual_enrollment", "Dual enrollment"
        STACKABLE = "stackable", "Stackable credential"
        TRANSFER = "transfer", "Transfer"
        PRIOR_LEARNING = "prior_learning", "Credit for prior learning"

    class Status(models.TextChoices):
        EXISTING = "existing", "Existing"
        PROPOSED = "proposed", "Proposed"

    partnership = models.ForeignKey(Partnership, on_delete=models.CASCADE, related_name="linkages")
    from_program = models.ForeignKey(
        Program, on_delete=models.CASCADE, related_name="linkages_out", verbose_name="from program"
    )
    to_program = models.ForeignKey(
        Program, on_delete=models.CASCADE, related_name="linkages_in", verbose_name="to program"
    )
    kind = models.CharField(max_length=20, choices=Kind.choices)
    status = models.CharField(max_length=20, choices=Status.choices, default=Status.EXISTING)
    credits = models.DecimalField(
        "credits carried over",
        max_digits=5,
        decimal_places=1,
        null=True,
        blank=True,
    )
    notes = models.TextField(blank=True)
    agreement = models.FileField(
        "agreement document", upload_to=agreement_upload_to, blank=True, max_length=300
    )
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    created_at = models.DateTimeField(default=timezone.now, editable=False)

    class Meta:
        ordering = ["from_program__name", "to_program__name"]
        constraints = [
            models.UniqueConstraint(
                fields=["from_program", "to_program", "kind"], name="inventory_linkage_once"
            )
        ]

    def __str__(self) -> str:
        return f"{self.from_program} → {self.to_program} ({self.get_kind_display()})"

    def clean(self):
        if self.from_program_id and self.from_program_id == self.to_program_id:
            raise ValidationError({"to_program": "A linkage joins two different programs."})
        for name in ("from_program", "to_program"):
            program = getattr(self, name, None) if getattr(self, f"{name}_id") else None
            if program is not None and program.partnership_id != self.partnership_id:
                raise ValidationError({name: "Choose one of this partnership's programs."})


class ProgramComment(models.Model):
    program = models.ForeignKey(Program, on_delete=models.CASCADE, related_name="comments")
    author = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, related_name="+"
    )
    body = models.TextField("comment")
    created_at = models.DateTimeField(default=timezone.now)

    class Meta:
        ordering = ["created_at", "id"]

    def __str__(self) -> str:
        return self.body[:60]


class MissingProgramFlag(models.Model):
    """An employer saying: a program we know of, or need, is not in the inventory."""

    partnership = models.ForeignKey(
        Partnership, on_delete=models.CASCADE, related_name="missing_program_flags"
    )
    provider_name = models.CharField(
        "provider", max_length=200, blank=True, help_text="Leave blank if nobody offers it yet."
    )
    program_name = models.CharField("program", max_length=200)
    note = models.TextField(blank=True)
    raised_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, related_name="+"
    )
    raised_at = models.DateTimeField(default=timezone.now)
    resolved_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    resolved_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        ordering = ["resolved_at", "-raised_at"]

    def __str__(self) -> str:
        return self.program_name


class ProgramChange(models.Model):
    """One entry of a program's history: who, when, what changed (field, before, after)."""

    class Action(models.TextChoices):
        CREATED = "created", "Created"
        UPDATED = "updated", "Changed"
        REVIEWED = "reviewed", "Marked reviewed"
        OCCUPATIONS = "occupations", "Occupations changed"
        DELETED = "deleted", "Deleted"

    partnership = models.ForeignKey(Partnership, on_delete=models.CASCADE, related_name="+")
    program = models.ForeignKey(
        Program, on_delete=models.SET_NULL, null=True, blank=True, related_name="changes"
    )
    program_name = models.CharField(max_length=200)
    actor = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    at = models.DateTimeField(default=timezone.now)
    action = models.CharField(max_length=20, choices=Action.choices)
    via = models.CharField(
        max_length=20, blank=True, help_text="form, in place, bulk, spreadsheet, ETPL, demo"
    )
    changes = models.JSONField(default=list, blank=True)  # [[label, before, after], ...]

    class Meta:
        ordering = ["-at", "-id"]
        indexes = [models.Index(fields=["program", "-at"], name="inventory_change_program")]

    def __str__(self) -> str:
        return f"{self.program_name}: {self.get_action_display()}"


def import_upload_to(instance: ProgramImport, filename: str) -> str:
    return f"inventory/imports/{instance.partnership_id}/{filename}"


class ParseStatus(models.TextChoices):
    QUEUED = "queued", "Waiting for a worker"
    RUNNING = "running", "Reading"
    READY = "ready", "Read"
    FAILED = "failed", "Could not be read"


class ProgramImport(models.Model):
    """An uploaded spreadsheet waiting for its preview to be confirmed (or already applied)."""

    class Layout(models.TextChoices):
        INVENTORY = "inventory", "Inventory spreadsheet"
        ETPL = "etpl", "Eligible training provider list"

    partnership = models.ForeignKey(Partnership, on_delete=models.CASCADE, related_name="+")
    layout = models.CharField(max_length=20, choices=Layout.choices, default=Layout.INVENTORY)
    file = models.FileField(upload_to=import_upload_to, max_length=300)
    file_name = models.CharField(max_length=255)
    uploaded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, related_name="+"
    )
    uploaded_at = models.DateTimeField(default=timezone.now)
    applied_at = models.DateTimeField(null=True, blank=True)
    summary = models.JSONField(default=dict, blank=True)
    # The file is read once, by a Celery task within the upload limits; the preview and the
    # confirmation plan from the rows kept here.
    status = models.CharField(
        max_length=20, choices=ParseStatus.choices, default=ParseStatus.QUEUED
    )
    rows_read = models.PositiveIntegerField(default=0)
    error = models.TextField(blank=True)
    table = models.JSONField(null=True, blank=True, help_text="Header and rows as read.")
    started_at = models.DateTimeField(null=True, blank=True)
    task_id = models.CharField(max_length=100, blank=True)

    class Meta:
        ordering = ["-uploaded_at"]

    def __str__(self) -> str:
        return self.file_name

    @property
    def is_reading(self) -> bool:
        return self.status in (ParseStatus.QUEUED, ParseStatus.RUNNING) and not self.is_dead

    @property
    def is_dead(self) -> bool:
        """Being read, but the worker reading it stopped (pathways.jobs)."""
        from pathways import jobs

        return jobs.is_dead(
            "inventory-import",
            self.pk,
            running=self.status == ParseStatus.RUNNING,
            started_at=self.started_at,
        )
