"""Step 6: align programs with the critical occupations and build pathway programs.

What this step adds to the inventory: completers per program and year (the supply side of
supply against demand), the team's answers to the gap questions, the convening where the
asset map was reviewed, and named pathway programs that string programs of several
institutions together.
"""

from __future__ import annotations

from django.conf import settings
from django.core.exceptions import ValidationError
from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models
from django.utils import timezone

from inventory.models import Program, Provider
from partnerships.models import Convening, Partnership

FIRST_YEAR, LAST_YEAR = 1990, 2100


class ProgramCompleters(models.Model):
    """How many people finished a program in one academic year, and who says so."""

    program = models.ForeignKey(Program, on_delete=models.CASCADE, related_name="completer_years")
    year = models.PositiveSmallIntegerField(
        validators=[MinValueValidator(FIRST_YEAR), MaxValueValidator(LAST_YEAR)],
        help_text="The academic year's ending year: 2024 for 2023-24.",
    )
    completers = models.PositiveIntegerField()
    source = models.CharField(
        max_length=120, blank=True, help_text="Where the count comes from, e.g. IPEDS, college."
    )
    updated_at = models.DateTimeField(auto_now=True)
    updated_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )

    class Meta:
        ordering = ["program", "-year"]
        constraints = [
            models.UniqueConstraint(fields=["program", "year"], name="alignment_completers_once")
        ]
        verbose_name_plural = "program completers"

    def __str__(self) -> str:
        return f"{self.program}: {self.completers} in {self.year}"


def completers_upload_to(instance: CompletersImport, filename: str) -> str:
    return f"alignment/imports/{instance.partnership_id}/{filename}"


class CompletersImport(models.Model):
    """An uploaded completers spreadsheet waiting for its preview to be confirmed."""

    partnership = models.ForeignKey(Partnership, on_delete=models.CASCADE, related_name="+")
    file = models.FileField(upload_to=completers_upload_to, max_length=300)
    file_name = models.CharField(max_length=255)
    uploaded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, related_name="+"
    )
    uploaded_at = models.DateTimeField(default=timezone.now)
    applied_at = models.DateTimeField(null=True, blank=True)
    summary = models.JSONField(default=dict, blank=True)

    class Meta:
        ordering = ["-uploaded_at"]

    def __str__(self) -> str:
        return self.file_name


class ProviderInstitution(models.Model):
    """An IPEDS institution (UNITID) a provider is, as a person of the team confirmed it:
    its completions can then be pulled from the national file. A college with several
    campuses that report to IPEDS apart has one row per campus, and its programs count the
    sum of them. The name is kept as it read when confirmed, so the match still reads after
    a new directory release."""

    provider = models.ForeignKey(Provider, on_delete=models.CASCADE, related_name="ipeds_campuses")
    unitid = models.PositiveIntegerField("IPEDS unit id")
    name = models.CharField(max_length=255, help_text="The institution's IPEDS name.")
    city = models.CharField(max_length=100, blank=True)
    state = models.CharField(max_length=2, blank=True)
    confirmed_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, related_name="+"
    )
    confirmed_at = models.DateTimeField(default=timezone.now)

    class Meta:
        ordering = ["provider__organization__name", "name", "unitid"]
        constraints = [
            models.UniqueConstraint(
                fields=["provider", "unitid"], name="alignment_provider_campus_once"
            )
        ]

    def __str__(self) -> str:
        return f"{self.provider} = IPEDS {self.unitid} {self.name}"


class AssetMapReview(models.Model):
    """The team looked at the asset map together at a step-6 convening."""

    partnership = models.ForeignKey(
        Partnership, on_delete=models.CASCADE, related_name="asset_map_reviews"
    )
    convening = models.ForeignKey(Convening, on_delete=models.CASCADE, related_name="+")
    note = models.TextField(blank=True)
    recorded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, related_name="+"
    )
    recorded_at = models.DateTimeField(default=timezone.now)

    class Meta:
        ordering = ["-recorded_at"]
        constraints = [
            models.UniqueConstraint(
                fields=["partnership", "convening"], name="alignment_review_once_per_convening"
            )
        ]

    def __str__(self) -> str:
        return f"Asset map reviewed at {self.convening}"

    def clean(self):
        if self.convening_id and self.convening.partnership_id != self.partnership_id:
            raise ValidationError({"convening": "Choose one of this partnership's convenings."})
        if self.convening_id and self.convening.step != 6:
            raise ValidationError({"convening": "Choose a convening planned for step 6."})


