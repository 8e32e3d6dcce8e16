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
import threading
from collections.abc import Iterator
from datetime import datetime

from django.conf import settings
from django.core.cache import cache
from django.utils import timezone


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
