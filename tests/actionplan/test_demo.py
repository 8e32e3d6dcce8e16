from __future__ import annotations

from io import StringIO

import pytest
from django.core.management import call_command

from partnerships import registry
from partnerships.models import Partnership
from pathways.actionplan.models import (
    Action,
    HireFeedback,
    Horizon,
    MaturityRound,
    ProgramOutcome,
    SourceKind,
    Status,
)
from pathways.actionplan.selectors import plan_actions

pytestmark = pytest.mark.django_db


def test_load_demo_builds_an_action_plan_once(django_capture_on_commit_callbacks):
    with django_capture_on_commit_callbacks(execute=True):
        call_command("load_demo", stdout=StringIO())
    partnership = Partnership.objects.get(slug="front-range-manufacturing")
    actions = plan_actions(partnership)
    assert len(actions) >= 12
    assert {a.horizon for a in actions} == set(Horizon.values)
    assert {a.status for a in actions} == set(Status.values)
    assert {a.health_now for a in actions} >= {"on_track", "at_risk", "overdue"}
    assert sum(a.source_kind == SourceKind.QUICK_WIN for a in actions) == 4
    outcomes = ProgramOutcome.objects.filter(partnership=partnership)
    assert outcomes.filter(program__isnull=False).values("program").distinct().count() == 2
    pathway_rows = outcomes.filter(pathway__isnull=False)
    assert sorted(pathway_rows.values_list("pathway__name", "year")) == [
        ("Precision Machining Pathway", 2024),
        ("Precision Machining Pathway", 2025),
    ]
    assert pathway_rows.get(year=2025).completers is None  # suppressed: empty, never 0
    aiming = [a for a in actions if a.aims_pathway_id]
    assert [a.aims_pathway.name for a in aiming] == ["Precision Machining Pathway"]
    assert sorted(set(outcomes.values_list("year", flat=True))) == [2024, 2025]
    assert any("credentials" in o.suppressed for o in outcomes)
    assert MaturityRound.objects.filter(partnership=partnership).count() == 2
    assert HireFeedback.objects.filter(partnership=partnership).count() == 3
    labels = {c.label: c for c in registry.get_step(8).criteria(partnership)}
    assert labels["Progress recorded in the last 90 days"].met
    out = StringIO()
    call_command("load_demo", stdout=out)
    assert "Action plan: already loaded" in out.getvalue()
    assert Action.objects.filter(partnership=partnership).count() == len(actions)


def test_the_demo_has_a_release_change_to_review(client, django_capture_on_commit_callbacks):
    """The demo publishes its map from the national May 2023 figures, then imports Colorado's
    May 2025 estimates through the normal import: the watch records what they change, the
    tracker flags the map, and one click publishes a version with the regional figures."""
    from django.contrib.auth import get_user_model
    from django.urls import reverse

    from pathways.actionplan.models import MapReview
    from pathways.maps.selectors import latest_version

    with django_capture_on_commit_callbacks(execute=True):
        call_command("load_demo", stdout=StringIO())
    partnership = Partnership.objects.get(slug="front-range-manufacturing")
    review = MapReview.objects.get(partnership=partnership, state=MapReview.State.OPEN)
    assert review.release.source == "oews" and "May 2025" in str(review.release)
    assert review.map_version == latest_version(partnership)
    rows = {(c["soc_code"], c["figure"]): c for c in review.changes}
    occupations = [o for t in review.map_version.snapshot["tiers"] for o in t["occupations"]]
    assert {soc for soc, _ in rows} == {o["soc_code"] for o in occupations}
    welder = rows[("51-4121", "Regional median wage")]
    assert (welder["old"], welder["new"], welder["unit"]) == (None, 28.31, "hourly")  # Denver
    assert rows[("51-4121", "Annual openings in the region (est.)")]["new"] > 0
    assert ("51-4121", "National median wage") not in rows  # May 2023 stays as it was

    client.force_login(get_user_model().objects.get(username="convener"))
    page = client.get(reverse("actionplan:review", args=[partnership.slug, review.pk]))
    body = page.content.decode()
    assert "Welder" in body and "$28.31" in body and "new figure" in body
    assert "Publish an updated map" in body
    assert "Statistics (national wages), May 2023;" in body  # the old figures' period
    labels = {c.label: c for c in registry.get_step(8).criteria(partnership)}
    newest = labels["The published map shows the newest labor-market data"]
    assert not newest.met and f"changes {len(review.changes)} figures" in newest.detail
    tracker = client.get(reverse("partnerships:tracker", args=[partnership.slug])).content.decode()
    assert f"{review.release} changes {len(review.changes)} figures" in tracker
    step8 = client.get(reverse("partnerships:step", args=[partnership.slug, 8])).content.decode()
    assert "The published map has newer data: BLS Occupational Employment" in step8

    with django_capture_on_commit_callbacks(execute=True):
        client.post(reverse("actionplan:review_publish", args=[partnership.slug, review.pk]))
    updated = latest_version(partnership)
    assert updated.number == review.map_version.number + 1
    welder_now = next(
        o for t in updated.snapshot["tiers"] for o in t["occupations"] if o["soc_code"] == "51-4121"
    )
    assert welder_now["wages"]["regional"]["median"] == 28.31
    labels = {c.label: c for c in registry.get_step(8).criteria(partnership)}
    assert labels["The published map shows the newest labor-market data"].met
