from __future__ import annotations

from occupations.management.commands._importing import ImportCommand
from occupations.models import Source


class Command(ImportCommand):
    help = "Import an O*NET text release (zip or unpacked folder) as a new release."
    source = Source.ONET
