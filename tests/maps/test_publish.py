"""Publishing freezes a version; rendering stores PDFs and keeps the last good one."""

from __future__ import annotations

import pytest
from django.core.exceptions import ValidationError
from django.core.files.storage import default_storage

from inventory.models import Program
from pathways.maps import selectors, services
from pathways.maps.models import MapRender, MapVersion

pytestmark = pytest.mark.django_db


def publish(partnership, convener, capture):
    with capture(execute=True):
        return services.map_publish(partnership=partnership, actor=convener)


def test_publishing_freezes_the_version(
    partnership, convener, ladder, django_capture_on_commit_callbacks
):
    version = publish(partnership, convener, django_capture_on_commit_callbacks)
    assert version.number == 1
    titles = [o["title"] for t in version.snapshot["tiers"] for o in t["occupations"]]
    assert titles == ["Welder", "Machinist", "CNC Programmer"]

    # Later edits to steps 3 and 4 change the draft, not the published version.
    ladder["entry"].title = "Welder and Fitter"
    ladder["entry"].save()
    Program.objects.filter(partnership=partnership).update(name="Renamed program")
    version.refresh_from_db()
    frozen = version.snapshot["tiers"][0]["occupations"][0]
    assert frozen["title"] == "Welder"
    assert all(p["name"] != "Renamed program" for p in frozen["programs"])
    draft = selectors.map_data(partnership)
    assert draft["tiers"][0]["occupations"][0]["title"] == "Welder and Fitter"

    second = publish(partnership, convener, django_capture_on_commit_callbacks)
    assert second.number == 2
    assert second.snapshot["tiers"][0]["occupations"][0]["title"] == "Welder and Fitter"
    assert (
        selectors.published_version(partnership.slug, 1).snapshot["tiers"][0]["occupations"][0][
            "title"
        ]
        == "Welder"
    )
    assert selectors.published_version(partnership.slug).number == 2


def test_publishing_renders_both_pdfs_into_storage(
    partnership, convener, ladder, django_capture_on_commit_callbacks
):
    version = publish(partnership, convener, django_capture_on_commit_callbacks)
    version.refresh_from_db()
    assert version.pdf.name.endswith(".pdf") and version.detail_pdf.name.endswith(".pdf")
    assert default_storage.open(version.pdf.name).read(5) == b"%PDF-"
    render = MapRender.objects.get(version=version)
    assert render.status == MapRender.Status.SUCCEEDED
    assert render.progress == 100


def test_a_map_needs_critical_occupations(partnership, convener):
    with pytest.raises(ValidationError):
        services.map_publish(partnership=partnership, actor=convener)
    assert not MapVersion.objects.exists()


def test_a_failed_render_keeps_the_last_good_pdf(
    partnership, convener, ladder, django_capture_on_commit_callbacks, monkeypatch
):
    version = publish(partnership, convener, django_capture_on_commit_callbacks)
    version.refresh_from_db()
    good = version.pdf.name

    def broken(*args, **kwargs):
        raise RuntimeError("the renderer ran out of paper")

    monkeypatch.setattr(services, "map_pdf", broken)
    with django_capture_on_commit_callbacks(execute=True):
        render = services.map_render_request(
            partnership=partnership, actor=convener, version=version
        )
    render.refresh_from_db()
    assert render.status == MapRender.Status.FAILED
    assert "ran out of paper" in render.error
    version.refresh_from_db()
    assert version.pdf.name == good
    assert default_storage.exists(good)


def test_rendering_the_draft_on_demand(
    partnership, convener, ladder, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=True):
        render = services.map_render_request(partnership=partnership, actor=convener)
    render.refresh_from_db()
    assert render.status == MapRender.Status.SUCCEEDED
    pathway_map = selectors.map_for(partnership)
    assert pathway_map.draft_pdf and pathway_map.draft_detail_pdf
    assert not MapVersion.objects.exists()  # a draft render publishes nothing


def test_settings_and_working_conditions_reach_the_map(partnership, convener, ladder):
    services.map_settings_update(
        partnership=partnership,
        actor=convener,
        title="Make things here",
        entry_requirements_entry="A diploma and a short certificate",
        show_working_conditions=True,
        working_conditions={"51-4121": "Heat and sparks"},
    )
    data = selectors.map_data(partnership)
    assert data["title"] == "Make things here"
    entry = data["tiers"][0]
    assert entry["requirements"] == "A diploma and a short certificate"
    assert entry["occupations"][0]["conditions"] == "Heat and sparks"
    assert entry["occupations"][0]["leads_to"] == ["Machinist"]
    assert [p["from"] for p in data["paths"]] == ["Welder", "Machinist"]


def test_the_diagram_draws_an_arrow_for_each_move_up(partnership, ladder):
    diagram = selectors.diagram(selectors.map_data(partnership))
    rows = {row["tier"]: row for row in diagram["rows"]}
    assert [r["tier"] for r in diagram["rows"]] == ["advanced", "mid", "entry"]
    assert len(rows["mid"]["arrows_in"]) == 1 and len(rows["advanced"]["arrows_in"]) == 1
    assert rows["entry"]["arrows_in"] == []


def test_step7_criteria(partnership, convener, ladder, django_capture_on_commit_callbacks):
    criteria = selectors.step7_criteria(partnership)
    assert [c.met for c in criteria] == [True, False, False]
    publish(partnership, convener, django_capture_on_commit_callbacks)
    assert all(c.met for c in selectors.step7_criteria(partnership))


def test_the_diagram_orders_tiers_so_arrows_do_not_cross(partnership):
    from occupations.models import Tier
    from tests.maps.factories import AdvancementPathFactory, CriticalOccupationFactory

    mids = [CriticalOccupationFactory(partnership=partnership, tier=Tier.MID, title=f"M{i}")
            for i in range(3)]  # fmt: skip
    entries = [CriticalOccupationFactory(partnership=partnership, tier=Tier.ENTRY, title=f"E{i}")
               for i in range(3)]  # fmt: skip
    # E0 -> M2, E1 -> M0, E2 -> M1: drawn in the given order, every arrow would cross another.
    for entry, mid in zip(entries, [mids[2], mids[0], mids[1]], strict=True):
        AdvancementPathFactory(from_occupation=entry, to_occupation=mid)
    rows = {r["tier"]: r for r in selectors.diagram(selectors.map_data(partnership))["rows"]}
    assert [c["occupation"]["title"] for c in rows["mid"]["cards"]] == ["M0", "M1", "M2"]
    assert [c["occupation"]["title"] for c in rows["entry"]["cards"]] == ["E1", "E2", "E0"]
    assert all(a.x1 == a.x2 for a in rows["mid"]["arrows_in"])  # straight up
