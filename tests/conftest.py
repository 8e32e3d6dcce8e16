"""Fixtures shared by the whole suite.

Tasks run in-process (eagerly) in every test, even when REDIS_URL is set, except in tests
that ask for `celery_worker`: those get a real worker process over Redis.
"""

from __future__ import annotations

import os
import shutil
import subprocess
import sys
import time
import uuid
from dataclasses import dataclass
from pathlib import Path

import pytest
from django.conf import settings
from django.db import connection

from partnerships.models import Role
from pathways.celery import app as celery_app
from tests.factories import MembershipFactory, PartnershipFactory, UserFactory

BASE_DIR = Path(__file__).resolve().parent.parent
SCREENSHOTS = BASE_DIR / "build" / "screenshots"
CHROMIUM = shutil.which("chromium") or "/usr/bin/chromium"


@pytest.fixture(autouse=True)
def _fast_settings(tmp_path, settings):
    settings.MEDIA_ROOT = tmp_path / "media"
    # Real password hashing costs ~0.5 s a user; tests create hundreds.
    settings.PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]


@pytest.fixture(autouse=True)
def _eager_tasks():
    celery_app.conf.task_always_eager = True
    yield
    celery_app.conf.task_always_eager = settings.CELERY_TASK_ALWAYS_EAGER


@pytest.fixture
def partnership(db):
    return PartnershipFactory(name="Front Range Manufacturing", slug="front-range")


@pytest.fixture
def other_partnership(db):
    return PartnershipFactory(name="Pikes Peak Health", slug="pikes-peak")


def _member(partnership, role, username):
    return MembershipFactory(
        partnership=partnership, role=role, user=UserFactory(username=username)
    ).user


@pytest.fixture
def convener(partnership):
    return _member(partnership, Role.CONVENER, "convener")


@pytest.fixture
def champion(partnership):
    return _member(partnership, Role.CHAMPION, "champion")


@pytest.fixture
def support_partner(partnership):
    return _member(partnership, Role.PARTNER, "partner")


@pytest.fixture
def counselor(partnership):
    return _member(partnership, Role.COUNSELOR, "counselor")


@pytest.fixture
def outsider(other_partnership):
    """A convener, but of another partnership."""
    return _member(other_partnership, Role.CONVENER, "outsider")


@pytest.fixture
def role_users(convener, champion, support_partner, counselor, outsider):
    return {
        "anonymous": None,
        "counselor": counselor,
        "partner": support_partner,
        "champion": champion,
        "convener": convener,
        "outsider": outsider,
    }


# --- a real Celery worker over Redis ---------------------------------------------------


@dataclass
class Worker:
    process: subprocess.Popen
    queue: str
    hostname: str

    def wait_for(self, async_result, timeout: float = 60):
        return async_result.get(timeout=timeout)


def _worker_database_url() -> str:
    db = connection.settings_dict
    user = db.get("USER") or ""
    password = f":{db['PASSWORD']}" if db.get("PASSWORD") else ""
    auth = f"{user}{password}@" if user else ""
    return f"postgres://{auth}{db.get('HOST') or '127.0.0.1'}:{db.get('PORT') or 5432}/{db['NAME']}"


def start_worker(queue: str, concurrency: int = 1) -> Worker:
    hostname = f"{queue}@localhost"
    env = {
        **os.environ,
        "DATABASE_URL": _worker_database_url(),
        "CONN_MAX_AGE": "0",
        "MEDIA_ROOT": str(settings.MEDIA_ROOT),
    }
    process = subprocess.Popen(
        [
            sys.executable, "-m", "celery", "-A", "pathways", "worker",
            "--queues", queue, "--hostname", hostname, "--concurrency", str(concurrency),
            "--without-gossip", "--without-mingle", "--loglevel", "INFO",
        ],
        cwd=BASE_DIR,
        env=env,
    )  # fmt: skip
    deadline = time.monotonic() + 120  # a busy 2-core machine can be slow to start one
    while time.monotonic() < deadline:
        if process.poll() is not None:
            raise RuntimeError(f"the Celery worker exited at start with {process.returncode}")
        if celery_app.control.ping(destination=[hostname], timeout=1):
            return Worker(process=process, queue=queue, hostname=hostname)
    process.kill()
    raise RuntimeError("the Celery worker did not answer a ping within 120 s")


def stop_worker(worker: Worker) -> None:
    if worker.process.poll() is None:
        worker.process.terminate()
        try:
            worker.process.wait(timeout=20)
        except subprocess.TimeoutExpired:
            worker.process.kill()
            worker.process.wait()


@pytest.fixture
def celery_worker(transactional_db, settings):
    """A real worker process consuming a private queue on Redis, reading the test database."""
    if not settings.REDIS_URL:
        pytest.skip("needs REDIS_URL: this test sends tasks to a real Celery worker over Redis")
    if connection.vendor != "postgresql":
        pytest.skip("needs DATABASE_URL on PostgreSQL: the worker process shares the database")
    queue = f"test-{uuid.uuid4().hex[:8]}"
    celery_app.conf.task_always_eager = False
    celery_app.conf.task_default_queue = queue
    worker = start_worker(queue)
    try:
        yield worker
    finally:
        stop_worker(worker)
        celery_app.conf.task_default_queue = "celery"


# --- browser tests -------------------------------------------------------------------


@pytest.fixture(scope="session")
def browser():
    if not Path(CHROMIUM).exists():
        pytest.skip("needs Debian's chromium package (apt-get install chromium) for browser tests")
    sync_api = pytest.importorskip("playwright.sync_api")
    os.environ["DJANGO_ALLOW_ASYNC_UNSAFE"] = "true"
    # expect(...) waits for its condition as long as page actions do: a loaded machine is
    # slow, never wrong (browser tests wait for conditions, never for a fixed moment).
    sync_api.expect.set_options(timeout=15_000)
    with sync_api.sync_playwright() as pw:
        browser = pw.chromium.launch(
            executable_path=CHROMIUM,
            args=[
                "--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run",
                "--disable-background-networking", "--disable-component-update", "--disable-sync",
            ],
        )  # fmt: skip
        yield browser
        browser.close()


@pytest.fixture
def new_page(browser, live_server):
    """Open a fresh browser context (its own cookies); pages get `shot(name)` for screenshots."""
    contexts = []

    def make():
        context = browser.new_context(
            base_url=live_server.url, viewport={"width": 1280, "height": 900}
        )
        contexts.append(context)
        page = context.new_page()
        page.set_default_timeout(15000)

        def shot(name: str):
            SCREENSHOTS.mkdir(parents=True, exist_ok=True)
            page.screenshot(path=str(SCREENSHOTS / f"{name}.png"), full_page=True)

        page.shot = shot
        return page

    yield make
    for context in contexts:
        context.close()
