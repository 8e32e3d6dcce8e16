from __future__ import annotations

import io

from inventory import demo, selectors
from inventory.models import (
    Credential,
    Linkage,
    Program,
    ProgramChange,
    ProgramOccupation,
    ProgramType,
    Provider,
)
from partnerships import demo as partnership_demo


def _counts():
    return [
        m.objects.count()
        for m in (Provider, Program, Credential, Linkage, ProgramOccupation, ProgramChange)
    ]


def test_demo_inventory_covers_every_type_and_is_idempotent(db):
    partnership = partnership_demo.load()
    out = io.StringIO()
    demo.load(partnership, stdout=out)
    assert "Program inventory:" in out.getvalue()
    programs = Program.objects.filter(partnership=partnership)
    assert set(programs.values_list("program_type", flat=True)) == set(ProgramType.values)
    assert set(Credential.objects.values_list("kind", flat=True)) == set(Credential.Kind.values)
    assert set(Linkage.objects.values_list("kind", flat=True)) == set(Linkage.Kind.values)
    assert Linkage.objects.exclude(agreement="").count() == 1
    assert selectors.providers_off_the_team(partnership)
    before = _counts()
    demo.load(partnership)
    assert _counts() == before
