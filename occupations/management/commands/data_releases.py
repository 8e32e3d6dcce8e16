from __future__ import annotations

from django.core.management.base import BaseCommand
from django.utils import timezone

from occupations.selectors import current_release, releases_by_source


class Command(BaseCommand):
    help = "List imported labor-market data releases (* marks the current one per source)."

    def handle(self, *args, **options):
        groups = releases_by_source()
        if not any(releases for _, releases in groups):
            self.stdout.write("No releases imported yet.")
            return
        for source, releases in groups:
            current = current_release(source)
            for release in releases:
                mark = "*" if current and release.pk == current.pk else " "
                when = timezone.localtime(release.imported_at).strftime("%Y-%m-%d %H:%M")
                self.stdout.write(
                    f"{mark} #{release.pk:<4} {source:<12} {release.version:<16} "
                    f"{release.total_rows:>9,} rows  {when}  {release.file_name}"
                )
