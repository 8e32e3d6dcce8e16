from __future__ import annotations

from pathlib import Path

import pytest
from django.core.management import CommandError, call_command

from inventory import demo, services
from inventory.importers.sheets import plan_import
from inventory.models import Program, ProgramImport, Provider
from partnerships import demo as partnership_demo

SAMPLE = Path(demo.__file__).parent / "demo" / "etpl_sample.csv"


@pytest.fixture
def demo_partnership(db):
    partnership = partnership_demo.load()
    demo.load(partnership)
    return partnership


def _etpl_plan(partnership):
    return plan_import(
        partnership=partnership,
        data=SAMPLE.read_bytes(),
        file_name=SAMPLE.name,
        layout=ProgramImport.Layout.ETPL,
    )


def test_etpl_sample_matches_existing_programs_and_adds_new_providers(demo_partnership):
    plan = _etpl_plan(demo_partnership)
    assert plan.ok, [(r.number, r.problems) for r in plan.error_rows]
    assert {name for name, _ in plan.new_providers.values()} == {
        "Centennial Welding Academy",
        "Peak Quality Training Institute",
        "Rocky Mountain Robotics Institute",
    }
    assert plan.counts["create"] == 5
    updates = {r.row.name: r.changes for r in plan.rows if r.action == "update"}
    assert ["completions per year", "36", "38"] in updates["CNC Machining Certificate"]
    services.program_import_apply(plan=plan, actor=None)
    robotics = Program.objects.get(name="Industrial Robotics Technician")
    assert robotics.status == Program.Status.PROPOSED
    assert robotics.provider.kind == "other"
    welding = Program.objects.get(name="Combination Welder Program")
    assert welding.placement_rate == 81.5 and welding.placement_year == 2025
    assert welding.placement_source.startswith("State ETPL")
    assert welding.program_type == "non_credit"
    apprenticeship = Program.objects.get(name="Registered Apprenticeship: CNC Machinist")
    # The list's one credential is added; the program keeps the others it awards.
    assert apprenticeship.credentials.count() == 2
    assert _etpl_plan(demo_partnership).counts["update"] == 0


def test_etpl_needs_its_key_columns(partnership):
    plan = plan_import(
        partnership=partnership,
        data=b"Provider,Course\nA,B\n",
        file_name="list.csv",
        layout=ProgramImport.Layout.ETPL,
    )
    assert "“Program Name” is missing" in plan.problems[0]


def test_import_and_export_commands(demo_partnership, tmp_path):
    out = tmp_path / "inventory.xlsx"
    call_command("export_programs", demo_partnership.slug, str(out))
    count = Program.objects.count()
    call_command("import_programs", demo_partnership.slug, str(out))
    assert Program.objects.count() == count
    call_command("import_programs", demo_partnership.slug, str(SAMPLE), "--etpl", "--dry-run")
    assert Program.objects.count() == count
    assert not Provider.objects.filter(organization__name="Centennial Welding Academy").exists()
    call_command("import_programs", demo_partnership.slug, str(SAMPLE), "--etpl")
    assert Program.objects.count() == count + 5


def test_import_command_refuses_a_bad_file(partnership, tmp_path):
    bad = tmp_path / "bad.csv"
    bad.write_text("Provider,Program,Program type\nNowhere,Thing,credit\n")
    with pytest.raises(CommandError, match="nothing was imported"):
        call_command("import_programs", partnership.slug, str(bad))
    with pytest.raises(CommandError, match="No partnership"):
        call_command("import_programs", "nope", str(bad))
