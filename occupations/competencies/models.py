"""Step 5: critical competencies.

For each critical occupation (step 3) the partnership builds a `Strawman`: the occupation's
job functions and tasks from the current O*NET release, with what employers already said.
Employers vet it in two `FocusGroup` rounds (hiring authorities, then high performers); each
participant answers on a phone through the round's link, without an account. Approving the
strawman makes a numbered `DescriptionVersion`: the vetted occupational description.
"""

from __future__ import annotations

from django.conf import settings
from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models
from django.utils import timezone

from pathways.jobs import RenderJob


class TaskSource(models.TextChoices):
    ONET = "onet", "O*NET"
    JOB_DESCRIPTION = "job_description", "Employer's job description"
    ROOM = "room", "Said in the room"


class Strawman(models.Model):
    """The working description of one critical occupation: functions, tasks, competencies.

    Skills, knowledge, abilities and technology are copied from the O*NET release when the
    strawman is built (the description must not change under people when a new release is
    imported); `onet_release` names where they came from."""

    partnership = models.ForeignKey(
        "partnerships.Partnership", on_delete=models.CASCADE, related_name="strawmen"
    )
    occupation = models.OneToOneField(
        "occupations.CriticalOccupation", on_delete=models.CASCADE, related_name="strawman"
    )
    onet_code = models.CharField("O*NET-SOC code", max_length=10, blank=True)
    onet_release = models.CharField(max_length=100, blank=True, help_text="e.g. O*NET 27.0")
    skills = models.JSONField(default=list, blank=True)
    knowledge = models.JSONField(default=list, blank=True)
    abilities = models.JSONField(default=list, blank=True)
    technology = models.JSONField(default=list, blank=True)
    has_task_ratings = models.BooleanField(default=False)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    created_at = models.DateTimeField(auto_now_add=True)
    edited_at = models.DateTimeField(help_text="The last change to functions or tasks.")
    version = models.PositiveIntegerField(default=1)

    class Meta:
        ordering = ["occupation__tier", "occupation__order", "occupation__soc_code"]

    def __str__(self) -> str:
        return f"Strawman: {self.occupation.title}"


class JobFunction(models.Model):
    strawman = models.ForeignKey(Strawman, on_delete=models.CASCADE, related_name="functions")
    name = models.CharField(max_length=200)
    work_activity_id = models.CharField(
        max_length=20, blank=True, help_text="The O*NET work activity it was named after."
    )
    order = models.PositiveSmallIntegerField(default=0)

    class Meta:
        ordering = ["order", "id"]

    def __str__(self) -> str:
        return self.name


class JobDescription(models.Model):
    """A job description or posting an employer handed in, kept as text."""

    strawman = models.ForeignKey(
        Strawman, on_delete=models.CASCADE, related_name="job_descriptions"
    )
    employer = models.CharField(max_length=200, blank=True)
    title = models.CharField(max_length=200, blank=True)
    file_name = models.CharField(max_length=255, blank=True)
    text = models.TextField()
    added_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    added_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["added_at", "id"]

    def __str__(self) -> str:
        return self.title or self.file_name or f"Job description {self.pk}"


