"""Step 8: the partnership's action plan. Internal to the support team and employer
champions: never shown on a public page, never to counselors.

An action answers a need found earlier (a step-3 quick win, a step-5 skills gap, a step-6
finding). The need is kept by kind and a stable key so the link survives the other apps'
edits; its title is copied at creation so the action still reads well if the need goes away.
"""

from __future__ import annotations

from datetime import date, timedelta

from django.conf import settings
from django.core.exceptions import ValidationError
from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models
from django.urls import reverse
from django.utils import timezone

from pathways.jobs import RenderJob

# An open action due within this many days with no progress note in NOTE_FRESH_DAYS is at risk.
DUE_SOON_DAYS = 21
NOTE_FRESH_DAYS = 30


class SourceKind(models.TextChoices):
    QUICK_WIN = "quick_win", "Quick win (step 3)"
    SKILLS_GAP = "skills_gap", "Skills gap (step 5)"
    GAP_FINDING = "gap_finding", "Gap finding (step 6)"


class Horizon(models.TextChoices):
    EARLY = "early", "Early win"
    SHORT = "short", "3-6 months"
    LONG = "long", "6-12 months"


class Status(models.TextChoices):
    PLANNED = "planned", "Planned"
    IN_PROGRESS = "in_progress", "In progress"
    DONE = "done", "Done"
    BLOCKED = "blocked", "Blocked"
    DROPPED = "dropped", "Dropped"


MEASURE_CHOICES = [
    ("participants", "Participants"),
    ("completers", "Completers"),
    ("credentials", "Credentials earned"),
    ("employed_q2", "Employed 2nd quarter after exit (%)"),
    ("employed_q4", "Employed 4th quarter after exit (%)"),
    ("median_earnings", "Median quarterly earnings after exit ($)"),
]

OPEN_STATUSES = (Status.PLANNED, Status.IN_PROGRESS, Status.BLOCKED)


class Health(models.TextChoices):
    ON_TRACK = "on_track", "On track"
    AT_RISK = "at_risk", "At risk"
    OVERDUE = "overdue", "Overdue"
    CLOSED = "closed", "Closed"


class ActionQuerySet(models.QuerySet):
    def for_plan(self, partnership):
        """The plan's rows with everything a list shows, in one query."""
        return (
            self.filter(partnership=partnership)
            .select_related("partnership", "owner_organization", "owner")
            .annotate(
                last_note_on=models.Max("notes__written_on"),
                note_count=models.Count("notes", distinct=True),
            )
            .order_by("due_date", "id")
        )


