"""Benchmark: import a BLS OEWS workbook, against reading it and a raw COPY of its cells.

    BENCH_DATABASE_URL=postgres://postgres@127.0.0.1:5432/sector_pathways_bench \
        .venv/bin/python bench/oews_import.py [/path/to/national_M2023_dl.xlsx]

On PostgreSQL, in the same run and alternately (best of BENCH_ROUNDS each):
  raw       reads the data sheet with openpyxl (read-only, as the importer does) and COPYs
            every cell, as text, into a bare table with no indexes: the floor for this file;
  importer  the real import (`occupations.services.import_job_run`): header search, per-cell
            parsing, markers, the per-column checks before COPY, the release row;
  checks    the per-column checks alone (loader.checked_rows: length, whole-number range,
            NULL, finite numbers), timed over the importer's own rows gathered first, so
            their share of the import is measured, not inferred from two noisy totals.
The last line is `ratio=N.NN` (importer time / raw time). The database is created and
migrated when missing; the file's earlier release is dropped before each import.
"""

from __future__ import annotations

import os
import sys
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))
from onet_import import DEFAULT_DB, SHARED_DATA, ensure_database, setup_django  # noqa: E402

DEFAULT_FILE = SHARED_DATA / "oews" / "national_M2023_dl.xlsx"
ROUNDS = int(os.environ.get("BENCH_ROUNDS", "3"))


def run_importer(path: Path, *, time_checks: bool = False) -> dict:
    """The real import; with `time_checks`, its rows are gathered before the per-column
    checks so the checks can be timed on their own (`checks_seconds`)."""
    from occupations.importers import loader
    from occupations.models import DataRelease, Source
    from occupations.services import (
        file_checksum,
        import_job_create,
        import_job_run,
        release_delete,
    )

    for old in DataRelease.objects.filter(source=Source.OEWS, checksum=file_checksum(path)):
        release_delete(release=old)
    job = import_job_create(source=Source.OEWS, path=str(path), enqueue=False)
    original = loader.checked_rows
    spent = [0.0]

    def timed(model, fields, rows, **kwargs):
        rows = list(rows)  # parsing happens here, outside the timer
        started = time.perf_counter()
        checked = list(original(model, fields, rows, **kwargs))
        spent[0] += time.perf_counter() - started
        return checked

    if time_checks:
        loader.checked_rows = timed
    try:
        started = time.perf_counter()
        job = import_job_run(job_id=job.pk)
        seconds = time.perf_counter() - started
    finally:
        loader.checked_rows = original
    if job.status != "succeeded":
        raise SystemExit(f"import failed: {job.error}")
    return {"seconds": seconds, "rows": job.release.total_rows, "checks_seconds": spent[0]}


def raw_copy(path: Path, sheet: str) -> dict:
    """openpyxl over the data sheet, every cell COPYed as text into a bare table."""
    import openpyxl
    from django.db import connection, transaction

    with connection.cursor() as cursor:
        cursor.execute("DROP SCHEMA IF EXISTS bench_oews CASCADE; CREATE SCHEMA bench_oews")
    started = time.perf_counter()
    rows = 0
    with transaction.atomic(), connection.cursor() as cursor:
        workbook = openpyxl.load_workbook(path, read_only=True, data_only=True)
        try:
            cells = workbook[sheet].iter_rows(values_only=True)
            header = next(cells)
            columns = ", ".join(f"c{i} text" for i in range(len(header)))
            cursor.execute(f"CREATE TABLE bench_oews.raw ({columns})")
            with cursor.cursor.copy("COPY bench_oews.raw FROM STDIN") as copy:
                for row in cells:
                    copy.write_row([None if c is None else str(c) for c in row])
                    rows += 1
        finally:
            workbook.close()
    seconds = time.perf_counter() - started
    with connection.cursor() as cursor:
        cursor.execute("DROP SCHEMA bench_oews CASCADE")
    return {"seconds": seconds, "rows": rows}


def main() -> None:
    path = Path(sys.argv[1]) if len(sys.argv) > 1 else DEFAULT_FILE
    if not path.is_file():
        raise SystemExit(f"no OEWS file at {path}")
    database_url = os.environ.get("BENCH_DATABASE_URL", DEFAULT_DB)
    if not database_url.startswith("postgres"):
        raise SystemExit(
            "the benchmark compares against COPY: BENCH_DATABASE_URL must be PostgreSQL"
        )
    ensure_database(database_url)
    setup_django(database_url)

    from occupations.importers.base import find_data
    from occupations.importers.oews import LAYOUT

    table = find_data(path, display_name=path.name, layout=LAYOUT)
    sheet = table.sheet
    table.close()

    raws, imports, timed = [], [], []
    for _ in range(ROUNDS):
        raws.append(raw_copy(path, sheet))
        imports.append(run_importer(path))
        timed.append(run_importer(path, time_checks=True))
    raw = min(raws, key=lambda r: r["seconds"])
    ours = min(imports, key=lambda r: r["seconds"])
    checks = min(t["checks_seconds"] for t in timed)

    print(f"file: {path} (sheet {sheet!r})")
    each = ", ".join(
        f"{a['seconds']:.2f}/{b['seconds']:.2f}" for a, b in zip(raws, imports, strict=True)
    )
    print(f"best of {ROUNDS} alternating runs (raw/importer, s): {each}")
    print(
        f"raw read + COPY (PostgreSQL, bare table): {raw['rows']:,} rows in {raw['seconds']:.2f} s"
    )
    print(f"importer (PostgreSQL): {ours['rows']:,} rows in {ours['seconds']:.2f} s")
    print(f"per-column checks alone: {1000 * checks:.1f} ms "
          f"({100 * checks / ours['seconds']:.1f}% of the import)")  # fmt: skip
    print(f"ratio={ours['seconds'] / raw['seconds']:.2f}")


if __name__ == "__main__":
    main()
