"""Load the demo excerpts through the real importers: real BLS, O*NET and NCES crosswalk
data (a few dozen occupations, Colorado areas), and IPEDS files constructed in NCES's layout
for the demo's invented colleges (demo_data/README.md says how). Idempotent: a file already imported (same checksum) changes
nothing. Called by `manage.py load_demo`."""

from __future__ import annotations

from pathlib import Path
from typing import TextIO

from occupations.models import ImportJob, Source
from occupations.services import import_job_create, import_job_run

DEMO_DATA = Path(__file__).resolve().parent / "demo_data"
DEMO_FILES: list[tuple[str, str]] = [
    (Source.SOC, "soc_structure_2018_excerpt.xlsx"),
    (Source.ONET_SOC, "2019_to_SOC_Crosswalk_excerpt.xlsx"),
    (Source.CIP_SOC, "CIP2020_SOC2018_Crosswalk_excerpt.csv"),
    (Source.ONET, "onet_27_0_excerpt"),
    (Source.OEWS, "oews_national_M2023_excerpt.xlsx"),
    (Source.OEWS, "oews_colorado_M2025_excerpt.xlsx"),
    (Source.PROJECTIONS, "ep_occupation_2024-34_excerpt.xlsx"),
    (Source.IPEDS_INSTITUTIONS, "HD2023_excerpt.zip"),
    (Source.IPEDS_COMPLETIONS, "C2022_A_excerpt.csv"),
    (Source.IPEDS_COMPLETIONS, "C2023_A_excerpt.zip"),
]
# The newest release of the excerpts. `load_demo` imports it last, after the demo map is
# published from the older national figures, so the release watch (step 8) has a real
# change to show: the figures Colorado's May 2025 estimates add to and change on the map.
NEWER_RELEASE = (Source.OEWS, "oews_colorado_M2025_excerpt.xlsx")
BEFORE_NEWER_RELEASE = [f for f in DEMO_FILES if f != NEWER_RELEASE]


def load(stdout: TextIO | None = None, files: list[tuple[str, str]] | None = None) -> None:
    for source, name in DEMO_FILES if files is None else files:
        job = import_job_create(source=source, path=str(DEMO_DATA / name), enqueue=False)
        job = import_job_run(job_id=job.pk)
        if job.status == ImportJob.Status.FAILED:
            raise RuntimeError(f"demo data {name}: {job.error}")
        if stdout is not None:
            release = job.release
            verb = "already loaded" if job.status == ImportJob.Status.UNCHANGED else "loaded"
            stdout.write(f"{release} {verb} ({release.total_rows:,} rows)\n")