class Action(models.Model):
    partnership = models.ForeignKey(
        "partnerships.Partnership", on_delete=models.CASCADE, related_name="actions"
    )
    title = models.CharField(max_length=200)
    description = models.TextField(blank=True)
    source_kind = models.CharField("answers", max_length=20, choices=SourceKind.choices, blank=True)
    source_key = models.CharField(max_length=100, blank=True)
    source_title = models.CharField("need it answers", max_length=300, blank=True)
    source_url = models.CharField(max_length=500, blank=True)
    owner_organization = models.ForeignKey(
        "partnerships.Organization",
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="actions",
        verbose_name="owner organization",
    )
    owner = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="owned_actions",
        verbose_name="owner",
    )
    horizon = models.CharField(max_length=10, choices=Horizon.choices, default=Horizon.SHORT)
    start_date = models.DateField(null=True, blank=True)
    due_date = models.DateField(null=True, blank=True)
    status = models.CharField(max_length=20, choices=Status.choices, default=Status.PLANNED)
    dropped_reason = models.TextField("why it was dropped", blank=True)
    target_outcome = models.CharField(
        "outcome it should move",
        max_length=300,
        blank=True,
        help_text="e.g. 'Welding completers per year from 10 to 25'.",
    )
    aims_program = models.ForeignKey(
        "inventory.Program",
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        verbose_name="program whose outcomes it aims at",
    )
    aims_pathway = models.ForeignKey(
        "alignment.PathwayProgram",
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        verbose_name="or the pathway program whose outcomes it aims at",
        help_text="A program or a pathway program, not both.",
    )
    aims_measure = models.CharField(
        "figure it aims at", max_length=20, choices=MEASURE_CHOICES, blank=True
    )
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    created_at = models.DateTimeField(default=timezone.now)
    updated_at = models.DateTimeField(auto_now=True)
    version = models.PositiveIntegerField(default=1)

    objects = ActionQuerySet.as_manager()

    class Meta:
        ordering = ["due_date", "id"]
        indexes = [
            models.Index(fields=["partnership", "source_kind", "source_key"], name="action_source")
        ]
        constraints = [
            models.CheckConstraint(
                condition=models.Q(aims_program__isnull=True) | models.Q(aims_pathway__isnull=True),
                name="action_aims_one_program_or_pathway",
            )
        ]

    def __str__(self) -> str:
        return self.title

    def get_absolute_url(self) -> str:
        return reverse("actionplan:action", args=[self.partnership.slug, self.pk])

    def clean(self):
        errors = {}
        if self.start_date and self.due_date and self.due_date < self.start_date:
            errors["due_date"] = "The due date comes after the start date."
        if self.status == Status.DROPPED and not self.dropped_reason.strip():
            errors["dropped_reason"] = "Say why the action was dropped."
        if bool(self.source_kind) != bool(self.source_key):
            errors["source_kind"] = "A need answered has both a kind and a key."
        if (
            self.owner_organization_id
            and self.owner_organization.partnership_id != self.partnership_id
        ):
            errors["owner_organization"] = "Choose one of the partnership's organizations."
        if self.aims_program_id and self.aims_program.partnership_id != self.partnership_id:
            errors["aims_program"] = "Choose one of the partnership's programs."
        if self.aims_pathway_id and self.aims_pathway.partnership_id != self.partnership_id:
            errors["aims_pathway"] = "Choose one of the partnership's pathway programs."
        if self.aims_program_id and self.aims_pathway_id:
            errors["aims_pathway"] = (
                "An action aims at one program's or one pathway program's figure: choose one."
            )
        if errors:
            raise ValidationError(errors)

    @property
    def is_open(self) -> bool:
        return self.status in OPEN_STATUSES

    def health(self, today: date | None = None, last_note_on: date | None = None) -> str:
        """On track, at risk (due soon, or blocked, with no recent note) or overdue."""
        if not self.is_open:
            return Health.CLOSED
        today = today or timezone.localdate()
        if last_note_on is None:
            last_note_on = getattr(self, "last_note_on", None)
        if self.due_date and self.due_date < today:
            return Health.OVERDUE
        stale = last_note_on is None or last_note_on < today - timedelta(days=NOTE_FRESH_DAYS)
        due_soon = self.due_date is not None and self.due_date <= today + timedelta(
            days=DUE_SOON_DAYS
        )
        if stale and (due_soon or self.status == Status.BLOCKED):
            return Health.AT_RISK
        return Health.ON_TRACK

    @property
    def health_label(self) -> str:
        return Health(self.health()).label


class ProgressNote(models.Model):
    action = models.ForeignKey(Action, on_delete=models.CASCADE, related_name="notes")
    written_on = models.DateField("date", default=timezone.localdate)
    text = models.TextField(max_length=2000)
    author = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    created_at = models.DateTimeField(default=timezone.now)

    class Meta:
        ordering = ["-written_on", "-id"]

    def __str__(self) -> str:
        return f"{self.written_on}: {self.text[:60]}"


class RaterGroup(models.TextChoices):
    EMPLOYER = "employer", "Employers"
    PUBLIC = "public", "Public partners"


SCORE = [MinValueValidator(1), MaxValueValidator(5)]


class ActionRating(models.Model):
    """One member's view of an action's impact and feasibility, 1 (low) to 5 (high). The
    group is fixed when rating: employers and public partners are shown apart."""

    action = models.ForeignKey(Action, on_delete=models.CASCADE, related_name="ratings")
    rater = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="+")
    group = models.CharField(max_length=10, choices=RaterGroup.choices)
    impact = models.PositiveSmallIntegerField(validators=SCORE)
    feasibility = models.PositiveSmallIntegerField(validators=SCORE)
    rated_at = models.DateTimeField(default=timezone.now)

    class Meta:
        constraints = [
            models.UniqueConstraint(fields=["action", "rater"], name="one_rating_per_rater"),
            models.CheckConstraint(
                condition=models.Q(
                    impact__gte=1, impact__lte=5, feasibility__gte=1, feasibility__lte=5
                ),
                name="rating_scores_1_to_5",
            ),  # fmt: skip
        ]

    def __str__(self) -> str:
        return (
            f"{self.rater} on {self.action}: impact {self.impact}, feasibility {self.feasibility}"
        )


