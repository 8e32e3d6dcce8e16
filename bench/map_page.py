"""Benchmark: the published map's public page against its PDF download, in the same run.

    .venv/bin/python bench/map_page.py [--seconds 10] [--connections 16]

Loads the demo on a temporary database (map published, PDFs rendered), starts gunicorn with
two sync workers on 127.0.0.1 in production mode (DEBUG off), checks both addresses, then
runs wrk (Debian package `wrk`) against the public page /maps/<slug>/ and, right after, the
PDF /maps/<slug>/map.pdf. A published version never changes, so the page is served from the
cache; the PDF is a file from storage. Prints both rates and, last, their ratio.
Target: the page at half the PDF's rate or better (ratio >= 0.5), no errors.
"""

from __future__ import annotations

import argparse
import os
import re
import shutil
import signal
import subprocess
import sys
import time
import urllib.request
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))
from map_downloads import free_port  # noqa: E402
from map_setup import ROOT, setup_demo  # noqa: E402

TARGET = 0.5


def fetch(url: str) -> tuple[int, str, bytes]:
    with urllib.request.urlopen(url, timeout=5) as response:
        return response.status, response.headers["Content-Type"], response.read()


def load(wrk: str, url: str, seconds: int, connections: int) -> tuple[float, str]:
    result = subprocess.run(
        [wrk, "-t2", f"-c{connections}", f"-d{seconds}s", "--latency", url],
        capture_output=True, text=True, check=True, timeout=seconds + 30,
    )  # fmt: skip
    if re.search(r"Non-2xx or 3xx responses: (\d+)", result.stdout):
        raise SystemExit(f"errors while loading {url}:\n{result.stdout}")
    return float(re.search(r"Requests/sec:\s+([\d.]+)", result.stdout).group(1)), result.stdout


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
    # Production mode serves static files from the manifest that collectstatic writes.
    subprocess.run(
        [sys.executable, "manage.py", "collectstatic", "--noinput", "-v0"],
        cwd=ROOT, env=env, check=True,
    )  # fmt: skip
    gunicorn = subprocess.Popen(
        [sys.executable, "-m", "gunicorn", "pathways.wsgi", "--workers", "2",
         "--bind", f"127.0.0.1:{port}", "--log-level", "warning"],
        cwd=ROOT, env=env,
    )  # fmt: skip
    base = f"http://127.0.0.1:{port}/maps/{slug}/"
    page_url, pdf_url = base, base + "map.pdf"
    try:
        deadline = time.monotonic() + 30
        while True:
            try:
                status, kind, body = fetch(page_url)
                assert status == 200 and kind.startswith("text/html"), (status, kind)
                assert b"Careers in advanced manufacturing" in body
                status, kind, pdf = fetch(pdf_url)
                assert status == 200 and kind == "application/pdf" and pdf[:5] == b"%PDF-"
                break
            except (OSError, AssertionError):
                if time.monotonic() > deadline or gunicorn.poll() is not None:
                    raise
                time.sleep(0.3)
        print(f"gunicorn: 2 workers on 127.0.0.1:{port}")
        print(f"page {page_url} ({len(body):,} bytes); PDF {pdf_url} ({len(pdf):,} bytes)")
        page_rate, page_out = load(wrk, page_url, args.seconds, args.connections)
        pdf_rate, pdf_out = load(wrk, pdf_url, args.seconds, args.connections)
    finally:
        gunicorn.send_signal(signal.SIGTERM)
        try:
            gunicorn.wait(timeout=15)
        except subprocess.TimeoutExpired:
            gunicorn.kill()
    print("--- public page\n" + page_out.rstrip())
    print("--- PDF download\n" + pdf_out.rstrip())
    ratio = page_rate / pdf_rate
    print(f"page_requests_per_second={page_rate:.1f}")
    print(f"pdf_requests_per_second={pdf_rate:.1f}")
    print(f"target: page >= {TARGET:.1f} x PDF: {'ok' if ratio >= TARGET else 'MISSED'}")
    print(f"ratio={ratio:.2f}")
    return 0 if ratio >= TARGET else 1


if __name__ == "__main__":
    sys.exit(main())
