"""Starting and running imports: one job, one file, one release; progress in the cache."""

from __future__ import annotations

import hashlib
import logging
import tempfile
import time
import zipfile
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from pathlib import Path

import psycopg
from django.core.cache import cache
from django.core.exceptions import ValidationError
from django.core.files.uploadedfile import UploadedFile
from django.db import DatabaseError, IntegrityError, transaction
from django.utils import timezone

from occupations.importers import crosswalks, ipeds, oews, onet, projections
from occupations.importers.base import (
    ImportFileError,
    ImportResult,
    Progress,
    database_error,
    download,
    no_progress,
)
from occupations.models import DataRelease, ImportJob, OewsArea, OewsColumnProfile, Source
from pathways import jobs, uploads

# Named for the package, not this module: the import commands quiet this logger by name.
logger = logging.getLogger("occupations.services")

Importer = Callable[..., ImportResult]
IMPORTERS: dict[str, Importer] = {
    Source.ONET: onet.load,
    Source.OEWS: oews.load,
    Source.PROJECTIONS: projections.load,
    Source.SOC: crosswalks.load_soc,
    Source.ONET_SOC: crosswalks.load_onet_soc,
    Source.CIP_SOC: crosswalks.load_cip_soc,
    Source.IPEDS_COMPLETIONS: ipeds.load_completions,
    Source.IPEDS_INSTITUTIONS: ipeds.load_institutions,
}

# Where the agencies publish each file (the data page offers these as defaults).
OFFICIAL_URLS: dict[str, str] = {
    Source.ONET: "https://www.onetcenter.org/dl_files/database/db_29_3_text.zip",
    Source.OEWS: "https://www.bls.gov/oes/special-requests/oesm24nat.zip",
    Source.PROJECTIONS: "https://www.bls.gov/emp/ind-occ-matrix/occupation.xlsx",
    Source.SOC: "https://www.bls.gov/soc/2018/soc_structure_2018.xlsx",
    Source.ONET_SOC: "https://www.onetcenter.org/taxonomy/2019/soc/2019_to_SOC_Crosswalk.xlsx",
    Source.CIP_SOC: "https://nces.ed.gov/ipeds/cipcode/Files/CIP2020_SOC2018_Crosswalk.xlsx",
    Source.IPEDS_COMPLETIONS: "https://nces.ed.gov/ipeds/datacenter/data/C2023_A.zip",
    Source.IPEDS_INSTITUTIONS: "https://nces.ed.gov/ipeds/datacenter/data/HD2023.zip",
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
    profile: OewsColumnProfile | None = None,
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
        profile=profile,
    )
    if profile is not None and source != Source.OEWS:
        raise ValidationError("A column profile reads OEWS files only.")
    if upload is not None:
        job.upload.save(upload.name, upload, save=False)
    job.full_clean()
    with transaction.atomic():
        job.save()
        if enqueue:
            _enqueue(job)
    return job


def _enqueue(job: ImportJob) -> None:
    from occupations.tasks import import_data

    jobs.enqueue_on_commit(import_data, job)


def import_job_retry(*, job: ImportJob) -> ImportJob:
    """Run a failed (or stalled) import again, e.g. after its worker was killed.

    A state file in its own layout is never retried as a BLS flat file: with its saved
    column profile it runs through that profile again (as `import_job_run` reads it);
    refused before a profile was chosen, it goes back to waiting for its mapping."""
    if job.status in (ImportJob.Status.SUCCEEDED, ImportJob.Status.UNCHANGED):
        raise ValidationError("This import has finished; there is nothing to run again.")
    if not (job.upload or job.url or job.path):
        raise ValidationError("The file of a failed upload is not kept: upload it again.")
    if job.mapped and job.profile_id is None:
        ImportJob.objects.filter(pk=job.pk).update(
            status=ImportJob.Status.MAPPING, error="", finished_at=None
        )
        job.refresh_from_db()
        return job
    ImportJob.objects.filter(pk=job.pk).update(status=ImportJob.Status.QUEUED, error="")
    import_progress_set(job_id=job.pk, phase="queued", done=0, total=0)
    _enqueue(job)
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
        # Prefer the data file over any field-description workbook, and a revised file
        # (NCES ships `c2023_a_rv.csv` beside `c2023_a.csv`) over the original.
        tables.sort(
            key=lambda n: (
                any(w in n.lower() for w in ("field", "descr", "dict")),
                not Path(n).stem.lower().endswith("_rv"),
                n,
            )
        )
        target = workdir / Path(tables[0]).name
        with archive.open(tables[0]) as src, open(target, "wb") as out:
            while chunk := src.read(1 << 20):
                out.write(chunk)
        return target, Path(tables[0]).name


def _bounded(report: Progress, name: str, limits: uploads.Limits) -> Progress:
    """Stop a download once it passes the size limit (the report sees every chunk)."""

    def bounded(phase: str, done: int, total: int) -> None:
        uploads.check_size(max(done, total), name, limits)
        report(phase, done, total)

    return bounded


