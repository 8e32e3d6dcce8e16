"""Benchmark: the site keeps answering while someone uploads a spreadsheet bomb.

    .venv/bin/python bench/hostile_upload.py [--seconds 8] [--connections 8] [--attackers 2]

Loads the demo on a temporary database, starts gunicorn with two sync workers in production
mode (DEBUG off), and runs wrk (Debian package `wrk`) against four pages: the public map,
its PDF, the explorer search and the inventory page (signed in). First alone (the baseline),
then while `--attackers` support partners keep uploading a 3.5 MB xlsx that unpacks to
520 MB to the inventory import and opening its preview. Prints requests/s and p99 latency
for each page in both runs, the attack's own answers, and on the last line the worst ratio of
requests/s under attack to the baseline (before the upload limits, one such file held a
worker for 30 s at 2 GB: the public map waited 31 s).
"""

from __future__ import annotations

import argparse
import os
import shutil
import sys
import threading
import time
import urllib.request
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))
from map_setup import setup_demo  # noqa: E402
from serving import (  # noqa: E402
    SECRET_KEY,
    collectstatic,
    free_port,
    gunicorn,
    production_env,
    wrk,
)

CSRF = "b" * 32  # any 32 letters do as a CSRF cookie and its matching header


def session_cookie(username: str) -> str:
    from django.contrib.auth import get_user_model
    from django.test import Client

    client = Client()
    client.force_login(get_user_model().objects.get(username=username))
    return client.cookies["sessionid"].value


def multipart(fields: dict, file_field: str, file_name: str, data: bytes) -> tuple[bytes, str]:
    boundary = "----bench-hostile-upload"
    parts = []
    for name, value in fields.items():
        parts.append(
            f'--{boundary}\r\nContent-Disposition: form-data; name="{name}"\r\n\r\n{value}\r\n'.encode()
        )
    parts.append(
        f'--{boundary}\r\nContent-Disposition: form-data; name="{file_field}"; '
        f'filename="{file_name}"\r\nContent-Type: application/octet-stream\r\n\r\n'.encode()
        + data
        + b"\r\n"
    )
    parts.append(f"--{boundary}--\r\n".encode())
    return b"".join(parts), f"multipart/form-data; boundary={boundary}"


class NoRedirect(urllib.request.HTTPRedirectHandler):
    def redirect_request(self, *args, **kwargs):
        return None  # a redirect (to sign in) is an answer to report, not to follow


class Attacker(threading.Thread):
    """Uploads the bomb again and again and opens what it is sent to, until told to stop."""

    def __init__(self, base: str, slug: str, cookie: str, bomb: bytes):
        super().__init__(daemon=True)
        self.base, self.slug, self.cookie, self.bomb = base, slug, cookie, bomb
        self.stop = threading.Event()
        self.answers: dict[str, int] = {}
        self.seconds: list[float] = []

    def run(self) -> None:
        body, content_type = multipart(
            {"layout": "inventory", "csrfmiddlewaretoken": CSRF}, "file", "programs.xlsx", self.bomb
        )
        url = f"{self.base}/p/{self.slug}/inventory/import/"
        headers = {"Cookie": f"{self.cookie}; csrftoken={CSRF}", "Content-Type": content_type}
        while not self.stop.is_set():
            started = time.monotonic()
            request = urllib.request.Request(url, data=body, headers=headers, method="POST")
            try:
                with urllib.request.build_opener(NoRedirect).open(request, timeout=120) as response:
                    page = response.read().decode(errors="replace")
                    key = "refused in words" if "too large once unpacked" in page else "other"
            except urllib.error.HTTPError as error:
                key = f"HTTP {error.code}"
            except OSError as error:
                key = type(error).__name__
            self.seconds.append(time.monotonic() - started)
            self.answers[key] = self.answers.get(key, 0) + 1


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[1])
    parser.add_argument("--seconds", type=int, default=8)
    parser.add_argument("--connections", type=int, default=8)
    parser.add_argument("--attackers", type=int, default=2)
    args = parser.parse_args()
    if shutil.which("wrk") is None:
        print("needs wrk: apt-get install -y wrk")
        return 2
    # The same key here and in gunicorn: sessions made here must be valid there.
    os.environ["SECRET_KEY"] = SECRET_KEY
    demo = setup_demo()
    slug = demo["partnership"].slug
    from tests.hardening.bombs import xlsx_bomb

    bomb = xlsx_bomb(520)
    convener, partner = session_cookie("convener"), session_cookie("partner")
    port = free_port()
    base = f"http://127.0.0.1:{port}"
    env = production_env(demo, dict(os.environ))
    collectstatic(env)
    pages = [
        ("public map", f"{base}/maps/{slug}/", ""),
        ("map PDF", f"{base}/maps/{slug}/map.pdf", ""),
        ("explorer search", f"{base}/occupations/?q=machin", ""),
        ("inventory page", f"{base}/p/{slug}/inventory/", f"sessionid={convener}"),
    ]

    def ready() -> None:
        with urllib.request.urlopen(pages[0][1], timeout=5) as response:
            assert response.status == 200

    log_path = demo["workdir"] / "gunicorn.log"
    with (
        open(log_path, "w") as log,
        gunicorn(env, port, ready=ready, log=log, extra=("--timeout", "120")),
    ):
        try:
            for name, url, cookie in pages:  # every page answers 200 (signed in where needed)
                headers = {"Cookie": cookie} if cookie else {}
                request = urllib.request.Request(url, headers=headers)
                with urllib.request.build_opener(NoRedirect).open(request, timeout=60) as answer:
                    assert answer.status == 200, (name, answer.status)
            print(f"gunicorn: 2 sync workers on 127.0.0.1:{port}; bomb {len(bomb) / 2**20:.1f} MB")
            baseline = {n: wrk(u, args.seconds, args.connections, c) for n, u, c in pages}
            attackers = [
                Attacker(base, slug, f"sessionid={partner}", bomb) for _ in range(args.attackers)
            ]
            for attacker in attackers:
                attacker.start()
            time.sleep(1)
            attacked = {n: wrk(u, args.seconds, args.connections, c) for n, u, c in pages}
            for attacker in attackers:
                attacker.stop.set()
            for attacker in attackers:
                attacker.join(timeout=150)
        except Exception:
            print(f"gunicorn's log ({log_path}):\n" + log_path.read_text()[-4000:])
            raise
    print(f"{'page':<16} {'alone req/s':>12} {'p99 ms':>8} {'attacked req/s':>15} {'p99 ms':>8}")
    worst = None
    for name, _url, _cookie in pages:
        alone, under = baseline[name], attacked[name]
        note = f"  ({alone.errors}/{under.errors} non-2xx)" if alone.errors or under.errors else ""
        print(
            f"{name:<16} {alone.rate:>12.1f} {alone.p99_ms:>8.1f} {under.rate:>15.1f} "
            f"{under.p99_ms:>8.1f}{note}"
        )
        worst = min(worst or 99.0, under.rate / alone.rate if alone.rate else 0.0)
    answers: dict[str, int] = {}
    seconds = []
    for attacker in attackers:
        seconds += attacker.seconds
        for key, count in attacker.answers.items():
            answers[key] = answers.get(key, 0) + count
    slowest = max(seconds) if seconds else 0.0
    print(f"hostile uploads: {answers} (slowest answer {slowest:.2f} s)")
    print(f"attacked/alone requests per second, worst page: ratio={worst:.2f}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
