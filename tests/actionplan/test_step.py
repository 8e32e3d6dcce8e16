"""Step 8 on the tracker: the checklist is computed from the plan, and the step page shows
the plan's state to the team only."""

from __future__ import annotations

from datetime import timedelta

import pytest
from django.urls import reverse
from django.utils import timezone

from partnerships import registry
from pathways.actionplan import services
from pathways.actionplan.models import SourceKind
from tests.actionplan.factories import ActionFactory, NoteFactory, QuickWinFactory

pytestmark = pytest.mark.django_db


def _criteria(partnership):
    return {c.label: c for c in registry.get_step(8).criteria(partnership)}


def test_step_8_is_registered_by_the_action_plan():
    step = registry.get_step(8)
    assert step.title == "Continuous improvement: the action plan"
    assert step.tracked
    assert [p.url_name for p in step.work_pages] == ["actionplan:plan", "actionplan:pdfs"]


def test_checklist_every_need_has_an_owned_action(partnership, convener, fake_sources):
    win = QuickWinFactory(partnership=partnership)
    label = "Every need found in earlier steps has an action with an owner and a horizon"
    criterion = _criteria(partnership)[label]
    assert not criterion.met
    assert criterion.detail == "0 of 4 have an action"
    for kind, key in [
        (SourceKind.QUICK_WIN, str(win.pk)),
        (SourceKind.SKILLS_GAP, "gap-51-4041-gdt"),
        (SourceKind.GAP_FINDING, "finding-welding-capacity"),
        (SourceKind.GAP_FINDING, "finding-no-dual-enrollment"),
    ]:
        services.action_create_for_need(
            partnership=partnership, actor=convener, kind=kind, key=key,
        )  # fmt: skip
    criterion = _criteria(partnership)[label]
    assert not criterion.met
    assert criterion.detail == "4 of 4 have an action; 4 without an owner"
    for action in partnership.actions.all():
        services.action_update(
            action=action, actor=convener, expected_version=action.version, owner=convener
        )
    assert _criteria(partnership)[label].met


def test_checklist_progress_in_the_last_90_days(partnership):
    label = "Progress recorded in the last 90 days"
    action = ActionFactory(partnership=partnership)
    assert not _criteria(partnership)[label].met
    NoteFactory(action=action, written_on=timezone.localdate() - timedelta(days=120))
    assert not _criteria(partnership)[label].met
    NoteFactory(action=action, written_on=timezone.localdate() - timedelta(days=10))
    assert _criteria(partnership)[label].met


def test_step_page_shows_the_plan_to_the_team_only(client, partnership, champion, counselor):
    ActionFactory(partnership=partnership, title="Secret plant tours")
    url = reverse("partnerships:step", args=[partnership.slug, 8])
    client.force_login(champion)
    page = client.get(url).content.decode()
    assert "<strong>1</strong> action" in page
    assert reverse("actionplan:plan", args=[partnership.slug]) in page
    client.force_login(counselor)
    page = client.get(url).content.decode()
    assert "internal document" in page
    assert reverse("actionplan:plan", args=[partnership.slug]) not in page


def test_a_yearly_review_of_critical_occupations_is_suggested(partnership):
    from tests.factories import ConveningFactory

    label = "Critical occupations reviewed with employers in the last year"
    assert _criteria(partnership)[label].detail == "not reviewed yet"
    today = timezone.localdate()
    ConveningFactory(partnership=partnership, step=3, held_on=today - timedelta(days=400))
    criterion = _criteria(partnership)[label]
    assert not criterion.met
    assert "next review due" in criterion.detail
    ConveningFactory(partnership=partnership, step=3, held_on=today - timedelta(days=20))
    assert _criteria(partnership)[label].met
