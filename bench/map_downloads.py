"""Benchmark: downloads of a published map's PDF, served from storage.

    .venv/bin/python bench/map_downloads.py [--seconds 10] [--connections 16]

Loads the demo on a temporary database (its map published, PDFs rendered into a temporary
MEDIA_ROOT), starts gunicorn with two sync workers on 127.0.0.1 and a free port in
production mode (DEBUG off), checks the download, then runs a bounded load with wrk
(Debian package `wrk`) against /maps/<slug>/map.pdf, stops gunicorn and prints requests
per second last. Target: at least 200 requests/s with no errors.
"""

from __future__ import annotations

import argparse
import os
import re
import shutil
import signal
import socket
import subprocess
import sys
import time
import urllib.request
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))
from map_setup import ROOT, setup_demo  # noqa: E402

TARGET = 200.0


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[1])
    parser.add_argument("--seconds", type=int, default=10)
    parser.add_argument("--connections", type=int, default=16)
    args = parser.parse_args()
    wrk = shutil.which("wrk")
    if wrk is None:
        print("needs wrk: apt-get install -y wrk")
        return 2
    demo = setup_demo()
    slug = demo["partnership"].slug
    port = free_port()
    env = {
        **os.environ,
        **demo["env"],
        "DEBUG": "0",
        "SECRET_KEY": "benchmark-only-secret-key-not-for-production-use-0123456789",
        "ALLOWED_HOSTS": "127.0.0.1",
        "SECURE_SSL_REDIRECT": "0",
        "BEHIND_TLS_PROXY": "0",
        "LOG_LEVEL": "WARNING",
    }
    gunicorn = subprocess.Popen(
        [sys.executable, "-m", "gunicorn", "pathways.wsgi", "--workers", "2",
         "--bind", f"127.0.0.1:{port}", "--log-level", "warning"],
        cwd=ROOT, env=env,
    )  # fmt: skip
    url = f"http://127.0.0.1:{port}/maps/{slug}/map.pdf"
    try:
        deadline = time.monotonic() + 30
        while True:
            try:
                with urllib.request.urlopen(url, timeout=2) as response:
                    body = response.read()
                    assert response.status == 200, response.status
                    assert response.headers["Content-Type"] == "application/pdf"
                    assert body[:5] == b"%PDF-", body[:40]
                break
            except (OSError, AssertionError):
                if time.monotonic() > deadline or gunicorn.poll() is not None:
                    raise
                time.sleep(0.3)
        print(f"gunicorn: 2 workers on 127.0.0.1:{port}; {url} ({len(body):,} bytes)")
        result = subprocess.run(
            [wrk, "-t2", f"-c{args.connections}", f"-d{args.seconds}s", "--latency", url],
            capture_output=True, text=True, check=True, timeout=args.seconds + 30,
        )  # fmt: skip
    finally:
        gunicorn.send_signal(signal.SIGTERM)
        try:
            gunicorn.wait(timeout=15)
        except subprocess.TimeoutExpired:
            gunicorn.kill()
    print(result.stdout.rstrip())
    errors = re.search(r"Non-2xx or 3xx responses: (\d+)", result.stdout)
    rate = float(re.search(r"Requests/sec:\s+([\d.]+)", result.stdout).group(1))
    ok = rate >= TARGET and errors is None
    print(f"target >= {TARGET:.0f} requests/s with no errors: {'ok' if ok else 'MISSED'}")
    print(f"requests_per_second={rate:.1f}")
    return 0 if ok else 1


if __name__ == "__main__":
    sys.exit(main())