class ReminderSetting(models.Model):
    """A member who turned off the weekly email about their overdue and at-risk actions."""

    user = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="+")
    partnership = models.ForeignKey(
        "partnerships.Partnership", on_delete=models.CASCADE, related_name="+"
    )
    weekly_email = models.BooleanField(default=True)
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        constraints = [
            models.UniqueConstraint(fields=["user", "partnership"], name="one_reminder_setting")
        ]

    def __str__(self) -> str:
        return f"{self.user} · {self.partnership}: {'on' if self.weekly_email else 'off'}"


# --- outcomes ------------------------------------------------------------------------------


MEASURES = [value for value, _ in MEASURE_CHOICES]
MEASURE_LABELS = dict(MEASURE_CHOICES)
# Column heads for narrow tables.
MEASURE_SHORT = {
    "participants": "Participants",
    "completers": "Completers",
    "credentials": "Credentials",
    "employed_q2": "Employed Q2",
    "employed_q4": "Employed Q4",
    "median_earnings": "Median earnings",
}
PERCENT_MEASURES = {"employed_q2", "employed_q4"}


class ProgramOutcomeQuerySet(models.QuerySet):
    def for_partnership(self, partnership):
        """Programs by name, then pathway programs by name; each one's years in order."""
        return (
            self.filter(partnership=partnership)
            .select_related("program__provider", "pathway")
            .order_by(
                models.F("program__name").asc(nulls_last=True),
                "program_id",
                "pathway__name",
                "pathway_id",
                "year",
            )
        )


