from __future__ import annotations

import importlib.util

from django.core.management.base import BaseCommand

from partnerships import demo


class Command(BaseCommand):
    help = "Load the demo partnership, its people and the reference-data excerpts (safe to re-run)."

    def handle(self, *args, **options):
        partnership = demo.load()
        if importlib.util.find_spec("occupations.demo"):
            from occupations import demo as occupations_demo

            occupations_demo.load(stdout=self.stdout)
        self.stdout.write(self.style.SUCCESS(f"Demo partnership ready: {partnership.name}"))
        self.stdout.write("")
        self.stdout.write(f"Demo logins (demo only; password for all: {demo.DEMO_PASSWORD})")
        for username, role in [
            ("convener", "convener"),
            ("champion", "industry champion"),
            ("partner", "support partner"),
            ("counselor", "counselor"),
            ("admin", "site staff (data imports, Django admin)"),
        ]:
            self.stdout.write(f"  {username:<10} {role}")
        self.stdout.write("")
        self.stdout.write("Open http://127.0.0.1:8000/ and sign in.")
