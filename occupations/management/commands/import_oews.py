from __future__ import annotations

from occupations.management.commands._importing import ImportCommand
from occupations.models import Source


class Command(ImportCommand):
    help = "Import a BLS OEWS flat file (xlsx, csv, or the BLS zip) as a new release."
    source = Source.OEWS
