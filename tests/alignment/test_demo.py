"""The demo's IPEDS part: the excerpts imported, the colleges matched, the years IPEDS has
and the college did not record added; the counts that differ stay for a person."""

from __future__ import annotations

from io import StringIO

from django.core.management import call_command

from inventory.alignment import ipeds
from inventory.alignment.models import ProgramCompleters, ProviderInstitution
from partnerships.models import Partnership


def test_the_demo_matches_its_colleges_and_adds_ipeds_years(db):
    call_command("load_demo", stdout=StringIO())
    out = StringIO()
    call_command("load_demo", stdout=out)  # safe to run again
    partnership = Partnership.objects.get(slug="front-range-manufacturing")
    matched = dict(
        ProviderInstitution.objects.filter(provider__partnership=partnership).values_list(
            "provider__organization__name", "unitid"
        )
    )
    assert matched == {
        "Red Rocks Valley Community College": 990101,
        "Mesa Ridge Technical College": 990102,
        "Poudre Valley State University": 990103,
    }
    aas = ProgramCompleters.objects.get(program__name="Machining Technology AAS", year=2022)
    assert (aas.completers, aas.source) == (17, "IPEDS C2022_A")
    kept = ProgramCompleters.objects.get(program__name="Machining Technology AAS", year=2023)
    assert kept.source == "College records"
    pull = ipeds.pull_plan(partnership)
    assert pull.plan.counts["create"] == 0 and pull.plan.counts["update"] > 0
    assert "0 years from IPEDS" in out.getvalue()
