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

import psycopg
from django.core.cache import cache
from django.core.exceptions import ValidationError
from django.core.files.uploadedfile import UploadedFile
from django.db import DatabaseError, IntegrityError, connection, transaction
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

logger = logging.getLogger(__name__)

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


# --- state OEWS files: the column-mapping step ------------------------------------------------


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


# --- Step 3: card sort, agreed critical occupations, watch list, quick wins ----------------
#
# Who may do what is decided by the role in the partnership (`partnerships.access`): conveners
# do everything, industry champions add and move their own cards, support partners read.
# Every change to a board bumps its `board_version`, which browsers poll.

from django.db.models import F, Max  # noqa: E402

from occupations.models import (  # noqa: E402
    MAX_CARDS_PER_EMPLOYER,
    AdvancementPath,
    Card,
    CardCategory,
    CardSort,
    CriticalOccupation,
    QuickWin,
    Reason,
    RoomEmployer,
    WatchedOccupation,
)

DEFAULT_CATEGORIES = [
    "Production",
    "Engineering",
    "Maintenance",
    "Quality",
    "Sales",
    "Office support",
    "Management",
]


def _validated(instance):
    instance.full_clean()
    instance.save()
    return instance


def can_add_cards(role: str) -> bool:
    return role in ("convener", "champion")


def can_change_card(*, role: str, user, card: Card) -> bool:
    """Conveners move and edit any card; a champion only the cards of their own employer."""
    if role == "convener":
        return True
    return role == "champion" and card.employer.user_id == user.pk


def _bump(card_sort_id: int) -> None:
    CardSort.objects.filter(pk=card_sort_id).update(board_version=F("board_version") + 1)


@transaction.atomic
def card_sort_start(*, convening, actor, categories: list[str] | None = None) -> CardSort:
    """Open the card sort of a step-3 convening, with the employers recorded as present:
    the champions among its attendees and its guests."""
    from partnerships.models import Membership, Role

    if convening.step != 3:
        raise ValidationError("A card sort belongs to a step 3 convening (critical occupations).")
    existing = CardSort.objects.filter(convening=convening).first()
    if existing is not None:
        return existing
    card_sort = _validated(
        CardSort(convening=convening, partnership=convening.partnership, created_by=actor)
    )
    for order, name in enumerate(categories or DEFAULT_CATEGORIES):
        _validated(CardCategory(card_sort=card_sort, name=name, order=order))
    champions = Membership.objects.filter(
        partnership=convening.partnership,
        role=Role.CHAMPION,
        user__in=convening.attendees.all(),
    ).select_related("user", "organization")
    for membership in champions:
        _employer_for_membership(card_sort, membership)
    for guest in convening.guests.all():
        _validated(
            RoomEmployer(
                card_sort=card_sort,
                guest=guest,
                name=guest.name,
                company=guest.company or guest.name,
            )
        )
    return card_sort


def _employer_for_membership(card_sort: CardSort, membership) -> RoomEmployer:
    user = membership.user
    employer = RoomEmployer.objects.filter(card_sort=card_sort, user=user).first()
    if employer is None:
        name = user.get_full_name() or user.username
        company = membership.organization.name if membership.organization else name
        employer = _validated(
            RoomEmployer(card_sort=card_sort, user=user, name=name, company=company)
        )
    return employer


@transaction.atomic
def room_employer_for_member(*, card_sort: CardSort, membership) -> RoomEmployer:
    """An industry champion at the board counts as an employer in the room."""
    employer = _employer_for_membership(card_sort, membership)
    card_sort.convening.attendees.add(membership.user)
    _bump(card_sort.pk)
    return employer


@transaction.atomic
def room_employer_add_guest(*, card_sort: CardSort, name: str, company: str) -> RoomEmployer:
    """An employer without an account: recorded as a guest of the convening too."""
    from partnerships.services import convening_guest_add

    if not name.strip() or not company.strip():
        raise ValidationError("Give the employer's name and company.")
    guest = convening_guest_add(
        convening=card_sort.convening, name=name.strip(), company=company.strip()
    )
    employer = _validated(
        RoomEmployer(card_sort=card_sort, guest=guest, name=guest.name, company=guest.company)
    )
    _bump(card_sort.pk)
    return employer