@contextmanager
def _input_file(job: ImportJob, report: Progress) -> Iterator[tuple[Path, str]]:
    limits = uploads.reference_data_limits()
    with tempfile.TemporaryDirectory(prefix="occupations-import-") as tmp:
        workdir = Path(tmp)
        if job.upload:
            path, name = Path(job.upload.path), job.upload.name.rsplit("/", 1)[-1]
        elif job.url:
            name = job.url.rstrip("/").rsplit("/", 1)[-1].split("?")[0] or "download"
            path = download(job.url, workdir / name, report=_bounded(report, name, limits))
        else:
            path, name = Path(job.path), Path(job.path).name
            if not path.exists():
                raise ImportFileError("no such file or folder", file=job.path)
        uploads.check_file(path, limits, display_name=name)
        if job.source != Source.ONET:
            path, name = _unwrap_zip(path, workdir, name)
        yield path, name


def import_job_run(*, job_id: int, report: Progress = no_progress) -> ImportJob:
    """Import the job's file as one new release, in one transaction.

    A file whose checksum matches an existing release of the same source changes nothing.
    Any error leaves no trace of the release: the job records the message (file, column,
    row, value). Running a job again after a crash simply starts it over.
    """
    job = ImportJob.objects.select_related("profile").get(pk=job_id)
    if job.status in (ImportJob.Status.SUCCEEDED, ImportJob.Status.UNCHANGED):
        return job  # a redelivered task: the work is done
    if job.status == ImportJob.Status.MAPPING:
        return job  # nothing to run until its columns are mapped
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
                    extra = {}
                    if job.profile_id:
                        extra = {"mapping": _mapping(job.profile), "known_areas": known_areas()}
                    result = IMPORTERS[job.source](
                        path,
                        release_id=release.pk,
                        display_name=display_name,
                        version=job.version,
                        report=report,
                        **extra,
                    )
                    release.version = result.version[:100]
                    release.row_counts = result.counts
                    release.notes = result.notes
                    for name, value in result.release_fields.items():
                        setattr(release, name, value)
                    if job.profile_id:
                        release.publisher = job.profile.publisher
                    release.imported_at = timezone.now()
                    release.full_clean()
                    release.save()
                job.status, job.release = ImportJob.Status.SUCCEEDED, release
    except ImportFileError as exc:
        job.status, job.error = ImportJob.Status.FAILED, str(exc)
    except uploads.UploadRefused as exc:
        job.status, job.error = ImportJob.Status.FAILED, str(exc)
    except MemoryError:
        job.status, job.error = (
            ImportJob.Status.FAILED,
            "The file needs more memory than an import may use; split it into smaller files.",
        )
    except IntegrityError as exc:
        # Another import of the very same file won the race.
        existing = DataRelease.objects.filter(source=job.source, checksum=checksum).first()
        if existing is None:
            job.status = ImportJob.Status.FAILED
            job.error = str(database_error(exc, file=job.input_name))
        else:
            job.status, job.release = ImportJob.Status.UNCHANGED, existing
    except (DatabaseError, psycopg.Error) as exc:
        logger.warning("import job %s: the database refused a value: %s", job.pk, exc)
        job.status = ImportJob.Status.FAILED
        job.error = str(database_error(exc, file=job.input_name))
    except ValidationError as exc:
        job.status = ImportJob.Status.FAILED
        job.error = f"{job.input_name}: the release cannot be saved ({' '.join(exc.messages)})"
    except Exception as exc:  # the job page must show what went wrong, whatever it was
        logger.exception("import job %s failed", job.pk)
        job.status = ImportJob.Status.FAILED
        job.error = (
            f"{job.input_name}: the import stopped on an unexpected problem "
            f"({type(exc).__name__}); nothing was saved. The details are in the server log "
            f"under import job {job.pk}."
        )
    job.finished_at = timezone.now()
    if job.status == ImportJob.Status.FAILED and job.upload:
        # A refused or broken upload is not kept: the person uploads a fixed file instead.
        uploads.delete_quietly(job.upload)
        job.upload = ""
    job.save(update_fields=["status", "release", "error", "finished_at", "upload"])
    report("finished", 1, 1)
    return job


def _mapping(profile: OewsColumnProfile) -> dict:
    return {"columns": profile.columns, "wage_unit": profile.wage_unit,
            "area_code": profile.area_code}  # fmt: skip


def known_areas() -> dict[str, str]:
    """OEWS area names already imported (normalised) -> area code, for state files that
    name their areas without codes."""
    names: dict[str, str] = {}
    for code, title in OewsArea.objects.order_by("release__imported_at").values_list(
        "code", "title"
    ):
        names[oews.normalise_area(title)] = code
    return names


class ThrottledProgress:
    """Forward progress at most every `interval` seconds, but always a change of phase."""

    def __init__(self, sink: Progress, interval: float = 0.25) -> None:
        self.sink, self.interval, self.last, self.phase = sink, interval, 0.0, ""

    def __call__(self, phase: str, done: int, total: int) -> None:
        now = time.monotonic()
        if now - self.last >= self.interval or phase != self.phase or done == total:
            self.last, self.phase = now, phase
            self.sink(phase, done, total)
