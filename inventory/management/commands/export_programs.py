from __future__ import annotations

from pathlib import Path

from django.core.management.base import BaseCommand, CommandError
from django.template.defaultfilters import pluralize

from inventory import exports
from inventory.models import Program
from partnerships.models import Partnership


class Command(BaseCommand):
    help = "Write a partnership's program inventory to an .xlsx or .csv file (by its extension)."

    def add_arguments(self, parser):
        parser.add_argument("slug", help="The partnership's slug, as in its web address.")
        parser.add_argument("file", type=Path)

    def handle(self, *args, slug: str, file: Path, **options):
        partnership = Partnership.objects.filter(slug=slug).first()
        if partnership is None:
            raise CommandError(f"No partnership with the slug “{slug}”.")
        fmt = file.suffix.lower().lstrip(".")
        if fmt not in exports.CONTENT_TYPES:
            raise CommandError("Name the file .xlsx or .csv.")
        programs = Program.objects.for_inventory(partnership).order_by(
            "provider__organization__name", "name", "pk"
        )
        file.write_bytes(exports.export_programs(programs, fmt))
        count = programs.count()
        self.stdout.write(f"Wrote {count} program{pluralize(count)} to {file}.")
