"""Releases and imports: which release of a source is current (everything reads it unless
a release is passed in), saved OEWS column profiles, and import jobs with their progress.
The codes and patterns every other selector module shares live here too."""

from __future__ import annotations

import re
from dataclasses import dataclass

from django.core.cache import cache

from occupations.models import (
    DataRelease,
    ImportJob,
    OewsColumnProfile,
    Source,
)

NATION = "99"
CODE_PREFIX_RE = re.compile(r"^\d{2}(-\d{0,4}(\.\d{0,2})?)?$")
ONET_CODE_RE = re.compile(r"^\d{2}-\d{4}\.\d{2}$")
SOC_CODE_RE = re.compile(r"^\d{2}-\d{4}$")


def current_release(source: str) -> DataRelease | None:
    """The release everything reads for a source: the most recently imported one. For OEWS,
    an industry-specific file never becomes the current (cross-industry) release."""
    releases = DataRelease.objects.filter(source=source)
    if source == Source.OEWS:
        releases = releases.filter(industry_only=False)
    return releases.order_by("-imported_at", "-id").first()


def current_of(source: str, releases: list[DataRelease]) -> DataRelease | None:
    """`current_release` picked from releases already read (the data page lists them all)."""
    if source == Source.OEWS:
        releases = [r for r in releases if not r.industry_only]
    return max(releases, key=lambda r: (r.imported_at, r.pk), default=None)


def releases_by_source() -> list[tuple[str, list[DataRelease]]]:
    releases = list(DataRelease.objects.select_related("imported_by").order_by("-imported_at"))
    return [(s, [r for r in releases if r.source == s]) for s in Source.values]


def oews_profiles() -> list[OewsColumnProfile]:
    return list(OewsColumnProfile.objects.order_by("publisher"))


def oews_profile_for(labels: list[str], publisher: str = "") -> OewsColumnProfile | None:
    """The saved mapping to offer for a file: the publisher asked for, else the most recently
    saved profile whose columns are all in the file's header."""
    if publisher:
        found = OewsColumnProfile.objects.filter(publisher=publisher).first()
        if found is not None:
            return found
    present = set(labels)
    for profile in OewsColumnProfile.objects.order_by("-updated_at"):
        if profile.columns and set(profile.columns.values()) <= present:
            return profile
    return None


def recent_import_jobs(limit: int = 20) -> list[ImportJob]:
    return list(
        ImportJob.objects.select_related("release", "requested_by").order_by("-created_at")[:limit]
    )


def import_job(job_id: int) -> ImportJob | None:
    return ImportJob.objects.select_related("release", "requested_by").filter(pk=job_id).first()


@dataclass
class JobProgress:
    phase: str
    done: int
    total: int

    @property
    def percent(self) -> int:
        return min(100, round(100 * self.done / self.total)) if self.total else 0


def import_progress(job: ImportJob) -> JobProgress:
    from occupations.services import _progress_key

    if job.status in (ImportJob.Status.SUCCEEDED, ImportJob.Status.UNCHANGED):
        return JobProgress("finished", 1, 1)
    data = cache.get(_progress_key(job.pk)) or {}
    return JobProgress(data.get("phase", job.get_status_display().lower()),
                       data.get("done", 0), data.get("total", 0))  # fmt: skip
