"""Shared start-up for the pathway-map benchmarks: Django on a temporary SQLite database and
a temporary MEDIA_ROOT, with the whole demo loaded and its map published (PDFs rendered)."""

from __future__ import annotations

import os
import sys
import tempfile
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))


def setup_demo() -> dict:
    workdir = Path(tempfile.mkdtemp(prefix="bench-maps-"))
    env = {
        "DATABASE_URL": f"sqlite:///{workdir}/bench.sqlite3",
        "MEDIA_ROOT": str(workdir / "media"),
        "REDIS_URL": "",
        "LOG_LEVEL": "WARNING",
    }
    os.environ.update(env)
    os.environ["DEBUG"] = "1"  # plain static storage; DEBUG itself is switched off below
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "pathways.settings")
    import django

    django.setup()
    from django.conf import settings
    from django.core.management import call_command

    settings.DEBUG = False
    call_command("migrate", verbosity=0)

    from inventory import demo as inventory_demo
    from occupations import demo as occupations_demo
    from partnerships import demo as partnerships_demo
    from pathways.maps import demo as pathways_demo

    partnership = partnerships_demo.load()
    occupations_demo.load()
    inventory_demo.load(partnership)
    pathways_demo.load(partnership)  # tasks run in-process: the PDFs are in storage now
    return {"partnership": partnership, "workdir": workdir, "env": env}
