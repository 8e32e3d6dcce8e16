from __future__ import annotations

from django.core.management.base import BaseCommand

from inventory import demo as inventory_demo
from inventory.alignment import demo as alignment_demo
from occupations import demo as occupations_demo
from occupations.competencies import demo as competencies_demo
from occupations.demo_step3 import load_step3
from partnerships import demo
from pathways.actionplan import demo as actionplan_demo
from pathways.devserver import browse_url
from pathways.maps import demo as maps_demo

# The project package composes the apps' demos, in the order the steps build on each other.


class Command(BaseCommand):
    help = (
        "Load the demo partnership: its people, the labor-market excerpts, a finished card "
        "sort, its program inventory, a published pathway map and an action plan. Safe to run again."
    )

    def add_arguments(self, parser):
        parser.add_argument(
            "--url",
            default="",
            help="The address the site is served on, printed with the demo logins.",
        )
        parser.add_argument(
            "--address",
            default="",
            help="runserver's address (a port, ip:port; `make run` passes HOST): the banner "
            "names the URL it serves.",
        )

    def handle(self, *args, **options):
        partnership = demo.load()
        self.stdout.write(f"Partnership: {partnership.name}")
        # Colorado's May 2025 wages come last, after the map is published from the older
        # national figures: the newer release is a change for the convener to review.
        occupations_demo.load(stdout=self.stdout, files=occupations_demo.BEFORE_NEWER_RELEASE)
        self.stdout.write(
            "Labor-market data: demo excerpts of O*NET, OEWS, projections, crosswalks"
        )
        load_step3(partnership, stdout=self.stdout)
        inventory_demo.load(partnership, stdout=self.stdout)
        demo.complete_step3(partnership)
        competencies_demo.load(partnership, stdout=self.stdout)
        alignment_demo.load(partnership, stdout=self.stdout)
        # The map is published after step 6, so it draws the demo's pathway programs; then
        # the newer release arrives and the release watch has a change to report.
        maps_demo.load(partnership, stdout=self.stdout)
        occupations_demo.load(stdout=self.stdout, files=[occupations_demo.NEWER_RELEASE])
        actionplan_demo.load(partnership, stdout=self.stdout)
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
        url = options["url"] or browse_url(options["address"])
        self.stdout.write(f"Open {url} and sign in.")