class ProgramOutcome(models.Model):
    """One program's results for one program year. An empty figure was not reported or was
    suppressed by the agency (the `suppressed` list says which): it is never taken as 0."""

    partnership = models.ForeignKey(
        "partnerships.Partnership", on_delete=models.CASCADE, related_name="program_outcomes"
    )
    # Whose results: one program of the inventory, or one step-6 pathway program (exactly one).
    program = models.ForeignKey(
        "inventory.Program", on_delete=models.CASCADE, related_name="outcomes", null=True,
        blank=True,
    )  # fmt: skip
    pathway = models.ForeignKey(
        "alignment.PathwayProgram", on_delete=models.CASCADE, related_name="outcomes",
        null=True, blank=True, verbose_name="pathway program",
    )  # fmt: skip
    year = models.PositiveSmallIntegerField(
        "program year",
        validators=[MinValueValidator(2000), MaxValueValidator(2100)],
        help_text="The year the program year ends, e.g. 2025 for July 2024 - June 2025.",
    )
    participants = models.PositiveIntegerField(null=True, blank=True)
    completers = models.PositiveIntegerField(null=True, blank=True)
    credentials = models.PositiveIntegerField("credentials earned", null=True, blank=True)
    employed_q2 = models.DecimalField(
        "employed Q2 after exit (%)", max_digits=5, decimal_places=1, null=True, blank=True,
        validators=[MinValueValidator(0), MaxValueValidator(100)],
    )  # fmt: skip
    employed_q4 = models.DecimalField(
        "employed Q4 after exit (%)", max_digits=5, decimal_places=1, null=True, blank=True,
        validators=[MinValueValidator(0), MaxValueValidator(100)],
    )  # fmt: skip
    median_earnings = models.PositiveIntegerField(
        "median quarterly earnings ($)", null=True, blank=True
    )
    suppressed = models.JSONField(
        default=list, blank=True, help_text="Figures the agency suppressed (too few people)."
    )
    source = models.CharField(
        max_length=200, help_text="Where the figures come from, e.g. 'State ETPL report'."
    )
    entered_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    updated_at = models.DateTimeField(auto_now=True)

    objects = ProgramOutcomeQuerySet.as_manager()

    class Meta:
        ordering = ["program_id", "pathway_id", "year"]
        constraints = [
            models.UniqueConstraint(
                fields=["program", "year"], name="one_outcome_per_program_year"
            ),
            models.UniqueConstraint(
                fields=["pathway", "year"], name="one_outcome_per_pathway_year"
            ),
            models.CheckConstraint(
                condition=models.Q(program__isnull=False, pathway__isnull=True)
                | models.Q(program__isnull=True, pathway__isnull=False),
                name="outcome_of_a_program_or_a_pathway",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.subject} {self.year}"

    @property
    def subject(self):
        """The program or the pathway program these are the results of."""
        return self.program if self.program_id else self.pathway

    @property
    def subject_label(self) -> str:
        if self.program_id:
            return self.program.name
        return f"{self.pathway.name} (pathway program)" if self.pathway_id else ""

    def clean(self):
        errors = {}
        if bool(self.program_id) == bool(self.pathway_id):
            errors["program"] = "Choose a program or a pathway program (one of them)."
        if self.program_id and self.program.partnership_id != self.partnership_id:
            errors["program"] = "Choose one of the partnership's programs."
        if self.pathway_id and self.pathway.partnership_id != self.partnership_id:
            errors["pathway"] = "Choose one of the partnership's pathway programs."
        if (
            self.participants is not None
            and self.completers is not None
            and self.completers > self.participants
        ):
            errors["completers"] = "There are more completers than participants."
        bad = [s for s in self.suppressed or [] if s not in MEASURES]
        if bad:
            errors["suppressed"] = f"Not a figure: {', '.join(bad)}."
        if errors:
            raise ValidationError(errors)

    def figure(self, measure: str):
        return getattr(self, measure)


# --- maturity --------------------------------------------------------------------------------


class Condition(models.TextChoices):
    """The six conditions of a working pathway system, in the partnership's words."""

    PARTNERSHIPS = "partnerships", "Partnerships across agencies"
    EMPLOYERS = "employers", "Employers shaping the solutions"
    PROGRAMS = "programs", "Programs aligned into pathways"
    FUNDING = "funding", "Funding that lasts"
    POLICY = "policy", "Policy pulling the same way"
    MEASUREMENT = "measurement", "Performance measured and used"


CONDITION_HELP = {
    Condition.PARTNERSHIPS: "Education, workforce, human services and economic development plan "
    "together and share priorities, not just attend the same meetings.",
    Condition.EMPLOYERS: "Employers design programs with us, confirm the skills that matter and "
    "open their workplaces for learning.",
    Condition.PROGRAMS: "A learner can see how one program leads to the next: dual enrollment, "
    "stackable credentials, credit that transfers.",
    Condition.FUNDING: "Public, philanthropic and employer money is lined up behind shared "
    "priorities, beyond a single grant.",
    Condition.POLICY: "Partners know the rules that help or block pathways and use them to "
    "the learner's advantage.",
    Condition.MEASUREMENT: "Participation, credentials, jobs and wages are tracked across "
    "partners and used to decide what to change.",
}


class Level(models.IntegerChoices):
    NOT_YET = 1, "Not yet"
    EMERGING = 2, "Emerging"
    WORKING = 3, "Working"
    SUSTAINED = 4, "Sustained"


LEVEL_HELP = {
    Level.NOT_YET: "Talked about, but nothing is in place yet.",
    Level.EMERGING: "Some partners do it, on their own or as a pilot.",
    Level.WORKING: "Most partners do it together, with regular routines.",
    Level.SUSTAINED: "Built into how partners plan, fund and report; it would outlast a change "
    "of leaders.",
}


class MaturityRound(models.Model):
    """One time the members rate the system, e.g. 'Spring 2026'."""

    partnership = models.ForeignKey(
        "partnerships.Partnership", on_delete=models.CASCADE, related_name="maturity_rounds"
    )
    name = models.CharField(max_length=100)
    opened_on = models.DateField(default=timezone.localdate)
    opened_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )

    class Meta:
        ordering = ["opened_on", "id"]
        constraints = [
            models.UniqueConstraint(fields=["partnership", "name"], name="maturity_round_name")
        ]

    def __str__(self) -> str:
        return self.name


class MaturityRating(models.Model):
    round = models.ForeignKey(MaturityRound, on_delete=models.CASCADE, related_name="ratings")
    rater = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="+")
    condition = models.CharField(max_length=20, choices=Condition.choices)
    level = models.PositiveSmallIntegerField(choices=Level.choices)
    comment = models.CharField(max_length=300, blank=True)
    rated_at = models.DateTimeField(default=timezone.now)

    class Meta:
        constraints = [
            models.UniqueConstraint(
                fields=["round", "rater", "condition"], name="one_maturity_rating_per_condition"
            )
        ]

    def __str__(self) -> str:
        return f"{self.rater} · {self.condition}: {self.level}"


# --- a map that stays current ------------------------------------------------------------