class GapAnswer(models.Model):
    """The team's answer to one gap question, and what it decided."""

    partnership = models.ForeignKey(Partnership, on_delete=models.CASCADE, related_name="+")
    question = models.CharField(max_length=40)
    answer = models.TextField(blank=True)
    decision = models.TextField(blank=True)
    convening = models.ForeignKey(
        Convening, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    answered_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, related_name="+"
    )
    updated_at = models.DateTimeField(default=timezone.now)
    version = models.PositiveIntegerField(default=1)

    class Meta:
        ordering = ["question"]
        constraints = [
            models.UniqueConstraint(
                fields=["partnership", "question"], name="alignment_gap_answer_once"
            )
        ]

    def __str__(self) -> str:
        return f"{self.question}: {self.answer[:40]}"

    @property
    def answered(self) -> bool:
        return bool(self.answer.strip())


class PathwayProgram(models.Model):
    """A named career pathway program: programs of several institutions in sequence, with
    who may enter, the supports along the way and an exit to a job at each level."""

    partnership = models.ForeignKey(
        Partnership, on_delete=models.CASCADE, related_name="pathway_programs"
    )
    name = models.CharField(max_length=200)
    summary = models.TextField(blank=True, help_text="One or two sentences for students.")
    who_may_enter = models.TextField(
        blank=True,
        help_text="High school juniors, adults with a diploma or GED, incumbent workers…",
    )
    prerequisites = models.TextField("entry prerequisites", blank=True)
    prior_learning = models.TextField(
        "credit for prior learning", blank=True, help_text="What experience or credentials count."
    )
    support_services = models.TextField(
        blank=True, help_text="Advising, childcare, transportation, tutoring, who provides them."
    )
    work_based_learning = models.TextField(
        blank=True, help_text="Apprenticeships, internships, on-the-job training along the way."
    )
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, related_name="+"
    )
    updated_at = models.DateTimeField(auto_now=True)
    version = models.PositiveIntegerField(default=1)

    class Meta:
        ordering = ["name"]
        constraints = [
            models.UniqueConstraint(
                fields=["partnership", "name"], name="alignment_pathway_name_once"
            )
        ]

    def __str__(self) -> str:
        return self.name


class PathwayStep(models.Model):
    """One program in a pathway program's sequence, and the job it leads to at that level."""

    pathway = models.ForeignKey(PathwayProgram, on_delete=models.CASCADE, related_name="steps")
    position = models.PositiveSmallIntegerField()
    program = models.ForeignKey(Program, on_delete=models.CASCADE, related_name="+")
    exit_soc_code = models.CharField(
        "exit occupation (SOC)",
        max_length=7,
        blank=True,
        help_text="The critical occupation someone can take up after this step.",
    )
    note = models.CharField(max_length=300, blank=True)

    class Meta:
        ordering = ["pathway", "position"]
        constraints = [
            models.UniqueConstraint(fields=["pathway", "position"], name="alignment_step_position"),
            models.UniqueConstraint(fields=["pathway", "program"], name="alignment_step_program"),
        ]

    def __str__(self) -> str:
        return f"{self.pathway}: {self.position}. {self.program}"

    def clean(self):
        if (
            self.program_id
            and self.pathway_id
            and self.program.partnership_id != self.pathway.partnership_id
        ):
            raise ValidationError({"program": "Choose one of this partnership's programs."})


class ProgramFunction(models.Model):
    """A program teaches one function (or task) of a critical occupation, as partners marked
    it on the program-by-function grid. The label is kept, so a new data release doesn't
    blank the grid."""

    program = models.ForeignKey(Program, on_delete=models.CASCADE, related_name="functions")
    soc_code = models.CharField("SOC code", max_length=7)
    function_key = models.CharField(max_length=60)
    label = models.TextField()
    marked_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, related_name="+"
    )
    marked_at = models.DateTimeField(default=timezone.now)

    class Meta:
        ordering = ["program", "soc_code", "function_key"]
        constraints = [
            models.UniqueConstraint(
                fields=["program", "soc_code", "function_key"], name="alignment_function_once"
            )
        ]

    def __str__(self) -> str:
        return f"{self.program}: {self.label[:40]}"
