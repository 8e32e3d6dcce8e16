"""A small world for step 6: two critical occupations, reference data for their openings
and the CIP-SOC crosswalk, and programs with completers."""

from __future__ import annotations

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.utils import timezone

from inventory.alignment import services
from inventory.alignment.models import CompletersImport
from inventory.models import Credential
from occupations.importers import onet as onet_importer
from occupations.models import (
    CipSocCrosswalk,
    CriticalOccupation,
    DataRelease,
    OewsEstimate,
    OnetTask,
    Projection,
    Source,
    Tier,
)
from partnerships.models import Membership
from tests.factories import AreaFactory
from tests.inventory.factories import CredentialFactory, ProgramFactory, ProviderFactory


def critical(partnership, soc_code: str, title: str, tier: str) -> CriticalOccupation:
    return CriticalOccupation.objects.create(
        partnership=partnership,
        soc_code=soc_code,
        onet_code=f"{soc_code}.00",
        title=title,
        tier=tier,
    )


def release(source: str, version: str) -> DataRelease:
    made = DataRelease.objects.create(
        source=source, version=version, checksum=f"{source}-{version}", file_name="x",
        imported_at=timezone.now(),
    )  # fmt: skip
    if source == Source.ONET:  # PostgreSQL keeps each O*NET release in its own partition
        onet_importer.release_partitions_create(made.pk)
    return made


def reference_data(rows: dict[str, dict]) -> None:
    """rows: soc -> {jobs, openings (thousands), base (thousands), education, cips}."""
    oews, projections, crosswalk = (
        release(Source.OEWS, "May 2024"),
        release(Source.PROJECTIONS, "2024-34"),
        release(Source.CIP_SOC, "CIP 2020-SOC 2018"),
    )
    onet = release(Source.ONET, "27.0")
    for n, statement in enumerate(["Set up machines", "Measure parts", "Program CNC"], start=1):
        OnetTask.objects.create(
            release=onet, line=n, onet_code="51-4041.00", task_id=100 + n, statement=statement,
            task_type="Core", date="08/2022", domain_source="Incumbent",
        )  # fmt: skip
    line = 0
    for soc, row in rows.items():
        line += 1
        OewsEstimate.objects.create(
            release=oews, line=line, area_code="19740", occ_code=soc, occ_title=soc,
            o_group="detailed", tot_emp=row["jobs"],
        )  # fmt: skip
        Projection.objects.create(
            release=projections, line=line, soc_code=soc, title=soc, base_year=2024,
            target_year=2034, employment_base=row["base"], annual_openings=row["openings"],
            typical_education=row["education"],
        )  # fmt: skip
        for cip in row["cips"]:
            line += 1
            CipSocCrosswalk.objects.create(
                release=crosswalk, line=line, cip_code=cip, cip_title=cip, soc_code=soc,
                soc_title=soc,
            )  # fmt: skip


@pytest.fixture
def world(partnership):
    """Welder (entry) and Machinist (mid). The region has 1,000 welders and 2,000 machinists;
    nationally openings are 10% of employment, so 100 and 200 openings a year. CIP 48.0508
    leads to welders; 48.0501 to machinists and welders."""
    AreaFactory(partnership=partnership)
    welder = critical(partnership, "51-4121", "Welder", Tier.ENTRY)
    machinist = critical(partnership, "51-4041", "Machinist", Tier.MID)
    reference_data(
        {
            "51-4121": dict(jobs=1000, openings=40.0, base=400.0,
                            education="High school diploma or equivalent", cips=["48.0508", "48.0501"]),
            "51-4041": dict(jobs=2000, openings=30.0, base=300.0,
                            education="High school diploma or equivalent", cips=["48.0501"]),
        }
    )  # fmt: skip
    college = ProviderFactory(partnership=partnership, organization__name="Red Rocks CC")
    tech = ProviderFactory(partnership=partnership, organization__name="Mesa Ridge TC")
    cert = CredentialFactory(partnership=partnership, name="Machining Certificate")
    welding = ProgramFactory(
        partnership=partnership, provider=college, name="Welding Certificate", cip_code="48.0508",
        completions_per_year=30,
    )  # fmt: skip
    machining = ProgramFactory(
        partnership=partnership, provider=college, name="Machining Certificate",
        cip_code="48.0501", completions_per_year=None, tuition=4000,
    )  # fmt: skip
    machining.credentials.add(cert)
    cnc = ProgramFactory(
        partnership=partnership, provider=tech, name="CNC Certificate", cip_code="48.0501",
        completions_per_year=60, tuition=5200,
    )  # fmt: skip
    cnc.credentials.add(cert)
    aas = ProgramFactory(
        partnership=partnership, provider=college, name="Machining AAS", cip_code="48.0501",
        completions_per_year=20,
    )  # fmt: skip
    aas.credentials.add(
        CredentialFactory(partnership=partnership, name="AAS", kind=Credential.Kind.ASSOCIATE)
    )
    return {
        "welder": welder, "machinist": machinist, "college": college, "tech": tech,
        "welding": welding, "machining": machining, "cnc": cnc, "aas": aas, "cert": cert,
    }  # fmt: skip


@pytest.fixture
def setting(world, partnership, convener, support_partner):
    membership = Membership.objects.get(user=support_partner, partnership=partnership)
    membership.organization = world["college"].organization
    membership.save()
    pathway = services.pathway_program_create(partnership=partnership, actor=convener, name="P1")
    step = services.pathway_step_add(pathway=pathway, actor=convener, program=world["welding"])
    upload = CompletersImport.objects.create(
        partnership=partnership, file_name="c.csv", uploaded_by=convener,
        file=SimpleUploadedFile("c.csv", f"ID,Year,Completers\n{world['welding'].pk},2024,3\n".encode()),
    )  # fmt: skip
    return {**world, "pathway": pathway, "step": step, "upload": upload}
