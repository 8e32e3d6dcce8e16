"""Benchmark: the program inventory page with 5,000 programs.

    .venv/bin/python bench/inventory_page.py [--programs 5000] [--runs 30]

Runs on an empty database of its own (SQLite, or PostgreSQL with BENCH_DATABASE_URL; see
inventory_setup.py), loads a partnership with 5,000 programs (each with credentials and
occupations) and another with 50, then times the server side of GET /p/<slug>/inventory/ (middleware, views, queries, template) with Django's
test client: first page, a later page, sorted and searched. The baseline, measured in the
same run, is the same page for the 50-program partnership: a ratio near 1 means the page
does not slow down as the inventory grows. The page must stay under 150 ms. The last line
is the figure.
"""

from __future__ import annotations

import argparse
import statistics
import sys
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))
from inventory_setup import setup_django  # noqa: E402

LIMIT_MS = 150


def build(slug: str, count: int):
    from django.contrib.auth import get_user_model

    from inventory.models import (
        Credential,
        Program,
        ProgramOccupation,
        ProgramType,
        Provider,
        ProviderKind,
    )
    from partnerships.models import Membership, Organization, Partnership, Role

    partnership = Partnership.objects.create(name=f"Bench {slug}", slug=slug, state="CO")
    user, _ = get_user_model().objects.get_or_create(username=f"bench-{slug}")
    Membership.objects.create(user=user, partnership=partnership, role=Role.CONVENER)
    providers = []
    for i in range(40):
        org = Organization.objects.create(
            partnership=partnership, name=f"Provider {i:02d}", kind="community_college"
        )
        providers.append(
            Provider.objects.create(
                partnership=partnership, organization=org, kind=ProviderKind.COMMUNITY_COLLEGE
            )
        )
    credentials = Credential.objects.bulk_create(
        Credential(partnership=partnership, name=f"Credential {i}") for i in range(30)
    )
    types = ProgramType.values
    programs = Program.objects.bulk_create(
        (
            Program(
                partnership=partnership,
                provider=providers[i % len(providers)],
                name=f"Program {i:05d} Machining",
                program_type=types[i % len(types)],
                cip_code="48.0501",
                clock_hours=100 + i % 900,
                tuition=500 + (i * 37) % 9000,
                completions_per_year=i % 60,
                capacity=60,
            )
            for i in range(count)
        ),
        batch_size=1000,
    )
    through = Program.credentials.through
    through.objects.bulk_create(
        (through(program=p, credential=credentials[i % 30]) for i, p in enumerate(programs)),
        batch_size=2000,
    )
    ProgramOccupation.objects.bulk_create(
        (ProgramOccupation(program=p, soc_code="51-4041", title="Machinists") for p in programs),
        batch_size=2000,
    )
    from django.db import connection

    if connection.vendor == "postgresql":
        with connection.cursor() as cursor:
            cursor.execute("ANALYZE")  # what autovacuum does soon after a bulk load
    return partnership, user


def time_pages(client_for, cases: dict, runs: int) -> dict[str, float]:
    """Median server time of each case. Cases are interleaved run by run, so a busy machine
    slows them all alike and the ratio stays fair."""
    samples: dict[str, list[float]] = {name: [] for name in cases}
    for user, url, params in cases.values():
        client_for(user).get(url, params)  # warm caches and the session
    for _ in range(runs):
        for name, (user, url, params) in cases.items():
            client = client_for(user)
            started = time.perf_counter()
            response = client.get(url, params)
            samples[name].append((time.perf_counter() - started) * 1000)
            assert response.status_code == 200, response.status_code
    return {name: statistics.median(values) for name, values in samples.items()}


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--programs", type=int, default=5000)
    parser.add_argument("--runs", type=int, default=30)
    args = parser.parse_args()
    setup_django()
    from django.db import connection
    from django.test import Client
    from django.test.utils import CaptureQueriesContext

    big, big_user = build("bench-big", args.programs)
    small, small_user = build("bench-small", 50)
    clients = {}

    def client_for(user):
        if user.pk not in clients:
            clients[user.pk] = Client()
            clients[user.pk].force_login(user)
        return clients[user.pk]

    url = f"/p/{big.slug}/inventory/"
    cases = {
        "baseline": (small_user, f"/p/{small.slug}/inventory/", {}),
        "first page": (big_user, url, {}),
        "page 60": (big_user, url, {"page": 60}),
        "sorted by tuition, descending": (big_user, url, {"sort": "-tuition"}),
        "search 'machining', type filter": (big_user, url, {"q": "machining", "type": "credit"}),
    }
    results = time_pages(client_for, cases, args.runs)
    baseline = results.pop("baseline")
    with CaptureQueriesContext(connection) as ctx:
        client_for(big_user).get(url)
    print(f"database: {connection.vendor}; {args.programs:,} programs; median of {args.runs} runs")
    print(f"baseline (50 programs): {baseline:.1f} ms")
    for name, ms in results.items():
        print(f"{name}: {ms:.1f} ms")
    print(f"queries per page: {len(ctx.captured_queries)}")
    worst = max(results.values())
    verdict = "OK" if worst < LIMIT_MS else "TOO SLOW"
    print(
        f"inventory page with {args.programs:,} programs: {worst:.1f} ms server time at worst "
        f"(limit {LIMIT_MS} ms, {verdict}); ratio={worst / baseline:.2f} against the same "
        f"page with 50 programs ({baseline:.1f} ms)"
    )


if __name__ == "__main__":
    main()
