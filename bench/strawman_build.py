"""Benchmark: build a step-5 strawman from the full O*NET release, against reading the same
occupation's O*NET profile (the explorer's selector) in the same run.

    DATABASE_URL=postgres://postgres@127.0.0.1:5432/<db> \
        .venv/bin/python bench/strawman_build.py [/path/to/db_27_0_text]

Imports the release when the database has no O*NET release yet (once; a few minutes), then,
for the 20 occupations with the most tasks, times `services.strawman_build` (inside a
transaction rolled back, so runs repeat) and `occupations.selectors.onet_profile`, and counts
the queries of each (queries include the bench's savepoint pair). The first build in a
process also reads the release's work-activity hierarchy (cached after): it is reported on its
own line. Prints per-occupation times, the median, and last `ratio=N.NN`
(strawman median / profile median). The aim is a strawman under 200 ms.
"""

from __future__ import annotations

import os
import statistics
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
# The shared data sits beside the repository (../shared, as in CI).
DEFAULT_RELEASE = ROOT.parent / "shared" / "data" / "onet" / "db_27_0_text"
sys.path.insert(0, str(ROOT))


def main() -> None:
    os.environ.setdefault("DEBUG", "0")
    os.environ.setdefault("SECRET_KEY", "benchmark-only")
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "pathways.settings")
    import django

    django.setup()
    from django.core.management import call_command
    from django.db import connection, transaction
    from django.db.models import Count
    from django.test.utils import CaptureQueriesContext

    from occupations import selectors
    from occupations.competencies import services
    from occupations.models import CriticalOccupation, DataRelease, OnetTask, Source, Tier
    from occupations.services import import_job_create, import_job_run
    from partnerships.models import Partnership

    call_command("migrate", verbosity=0)
    release = DataRelease.objects.filter(source=Source.ONET).order_by("-imported_at").first()
    if release is None or release.row_counts.get("tasks to work activities", 0) < 10_000:
        folder = Path(sys.argv[1]) if len(sys.argv) > 1 else DEFAULT_RELEASE
        print(f"importing {folder} ...", flush=True)
        job = import_job_run(job_id=import_job_create(source=Source.ONET, path=str(folder),
                                                      enqueue=False).pk)  # fmt: skip
        if job.status not in ("succeeded", "unchanged"):
            raise SystemExit(job.error)
        release = job.release
    print(f"{release} on {connection.vendor}")
    codes = list(
        OnetTask.objects.filter(release=release)
        .values("onet_code")
        .annotate(n=Count("task_id"))
        .order_by("-n", "onet_code")
        .values_list("onet_code", "n")[:20]
    )
    build_ms, profile_ms, build_q, profile_q = [], [], set(), set()
    first_ms = None
    for code, n in [codes[-1], *codes]:
        with transaction.atomic():
            partnership = Partnership.objects.create(
                name="Bench", slug="bench-strawman", state="CO"
            )
            occupation = CriticalOccupation.objects.create(
                partnership=partnership,
                soc_code=code[:7],
                onet_code=code,
                title=code,
                tier=Tier.MID,
            )
            with CaptureQueriesContext(connection) as queries:
                started = time.perf_counter()
                services.strawman_build(occupation=occupation)
                elapsed = (time.perf_counter() - started) * 1000
            transaction.set_rollback(True)
        if first_ms is None:  # the process reads the release's work-activity hierarchy
            first_ms, first_q = elapsed, len(queries)
            print(f"first build in this process: {first_ms:.1f} ms, {first_q} queries")
            continue
        build_ms.append(elapsed)
        build_q.add(len(queries))
        with CaptureQueriesContext(connection) as queries:
            started = time.perf_counter()
            selectors.onet_profile(code)
            profile_ms.append((time.perf_counter() - started) * 1000)
        profile_q.add(len(queries))
        print(f"{code} {n:3d} tasks: strawman {build_ms[-1]:7.1f} ms, "
              f"profile {profile_ms[-1]:7.1f} ms", flush=True)  # fmt: skip
    b, p = statistics.median(build_ms), statistics.median(profile_ms)
    print(f"strawman: median {b:.1f} ms, max {max(build_ms):.1f} ms, queries {sorted(build_q)}")
    print(f"profile:  median {p:.1f} ms, max {max(profile_ms):.1f} ms, queries {sorted(profile_q)}")
    print(f"median under 200 ms: {'yes' if b < 200 else 'NO'}")
    print(f"ratio={b / p:.2f}")


if __name__ == "__main__":
    main()
