"""Benchmark: import the full O*NET text release, against a raw COPY of the same rows.

    DATABASE_URL=postgres://postgres@127.0.0.1:5432/sector_pathways_bench \
        .venv/bin/python bench/onet_import.py [/path/to/db_27_0_text]

On PostgreSQL it (1) COPYs every file the importer reads, as published, into bare tables
with the same column types and no indexes (what `psql \\copy` does), then (2) runs the real
importer (`occupations.services.import_job_run`) on the same folder, in the same run. It also
times the importer on a fresh SQLite database (a subprocess) and reports each process's peak
memory. The last line is `ratio=N.NN` (importer time / raw COPY time on PostgreSQL).
The benchmark database is created and migrated when missing; its O*NET release is dropped
before each run, so runs repeat.
"""

from __future__ import annotations

import json
import os
import resource
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
# The shared data sits beside the repository (`../shared`, as in CI), wherever it is cloned.
SHARED_DATA = ROOT.parent / "shared" / "data"
DEFAULT_RELEASE = SHARED_DATA / "onet" / "db_27_0_text"
DEFAULT_DB = "postgres://postgres@127.0.0.1:5432/sector_pathways_bench"
ROUNDS = int(os.environ.get("BENCH_ROUNDS", "3"))
sys.path.insert(0, str(ROOT))


def peak_mb() -> float:
    return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024


def setup_django(database_url: str) -> None:
    os.environ["DATABASE_URL"] = database_url
    os.environ.setdefault("DEBUG", "0")
    os.environ.setdefault("SECRET_KEY", "benchmark-only")
    os.environ["LOG_LEVEL"] = "WARNING"
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "pathways.settings")
    import django

    django.setup()
    from django.core.management import call_command

    call_command("migrate", verbosity=0)


def ensure_database(database_url: str) -> None:
    """The benchmark's PostgreSQL database, made if it is not there yet."""
    import psycopg

    base, name = database_url.rsplit("/", 1)
    with psycopg.connect(f"{base}/postgres", autocommit=True) as admin:
        if not admin.execute("SELECT 1 FROM pg_database WHERE datname = %s", [name]).fetchone():
            admin.execute(f'CREATE DATABASE "{name}"')


def run_importer(release_dir: Path) -> dict:
    """Time the real importer; drop an earlier copy of the same release first."""
    from occupations.models import DataRelease, Source
    from occupations.services import (
        file_checksum,
        import_job_create,
        import_job_run,
        release_delete,
    )

    for old in DataRelease.objects.filter(source=Source.ONET, checksum=file_checksum(release_dir)):
        release_delete(release=old)
    job = import_job_create(source=Source.ONET, path=str(release_dir), enqueue=False)
    started = time.perf_counter()
    job = import_job_run(job_id=job.pk)
    seconds = time.perf_counter() - started
    if job.status != "succeeded":
        raise SystemExit(f"import failed: {job.error}")
    return {"seconds": seconds, "rows": job.release.total_rows, "peak_mb": peak_mb()}


def raw_copy(release_dir: Path) -> dict:
    """COPY each file as published (header skipped, `n/a` as NULL) into bare typed tables."""
    from django.db import connection, transaction

    from occupations.importers.onet import FILES

    types = {"text": "text", "code": "varchar(10)", "related": "varchar(10)",
             "int": "integer", "num": "double precision", "flag": "boolean"}  # fmt: skip
    rows = 0
    with connection.cursor() as cursor:
        cursor.execute("DROP SCHEMA IF EXISTS bench_raw CASCADE; CREATE SCHEMA bench_raw")
    started = time.perf_counter()
    with transaction.atomic(), connection.cursor() as cursor:
        for number, spec in enumerate(FILES):
            path = release_dir / spec.name
            if not path.exists():
                continue
            with open(path, encoding="utf-8") as handle:
                header = handle.readline().rstrip("\n").split("\t")
            kinds = {c.header: c.kind for c in spec.columns}
            columns = ", ".join(f"c{i} {types[kinds.get(h, 'text')]}" for i, h in enumerate(header))
            table = f"bench_raw.t{number}"
            cursor.execute(f"CREATE TABLE {table} ({columns})")
            sql = f"COPY {table} FROM STDIN WITH (FORMAT text, NULL 'n/a', HEADER true)"
            with cursor.cursor.copy(sql) as copy, open(path, "rb") as data:
                while chunk := data.read(1 << 20):
                    copy.write(chunk)
            cursor.execute(f"SELECT count(*) FROM {table}")
            rows += cursor.fetchone()[0]
    seconds = time.perf_counter() - started
    with connection.cursor() as cursor:
        cursor.execute("DROP SCHEMA bench_raw CASCADE")
    return {"seconds": seconds, "rows": rows}


