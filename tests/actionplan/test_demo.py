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
    assert outcomes.values("program").distinct().count() == 2
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
