"""Is a background job still alive? A heartbeat the worker keeps while it runs the job.

A worker killed outright (the machine's OOM killer, a redeploy, `kill -9`) records nothing:
its job stays "running" in the database. So while a task runs, a thread of the worker
process refreshes a key in the shared cache (Redis) every `JOB_HEARTBEAT_SECONDS`; the key
expires after `JOB_DEAD_AFTER_SECONDS`. A running job whose key is gone, and that started
longer ago than that, has no worker left: the page says so and offers to run it again.

The heartbeat does not depend on the task reporting progress, so one long step (a large
COPY, a PDF layout) never looks dead while its process is alive.
"""

from __future__ import annotations

import contextlib
import logging
import threading
from collections.abc import Iterator
from datetime import datetime

from django.conf import settings
from django.core.cache import cache
from django.db import models, transaction
from django.utils import timezone

logger = logging.getLogger(__name__)


def heartbeat_seconds() -> float:
    return float(getattr(settings, "JOB_HEARTBEAT_SECONDS", 10))


def dead_after_seconds() -> float:
    return float(getattr(settings, "JOB_DEAD_AFTER_SECONDS", 60))


def _key(kind: str, pk: int) -> str:
    return f"jobs:heartbeat:{kind}:{pk}"


@contextlib.contextmanager
def heartbeat(kind: str, pk: int) -> Iterator[None]:
    """Keep the job's heartbeat while the block runs (in a daemon thread of this process)."""
    key, stop = _key(kind, pk), threading.Event()
    timeout = max(1, int(dead_after_seconds()))

    def beat() -> None:
        while True:
            with contextlib.suppress(Exception):  # a cache hiccup must not end the job
                cache.set(key, timezone.now().isoformat(), timeout)
            if stop.wait(heartbeat_seconds()):
                return

    cache.set(key, timezone.now().isoformat(), timeout)
    thread = threading.Thread(target=beat, name=f"heartbeat-{kind}-{pk}", daemon=True)
    thread.start()
    try:
        yield
    finally:
        stop.set()
        thread.join(timeout=5)
        cache.delete(key)


def is_dead(kind: str, pk: int, *, running: bool, started_at: datetime | None) -> bool:
    """True when the job says it is running but no worker process keeps its heartbeat."""
    if not running or started_at is None:
        return False
    if (timezone.now() - started_at).total_seconds() < dead_after_seconds():
        return False
    return cache.get(_key(kind, pk)) is None


WORKER_DIED = (
    "The worker stopped while rendering (it was restarted or ran out of memory); "
    "this render was given up."
)


class RenderJob(models.Model):
    """One run of a PDF renderer in a Celery worker (a map, a competency description): its
    status and progress for the page that polls it, and whether its worker is still alive.
    A subclass names its `heartbeat_kind`; its task runs inside `heartbeat(kind, pk)`."""

    heartbeat_kind = ""

    class Status(models.TextChoices):
        QUEUED = "queued", "Queued"
        RUNNING = "running", "Rendering"
        SUCCEEDED = "succeeded", "Done"
        FAILED = "failed", "Failed"

    status = models.CharField(max_length=20, choices=Status.choices, default=Status.QUEUED)
    progress = models.PositiveSmallIntegerField(default=0, help_text="Percent done.")
    phase = models.CharField(max_length=100, blank=True)
    error = models.TextField(blank=True)
    requested_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    task_id = models.CharField(max_length=100, blank=True)
    created_at = models.DateTimeField(default=timezone.now)
    started_at = models.DateTimeField(null=True, blank=True)
    finished_at = models.DateTimeField(null=True, blank=True)
    seconds = models.FloatField(null=True, blank=True)

    class Meta:
        abstract = True
        ordering = ["-created_at", "-id"]

    @property
    def is_dead(self) -> bool:
        """Running, but no worker keeps its heartbeat (the worker was killed)."""
        return is_dead(
            self.heartbeat_kind,
            self.pk,
            running=self.status == self.Status.RUNNING,
            started_at=self.started_at,
        )

    @property
    def is_active(self) -> bool:
        return self.status in (self.Status.QUEUED, self.Status.RUNNING) and not self.is_dead

    @property
    def is_finished(self) -> bool:
        """Done, or failed (a render given up after its worker died stays given up when its
        task is delivered late)."""
        return self.status in (self.Status.SUCCEEDED, self.Status.FAILED)

    # The worker's side: a task marks its job running, reports each step, then records how
    # it ended. Each writes straight to the row, so the polling page sees it at once.

    def _update(self, **fields) -> None:
        type(self).objects.filter(pk=self.pk).update(**fields)

    def _seconds(self) -> float | None:
        if self.started_at is None:
            return None
        return (timezone.now() - self.started_at).total_seconds()

    def mark_running(self) -> None:
        self.started_at = timezone.now()
        self._update(status=self.Status.RUNNING, started_at=self.started_at, error="")

    def report(self, percent: int, phase: str, progress=None) -> None:
        """Record a step for the page; `progress(percent, phase)` is the command's own bar."""
        self._update(progress=percent, phase=phase)
        if progress is not None:
            progress(percent, phase)

    def mark_failed(self, exc: Exception) -> None:
        """Record the failure for the page to show (call it from the `except` block, so the log
        keeps the traceback); the last good PDF stays what people download."""
        logger.exception("%s %s failed", self.heartbeat_kind, self.pk)
        self._update(
            status=self.Status.FAILED,
            error=f"{type(exc).__name__}: {exc}"[:2000],
            finished_at=timezone.now(),
            seconds=self._seconds(),
        )
        self.refresh_from_db()

    def mark_succeeded(self, **fields) -> None:
        """Record success, with any fields of the job's own (its stored file)."""
        self._update(
            status=self.Status.SUCCEEDED,
            progress=100,
            phase="Done",
            finished_at=timezone.now(),
            seconds=self._seconds(),
            **fields,
        )

    def give_up_if_dead(self) -> bool:
        """Record a render whose worker died as failed, so a new one can start."""
        if not self.is_dead:
            return False
        type(self).objects.filter(pk=self.pk).update(
            status=self.Status.FAILED, error=WORKER_DIED, finished_at=timezone.now()
        )
        return True


def enqueue_on_commit(task, job: models.Model) -> None:
    """Send `task(job.pk)` once the current transaction commits (the worker must find the row),
    and keep its Celery id on the job."""

    def send() -> None:
        result = task.delay(job.pk)
        type(job).objects.filter(pk=job.pk).update(task_id=result.id or "")

    transaction.on_commit(send)
