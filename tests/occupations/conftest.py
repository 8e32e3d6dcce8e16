"""Fixtures for the labor-market data tests: the shipped excerpts, a local HTTP server,
and staff users."""

from __future__ import annotations

import functools
import http.server
import shutil
import threading
from pathlib import Path

import pytest

from occupations import demo
from tests.factories import UserFactory

DEMO = demo.DEMO_DATA
SHARED = Path(__file__).resolve().parents[3] / "shared" / "data"  # ../shared beside the repo


@pytest.fixture
def demo_data() -> Path:
    return DEMO


@pytest.fixture
def loaded_demo(db):
    demo.load()


@pytest.fixture
def onet_copy(tmp_path) -> Path:
    """A writable copy of the O*NET excerpt, to damage in tests."""
    target = tmp_path / "db_27_0_text"
    shutil.copytree(DEMO / "onet_27_0_excerpt", target)
    return target


@pytest.fixture
def staff(db):
    return UserFactory(username="data-steward", is_staff=True)


class QuietHandler(http.server.SimpleHTTPRequestHandler):
    def log_message(self, format, *args):  # noqa: A002
        return None


@pytest.fixture
def http_files():
    """Serve a folder on 127.0.0.1; yields a function turning a file name into its URL."""
    servers = []

    def serve(folder: Path):
        handler = functools.partial(QuietHandler, directory=str(folder))
        server = http.server.ThreadingHTTPServer(("127.0.0.1", 0), handler)
        threading.Thread(target=server.serve_forever, daemon=True).start()
        servers.append(server)
        return lambda name: f"http://127.0.0.1:{server.server_port}/{name}"

    yield serve
    for server in servers:
        server.shutdown()
        server.server_close()


def shared_file(relative: str) -> Path:
    path = SHARED / relative
    if not path.exists():
        pytest.skip(f"needs the real data file {path} (not shipped with the repository)")
    return path
