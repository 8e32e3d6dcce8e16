"""What the HTTP benchmarks share: gunicorn with two sync workers in production mode (DEBUG
off) on a free loopback port, and wrk (Debian package `wrk`) to load it."""

from __future__ import annotations

import contextlib
import re
import signal
import socket
import subprocess
import sys
import time
from collections.abc import Callable, Iterator
from dataclasses import dataclass
from typing import IO

from map_setup import ROOT

SECRET_KEY = "benchmark-only-secret-key-not-for-production-use-0123456789"


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def production_env(demo: dict, base: dict) -> dict:
    """The environment gunicorn runs with: the demo's database and media, production mode."""
    return {
        **base,
        **demo["env"],
        "DEBUG": "0",
        "SECRET_KEY": SECRET_KEY,
        "ALLOWED_HOSTS": "127.0.0.1",
        "SECURE_SSL_REDIRECT": "0",
        "BEHIND_TLS_PROXY": "0",
        "LOG_LEVEL": "WARNING",
    }


def collectstatic(env: dict) -> None:
    """Production serves hashed static files: collect them as the image build does."""
    subprocess.run(
        [sys.executable, "manage.py", "collectstatic", "--noinput", "-v0"],
        cwd=ROOT, env=env, check=True,
    )  # fmt: skip


@contextlib.contextmanager
def gunicorn(
    env: dict, port: int, *, ready: Callable[[], None], log: IO | None = None,
    wait_seconds: float = 60, extra: tuple[str, ...] = (),
) -> Iterator[subprocess.Popen]:  # fmt: skip
    """Two sync workers on 127.0.0.1:port until the block ends; `ready` raises OSError or
    AssertionError until the site answers as expected."""
    process = subprocess.Popen(
        [sys.executable, "-m", "gunicorn", "pathways.wsgi", "--workers", "2",
         "--bind", f"127.0.0.1:{port}", "--log-level", "warning", *extra],
        cwd=ROOT, env=env, stdout=log, stderr=subprocess.STDOUT if log else None,
    )  # fmt: skip
    try:
        deadline = time.monotonic() + wait_seconds
        while True:
            try:
                ready()
                break
            except (OSError, AssertionError):
                if time.monotonic() > deadline or process.poll() is not None:
                    raise
                time.sleep(0.3)
        yield process
    finally:
        process.send_signal(signal.SIGTERM)
        try:
            process.wait(timeout=15)
        except subprocess.TimeoutExpired:
            process.kill()


@dataclass
class Load:
    rate: float  # requests per second
    p99_ms: float
    errors: int  # non-2xx/3xx answers
    output: str


def wrk(url: str, seconds: int, connections: int, cookie: str = "") -> Load:
    command = ["wrk", "-t2", f"-c{connections}", f"-d{seconds}s", "--latency", url]
    if cookie:
        command[1:1] = ["-H", f"Cookie: {cookie}"]
    out = subprocess.run(
        command, capture_output=True, text=True, check=True, timeout=seconds + 60
    ).stdout
    p99 = re.search(r"99%\s+([\d.]+)(us|ms|s)\b", out)
    scale = {"us": 0.001, "ms": 1.0, "s": 1000.0}[p99.group(2)]
    errors = re.search(r"Non-2xx or 3xx responses: (\d+)", out)
    return Load(
        rate=float(re.search(r"Requests/sec:\s+([\d.]+)", out).group(1)),
        p99_ms=float(p99.group(1)) * scale,
        errors=int(errors.group(1)) if errors else 0,
        output=out,
    )
