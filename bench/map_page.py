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
import shutil
import sys
import urllib.request
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))
from map_setup import setup_demo  # noqa: E402
from serving import collectstatic, free_port, gunicorn, production_env, wrk  # noqa: E402

TARGET = 0.5


def fetch(url: str) -> tuple[int, str, bytes]:
    with urllib.request.urlopen(url, timeout=5) as response:
        return response.status, response.headers["Content-Type"], response.read()


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
    env = production_env(demo, dict(os.environ))
    collectstatic(env)
    page_url = f"http://127.0.0.1:{port}/maps/{demo['partnership'].slug}/"
    pdf_url = page_url + "map.pdf"
    sizes = {}

    def ready() -> None:
        status, kind, body = fetch(page_url)
        assert status == 200 and kind.startswith("text/html"), (status, kind)
        assert b"Careers in advanced manufacturing" in body
        status, kind, pdf = fetch(pdf_url)
        assert status == 200 and kind == "application/pdf" and pdf[:5] == b"%PDF-"
        sizes.update(page=len(body), pdf=len(pdf))

    with gunicorn(env, port, ready=ready, wait_seconds=30):
        print(f"gunicorn: 2 workers on 127.0.0.1:{port}")
        print(f"page {page_url} ({sizes['page']:,} bytes); PDF {pdf_url} ({sizes['pdf']:,} bytes)")
        page = wrk(page_url, args.seconds, args.connections)
        pdf = wrk(pdf_url, args.seconds, args.connections)
    if page.errors or pdf.errors:
        raise SystemExit(f"errors while loading:\n{page.output}\n{pdf.output}")
    print("--- public page\n" + page.output.rstrip())
    print("--- PDF download\n" + pdf.output.rstrip())
    ratio = page.rate / pdf.rate
    print(f"page_requests_per_second={page.rate:.1f}")
    print(f"pdf_requests_per_second={pdf.rate:.1f}")
    print(f"target: page >= {TARGET:.1f} x PDF: {'ok' if ratio >= TARGET else 'MISSED'}")
    print(f"ratio={ratio:.2f}")
    return 0 if ratio >= TARGET else 1


if __name__ == "__main__":
    sys.exit(main())
