"""Benchmark: rendering the demo map's one-page PDF.

    .venv/bin/python bench/map_render.py [--runs 15]

Loads the demo on a temporary database, then alternates two measurements on the same
machine in the same run:
  pipeline: what the worker does for the draft map: gather the data (critical occupations,
            wages, projections, O*NET, programs), lay out the diagram, fill the template and
            let WeasyPrint render it (checking that it fits one page) to PDF bytes;
  weasyprint: WeasyPrint alone, HTML(string=...).write_pdf(), on the very same final HTML.
Both are warmed up once first (font loading and the C bindings are a one-off per process).
Each run records wall-clock time and this process's CPU time: on a shared machine the wall
clock also counts time spent waiting for a CPU, which the CPU time does not.
Targets: ratio = median(pipeline) / median(weasyprint) <= 1.5 (wall clock; the runs
alternate, so both see the same load), and the pipeline under 1 s (CPU time, and wall clock
on a quiet machine). The last line is `ratio=N.NN`.
"""

from __future__ import annotations

import argparse
import os
import statistics
import sys
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))
from map_setup import setup_demo  # noqa: E402

LIMIT_S = 1.0
MAX_RATIO = 1.5


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[1])
    parser.add_argument("--runs", type=int, default=15)
    args = parser.parse_args()
    demo = setup_demo()
    partnership = demo["partnership"]

    from weasyprint import HTML

    from pathways.maps import selectors, services

    def pipeline() -> bytes:
        data = selectors.map_data(partnership)
        return services.map_pdf(data, services.ONE_PAGE, version_label="Draft")

    # The final HTML the pipeline renders (the first density that fits one page).
    data = selectors.map_data(partnership)
    for density in services.DENSITIES:
        html = services.map_html(data, services.ONE_PAGE, density, version_label="Draft")
        if len(services.html_to_document(html).pages) == 1:
            break
    base_url = services._base_url()

    def weasyprint_alone() -> bytes:
        return HTML(string=html, base_url=base_url).write_pdf()

    pipeline()
    weasyprint_alone()
    timings: dict[str, list[float]] = {"pipeline": [], "weasyprint": []}
    cpu: dict[str, list[float]] = {"pipeline": [], "weasyprint": []}
    for _ in range(args.runs):
        for name, run in (("pipeline", pipeline), ("weasyprint", weasyprint_alone)):
            started, started_cpu = time.perf_counter(), time.process_time()
            pdf = run()
            timings[name].append(time.perf_counter() - started)
            cpu[name].append(time.process_time() - started_cpu)
            assert pdf[:5] == b"%PDF-"
    pipeline_s = statistics.median(timings["pipeline"])
    pipeline_cpu = statistics.median(cpu["pipeline"])
    ratio = pipeline_s / statistics.median(timings["weasyprint"])
    cpu_ratio = pipeline_cpu / statistics.median(cpu["weasyprint"])
    print(f"demo map: {partnership.name}, density level {density['level']}, {args.runs} runs each")
    print(f"load average now: {os.getloadavg()[0]:.1f} on {os.cpu_count()} CPUs")
    for name in timings:
        wall, used = timings[name], cpu[name]
        print(
            f"{name:<11} wall median {statistics.median(wall) * 1000:7.1f} ms "
            f"(min {min(wall) * 1000:6.1f})   cpu median {statistics.median(used) * 1000:7.1f} ms "
            f"(min {min(used) * 1000:6.1f})"
        )
    fast = pipeline_cpu < LIMIT_S
    print(f"one-page render: {pipeline_s:.3f} s wall, {pipeline_cpu:.3f} s cpu "
          f"(limit {LIMIT_S:.1f} s): {'ok' if fast else 'TOO SLOW'}")  # fmt: skip
    print(f"cpu ratio={cpu_ratio:.2f}; target ratio <= {MAX_RATIO}: "
          f"{'ok' if ratio <= MAX_RATIO else 'OVER'}")  # fmt: skip
    print(f"ratio={ratio:.2f}")
    return 0 if ratio <= MAX_RATIO and fast else 1


if __name__ == "__main__":
    sys.exit(main())
