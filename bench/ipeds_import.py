"""Benchmark: import a national-size IPEDS completions file, against a raw COPY of its cells.

    BENCH_DATABASE_URL=postgres://postgres@127.0.0.1:5432/sector_pathways_bench \
        .venv/bin/python bench/ipeds_import.py

No real C<year>_A file ships with the project, so the run first writes one, in NCES's
published layout and at national size, into a temporary folder (deterministic: a fixed
seed, so every run times the same bytes): C2023_A.zip holding c2023_a.csv, about 300,000
rows: UNITID, CIPCODE (quoted text), MAJORNUM, AWLEVEL and the 30 count columns, each after
its X-flag column, with the 2-digit, 4-digit and 99 roll-up rows and second majors as NCES
writes them. The file is deleted when the run ends.

On PostgreSQL, in the same run and alternately (best of BENCH_ROUNDS each):
  raw       opens the zip, reads the csv with the csv module and COPYs every cell, as text,
            into a bare table with no indexes: the floor for this file;
  importer  the real import (`occupations.services.import_job_create` / `import_job_run`):
            unzip, checksum, header search, per-row checks, roll-ups and second majors left
            out, COPY of the kept rows, the release row.
The importer also runs once in its own process, so its peak memory (ru_maxrss) is its own.
The last line is `ratio=N.NN` (importer time / raw time).
"""

from __future__ import annotations

import csv
import io
import json
import os
import random
import subprocess
import sys
import tempfile
import time
import zipfile
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))
from onet_import import DEFAULT_DB, ensure_database, peak_mb, setup_django  # noqa: E402

ROUNDS = int(os.environ.get("BENCH_ROUNDS", "3"))
TARGET_ROWS = int(os.environ.get("BENCH_IPEDS_ROWS", "300000"))
SEED = 20231

# The published count columns: total, then each race/ethnicity, each as total/men/women.
GROUPS = ["CTOTAL", "CAIAN", "CASIA", "CBKAA", "CHISP", "CNHPI", "CWHIT", "C2MOR", "CUNKN",
          "CNRAL"]  # fmt: skip
COUNTS = [f"{g}{s}" for g in GROUPS for s in "TMW"]
HEADER = ["UNITID", "CIPCODE", "MAJORNUM", "AWLEVEL"] + [
    name for count in COUNTS for name in (f"X{count}", count)
]
LEVELS = (1, 2, 3, 4, 5, 6, 7, 8, 17, 18, 19, 20, 21)
FLAGS = ("R", "R", "R", "R", "Z", "A")  # reported mostly; a zero, an imputed value


def _split(total: int, parts: int, rng: random.Random) -> list[int]:
    cuts = sorted(rng.randint(0, total) for _ in range(parts - 1))
    return [b - a for a, b in zip([0, *cuts], [*cuts, total], strict=True)]


def _line(unitid: int, cip: str, major: int, level: int, total: int, rng: random.Random) -> str:
    men = rng.randint(0, total)
    groups = _split(total, len(GROUPS) - 1, rng)
    values = [total, men, total - men]
    for count in groups:
        m = rng.randint(0, count)
        values += [count, m, count - m]
    cells = [str(unitid), f'"{cip}"', str(major), str(level)]
    for value in values:
        cells += [rng.choice(FLAGS) if value else "Z", str(value)]
    return ",".join(cells)


