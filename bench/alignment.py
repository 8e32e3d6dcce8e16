"""Benchmark: step 6 (the asset map, the gap analysis, supply against demand) at scale.

    .venv/bin/python bench/alignment.py [--programs 5000] [--runs 20] [--data ../shared/data]

Runs on an empty database of its own (SQLite, or PostgreSQL with BENCH_DATABASE_URL; see
inventory_setup.py). Imports the full CIP 2020-SOC 2018 crosswalk, the Colorado OEWS file and
the BLS projections through the product's importers (from --data, the real agency files;
without them, the demo excerpts shipped in occupations/demo_data), then builds a partnership
with 5,000 programs (CIP codes drawn from the crosswalk, credentials, linkages, completers for
three years) and 10 critical occupations, and a copy with 50 programs as the baseline.

It times, with Django's test client (middleware, views, queries, template):
  - the asset map, the gap analysis, supply and demand, and the gap questions pages
    (limit 150 ms each; the baseline is the same page with 50 programs, timed in turn with
    it so that other work on the machine weighs on both alike), and
  - supply against demand for every SOC code of the state (every detailed occupation OEWS
    publishes for Colorado) over the full crosswalk, both formulas (limit 1 s; the baseline is
    the same computation for the 10 critical occupations).
The last line is the figure.
"""

from __future__ import annotations

import argparse
import random
import statistics
import sys
import time
from decimal import Decimal
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))
from inventory_setup import ROOT, setup_django  # noqa: E402

PAGE_LIMIT_MS = 150
STATE_LIMIT_MS = 1000
PAGES = ["asset_map", "gaps", "supply", "worksheet"]


def import_reference(data: Path) -> None:
    from django.core.management import call_command

    demo = ROOT / "occupations" / "demo_data"
    files = [
        ("import_crosswalk", ["cip-soc"], data / "xwalk" / "CIP2020_SOC2018_Crosswalk.csv",
         demo / "CIP2020_SOC2018_Crosswalk_excerpt.csv"),
        ("import_oews", [], data / "oews" / "colorado_M2025_reconstructed.xlsx",
         demo / "oews_colorado_M2025_excerpt.xlsx"),
        ("import_projections", [], data / "ep" / "occupation_2024-34.xlsx",
         demo / "ep_occupation_2024-34_excerpt.xlsx"),
    ]  # fmt: skip
    for command, args, real, excerpt in files:
        path = real if real.exists() else excerpt
        print(f"importing {path.name}", file=sys.stderr)
        call_command(command, *args, str(path), "--no-progress", stdout=sys.stderr)


def build(slug: str, count: int, cips: list[str], critical: list[tuple[str, str]]):
    from django.contrib.auth import get_user_model

    from inventory.alignment.models import ProgramCompleters
    from inventory.models import (
        Credential,
        Linkage,
        Program,
        ProgramOccupation,
        ProgramType,
        Provider,
        ProviderKind,
    )
    from occupations.models import CriticalOccupation, Tier
    from partnerships.models import Membership, Organization, Partnership, RegionArea, Role

    rng = random.Random(slug)
    partnership = Partnership.objects.create(name=f"Bench {slug}", slug=slug, state="CO")
    RegionArea.objects.create(
        partnership=partnership, kind=RegionArea.Kind.STATEWIDE, name="Colorado",
        oews_area_codes=["08"],
    )  # fmt: skip
    user, _ = get_user_model().objects.get_or_create(username=f"bench-{slug}")
    Membership.objects.create(user=user, partnership=partnership, role=Role.CONVENER)
    tiers = [Tier.ENTRY, Tier.ENTRY, Tier.ENTRY, Tier.MID, Tier.MID, Tier.MID, Tier.MID,
             Tier.ADVANCED, Tier.ADVANCED, Tier.ADVANCED]  # fmt: skip
    CriticalOccupation.objects.bulk_create(
        CriticalOccupation(
            partnership=partnership, soc_code=code, title=title, tier=tiers[i], order=i
        )
        for i, (code, title) in enumerate(critical)
    )
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
    kinds = Credential.Kind.values
    credentials = Credential.objects.bulk_create(
        Credential(partnership=partnership, name=f"Credential {i}", kind=kinds[i % len(kinds)])
        for i in range(60)
    )
    types = ProgramType.values
    programs = Program.objects.bulk_create(
        (
            Program(
                partnership=partnership,
                provider=providers[i % len(providers)],
                name=f"Program {i:05d}",
                program_type=types[i % len(types)],
                cip_code=rng.choice(cips),
                clock_hours=100 + i % 900,
                tuition=500 + (i * 37) % 9000,
                prerequisites=rng.choice(["None.", "High school diploma.", "Placement test."]),
                placement_rate=Decimal(60 + i % 40),
                completions_per_year=i % 60,
                advising=i % 3 == 0,
            )
            for i in range(count)
        ),
        batch_size=1000,
    )
    through = Program.credentials.through
    through.objects.bulk_create(
        (through(program=p, credential=credentials[i % 60]) for i, p in enumerate(programs)),
        batch_size=2000,
    )
    codes = [c for c, _ in critical]
    ProgramOccupation.objects.bulk_create(
        (
            ProgramOccupation(program=p, soc_code=codes[i % len(codes)], confirmed_at=p.created_at)
            for i, p in enumerate(programs)
            if i % 4 == 0
        ),
        batch_size=2000,
    )
    Linkage.objects.bulk_create(
        (
            Linkage(
                partnership=partnership,
                from_program=programs[i],
                to_program=programs[i + 1],
                kind=Linkage.Kind.values[i % len(Linkage.Kind.values)],
            )  # fmt: skip
            for i in range(0, count - 1, 7)
        ),
        batch_size=2000,
    )
    ProgramCompleters.objects.bulk_create(
        (
            ProgramCompleters(program=p, year=year, completers=(i + year) % 50, source="IPEDS")
            for i, p in enumerate(programs)
            for year in (2022, 2023, 2024)
        ),
        batch_size=5000,
    )
    from django.db import connection

    if connection.vendor == "postgresql":
        with connection.cursor() as cursor:
            cursor.execute("ANALYZE")
    return partnership, user