class MapReview(models.Model):
    """What a new labor-market release would change on a published map, for the convener to
    publish an updated version or set aside."""

    class State(models.TextChoices):
        OPEN = "open", "To review"
        PUBLISHED = "published", "Updated version published"
        DISMISSED = "dismissed", "Set aside"

    partnership = models.ForeignKey(
        "partnerships.Partnership", on_delete=models.CASCADE, related_name="map_reviews"
    )
    map_version = models.ForeignKey(
        "maps.MapVersion", on_delete=models.CASCADE, related_name="reviews"
    )
    release = models.ForeignKey(
        "occupations.DataRelease", on_delete=models.CASCADE, related_name="map_reviews"
    )
    # [{"soc_code", "occupation", "figure", "old", "new", "change", "unit"}]
    changes = models.JSONField(default=list)
    state = models.CharField(max_length=20, choices=State.choices, default=State.OPEN)
    created_at = models.DateTimeField(default=timezone.now)
    resolved_at = models.DateTimeField(null=True, blank=True)
    resolved_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    notified_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        ordering = ["-created_at", "-id"]
        constraints = [
            models.UniqueConstraint(
                fields=["map_version", "release"], name="one_review_per_release"
            )
        ]

    def __str__(self) -> str:
        return f"{self.partnership}: map v{self.map_version.number} against {self.release}"

    @property
    def published_sources(self) -> list[str]:
        """Where the published version's labor-market figures came from, and of when."""
        return [
            f"{s['name']}, {s['as_of']}"
            for s in (self.map_version.snapshot or {}).get("sources", [])
            if s.get("key") != "inventory"
        ]


# --- employers' feedback on new hires ------------------------------------------------------


class Preparedness(models.TextChoices):
    WELL = "well", "Well prepared"
    MOSTLY = "mostly", "Mostly prepared"
    NOT = "not", "Not prepared"


class HireFeedback(models.Model):
    """An employer's word on the people it hired from a program."""

    partnership = models.ForeignKey(
        "partnerships.Partnership", on_delete=models.CASCADE, related_name="hire_feedback"
    )
    program = models.ForeignKey(
        "inventory.Program", on_delete=models.CASCADE, related_name="hire_feedback"
    )
    employer = models.ForeignKey(
        "partnerships.Organization", on_delete=models.CASCADE, related_name="hire_feedback"
    )
    given_on = models.DateField("date", default=timezone.localdate)
    hires = models.PositiveSmallIntegerField("people hired", null=True, blank=True)
    prepared = models.CharField("how well prepared", max_length=10, choices=Preparedness.choices)
    skills_lacking = models.CharField(
        "skills they lacked", max_length=300, blank=True, help_text="e.g. 'blueprint reading'."
    )
    comment = models.TextField(blank=True, max_length=1000)
    recorded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )

    class Meta:
        ordering = ["-given_on", "-id"]

    def __str__(self) -> str:
        return f"{self.employer} on {self.program} ({self.given_on})"

    def clean(self):
        errors = {}
        if self.program_id and self.program.partnership_id != self.partnership_id:
            errors["program"] = "Choose one of the partnership's programs."
        if self.employer_id:
            if self.employer.partnership_id != self.partnership_id:
                errors["employer"] = "Choose one of the partnership's organizations."
            elif not self.employer.is_employer:
                errors["employer"] = "Feedback on hires comes from an employer."
        if self.given_on and self.given_on > timezone.localdate():
            errors["given_on"] = "The date is today or earlier."
        if errors:
            raise ValidationError(errors)


# --- PDFs for a meeting and for the board --------------------------------------------------


class PlanDocument(RenderJob):
    """One render of a PDF of the plan in a Celery worker: the plan for a meeting, or the
    annual report for the board (of one year). Each render keeps its own file; the newest
    good one is what people download, so a failed render never takes a PDF away."""

    heartbeat_kind = "plan-document"

    class Kind(models.TextChoices):
        PLAN = "plan", "Action plan for a meeting"
        ANNUAL_REPORT = "annual_report", "Annual report to the board"

    partnership = models.ForeignKey(
        "partnerships.Partnership", on_delete=models.CASCADE, related_name="plan_documents"
    )
    kind = models.CharField(max_length=20, choices=Kind.choices)
    year = models.PositiveSmallIntegerField(
        null=True, blank=True, help_text="The annual report's year."
    )
    pdf = models.FileField(upload_to="actionplan/", blank=True, max_length=300)

    class Meta(RenderJob.Meta):
        constraints = [
            models.CheckConstraint(
                condition=models.Q(kind="plan", year__isnull=True)
                | models.Q(kind="annual_report", year__isnull=False),
                name="plan_document_year_for_reports_only",
            )
        ]

    def __str__(self) -> str:
        return f"{self.partnership}: {self.get_kind_display()} ({self.get_status_display()})"
