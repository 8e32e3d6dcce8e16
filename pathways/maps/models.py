"""Step 7: the career pathway map. A partnership has one map (its settings, its draft); each
publish freezes the map's data as a numbered version, and each version carries its PDFs."""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.urls import reverse
from django.utils import timezone

from pathways.jobs import RenderJob


class PathwayMap(models.Model):
    """What the convener says about the map; the rest comes from steps 3 and 4 and the data."""

    partnership = models.OneToOneField(
        "partnerships.Partnership", on_delete=models.CASCADE, related_name="pathway_map"
    )
    title = models.CharField(
        max_length=200,
        blank=True,
        help_text="The headline, e.g. 'Careers in advanced manufacturing'. "
        "Empty: the industry and region.",
    )
    introduction = models.TextField(
        blank=True, max_length=400, help_text="One or two sentences for students and job seekers."
    )
    entry_requirements_entry = models.TextField(
        "entry tier: what it takes to start", blank=True, max_length=300
    )
    entry_requirements_mid = models.TextField(
        "mid tier: what it takes to move up", blank=True, max_length=300
    )
    entry_requirements_advanced = models.TextField(
        "advanced tier: what it takes", blank=True, max_length=300
    )
    show_working_conditions = models.BooleanField(
        "show working conditions",
        default=False,
        help_text="Add a line about physical or working conditions to each occupation.",
    )
    # {soc_code: "Standing most of the shift; hearing protection"}
    working_conditions = models.JSONField(default=dict, blank=True)
    # The Spanish edition of the map's own words; empty falls back to the English text.
    title_es = models.CharField("title (Spanish)", max_length=200, blank=True)
    introduction_es = models.TextField("introduction (Spanish)", blank=True, max_length=400)
    entry_requirements_entry_es = models.TextField(
        "entry tier: what it takes to start (Spanish)", blank=True, max_length=300
    )
    entry_requirements_mid_es = models.TextField(
        "mid tier: what it takes to move up (Spanish)", blank=True, max_length=300
    )
    entry_requirements_advanced_es = models.TextField(
        "advanced tier: what it takes (Spanish)", blank=True, max_length=300
    )
    working_conditions_es = models.JSONField(default=dict, blank=True)
    # The draft's PDFs, rendered on demand for preview; never shown to the public.
    draft_pdf = models.FileField(upload_to="maps/drafts/", blank=True, max_length=300)
    draft_detail_pdf = models.FileField(upload_to="maps/drafts/", blank=True, max_length=300)
    draft_pdf_es = models.FileField(upload_to="maps/drafts/", blank=True, max_length=300)
    draft_detail_pdf_es = models.FileField(upload_to="maps/drafts/", blank=True, max_length=300)
    draft_rendered_at = models.DateTimeField(null=True, blank=True)
    updated_at = models.DateTimeField(auto_now=True)
    updated_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )

    def __str__(self) -> str:
        return f"Pathway map of {self.partnership}"

    def requirements_for(self, tier: str, language: str = "en") -> str:
        suffix = "_es" if language == "es" else ""
        return getattr(self, f"entry_requirements_{tier}{suffix}", "")


class MapOccupation(models.Model):
    """What the convener sets for one occupation's box: the tools and technology students
    will learn (employers' picks; empty: O*NET's), the program shown first, and the
    occupation's words in Spanish."""

    pathway_map = models.ForeignKey(
        PathwayMap, on_delete=models.CASCADE, related_name="occupation_settings"
    )
    soc_code = models.CharField("SOC code", max_length=7)
    # ["Calipers", "CNC mills", "Mastercam"]: in the order they appear on the map.
    tools = models.JSONField(default=list, blank=True)
    pinned_program = models.ForeignKey(
        "inventory.Program",
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        help_text="Shown first in the occupation's box, whatever the usual order.",
    )
    title_es = models.CharField("title (Spanish)", max_length=200, blank=True)
    description_es = models.TextField("description (Spanish)", max_length=400, blank=True)
    updated_at = models.DateTimeField(auto_now=True)
    updated_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )

    class Meta:
        constraints = [
            models.UniqueConstraint(
                fields=["pathway_map", "soc_code"], name="map_occupation_once_per_map"
            )
        ]

    def __str__(self) -> str:
        return f"{self.soc_code} on {self.pathway_map}"


class MapVersionQuerySet(models.QuerySet):
    def published_latest(self):
        """The newest version of every map, for the public list."""
        newest = (
            MapVersion.objects.filter(pathway_map=models.OuterRef("pathway_map"))
            .order_by("-number")
            .values("pk")[:1]
        )
        return self.filter(pk=models.Subquery(newest)).select_related("pathway_map__partnership")


class MapVersion(models.Model):
    """A published map, frozen: `snapshot` holds every figure and name it shows."""

    pathway_map = models.ForeignKey(PathwayMap, on_delete=models.CASCADE, related_name="versions")
    number = models.PositiveIntegerField()
    snapshot = models.JSONField()
    published_at = models.DateTimeField(default=timezone.now)
    published_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    # Denormalized from the snapshot for the public list's filters.
    industry_title = models.CharField(max_length=300, blank=True)
    naics_sectors = models.JSONField(default=list, blank=True)
    state = models.CharField(max_length=2, blank=True)
    region_name = models.CharField(max_length=300, blank=True)
    pdf = models.FileField(upload_to="maps/", blank=True, max_length=300)
    detail_pdf = models.FileField(upload_to="maps/", blank=True, max_length=300)
    pdf_es = models.FileField(upload_to="maps/", blank=True, max_length=300)
    detail_pdf_es = models.FileField(upload_to="maps/", blank=True, max_length=300)
    rendered_at = models.DateTimeField(null=True, blank=True)

    objects = MapVersionQuerySet.as_manager()

    class Meta:
        ordering = ["-number"]
        constraints = [
            models.UniqueConstraint(fields=["pathway_map", "number"], name="map_version_number")
        ]

    def __str__(self) -> str:
        return f"{self.pathway_map.partnership} map, version {self.number}"

    def get_absolute_url(self) -> str:
        return reverse("maps:map_version", args=[self.slug, self.number])

    @property
    def slug(self) -> str:
        return self.pathway_map.partnership.slug


class MapRender(RenderJob):
    """One run of the PDF renderer, for a version or (version empty) for the draft."""

    heartbeat_kind = "map-render"

    pathway_map = models.ForeignKey(PathwayMap, on_delete=models.CASCADE, related_name="renders")
    version = models.ForeignKey(
        MapVersion, on_delete=models.CASCADE, null=True, blank=True, related_name="renders"
    )

    class Meta(RenderJob.Meta):
        pass

    def __str__(self) -> str:
        target = f"version {self.version.number}" if self.version_id else "draft"
        return f"{self.pathway_map.partnership} map {target}: {self.get_status_display()}"

    @property
    def target_label(self) -> str:
        return f"published version {self.version.number}" if self.version_id else "draft"
