"""Shared start-up for the inventory benchmarks: Django on a database of their own.

Each run gets an empty database: a temporary SQLite file, or, when BENCH_DATABASE_URL names
a PostgreSQL database, a fresh `<name>_<pid>` database on the same server, dropped at exit.
"""

from __future__ import annotations

import atexit
import os
import sys
import tempfile
from pathlib import Path
from urllib.parse import urlsplit, urlunsplit

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))


def _temporary_postgres(url: str) -> str:
    import psycopg

    parts = urlsplit(url)
    name = f"{parts.path.lstrip('/') or 'sp_inventory_bench'}_{os.getpid()}"
    admin = urlunsplit(parts._replace(path="/postgres"))
    with psycopg.connect(admin, autocommit=True) as conn:
        conn.execute(f'CREATE DATABASE "{name}"')

    def drop() -> None:
        from django.db import connections

        connections.close_all()
        with psycopg.connect(admin, autocommit=True) as conn:
            conn.execute(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')

    atexit.register(drop)
    return urlunsplit(parts._replace(path=f"/{name}"))


def setup_django() -> None:
    url = os.environ.get("BENCH_DATABASE_URL") or ""
    if url.startswith("postgres"):
        os.environ["DATABASE_URL"] = _temporary_postgres(url)
    else:
        workdir = tempfile.mkdtemp(prefix="bench-inventory-")
        os.environ["DATABASE_URL"] = f"sqlite:///{workdir}/bench.sqlite3"
    os.environ["DEBUG"] = "1"  # plain static storage; DEBUG itself is switched off below
    os.environ["LOG_LEVEL"] = "WARNING"
    os.environ["REDIS_URL"] = ""
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "pathways.settings")
    import django

    django.setup()
    from django.conf import settings
    from django.core.management import call_command

    settings.DEBUG = False  # no query logging, as in production
    settings.ALLOWED_HOSTS = ["testserver"]
    settings.PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]
    call_command("migrate", verbosity=0)