def write_completions(folder: Path, target: int = TARGET_ROWS) -> tuple[Path, int]:
    """C2023_A.zip in `folder`, about `target` rows in the published layout; (path, rows)."""
    rng = random.Random(SEED)
    series = [f"{s:02d}" for s in (1, 3, 9, 11, 12, 13, 14, 15, 19, 22, 23, 24, 26, 27, 30, 31,
                                   40, 42, 43, 44, 45, 46, 47, 48, 49, 50, 51, 52, 54)]  # fmt: skip
    lines = [",".join(HEADER)]
    unitid = 100000
    while len(lines) - 1 < target:
        unitid += rng.randint(1, 9)
        programs: dict[tuple[str, int], int] = {}
        for _ in range(rng.randint(3, 60)):
            cip = f"{rng.choice(series)}.{rng.randint(1, 99):02d}{rng.randint(1, 99):02d}"
            programs[(cip, rng.choice(LEVELS))] = rng.randint(0, 250)
        rows = [(cip, 1, level, n) for (cip, level), n in programs.items()]
        rollups: dict[tuple[str, int], int] = {}
        for (cip, level), n in programs.items():
            for code in (cip[:2], cip[:5], "99"):
                rollups[(code, level)] = rollups.get((code, level), 0) + n
        rows += [(code, 1, level, n) for (code, level), n in rollups.items()]
        rows += [(cip, 2, level, max(1, n // 10)) for (cip, level), n in programs.items()
                 if rng.random() < 0.05]  # fmt: skip
        rows.sort(key=lambda r: (r[0], r[1], r[2]))
        lines += [_line(unitid, cip, major, level, n, rng) for cip, major, level, n in rows]
    path = folder / "C2023_A.zip"
    with zipfile.ZipFile(path, "w", zipfile.ZIP_DEFLATED) as archive:
        archive.writestr("c2023_a.csv", "\r\n".join(lines) + "\r\n")
    return path, len(lines) - 1


def run_importer(path: Path) -> dict:
    """The real import; an earlier import of the same file is dropped first."""
    from occupations.models import DataRelease, Source
    from occupations.services import import_job_create, import_job_run, release_delete

    # The release's checksum is of the csv inside the zip: find the earlier one by its name.
    for old in DataRelease.objects.filter(source=Source.IPEDS_COMPLETIONS, file_name="c2023_a.csv"):
        release_delete(release=old)
    job = import_job_create(source=Source.IPEDS_COMPLETIONS, path=str(path), enqueue=False)
    started = time.perf_counter()
    job = import_job_run(job_id=job.pk)
    seconds = time.perf_counter() - started
    if job.status != "succeeded":
        raise SystemExit(f"import failed: {job.error}")
    return {"seconds": seconds, "rows": job.release.total_rows, "peak_mb": peak_mb()}


def raw_copy(path: Path) -> dict:
    """The csv out of the zip through the csv module, every cell COPYed as text."""
    from django.db import connection, transaction

    with connection.cursor() as cursor:
        cursor.execute("DROP SCHEMA IF EXISTS bench_ipeds CASCADE; CREATE SCHEMA bench_ipeds")
    started = time.perf_counter()
    rows = 0
    with (
        transaction.atomic(),
        connection.cursor() as cursor,
        zipfile.ZipFile(path) as archive,
        archive.open("c2023_a.csv") as handle,
    ):
        reader = csv.reader(io.TextIOWrapper(handle, encoding="utf-8", newline=""))
        header = next(reader)
        columns = ", ".join(f"c{i} text" for i in range(len(header)))
        cursor.execute(f"CREATE TABLE bench_ipeds.raw ({columns})")
        with cursor.cursor.copy("COPY bench_ipeds.raw FROM STDIN") as copy:
            for row in reader:
                copy.write_row(row)
                rows += 1
    seconds = time.perf_counter() - started
    with connection.cursor() as cursor:
        cursor.execute("DROP SCHEMA bench_ipeds CASCADE")
    return {"seconds": seconds, "rows": rows}


def main() -> None:
    if len(sys.argv) > 2 and sys.argv[1] == "--importer-only":
        setup_django(os.environ["DATABASE_URL"])
        print(json.dumps(run_importer(Path(sys.argv[2]))))
        return
    database_url = os.environ.get("BENCH_DATABASE_URL", DEFAULT_DB)
    if not database_url.startswith("postgres"):
        raise SystemExit(
            "the benchmark compares against COPY: BENCH_DATABASE_URL must be PostgreSQL"
        )
    ensure_database(database_url)
    with tempfile.TemporaryDirectory(prefix="bench-ipeds-") as tmp:
        started = time.perf_counter()
        path, written = write_completions(Path(tmp))
        made = time.perf_counter() - started
        size = path.stat().st_size / 1e6
        with zipfile.ZipFile(path) as archive:
            unzipped = archive.getinfo("c2023_a.csv").file_size / 1e6

        # The importer once in its own process, so the peak memory is the import's own.
        setup_django(database_url)  # migrate first, outside the child's timing
        out = subprocess.run(
            [sys.executable, __file__, "--importer-only", str(path)],
            env={**os.environ, "DATABASE_URL": database_url},
            capture_output=True, text=True, check=True,
        )  # fmt: skip
        alone = json.loads(out.stdout.strip().splitlines()[-1])

        raws, imports = [], []
        for _ in range(ROUNDS):
            raws.append(raw_copy(path))
            imports.append(run_importer(path))
    raw = min(raws, key=lambda r: r["seconds"])
    ours = min(imports, key=lambda r: r["seconds"])

    print(f"file: C2023_A.zip, {written:,} rows x {len(HEADER)} columns, {size:.1f} MB zipped, "
          f"{unzipped:.1f} MB csv (written in {made:.1f} s, seed {SEED})")  # fmt: skip
    each = ", ".join(
        f"{a['seconds']:.2f}/{b['seconds']:.2f}" for a, b in zip(raws, imports, strict=True)
    )
    print(f"best of {ROUNDS} alternating runs (raw/importer, s): {each}")
    print(f"raw unzip + csv + COPY of every cell (PostgreSQL, bare table): "
          f"{raw['rows']:,} rows in {raw['seconds']:.2f} s")  # fmt: skip
    print(f"importer (PostgreSQL): {ours['rows']:,} rows kept in {ours['seconds']:.2f} s")
    print(f"importer alone in its process: {alone['seconds']:.2f} s, "
          f"peak memory {alone['peak_mb']:.0f} MB")  # fmt: skip
    print(f"ratio={ours['seconds'] / raw['seconds']:.2f}")


if __name__ == "__main__":
    main()
