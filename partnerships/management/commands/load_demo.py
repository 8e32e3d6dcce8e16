from __future__ import annotations

from django.core.management.base import BaseCommand

from inventory import demo as inventory_demo
from occupations import demo as occupations_demo
from partnerships import demo


class Command(BaseCommand):
    help = (
        "Load the demo partnership with its people, the labor-market excerpts and its program "
        "inventory. Safe to run again: nothing is duplicated."
    )

    def handle(self, *args, **options):
        partnership = demo.load()
        self.stdout.write(f"Partnership: {partnership.name}")
        occupations_demo.load(stdout=self.stdout)
        self.stdout.write(
            "Labor-market data: demo excerpts of O*NET, OEWS, projections, crosswalks"
        )
        inventory_demo.load(partnership, stdout=self.stdout)
        self.stdout.write(self.style.SUCCESS("Demo ready."))
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
