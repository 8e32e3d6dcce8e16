"""Every write to the labor-market data: starting and running imports."""

from __future__ import annotations

import hashlib
import logging
import tempfile
import time
import zipfile
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from pathlib import Path

from django.core.cache import cache
from django.core.exceptions import ValidationError
from django.core.files.uploadedfile import UploadedFile
from django.db import IntegrityError, connection, transaction
from django.utils import timezone

from occupations.importers import crosswalks, oews, onet, projections
from occupations.importers.base import (
    ImportFileError,
    ImportResult,
    Progress,
    download,
    no_progress,
)
from occupations.models import DataRelease, ImportJob, Source

logger = logging.getLogger(__name__)

Importer = Callable[..., ImportResult]
IMPORTERS: dict[str, Importer] = {
    Source.ONET: onet.load,
    Source.OEWS: oews.load,
    Source.PROJECTIONS: projections.load,
    Source.SOC: crosswalks.load_soc,
    Source.ONET_SOC: crosswalks.load_onet_soc,
    Source.CIP_SOC: crosswalks.load_cip_soc,
}

# Where the agencies publish each file (the data page offers these as defaults).
OFFICIAL_URLS: dict[str, str] = {
    Source.ONET: "https://www.onetcenter.org/dl_files/database/db_29_3_text.zip",
    Source.OEWS: "https://www.bls.gov/oes/special-requests/oesm24nat.zip",
    Source.PROJECTIONS: "https://www.bls.gov/emp/ind-occ-matrix/occupation.xlsx",
    Source.SOC: "https://www.bls.gov/soc/2018/soc_structure_2018.xlsx",
    Source.ONET_SOC: "https://www.onetcenter.org/taxonomy/2019/soc/2019_to_SOC_Crosswalk.xlsx",
    Source.CIP_SOC: "https://nces.ed.gov/ipeds/cipcode/Files/CIP2020_SOC2018_Crosswalk.xlsx",
}

PROGRESS_TIMEOUT = 24 * 60 * 60


def _progress_key(job_id: int) -> str:
    return f"occupations:import-job:{job_id}:progress"


def import_progress_set(*, job_id: int, phase: str, done: int, total: int) -> None:
    """Progress lives in the cache, not the database: the import's own transaction
    hides its writes until commit, and the page must see progress while it runs."""
    cache.set(
        _progress_key(job_id), {"phase": phase, "done": done, "total": total}, PROGRESS_TIMEOUT
    )


def import_job_create(
    *,
    source: str,
    upload: UploadedFile | None = None,
    url: str = "",
    path: str = "",
    version: str = "",
    requested_by=None,
    enqueue: bool = True,
) -> ImportJob:
    """Record an import request; with `enqueue`, run it as a Celery task after commit."""
    if source not in Source.values:
        raise ValidationError({"source": f"Unknown source {source!r}."})
    if sum(bool(x) for x in (upload, url, path)) != 1:
        raise ValidationError("Give exactly one of a file, a URL or a path.")
    job = ImportJob(
        source=source,
        url=url,
        path=path,
        version=version,
        requested_by=requested_by if requested_by and requested_by.is_authenticated else None,
    )
    if upload is not None:
        job.upload.save(upload.name, upload, save=False)
    job.full_clean()
    with transaction.atomic():
        job.save()
        if enqueue:
            transaction.on_commit(lambda: _enqueue(job.pk))
    return job


def _enqueue(job_id: int) -> None:
    from occupations.tasks import import_data

    result = import_data.delay(job_id)
    ImportJob.objects.filter(pk=job_id).exclude(task_id=result.id).update(task_id=result.id)


def import_job_retry(*, job: ImportJob) -> ImportJob:
    """Run a failed (or stalled) import again, e.g. after its worker was killed."""
    if job.status in (ImportJob.Status.SUCCEEDED, ImportJob.Status.UNCHANGED):
        raise ValidationError("This import has finished; there is nothing to run again.")
    ImportJob.objects.filter(pk=job.pk).update(status=ImportJob.Status.QUEUED, error="")
    import_progress_set(job_id=job.pk, phase="queued", done=0, total=0)
    transaction.on_commit(lambda: _enqueue(job.pk))
    job.refresh_from_db()
    return job


def file_checksum(path: Path) -> str:
    """SHA-256 of a file, or of a folder's files (names and contents, in name order)."""
    digest = hashlib.sha256()
    files = sorted(p for p in path.rglob("*") if p.is_file()) if path.is_dir() else [path]
    for item in files:
        if path.is_dir():
            digest.update(str(item.relative_to(path)).encode() + b"\0")
        with open(item, "rb") as handle:
            while chunk := handle.read(1 << 20):
                digest.update(chunk)
    return digest.hexdigest()