def paired_ms(fn, baseline, runs: int) -> tuple[float, float]:
    """Medians of `fn` and its `baseline`, timed in turn (one, then the other, `runs`
    times): a machine busy with other work slows both alike, so the ratio holds."""
    fn(), baseline()
    samples: tuple[list[float], list[float]] = ([], [])
    for _ in range(runs):
        for f, out in ((fn, samples[0]), (baseline, samples[1])):
            started = time.perf_counter()
            f()
            out.append((time.perf_counter() - started) * 1000)
    return statistics.median(samples[0]), statistics.median(samples[1])


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--programs", type=int, default=5000)
    parser.add_argument("--runs", type=int, default=20)
    parser.add_argument("--data", default=str(ROOT.parent / "shared" / "data"))
    args = parser.parse_args()
    setup_django()
    from django.db import connection
    from django.test import Client
    from django.test.utils import CaptureQueriesContext

    from inventory.alignment import selectors
    from occupations.models import CipSocCrosswalk, OewsEstimate

    import_reference(Path(args.data))
    cips = sorted(
        set(CipSocCrosswalk.objects.exclude(cip_code="99.9999").values_list("cip_code", flat=True))
    )
    state = dict(
        OewsEstimate.objects.filter(area_code="08", o_group="detailed", naics="000000").values_list(
            "occ_code", "occ_title"
        )
    )
    manufacturing = sorted(c for c in state if c.startswith(("51-", "49-", "17-")))
    critical = [(c, state[c]) for c in manufacturing[:: max(1, len(manufacturing) // 10)][:10]]
    big, big_user = build("bench-big", args.programs, cips, critical)
    small, small_user = build("bench-small", 50, cips, critical)
    clients = {}
    for user in (big_user, small_user):
        clients[user.pk] = Client()
        clients[user.pk].force_login(user)

    print(
        f"database: {connection.vendor}; {args.programs:,} programs, {len(critical)} critical "
        f"occupations; {len(cips):,} CIP codes in the crosswalk; median of {args.runs} runs"
    )
    worst_page, worst_ratio = 0.0, 0.0
    for name in PAGES:

        def get(user, p, name=name):
            response = clients[user.pk].get(f"/p/{p.slug}/alignment/{PAGE_PATHS[name]}")
            assert response.status_code == 200, response.status_code

        page, base = paired_ms(
            lambda: get(big_user, big), lambda: get(small_user, small), args.runs
        )
        with CaptureQueriesContext(connection) as ctx:
            get(big_user, big)
        big_queries = len(ctx.captured_queries)
        with CaptureQueriesContext(connection) as ctx:
            get(small_user, small)
        print(
            f"{name}: {page:.1f} ms with {args.programs:,} programs, {base:.1f} ms with 50 "
            f"(ratio {page / base:.2f}); queries {big_queries} vs {len(ctx.captured_queries)}"
        )
        worst_page, worst_ratio = max(worst_page, page), max(worst_ratio, page / base)

    every_soc = {code: (title, "") for code, title in state.items()}
    state_ms, critical_ms_by = {}, {}
    for method in (selectors.COUNT, selectors.SHARE):
        state_ms[method], critical_ms_by[method] = paired_ms(
            lambda method=method: selectors.supply_demand(big, method=method, soc_codes=every_soc),
            lambda method=method: selectors.supply_demand(big, method=method),
            max(3, args.runs // 4),
        )
    critical_ms = max(critical_ms_by.values())
    worst_state = max(state_ms.values())
    print(
        f"supply vs demand for all {len(every_soc)} Colorado SOC codes: count {state_ms['count']:.0f} ms, "
        f"share {state_ms['share']:.0f} ms (limit {STATE_LIMIT_MS} ms); the 10 critical "
        f"occupations: {critical_ms:.0f} ms"
    )
    verdict = "OK" if worst_page < PAGE_LIMIT_MS and worst_state < STATE_LIMIT_MS else "TOO SLOW"
    print(
        f"step 6 at {args.programs:,} programs: slowest page {worst_page:.1f} ms (limit "
        f"{PAGE_LIMIT_MS}), whole state {worst_state:.0f} ms (limit {STATE_LIMIT_MS}), {verdict}; "
        f"ratio={worst_ratio:.2f} slowest page against 50 programs; "
        f"state ratio={worst_state / critical_ms:.2f} against the 10 critical occupations"
    )


PAGE_PATHS = {"asset_map": "", "gaps": "gaps/", "supply": "supply/", "worksheet": "questions/"}


if __name__ == "__main__":
    main()
