"""CIP to SOC suggestions from the real crosswalk importer, and the coverage views."""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

import pytest
from django.urls import reverse

from inventory import crosswalk, selectors, services
from inventory.models import ProgramType

CIP_SOC_EXCERPT = (
    Path(__file__).resolve().parents[2]
    / "occupations"
    / "demo_data"
    / "CIP2020_SOC2018_Crosswalk_excerpt.csv"
)


@pytest.fixture
def crosswalk_loaded(db):
    occupation_services = pytest.importorskip("occupations.services")
    from occupations.models import ImportJob, Source

    job = occupation_services.import_job_create(
        source=Source.CIP_SOC, path=str(CIP_SOC_EXCERPT), enqueue=False
    )
    job = occupation_services.import_job_run(job_id=job.pk)
    assert job.status == ImportJob.Status.SUCCEEDED, job.error


def test_suggestions_come_from_the_imported_crosswalk(
    crosswalk_loaded, partnership, provider, convener
):
    assert crosswalk.crosswalk_loaded()
    program = services.program_create(
        partnership=partnership,
        actor=convener,
        provider=provider,
        name="CNC Machining Certificate",
        program_type=ProgramType.CREDIT,
        cip_code="48.0510",
    )
    suggested = {o.soc_code: o for o in program.occupations.all()}
    assert set(suggested) == {"51-9161", "51-9162"}
    assert all(o.suggested and not o.confirmed for o in suggested.values())
    # Suggestions don't count until a person confirms them.
    assert not selectors.step4_criteria(partnership)[0].met


def test_program_page_says_when_the_crosswalk_is_missing(client, partnership, program, convener):
    client.force_login(convener)
    page = client.get(reverse("inventory:program_detail", args=[partnership.slug, program.pk]))
    assert b"once the CIP to SOC crosswalk is imported" in page.content
    response = client.post(
        reverse("inventory:occupations_suggest", args=[partnership.slug, program.pk]), follow=True
    )
    assert b"isn&#x27;t imported yet" in response.content


# --- coverage, with a stand-in for step 3's critical occupations -------------------------


@dataclass
class FakeCritical:
    soc_code: str
    title: str
    tier: str
    order: int = 0


class FakeManager:
    def __init__(self, rows):
        self.rows = rows

    def filter(self, **kwargs):
        return self

    def order_by(self, *fields):
        return self.rows


class FakeTierField:
    choices = [("entry", "Entry"), ("mid", "Mid"), ("advanced", "Advanced")]


class FakeMeta:
    def get_field(self, name):
        return FakeTierField()


def _fake_model(rows):
    return type("CriticalOccupation", (), {"objects": FakeManager(rows), "_meta": FakeMeta()})


def test_coverage_by_occupation_and_tier(monkeypatch, partnership, program, convener):
    from tests.inventory.factories import ProgramFactory

    welding = ProgramFactory(partnership=partnership, name="Welding Certificate")
    services.program_occupation_add(program=program, actor=convener, soc_code="51-4041")
    services.program_occupation_add(program=welding, actor=convener, soc_code="51-4121")
    # A suggestion nobody confirmed does not count.
    welding.occupations.create(soc_code="17-2141", title="Mechanical Engineers", suggested=True)
    rows = [
        FakeCritical("51-4041", "Machinists", "entry"),
        FakeCritical("51-4121", "Welders", "entry"),
        FakeCritical("17-2141", "Mechanical Engineers", "advanced"),
    ]
    monkeypatch.setattr(selectors, "_critical_occupation_model", lambda: _fake_model(rows))
    coverage = selectors.coverage_for(partnership)
    assert coverage["available"]
    assert [(r.soc_code, [p.name for p in r.programs]) for r in coverage["occupations"]] == [
        ("51-4041", ["Machining Technology AAS"]),
        ("51-4121", ["Welding Certificate"]),
        ("17-2141", []),
    ]
    tiers = {t["tier"]: t for t in coverage["tiers"]}
    assert tiers["entry"]["program_count"] == 2
    assert [r.soc_code for r in tiers["advanced"]["uncovered"]] == ["17-2141"]
    assert [r.soc_code for r in coverage["uncovered"]] == ["17-2141"]
    criteria = selectors.step4_criteria(partnership)
    assert criteria[0].label == "Programs recorded for every critical occupation"
    assert not criteria[0].met and "17-2141" in criteria[0].detail


def test_coverage_page_lists_uncovered_occupations(
    monkeypatch, client, partnership, program, counselor
):
    rows = [FakeCritical("51-4041", "Machinists", "entry")]
    monkeypatch.setattr(selectors, "_critical_occupation_model", lambda: _fake_model(rows))
    client.force_login(counselor)
    page = client.get(reverse("inventory:coverage", args=[partnership.slug]))
    content = page.content.decode()
    assert "No program prepares for:" in content and "51-4041 Machinists" in content
    # Counselors read; only the convener sees the invite button.
    assert "Invite to the support team" not in content
    assert "Red Rocks Valley Community College" in content


def test_coverage_with_step_3_critical_occupations(
    client, partnership, program, provider, convener
):
    models = pytest.importorskip("occupations.models")
    if not hasattr(models, "CriticalOccupation"):
        pytest.skip("step 3 is not built yet")
    from tests.inventory.factories import ProgramFactory

    for order, (code, title, tier) in enumerate(
        [
            ("51-4041", "Machinists", "entry"),
            ("51-9161", "CNC Tool Operators", "entry"),
            ("49-9041", "Industrial Machinery Mechanics", "mid"),
            ("17-2141", "Mechanical Engineers", "advanced"),
        ]
    ):
        models.CriticalOccupation.objects.create(
            partnership=partnership, soc_code=code, title=title, tier=tier, order=order
        )
    cnc = ProgramFactory(partnership=partnership, provider=provider, name="CNC Fast Track")
    services.program_occupation_add(program=program, actor=convener, soc_code="51-4041")
    services.program_occupation_add(program=cnc, actor=convener, soc_code="51-9161")
    services.program_occupation_add(program=cnc, actor=convener, soc_code="51-4041")

    coverage = selectors.coverage_for(partnership)
    assert coverage["available"]
    by_code = {r.soc_code: [p.name for p in r.programs] for r in coverage["occupations"]}
    assert by_code == {
        "51-4041": ["CNC Fast Track", "Machining Technology AAS"],
        "51-9161": ["CNC Fast Track"],
        "49-9041": [],
        "17-2141": [],
    }
    tiers = {t["tier"]: t for t in coverage["tiers"]}
    assert tiers["entry"]["program_count"] == 2 and not tiers["entry"]["uncovered"]
    assert [r.soc_code for r in coverage["uncovered"]] == ["49-9041", "17-2141"]

    client.force_login(convener)
    content = client.get(reverse("inventory:coverage", args=[partnership.slug])).content.decode()
    assert "No program prepares for:" in content
    assert "49-9041 Industrial Machinery Mechanics" in content
    assert "Invite to the support team" in content
