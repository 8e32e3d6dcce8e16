from __future__ import annotations

import zipfile
from pathlib import Path

from django.core.management.base import CommandError

from occupations.importers.ipeds import kind_of_header, kind_of_name
from occupations.management.commands._importing import ImportCommand
from occupations.models import Source


def _first_line(raw: bytes) -> str:
    return raw.split(b"\n", 1)[0].decode("cp1252", errors="replace")


def detect(location: str) -> str | None:
    """Completions or institutions: from the header of the csv (in its zip), else from the
    file name (C2023_A, HD2023)."""
    path = Path(location)
    if not location.startswith(("http://", "https://")) and path.is_file():
        if zipfile.is_zipfile(path):
            with zipfile.ZipFile(path) as archive:
                for name in archive.namelist():
                    if name.lower().endswith(".csv"):
                        with archive.open(name) as handle:
                            found = kind_of_header(_first_line(handle.read(8192)))
                        if found:
                            return found
        else:
            with open(path, "rb") as handle:
                found = kind_of_header(_first_line(handle.read(8192)))
            if found:
                return found
    return kind_of_name(location.rstrip("/").rsplit("/", 1)[-1])


class Command(ImportCommand):
    help = (
        "Import an NCES IPEDS file as a new release: the completions file C<year>_A or the "
        "institutions file HD<year> (the NCES zip or the csv inside), told apart by its columns."
    )

    def handle(self, *args, **options):
        source = detect(options["location"])
        if source is None:
            raise CommandError(
                f"{options['location']}: not an IPEDS completions file (columns UNITID, CIPCODE, "
                "MAJORNUM, AWLEVEL, CTOTALT) or institutions file (UNITID, INSTNM, STABBR)."
            )
        self.stdout.write(f"Reading it as {Source(source).label}.")
        self.run_import(source, options["location"], options)
