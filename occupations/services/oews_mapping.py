"""State OEWS files: the column-mapping step."""

from __future__ import annotations

from django.core.exceptions import ValidationError
from django.core.files.uploadedfile import UploadedFile
from django.db import transaction
from django.utils import timezone

from occupations.importers import oews
from occupations.importers.base import no_progress
from occupations.models import ImportJob, OewsColumnProfile, Source
from occupations.services.imports import _enqueue, _input_file


def oews_upload_for_mapping(*, upload: UploadedFile, requested_by=None) -> ImportJob:
    """Keep an uploaded state OEWS file until its columns are mapped (nothing runs yet)."""
    job = ImportJob(
        source=Source.OEWS,
        status=ImportJob.Status.MAPPING,
        mapped=True,
        requested_by=requested_by if requested_by and requested_by.is_authenticated else None,
    )
    job.upload.save(upload.name, upload, save=False)
    job.full_clean()
    job.save()
    return job


def oews_preview(*, job: ImportJob) -> tuple[list[str], list[tuple], str]:
    """The published header, the first rows and where they were found, for the mapping
    form. Raises ImportFileError with the reason when the file has no table."""
    with _input_file(job, no_progress) as (path, name):
        table, sample = oews.read_preview(path, display_name=name)
    return table.labels, sample, table.where


def import_job_refuse(*, job: ImportJob, error: str) -> None:
    """A file refused before it ran (its columns cannot be read): say why on the job."""
    ImportJob.objects.filter(pk=job.pk).update(
        status=ImportJob.Status.FAILED, error=error, finished_at=timezone.now()
    )


def oews_profile_save(
    *,
    publisher: str,
    columns: dict[str, str],
    wage_unit: str,
    area_code: str = "",
    actor=None,
    expected_version: int | None = None,
) -> OewsColumnProfile:
    """Create or change a publisher's column profile. A profile changed by someone else
    since the form was loaded is not overwritten (EditConflict)."""
    from pathways.concurrency import save_versioned

    columns = {k: v for k, v in columns.items() if k in oews.MAPPED_FIELDS and v}
    profile = OewsColumnProfile.objects.filter(publisher=publisher).first()
    fields = {"columns": columns, "wage_unit": wage_unit, "area_code": area_code}
    if profile is None:
        profile = OewsColumnProfile(publisher=publisher, updated_by=actor, **fields)
        profile.full_clean()
        profile.save()
        return profile
    for name, value in fields.items():
        setattr(profile, name, value)
    profile.updated_by = actor
    profile.full_clean()
    save_versioned(
        profile,
        expected_version=profile.version if expected_version is None else expected_version,
        fields=[*fields, "updated_by"],
    )
    return profile


def oews_mapping_apply(*, job: ImportJob, profile: OewsColumnProfile, version: str) -> ImportJob:
    """Import a waiting state file with a saved column profile, as a release that names
    the publisher."""
    if job.status != ImportJob.Status.MAPPING:
        raise ValidationError("This file is not waiting for a column mapping.")
    missing = [
        oews.MAPPED_FIELDS[f] for f in ("occ_code", "occ_title") if not profile.columns.get(f)
    ]
    if missing:
        raise ValidationError(f"Choose the column for: {', '.join(missing)}.")
    if not (profile.columns.get("area") or profile.columns.get("area_title") or profile.area_code):
        raise ValidationError(
            "Choose the area code or area name column, or give the one area of the whole file."
        )
    if not version.strip():
        raise ValidationError("Give the period of the estimates, e.g. May 2025.")
    with transaction.atomic():
        updated = ImportJob.objects.filter(pk=job.pk, status=ImportJob.Status.MAPPING).update(
            profile=profile, version=version.strip()[:100], status=ImportJob.Status.QUEUED
        )
        if not updated:
            raise ValidationError("This file was already sent to import.")
        _enqueue(job)
    job.refresh_from_db()
    return job
