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
import shutil
import sys
import urllib.request
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))
from map_setup import setup_demo  # noqa: E402
from serving import free_port, gunicorn, production_env, wrk  # noqa: E402

TARGET = 200.0


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[1])
    parser.add_argument("--seconds", type=int, default=10)
    parser.add_argument("--connections", type=int, default=16)
    args = parser.parse_args()
    if shutil.which("wrk") is None:
        print("needs wrk: apt-get install -y wrk")
        return 2
    demo = setup_demo()
    port = free_port()
    url = f"http://127.0.0.1:{port}/maps/{demo['partnership'].slug}/map.pdf"
    body = b""

    def ready() -> None:
        nonlocal body
        with urllib.request.urlopen(url, timeout=2) as response:
            body = response.read()
            assert response.status == 200, response.status
            assert response.headers["Content-Type"] == "application/pdf"
            assert body[:5] == b"%PDF-", body[:40]

    with gunicorn(production_env(demo, dict(os.environ)), port, ready=ready, wait_seconds=30):
        print(f"gunicorn: 2 workers on 127.0.0.1:{port}; {url} ({len(body):,} bytes)")
        load = wrk(url, args.seconds, args.connections)
    print(load.output.rstrip())
    ok = load.rate >= TARGET and not load.errors
    print(f"target >= {TARGET:.0f} requests/s with no errors: {'ok' if ok else 'MISSED'}")
    print(f"requests_per_second={load.rate:.1f}")
    return 0 if ok else 1


if __name__ == "__main__":
    sys.exit(main())
