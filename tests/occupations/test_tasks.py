"""Imports as Celery tasks: progress, and a worker killed mid-import leaving nothing behind."""

from __future__ import annotations

import os
import signal
import time
from pathlib import Path

import psycopg
import pytest
from django.db import connection

from occupations.models import DataRelease, ImportJob, OnetOccupation, Source
from occupations.selectors import import_progress
from occupations.services import import_job_create, import_job_retry
from occupations.tasks import import_data
from tests.conftest import start_worker, stop_worker


def test_task_runs_the_import_and_reports_progress(
    db, demo_data, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=True):
        job = import_job_create(source=Source.ONET, path=str(demo_data / "onet_27_0_excerpt"))
    job.refresh_from_db()
    assert job.status == ImportJob.Status.SUCCEEDED, job.error
    assert job.task_id
    assert import_progress(job).percent == 100
    result = import_data.apply(args=[job.pk]).get()
    assert result["status"] == "succeeded"  # a redelivered task does no work twice
    assert DataRelease.objects.count() == 1


def _descendants(pid: int) -> list[int]:
    found = []
    for task in Path(f"/proc/{pid}/task").iterdir():
        children = (task / "children").read_text().split()
        for child in map(int, children):
            found += [child, *_descendants(child)]
    return found


def _connect():
    settings = connection.settings_dict
    return psycopg.connect(
        dbname=settings["NAME"],
        user=settings["USER"] or None,
        password=settings["PASSWORD"] or None,
        host=settings["HOST"] or "127.0.0.1",
        port=settings["PORT"] or 5432,
        autocommit=False,
    )


def _partitions() -> set[str]:
    with connection.cursor() as cursor:
        cursor.execute("SELECT relname FROM pg_class WHERE relname ~ '^occupations_.*_r[0-9]+$'")
        return {name for (name,) in cursor.fetchall()}


def _wait_for(condition, timeout: float = 30, what: str = "condition"):
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        value = condition()
        if value:
            return value
        time.sleep(0.1)
    raise AssertionError(f"timed out waiting for {what}")


@pytest.mark.services
def test_killed_worker_leaves_no_partial_release_and_the_import_runs_again(
    celery_worker, demo_data, django_capture_on_commit_callbacks
):
    # Hold a lock that stops the import at its last step, attaching the new partitions:
    # by then every row of the release is written, inside its still-open transaction.
    partitions_before = _partitions()
    blocker = _connect()
    blocker.execute("LOCK TABLE occupations_onetoccupation IN SHARE UPDATE EXCLUSIVE MODE")
    try:
        with django_capture_on_commit_callbacks(execute=True):
            job = import_job_create(source=Source.ONET, path=str(demo_data / "onet_27_0_excerpt"))

        def rows_written():
            job.refresh_from_db()
            progress = import_progress(job)
            return job.status == ImportJob.Status.RUNNING and progress.phase == "indexing"

        _wait_for(rows_written, timeout=90, what="the worker to have written every row")
        # SIGKILL the worker and its pool process: no cleanup code runs.
        for pid in [*_descendants(celery_worker.process.pid), celery_worker.process.pid]:
            os.kill(pid, signal.SIGKILL)
        celery_worker.process.wait(timeout=10)
    finally:
        blocker.rollback()
        blocker.close()

    def import_backend_gone():
        with connection.cursor() as cursor:
            cursor.execute(
                "SELECT count(*) FROM pg_stat_activity WHERE datname = current_database() "
                "AND query ILIKE '%%occupations_%%' AND state <> 'idle' "
                "AND pid <> pg_backend_pid()"
            )
            return cursor.fetchone()[0] == 0

    _wait_for(import_backend_gone, timeout=60, what="the killed import's database session to end")
    assert not DataRelease.objects.exists()
    assert not OnetOccupation.objects.exists()
    assert _partitions() == partitions_before  # no partition of the lost release survives
    job.refresh_from_db()
    assert job.status == ImportJob.Status.RUNNING and job.release is None

    second = start_worker(celery_worker.queue)
    try:
        with django_capture_on_commit_callbacks(execute=True):
            import_job_retry(job=job)

        def finished():
            job.refresh_from_db()
            return not job.is_active

        _wait_for(finished, timeout=120, what="the re-run to finish")
        assert job.status == ImportJob.Status.SUCCEEDED, job.error
        release = DataRelease.objects.get()
        assert (
            OnetOccupation.objects.filter(release=release).count()
            == release.row_counts["occupations"]
        )
    finally:
        stop_worker(second)
