from __future__ import annotations

from occupations.management.commands._importing import ImportCommand
from occupations.models import Source


class Command(ImportCommand):
    help = "Import the BLS Employment Projections occupation table (occupation.xlsx or the csv export) as a new release."
    source = Source.PROJECTIONS
