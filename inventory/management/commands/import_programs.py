from __future__ import annotations

from pathlib import Path

from django.core.management.base import BaseCommand, CommandError
from django.template.defaultfilters import pluralize

from inventory import services
from inventory.importers.sheets import plan_import
from inventory.models import ProgramImport
from partnerships.models import Partnership


class Command(BaseCommand):
    help = (
        "Import programs into a partnership's inventory from an .xlsx or .csv file (our "
        "template or an export), or a state eligible-training-provider list with --etpl. "
        "All or nothing: any row with a problem stops the whole import."
    )

    def add_arguments(self, parser):
        parser.add_argument("slug", help="The partnership's slug, as in its web address.")
        parser.add_argument("file", type=Path)
        parser.add_argument(
            "--dry-run", action="store_true", help="Show what would change; write nothing."
        )
        parser.add_argument(
            "--etpl", action="store_true", help="The file is an eligible training provider list."
        )

    def handle(self, *args, slug: str, file: Path, dry_run: bool, etpl: bool, **options):
        partnership = Partnership.objects.filter(slug=slug).first()
        if partnership is None:
            raise CommandError(f"No partnership with the slug “{slug}”.")
        if not file.is_file():
            raise CommandError(f"{file}: no such file.")
        layout = ProgramImport.Layout.ETPL if etpl else ProgramImport.Layout.INVENTORY
        plan = plan_import(
            partnership=partnership, data=file.read_bytes(), file_name=file.name, layout=layout
        )
        for problem in plan.problems:
            self.stderr.write(problem)
        for row in plan.error_rows:
            self.stderr.write(f"Row {row.number}: {' '.join(row.problems)}")
        if not plan.ok:
            raise CommandError(f"{file.name}: nothing was imported; fix the problems above.")
        counts = plan.counts
        self.stdout.write(
            f"{file.name}: {counts['create']} to add, {counts['update']} to update, "
            f"{counts['unchanged']} unchanged, {len(plan.new_providers)} new provider{pluralize(len(plan.new_providers))}, "
            f"{len(plan.new_credentials)} new credential{pluralize(len(plan.new_credentials))}."
        )
        if options["verbosity"] > 1:
            for row in plan.rows:
                if row.action == "update":
                    changes = "; ".join(f"{f}: {a!r} -> {b!r}" for f, a, b in row.changes)
                    self.stdout.write(f"  row {row.number} {row.row.name}: {changes}")
        if dry_run:
            self.stdout.write("Dry run: nothing was written.")
            return
        summary = services.program_import_apply(plan=plan, actor=None)
        self.stdout.write(
            self.style.SUCCESS(
                f"Imported: {summary['created']} added, {summary['updated']} updated, "
                f"{summary['unchanged']} unchanged."
            )
        )
