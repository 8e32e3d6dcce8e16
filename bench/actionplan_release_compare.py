"""Benchmark: after an OEWS import, compare 50 published pathway maps with the new release.

    .venv/bin/python bench/actionplan_release_compare.py [--maps 50]

On a temporary SQLite database: loads the demo (its map published), copies the demo
partnership's region, industries and critical occupations into 49 more partnerships and
publishes each map (PDF rendering switched off: it is not part of the comparison). Then it
imports a revised copy of the demo's Colorado OEWS May 2025 excerpt (every wage +4%, a new
file to the importer), with the release watch switched off so the import and the comparison
are timed apart, and measures in the same run:
  baseline:  what publishing the 50 maps again would cost to gather: `map_data` for each
             map (the figures an updated version would show);
  compare:   the release watch's task body: `maps_compare` (gathers the same figures, diffs
             them with each published snapshot, writes one review per changed map).
It also reports the OEWS import time, for scale. Target: compare under 10 s (wall clock) as a
background task, and ratio = compare / baseline <= 0.5. The last line is `ratio=N.NN`.
"""

from __future__ import annotations

import argparse
import sys
import tempfile
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))
from map_setup import setup_demo  # noqa: E402

LIMIT_S = 10.0
MAX_RATIO = 0.5


def revised_oews(source: Path, target: Path, factor: float = 1.04) -> Path:
    """The same OEWS file with every wage figure scaled: a 'new release' to the importer."""
    from openpyxl import load_workbook

    book = load_workbook(source)
    sheet = book.worksheets[0]
    header = [c.value for c in sheet[1]]
    wage_columns = [i for i, h in enumerate(header) if str(h).startswith(("H_", "A_"))]
    for row in sheet.iter_rows(min_row=2):
        for i in wage_columns:
            value = row[i].value
            if isinstance(value, int | float):
                row[i].value = round(value * factor, 2) if isinstance(value, float) else round(
                    value * factor)  # fmt: skip
    book.save(target)
    return target


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[1])
    parser.add_argument("--maps", type=int, default=50)
    args = parser.parse_args()
    demo = setup_demo()
    source = demo["partnership"]

    from django.db.models.signals import post_save

    from occupations.demo import DEMO_DATA
    from occupations.models import CriticalOccupation, DataRelease, ImportJob, Source
    from occupations.services import import_job_create, import_job_run
    from partnerships.models import Partnership
    from pathways.actionplan import release_watch, signals
    from pathways.maps import selectors, services

    services._render_enqueue = lambda render: None  # no PDFs: not what is measured
    critical = list(CriticalOccupation.objects.filter(partnership=source))
    partnerships = [source]
    for n in range(1, args.maps):
        p = Partnership.objects.create(name=f"Bench partnership {n}", slug=f"bench-{n}",
                                       state=source.state)  # fmt: skip
        for area in source.areas.all():
            area.pk = None
            area.partnership = p
            area.save()
        for industry in source.industries.all():
            industry.pk = None
            industry.partnership = p
            industry.save()
        CriticalOccupation.objects.bulk_create(
            CriticalOccupation(
                partnership=p,
                soc_code=c.soc_code,
                onet_code=c.onet_code,
                title=c.title,
                tier=c.tier,
                order=c.order,
            )  # fmt: skip
            for c in critical
        )
        services.map_publish(partnership=p, actor=None)
        partnerships.append(p)
    print(f"{len(partnerships)} published maps, {len(critical)} occupations each")

    post_save.disconnect(signals.release_imported, sender=DataRelease,
                         dispatch_uid="actionplan-release-watch")  # fmt: skip
    path = revised_oews(
        DEMO_DATA / "oews_colorado_M2025_excerpt.xlsx",
        Path(tempfile.mkdtemp()) / "oews_colorado_M2025_bench_revision.xlsx",
    )
    started = time.perf_counter()
    job = import_job_create(source=Source.OEWS, path=str(path), version="May 2025 (bench revision)",
                            enqueue=False)  # fmt: skip
    job = import_job_run(job_id=job.pk)
    import_s = time.perf_counter() - started
    assert job.status == ImportJob.Status.SUCCEEDED, job.error

    started = time.perf_counter()
    for p in partnerships:
        selectors.map_data(p)
    baseline_s = time.perf_counter() - started

    started = time.perf_counter()
    reviews = release_watch.maps_compare(release_id=job.release_id)
    compare_s = time.perf_counter() - started
    changes = sum(len(r.changes) for r in reviews)

    ratio = compare_s / baseline_s
    print(f"OEWS import: {import_s:.2f} s")
    print(f"baseline (map_data x {len(partnerships)}): {baseline_s:.2f} s")
    print(f"compare ({len(reviews)} reviews, {changes} changed figures): {compare_s:.2f} s "
          f"({compare_s / len(partnerships) * 1000:.0f} ms a map; target under {LIMIT_S:.0f} s)")  # fmt: skip
    ok = compare_s < LIMIT_S and ratio <= MAX_RATIO and len(reviews) == len(partnerships)
    print("PASS" if ok else "FAIL")
    print(f"ratio={ratio:.2f}")
    return 0 if ok else 1


if __name__ == "__main__":
    sys.exit(main())