def main() -> None:
    if len(sys.argv) > 2 and sys.argv[1] == "--importer-only":
        setup_django(os.environ["DATABASE_URL"])
        print(json.dumps(run_importer(Path(sys.argv[2]))))
        return
    release_dir = Path(sys.argv[1]) if len(sys.argv) > 1 else DEFAULT_RELEASE
    if not release_dir.is_dir():
        raise SystemExit(f"no O*NET text release at {release_dir}")
    database_url = os.environ.get("BENCH_DATABASE_URL", DEFAULT_DB)
    if not database_url.startswith("postgres"):
        raise SystemExit(
            "the benchmark compares against COPY: BENCH_DATABASE_URL must be PostgreSQL"
        )
    ensure_database(database_url)

    # SQLite first, in its own process (its own peak memory).
    with tempfile.TemporaryDirectory() as tmp:
        env = {**os.environ, "DATABASE_URL": f"sqlite:///{tmp}/bench.sqlite3"}
        out = subprocess.run(
            [sys.executable, __file__, "--importer-only", str(release_dir)],
            env=env, capture_output=True, text=True, check=True,
        )  # fmt: skip
        sqlite = json.loads(out.stdout.strip().splitlines()[-1])

    # PostgreSQL importer in its own process once, so its peak memory is its own.
    out = subprocess.run(
        [sys.executable, __file__, "--importer-only", str(release_dir)],
        env={**os.environ, "DATABASE_URL": database_url}, capture_output=True, text=True, check=True,
    )  # fmt: skip
    peak = json.loads(out.stdout.strip().splitlines()[-1])["peak_mb"]
    # Then both sides alternately, ROUNDS times each, in this process; the best of each
    # counts, so a busy machine does not favour either side.
    setup_django(database_url)
    raws, imports = [], []
    for _ in range(ROUNDS):
        raws.append(raw_copy(release_dir))
        imports.append(run_importer(release_dir))
    raw = min(raws, key=lambda r: r["seconds"])
    ours = {**min(imports, key=lambda r: r["seconds"]), "peak_mb": peak}

    print(f"release: {release_dir}")
    each = ", ".join(
        f"{a['seconds']:.2f}/{b['seconds']:.2f}" for a, b in zip(raws, imports, strict=True)
    )
    print(f"best of {ROUNDS} alternating runs (raw/importer, s): {each}")
    print(f"raw COPY (PostgreSQL, bare tables): {raw['rows']:,} rows in {raw['seconds']:.2f} s")
    print(f"importer (PostgreSQL): {ours['rows']:,} rows in {ours['seconds']:.2f} s, "
          f"peak memory {ours['peak_mb']:.0f} MB")  # fmt: skip
    print(f"importer (SQLite): {sqlite['rows']:,} rows in {sqlite['seconds']:.2f} s, "
          f"peak memory {sqlite['peak_mb']:.0f} MB")  # fmt: skip
    print(f"ratio={ours['seconds'] / raw['seconds']:.2f}")


if __name__ == "__main__":
    main()