class Task(models.Model):
    """A task of the strawman. It keeps where it came from, whatever edits follow."""

    strawman = models.ForeignKey(Strawman, on_delete=models.CASCADE, related_name="tasks")
    function = models.ForeignKey(
        JobFunction, on_delete=models.SET_NULL, null=True, blank=True, related_name="tasks"
    )
    statement = models.TextField(max_length=600)
    order = models.PositiveIntegerField(default=0)
    source = models.CharField(max_length=20, choices=TaskSource.choices)
    onet_task_id = models.IntegerField("O*NET task ID", null=True, blank=True)
    onet_statement = models.TextField(blank=True, help_text="O*NET's wording, if reworded.")
    task_type = models.CharField(max_length=20, blank=True, help_text="Core or Supplemental.")
    incumbents_responding = models.IntegerField(null=True, blank=True)
    ratings = models.JSONField(
        default=dict, blank=True, help_text="O*NET Task Ratings: importance, relevance, frequency."
    )
    job_description = models.ForeignKey(
        JobDescription, on_delete=models.SET_NULL, null=True, blank=True, related_name="tasks"
    )
    dropped = models.BooleanField(default=False)
    # What the focus groups said about a task chosen for training (step 5, part 3).
    chosen = models.BooleanField(default=False, help_text="Chosen for a closer look.")
    minimum_standard = models.TextField(blank=True)
    mid_level = models.TextField("what a mid-level person does differently", blank=True)
    ksas = models.TextField(
        "knowledge, skills and abilities", blank=True, help_text="One per line."
    )

    class Meta:
        ordering = ["order", "id"]

    def __str__(self) -> str:
        return self.statement[:80]

    @property
    def ksa_list(self) -> list[str]:
        return [line.strip() for line in self.ksas.splitlines() if line.strip()]


class TaskSuggestion(models.Model):
    """A sentence of a job description that reads like a task, for the facilitator to judge."""

    class Status(models.TextChoices):
        PENDING = "pending", "Suggested"
        ACCEPTED = "accepted", "Accepted"
        DROPPED = "dropped", "Dropped"

    job_description = models.ForeignKey(
        JobDescription, on_delete=models.CASCADE, related_name="suggestions"
    )
    sentence = models.TextField(max_length=600)
    status = models.CharField(max_length=10, choices=Status.choices, default=Status.PENDING)
    task = models.ForeignKey(
        Task, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )

    class Meta:
        ordering = ["id"]

    def __str__(self) -> str:
        return self.sentence[:80]


class FocusGroup(models.Model):
    """One round of focus groups on one occupation, held at a step-5 convening.

    `token` is the secret in the link (and QR code) participants open on their phones;
    it only lets them answer in this round, and only while it is open. `tally_version`
    goes up with every answer, so the facilitator's screen polls one small query."""

    class Round(models.IntegerChoices):
        HIRING = 1, "Round one: hiring authorities"
        PERFORMERS = 2, "Round two: high-performing employees"

    strawman = models.ForeignKey(Strawman, on_delete=models.CASCADE, related_name="focus_groups")
    convening = models.ForeignKey(
        "partnerships.Convening", on_delete=models.CASCADE, related_name="focus_groups"
    )
    round = models.PositiveSmallIntegerField(choices=Round.choices)
    token = models.CharField(max_length=64, unique=True, editable=False)
    is_open = models.BooleanField(default=True)
    tally_version = models.PositiveIntegerField(default=1)
    paths_in = models.TextField("paths into the occupation", blank=True)
    paths_out = models.TextField("paths out of the occupation", blank=True)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["round", "id"]
        constraints = [
            models.UniqueConstraint(fields=["strawman", "round"], name="one_focus_group_per_round")
        ]

    def __str__(self) -> str:
        return f"{self.get_round_display()} on {self.strawman.occupation.title}"


class Participant(models.Model):
    """Someone answering in a focus group: a member or a guest, by name and company.

    `device` is a digest of the phone's device token (a cookie set on its first visit): a
    phone answers as one person per round, and only that phone answers as them. A facilitator
    who removes a participant deletes their answers and shuts that phone out of the round."""

    focus_group = models.ForeignKey(
        FocusGroup, on_delete=models.CASCADE, related_name="participants"
    )
    name = models.CharField(max_length=200)
    company = models.CharField(max_length=200, blank=True)
    key = models.CharField(max_length=64, unique=True, editable=False)
    device = models.CharField(max_length=64, blank=True, editable=False)
    joined_at = models.DateTimeField(auto_now_add=True)
    removed_at = models.DateTimeField(null=True, blank=True)
    removed_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )

    class Meta:
        ordering = ["joined_at", "id"]
        constraints = [
            models.UniqueConstraint(
                fields=["focus_group", "device"],
                condition=~models.Q(device=""),
                name="one_participant_per_device",
            )
        ]

    def __str__(self) -> str:
        return f"{self.name} ({self.company})" if self.company else self.name