def _unwrap_zip(path: Path, workdir: Path, display_name: str) -> tuple[Path, str]:
    """BLS ships OEWS flat files zipped: take the one workbook or csv out of the zip."""
    if path.is_dir() or not zipfile.is_zipfile(path):
        return path, display_name
    with zipfile.ZipFile(path) as archive:
        names = archive.namelist()
        if "[Content_Types].xml" in names:
            return path, display_name  # an xlsx workbook is itself a zip
        tables = [n for n in names if n.lower().endswith((".xlsx", ".csv"))]
        if not tables:
            raise ImportFileError("the zip holds no .xlsx or .csv file", file=display_name)
        # Prefer the data file over any field-description workbook.
        tables.sort(key=lambda n: ("field" in n.lower() or "descr" in n.lower(), n))
        target = workdir / Path(tables[0]).name
        with archive.open(tables[0]) as src, open(target, "wb") as out:
            while chunk := src.read(1 << 20):
                out.write(chunk)
        return target, Path(tables[0]).name


@contextmanager
def _input_file(job: ImportJob, report: Progress) -> Iterator[tuple[Path, str]]:
    with tempfile.TemporaryDirectory(prefix="occupations-import-") as tmp:
        workdir = Path(tmp)
        if job.upload:
            path, name = Path(job.upload.path), job.upload.name.rsplit("/", 1)[-1]
        elif job.url:
            name = job.url.rstrip("/").rsplit("/", 1)[-1].split("?")[0] or "download"
            path = download(job.url, workdir / name, report=report)
        else:
            path, name = Path(job.path), Path(job.path).name
            if not path.exists():
                raise ImportFileError("no such file or folder", file=job.path)
        if job.source != Source.ONET:
            path, name = _unwrap_zip(path, workdir, name)
        yield path, name


def import_job_run(*, job_id: int, report: Progress = no_progress) -> ImportJob:
    """Import the job's file as one new release, in one transaction.

    A file whose checksum matches an existing release of the same source changes nothing.
    Any error leaves no trace of the release: the job records the message (file, column,
    row, value). Running a job again after a crash simply starts it over.
    """
    job = ImportJob.objects.get(pk=job_id)
    if job.status in (ImportJob.Status.SUCCEEDED, ImportJob.Status.UNCHANGED):
        return job  # a redelivered task: the work is done
    job.status, job.started_at, job.error = ImportJob.Status.RUNNING, timezone.now(), ""
    job.save(update_fields=["status", "started_at", "error"])
    report("starting", 0, 0)
    try:
        with _input_file(job, report) as (path, display_name):
            report("checking", 0, 0)
            checksum = file_checksum(path)
            existing = DataRelease.objects.filter(source=job.source, checksum=checksum).first()
            if existing is not None:
                job.status, job.release = ImportJob.Status.UNCHANGED, existing
            else:
                with transaction.atomic():
                    release = DataRelease.objects.create(
                        source=job.source,
                        version="(importing)",
                        checksum=checksum,
                        file_name=display_name[:255],
                        source_url=job.url,
                        imported_by=job.requested_by,
                        imported_at=timezone.now(),
                    )
                    result = IMPORTERS[job.source](
                        path,
                        release_id=release.pk,
                        display_name=display_name,
                        version=job.version,
                        report=report,
                    )
                    release.version = result.version[:100]
                    release.row_counts = result.counts
                    release.notes = result.notes
                    release.imported_at = timezone.now()
                    release.full_clean()
                    release.save()
                job.status, job.release = ImportJob.Status.SUCCEEDED, release
    except ImportFileError as exc:
        job.status, job.error = ImportJob.Status.FAILED, str(exc)
    except IntegrityError as exc:
        # Another import of the very same file won the race.
        existing = DataRelease.objects.filter(source=job.source, checksum=checksum).first()
        if existing is None:
            job.status, job.error = ImportJob.Status.FAILED, f"Database error: {exc}"
        else:
            job.status, job.release = ImportJob.Status.UNCHANGED, existing
    except Exception as exc:  # the job page must show what went wrong, whatever it was
        logger.exception("import job %s failed", job.pk)
        job.status, job.error = ImportJob.Status.FAILED, f"{type(exc).__name__}: {exc}"
    job.finished_at = timezone.now()
    job.save(update_fields=["status", "release", "error", "finished_at"])
    report("finished", 1, 1)
    return job


class ThrottledProgress:
    """Forward progress at most every `interval` seconds, but always a change of phase."""

    def __init__(self, sink: Progress, interval: float = 0.25) -> None:
        self.sink, self.interval, self.last, self.phase = sink, interval, 0.0, ""

    def __call__(self, phase: str, done: int, total: int) -> None:
        now = time.monotonic()
        if now - self.last >= self.interval or phase != self.phase or done == total:
            self.last, self.phase = now, phase
            self.sink(phase, done, total)


def release_delete(*, release: DataRelease) -> None:
    """Remove a release and all its rows (row tables carry no database cascade)."""
    from occupations.importers.onet import ONET_MODELS, partition_name
    from occupations.models import ReleaseRow

    with transaction.atomic():
        for model in _row_models(ReleaseRow):
            if connection.vendor == "postgresql" and model in ONET_MODELS:
                with connection.cursor() as cursor:
                    cursor.execute(f"DROP TABLE IF EXISTS {partition_name(model, release.pk)}")
            else:
                model.objects.filter(release_id=release.pk).delete()
        ImportJob.objects.filter(release=release).update(release=None)
        release.delete()


def _row_models(base: type) -> list[type]:
    found = []
    for sub in base.__subclasses__():
        if sub._meta.abstract:
            found += _row_models(sub)
        else:
            found.append(sub)
    return found