SOURCING_FIELDS = {
    "local_programs",
    "out_of_state",
    "from_within",
    "word_of_mouth",
    "sourcing_notes",
}


@transaction.atomic
def room_employer_update(*, employer: RoomEmployer, **fields) -> RoomEmployer:
    """Where this employer finds applicants; saved field by field as the convener types."""
    unknown = set(fields) - SOURCING_FIELDS
    if unknown:
        raise ValidationError(f"Cannot change {', '.join(sorted(unknown))} here.")
    for name, value in fields.items():
        setattr(employer, name, value)
    _validated(employer)
    return employer


def _clean_reasons(reasons) -> list[str]:
    valid = set(Reason.values)
    bad = [r for r in reasons if r not in valid]
    if bad:
        raise ValidationError(f"Unknown reason: {', '.join(bad)}.")
    return [r for r in Reason.values if r in set(reasons)]  # in the fixed order


def _soc_match(soc_code: str, onet_code: str) -> tuple[str, str, str]:
    """Check a SOC / O*NET-SOC match against the reference data; returns (soc, onet, title)."""
    from occupations.selectors import onet_codes_for_soc, soc_occupation

    soc_code = (soc_code or "").strip()
    onet_code = (onet_code or "").strip()
    if onet_code and not soc_code:
        soc_code = onet_code[:7]
    if not soc_code:
        return "", "", ""
    codes = onet_codes_for_soc(soc_code)
    titles = dict(codes)
    if onet_code and codes and onet_code not in titles:
        raise ValidationError(
            {"onet_code": f"{onet_code} is not an O*NET-SOC code under {soc_code}."}
        )
    soc = soc_occupation(soc_code)
    title = soc.title if soc else titles.get(onet_code, "")
    if soc is None and not codes:
        raise ValidationError({"soc_code": f"{soc_code} is not in the loaded SOC or O*NET data."})
    if not onet_code and codes:
        onet_code = codes[0][0]
    return soc_code, onet_code, title


@transaction.atomic
def card_add(
    *,
    card_sort: CardSort,
    employer: RoomEmployer,
    actor,
    title: str,
    soc_code: str = "",
    onet_code: str = "",
    reasons: list[str] | tuple[str, ...] = (),
    other_reason: str = "",
    category: CardCategory | None = None,
) -> Card:
    """An employer's card. Two are asked for and a third is allowed."""
    if employer.card_sort_id != card_sort.pk:
        raise ValidationError("That employer is not in this card sort.")
    if category is not None and category.card_sort_id != card_sort.pk:
        raise ValidationError("That column is not on this board.")
    # Lock the employer row so two people typing cards for one employer can't both take #3.
    RoomEmployer.objects.select_for_update().filter(pk=employer.pk).first()
    taken = set(Card.objects.filter(employer=employer).values_list("number", flat=True))
    free = [n for n in range(1, MAX_CARDS_PER_EMPLOYER + 1) if n not in taken]
    if not free:
        raise ValidationError(
            f"{employer.company} already has {MAX_CARDS_PER_EMPLOYER} cards: two are asked for, "
            "three at most."
        )
    soc_code, onet_code, soc_title = _soc_match(soc_code, onet_code)
    position = (Card.objects.filter(card_sort=card_sort).aggregate(m=Max("position"))["m"] or 0) + 1
    card = _validated(
        Card(
            card_sort=card_sort,
            employer=employer,
            number=free[0],
            title=title.strip(),
            soc_code=soc_code,
            onet_code=onet_code,
            soc_title=soc_title,
            reasons=_clean_reasons(reasons),
            other_reason=other_reason.strip(),
            category=category,
            position=position,
            created_by=actor,
        )
    )
    _bump(card_sort.pk)
    return card