class Accuracy(models.TextChoices):
    KEEP = "keep", "Keep as is"
    CHANGE = "change", "Keep, but change it"
    DROP = "drop", "Drop it"


class Frequency(models.TextChoices):
    DAILY = "daily", "Daily"
    WEEKLY = "weekly", "Weekly"
    MONTHLY = "monthly", "Monthly"
    RARELY = "rarely", "Rarely"


class Answer(models.Model):
    """One participant's answers about one task; each question may still be blank."""

    participant = models.ForeignKey(Participant, on_delete=models.CASCADE, related_name="answers")
    task = models.ForeignKey(Task, on_delete=models.CASCADE, related_name="answers")
    accuracy = models.CharField(max_length=10, choices=Accuracy.choices, blank=True)
    importance = models.PositiveSmallIntegerField(
        null=True, blank=True, validators=[MinValueValidator(1), MaxValueValidator(5)]
    )
    frequency = models.CharField(max_length=10, choices=Frequency.choices, blank=True)
    underperformed = models.BooleanField(null=True, blank=True)
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        constraints = [
            models.UniqueConstraint(fields=["participant", "task"], name="one_answer_per_task")
        ]

    def __str__(self) -> str:
        return f"{self.participant} on task {self.task_id}"


MAX_PRIORITIES = 3


class Priority(models.Model):
    """A task a participant picked among the three training should improve first."""

    participant = models.ForeignKey(
        Participant, on_delete=models.CASCADE, related_name="priorities"
    )
    task = models.ForeignKey(Task, on_delete=models.CASCADE, related_name="priorities")

    class Meta:
        constraints = [
            models.UniqueConstraint(fields=["participant", "task"], name="one_pick_per_task")
        ]

    def __str__(self) -> str:
        return f"{self.participant} picks task {self.task_id}"


class DescriptionVersion(models.Model):
    """An approved, numbered occupational description: what the strawman said when approved."""

    strawman = models.ForeignKey(Strawman, on_delete=models.CASCADE, related_name="versions")
    number = models.PositiveIntegerField()
    approved_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, related_name="+"
    )
    approved_at = models.DateTimeField()
    content = models.JSONField(help_text="The description as approved.")
    pdf = models.FileField(upload_to="competencies/", blank=True, max_length=300)
    rendered_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        ordering = ["-number"]
        constraints = [
            models.UniqueConstraint(fields=["strawman", "number"], name="one_version_number")
        ]

    def __str__(self) -> str:
        return f"{self.strawman.occupation.title} v{self.number}"


class DescriptionRender(RenderJob):
    """One run of the PDF renderer for an approved version (like step 7's MapRender)."""

    heartbeat_kind = "description-render"

    version = models.ForeignKey(
        DescriptionVersion, on_delete=models.CASCADE, related_name="renders"
    )

    class Meta(RenderJob.Meta):
        pass

    def __str__(self) -> str:
        return f"{self.version}: {self.get_status_display()}"


class Climb(models.Model):
    """The climb along one step-3 advancement path as the facilitator worded it: the extra
    skills and knowledge (one a line) and the tasks the higher occupation adds (one a line).
    Without a row the climb is computed from O*NET; approving a description freezes it."""

    path = models.OneToOneField(
        "occupations.AdvancementPath", on_delete=models.CASCADE, related_name="climb"
    )
    levels = models.TextField("extra skills and knowledge", blank=True, max_length=4000)
    tasks = models.TextField("tasks the higher occupation adds", blank=True, max_length=8000)
    edited_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    edited_at = models.DateTimeField(default=timezone.now)
    version = models.PositiveIntegerField(default=1)

    def __str__(self) -> str:
        return f"Climb: {self.path}"

    @property
    def level_list(self) -> list[str]:
        return [line.strip() for line in self.levels.splitlines() if line.strip()]

    @property
    def task_list(self) -> list[str]:
        return [line.strip() for line in self.tasks.splitlines() if line.strip()]
