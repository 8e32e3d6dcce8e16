from __future__ import annotations

from occupations.management.commands._importing import ImportCommand
from occupations.models import Source

KINDS = {"soc": Source.SOC, "onet-soc": Source.ONET_SOC, "cip-soc": Source.CIP_SOC}


class Command(ImportCommand):
    help = (
        "Import a crosswalk as a new release: soc (SOC 2018 structure), onet-soc "
        "(O*NET-SOC 2019 to SOC 2018) or cip-soc (CIP 2020 to SOC 2018)."
    )

    def add_arguments(self, parser):
        parser.add_argument("kind", choices=sorted(KINDS))
        super().add_arguments(parser)

    def handle(self, *args, **options):
        self.run_import(KINDS[options["kind"]], options["location"], options)