@transaction.atomic
def card_update(
    *,
    card: Card,
    title: str | None = None,
    soc_code: str | None = None,
    onet_code: str | None = None,
    reasons: list[str] | None = None,
    other_reason: str | None = None,
) -> Card:
    """Change a card's title, reasons or its SOC match (an empty soc_code unmatches it)."""
    if title is not None:
        card.title = title.strip()
    if soc_code is not None:
        card.soc_code, card.onet_code, card.soc_title = _soc_match(soc_code, onet_code or "")
    if reasons is not None:
        card.reasons = _clean_reasons(reasons)
    if other_reason is not None:
        card.other_reason = other_reason.strip()
    _validated(card)
    _bump(card.card_sort_id)
    return card


@transaction.atomic
def card_move(*, card: Card, category: CardCategory | None) -> Card:
    """Put a card in a column (None: back to the unsorted pile), at the end of it."""
    if category is not None and category.card_sort_id != card.card_sort_id:
        raise ValidationError("That column is not on this board.")
    card.category = category
    card.position = (
        Card.objects.filter(card_sort_id=card.card_sort_id).aggregate(m=Max("position"))["m"] or 0
    ) + 1
    card.save(update_fields=["category", "position"])
    _bump(card.card_sort_id)
    return card


@transaction.atomic
def card_delete(*, card: Card) -> None:
    card_sort_id = card.card_sort_id
    card.delete()
    _bump(card_sort_id)


@transaction.atomic
def category_add(*, card_sort: CardSort, name: str) -> CardCategory:
    order = (card_sort.categories.aggregate(m=Max("order"))["m"] or 0) + 1
    category = _validated(CardCategory(card_sort=card_sort, name=name.strip(), order=order))
    _bump(card_sort.pk)
    return category


@transaction.atomic
def category_update(
    *, category: CardCategory, name: str | None = None, critical_skills: str | None = None
) -> CardCategory:
    if name is not None:
        if not name.strip():
            raise ValidationError({"name": "A column needs a name."})
        category.name = name.strip()
    if critical_skills is not None:
        category.critical_skills = critical_skills
    _validated(category)
    _bump(category.card_sort_id)
    return category


@transaction.atomic
def category_delete(*, category: CardCategory) -> None:
    """Remove a column; its cards go back to the unsorted pile, nothing is lost."""
    card_sort_id = category.card_sort_id
    category.cards.update(category=None)
    category.delete()
    _bump(card_sort_id)


CARD_SORT_FIELDS = {"advancement_notes", "next_steps", "hear_back_by"}


@transaction.atomic
def card_sort_update(*, card_sort: CardSort, **fields) -> CardSort:
    unknown = set(fields) - CARD_SORT_FIELDS
    if unknown:
        raise ValidationError(f"Cannot change {', '.join(sorted(unknown))} here.")
    for name, value in fields.items():
        setattr(card_sort, name, value)
    _validated(card_sort)
    _bump(card_sort.pk)
    return card_sort


# --- the agreed list -----------------------------------------------------------------------


def _next_order(partnership, tier: str) -> int:
    found = CriticalOccupation.objects.filter(partnership=partnership, tier=tier).aggregate(
        m=Max("order")
    )["m"]
    return 0 if found is None else found + 1


@transaction.atomic
def critical_occupation_agree(
    *,
    partnership,
    actor,
    soc_code: str,
    tier: str,
    title: str = "",
    onet_code: str = "",
    description: str = "",
    convening=None,
) -> CriticalOccupation:
    """Record an occupation the employers agreed is critical, crosswalked to SOC 2018 and
    O*NET-SOC (the first O*NET-SOC code under the SOC code unless one is chosen)."""
    soc_code, onet_code, soc_title = _soc_match(soc_code, onet_code)
    if not soc_code:
        raise ValidationError({"soc_code": "Choose the SOC occupation."})
    if not onet_code:
        raise ValidationError({"onet_code": f"No O*NET-SOC occupation found under {soc_code}."})
    if CriticalOccupation.objects.filter(partnership=partnership, soc_code=soc_code).exists():
        raise ValidationError({"soc_code": f"{soc_code} is already on the agreed list."})
    if convening is not None and convening.partnership_id != partnership.pk:
        raise ValidationError("That convening belongs to another partnership.")
    return _validated(
        CriticalOccupation(
            partnership=partnership,
            soc_code=soc_code,
            onet_code=onet_code,
            title=(title or soc_title).strip()[:255],
            tier=tier,
            order=_next_order(partnership, tier),
            description=description,
            agreed_at=timezone.now(),
            agreed_by=actor,
            convening=convening,
        )
    )


