from __future__ import annotations

from django.core.management.base import CommandError

from occupations.management.commands._importing import ImportCommand
from occupations.models import OewsColumnProfile, Source


class Command(ImportCommand):
    help = (
        "Import a BLS OEWS flat file (xlsx, csv, or the BLS zip) as a new release; with "
        "--profile, a state's own layout read with the column mapping saved on the data page."
    )
    source = Source.OEWS

    def add_arguments(self, parser):
        super().add_arguments(parser)
        parser.add_argument(
            "--profile",
            default="",
            help="The publisher whose saved column mapping reads the file (state files).",
        )

    def handle(self, *args, **options):
        profile = None
        if options["profile"]:
            profile = OewsColumnProfile.objects.filter(publisher=options["profile"]).first()
            if profile is None:
                saved = ", ".join(OewsColumnProfile.objects.values_list("publisher", flat=True))
                raise CommandError(
                    f"No saved column mapping for {options['profile']!r}"
                    + (f" (saved: {saved})." if saved else "; map the file on the data page first.")
                )
            if not options["release"]:
                raise CommandError("Give the period of a state file with --release, e.g. May 2025.")
        self.run_import(self.source, options["location"], {**options, "profile": profile})
