"""Issue 15, item 6: a worker killed outright (the whole worker, not only its pool process)
never leaves an import or a map render stuck: within seconds of its heartbeat lapsing the
page says it stopped and offers "Run again" / "Render again", which works.

Needs PostgreSQL and Redis (a real worker process); skipped on the embedded defaults."""

from __future__ import annotations

import os
import shutil
import signal
import time
import uuid
from pathlib import Path

import pytest
from django.conf import settings as django_settings
from django.db import connection
from django.urls import reverse

from occupations.models import ImportJob, Source
from occupations.services import import_job_create
from pathways import jobs
from pathways.maps import selectors as map_selectors
from pathways.maps.models import MapRender
from tests.conftest import start_worker, stop_worker
from tests.factories import MembershipFactory, PartnershipFactory, UserFactory
from tests.maps.factories import CriticalOccupationFactory, program_for
from tests.occupations.test_tasks import _connect, _descendants

DEMO = Path(django_settings.BASE_DIR) / "occupations" / "demo_data"


def _wait_for(condition, timeout: float = 60, what: str = "condition"):
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        value = condition()
        if value:
            return value
        time.sleep(0.1)
    raise AssertionError(f"timed out waiting for {what}")


@pytest.fixture
def fast_heartbeat(transactional_db, settings, monkeypatch):
    if not settings.REDIS_URL:
        pytest.skip("needs REDIS_URL: a real Celery worker is killed in this test")
    if connection.vendor != "postgresql":
        pytest.skip("needs DATABASE_URL on PostgreSQL: the worker process shares the database")
    # The worker (a separate process) reads these from its environment; this process from
    # settings. A beat every half second, dead after three.
    monkeypatch.setenv("JOB_HEARTBEAT_SECONDS", "0.5")
    monkeypatch.setenv("JOB_DEAD_AFTER_SECONDS", "3")
    settings.JOB_HEARTBEAT_SECONDS, settings.JOB_DEAD_AFTER_SECONDS = 0.5, 3
    from pathways.celery import app

    queue = f"test-{uuid.uuid4().hex[:8]}"
    app.conf.task_always_eager = False
    app.conf.task_default_queue = queue
    yield queue
    app.conf.task_default_queue = "celery"


def _kill_whole_worker(worker) -> None:
    """SIGKILL the worker's main process and every pool process: no cleanup code runs."""
    for pid in [worker.process.pid, *_descendants(worker.process.pid)]:
        os.kill(pid, signal.SIGKILL)
    worker.process.wait(timeout=10)


def test_a_killed_worker_leaves_an_import_that_says_so_and_runs_again(
    fast_heartbeat, client, django_capture_on_commit_callbacks, tmp_path
):
    staff = UserFactory(username="staff", is_staff=True)
    client.force_login(staff)
    # The worker blocks reading a named pipe: the import is running when it is killed.
    fifo = tmp_path / "soc_structure_2018.xlsx"
    os.mkfifo(fifo)
    worker = start_worker(fast_heartbeat)
    try:
        with django_capture_on_commit_callbacks(execute=True):
            job = import_job_create(source=Source.SOC, path=str(fifo))

        def running():
            job.refresh_from_db()
            return job.status == ImportJob.Status.RUNNING

        _wait_for(running, what="the worker to start the import")
        assert not jobs.is_dead("import", job.pk, running=True, started_at=job.started_at)
        _kill_whole_worker(worker)
    finally:
        stop_worker(worker)
    started = time.monotonic()

    def says_stopped():
        row = client.get(reverse("occupations:job", args=[job.pk])).content.decode()
        return "Run again" in row and "Stopped" in row

    _wait_for(says_stopped, timeout=30, what="the data page to show the import stopped")
    assert time.monotonic() - started < 30  # well within a minute or two
    job.refresh_from_db()
    assert job.status == ImportJob.Status.RUNNING  # the database alone could not tell

    fifo.unlink()
    shutil.copy(DEMO / "soc_structure_2018_excerpt.xlsx", fifo)
    second = start_worker(fast_heartbeat)
    try:
        with django_capture_on_commit_callbacks(execute=True):
            response = client.post(reverse("occupations:job_retry", args=[job.pk]))
        assert response.status_code == 302

        def finished():
            job.refresh_from_db()
            return job.status not in (ImportJob.Status.QUEUED, ImportJob.Status.RUNNING)

        _wait_for(finished, timeout=120, what="the import run again to finish")
        assert job.status == ImportJob.Status.SUCCEEDED, job.error
    finally:
        stop_worker(second)


def test_a_killed_worker_leaves_a_render_that_says_so_and_renders_again(
    fast_heartbeat, client, django_capture_on_commit_callbacks
):
    partnership = PartnershipFactory(slug="dead-worker-map")
    convener = MembershipFactory(
        partnership=partnership, role="convener", user=UserFactory(username="dw-convener")
    ).user
    program_for(CriticalOccupationFactory(partnership=partnership, title="Welder"))
    pathway_map = map_selectors.map_for(partnership)
    client.force_login(convener)
    draft_url = reverse("maps:map_draft", args=[partnership.slug])
    render_url = reverse("maps:map_render", args=[partnership.slug])

    # Hold the map's row: the render lays out both PDFs, then waits to record them.
    blocker = _connect()
    blocker.execute(
        "SELECT id FROM maps_pathwaymap WHERE id = %s FOR NO KEY UPDATE", [pathway_map.pk]
    )
    worker = start_worker(fast_heartbeat)
    try:
        with django_capture_on_commit_callbacks(execute=True):
            client.post(render_url)
        render = MapRender.objects.get(pathway_map=pathway_map)

        def rendering():
            render.refresh_from_db()
            return render.status == MapRender.Status.RUNNING and render.progress >= 90

        _wait_for(rendering, timeout=120, what="the worker to render the PDFs")
        assert "Rendering the draft" in client.get(draft_url).content.decode()
        _kill_whole_worker(worker)
    finally:
        blocker.rollback()
        blocker.close()
        stop_worker(worker)

    def says_stopped():
        page = client.get(draft_url).content.decode()
        return "the worker running it stopped" in page and "Render again" in page

    _wait_for(says_stopped, timeout=30, what="the map page to show the render stopped")

    second = start_worker(fast_heartbeat)
    try:
        with django_capture_on_commit_callbacks(execute=True):
            client.post(render_url)
        render.refresh_from_db()
        assert render.status == MapRender.Status.FAILED  # given up, not handed back
        fresh = MapRender.objects.exclude(pk=render.pk).get(pathway_map=pathway_map)

        def done():
            fresh.refresh_from_db()
            return fresh.status in (MapRender.Status.SUCCEEDED, MapRender.Status.FAILED)

        _wait_for(done, timeout=120, what="the new render to finish")
        assert fresh.status == MapRender.Status.SUCCEEDED, fresh.error
        assert "PDFs of the draft are ready" in client.get(draft_url).content.decode()
    finally:
        stop_worker(second)


def test_the_broker_gives_a_lost_task_back_only_after_the_longest_task(settings):
    options = settings.CELERY_BROKER_TRANSPORT_OPTIONS
    assert options["visibility_timeout"] > settings.CELERY_TASK_TIME_LIMIT