@transaction.atomic
def critical_occupation_update(
    *,
    occupation: CriticalOccupation,
    tier: str | None = None,
    title: str | None = None,
    onet_code: str | None = None,
    description: str | None = None,
) -> CriticalOccupation:
    if onet_code is not None:
        _, occupation.onet_code, _ = _soc_match(occupation.soc_code, onet_code)
    if tier is not None and tier != occupation.tier:
        occupation.tier = tier
        occupation.order = _next_order(occupation.partnership, tier)
    if title is not None:
        occupation.title = title.strip()
    if description is not None:
        occupation.description = description
    occupation.version += 1
    return _validated(occupation)


@transaction.atomic
def critical_occupation_move(*, occupation: CriticalOccupation, up: bool) -> None:
    """Swap with the neighbour above (or below) in the same tier."""
    siblings = list(
        CriticalOccupation.objects.select_for_update()
        .filter(partnership_id=occupation.partnership_id, tier=occupation.tier)
        .order_by("order", "soc_code")
    )
    index = next(i for i, o in enumerate(siblings) if o.pk == occupation.pk)
    other = index - 1 if up else index + 1
    if not 0 <= other < len(siblings):
        return
    siblings[index], siblings[other] = siblings[other], siblings[index]
    for order, item in enumerate(siblings):
        if item.order != order:
            CriticalOccupation.objects.filter(pk=item.pk).update(order=order)


@transaction.atomic
def critical_occupation_remove(*, occupation: CriticalOccupation) -> None:
    occupation.delete()


@transaction.atomic
def advancement_path_add(
    *, partnership, from_occupation: CriticalOccupation, to_occupation: CriticalOccupation,
    note: str = "",
) -> AdvancementPath:  # fmt: skip
    if partnership.pk not in (from_occupation.partnership_id, to_occupation.partnership_id) or (
        from_occupation.partnership_id != to_occupation.partnership_id
    ):
        raise ValidationError("Both occupations must be on this partnership's list.")
    if from_occupation.pk == to_occupation.pk:
        raise ValidationError("A path leads from one occupation to another.")
    if AdvancementPath.objects.filter(
        from_occupation=from_occupation, to_occupation=to_occupation
    ).exists():
        raise ValidationError("That path is already recorded.")
    return _validated(
        AdvancementPath(
            partnership=partnership,
            from_occupation=from_occupation,
            to_occupation=to_occupation,
            note=note.strip(),
        )
    )


@transaction.atomic
def advancement_path_remove(*, path: AdvancementPath) -> None:
    path.delete()


# --- watch list and quick wins -------------------------------------------------------------


@transaction.atomic
def watched_occupation_add(*, partnership, actor, soc_code: str) -> WatchedOccupation:
    soc_code, _, title = _soc_match(soc_code, "")
    if not soc_code:
        raise ValidationError({"soc_code": "Choose an occupation."})
    existing = WatchedOccupation.objects.filter(partnership=partnership, soc_code=soc_code).first()
    if existing:
        return existing
    return _validated(
        WatchedOccupation(partnership=partnership, soc_code=soc_code, title=title, added_by=actor)
    )


@transaction.atomic
def watched_occupation_remove(*, watched: WatchedOccupation) -> None:
    watched.delete()


@transaction.atomic
def quick_win_add(
    *, partnership, actor, text: str, kind: str = QuickWin.Kind.SHORT_TERM, raised_by: str = "",
    convening=None,
) -> QuickWin:  # fmt: skip
    return _validated(
        QuickWin(
            partnership=partnership,
            convening=convening,
            text=text.strip(),
            kind=kind,
            raised_by=raised_by.strip(),
            created_by=actor,
        )
    )


@transaction.atomic
def quick_win_remove(*, quick_win: QuickWin) -> None:
    quick_win.delete()
