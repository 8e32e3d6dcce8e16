from __future__ import annotations

from datetime import date, timedelta

import pytest
from django.core import mail
from django.core.exceptions import ValidationError
from django.utils import timezone

from partnerships.models import Organization, Role
from pathways.actionplan import selectors, services
from pathways.actionplan.models import Health, Horizon, RaterGroup, SourceKind, Status
from pathways.concurrency import EditConflict
from tests.actionplan.factories import ActionFactory, NoteFactory, QuickWinFactory
from tests.factories import MembershipFactory, OrganizationFactory, UserFactory

pytestmark = pytest.mark.django_db
TODAY = date(2026, 6, 1)


def test_one_click_from_a_quick_win_makes_an_early_win_linked_back(partnership, convener):
    win = QuickWinFactory(partnership=partnership, text="Plant tours for counselors")
    action = services.action_create_for_need(
        partnership=partnership, actor=convener, kind=SourceKind.QUICK_WIN, key=str(win.pk)
    )
    assert action.title == "Plant tours for counselors"
    assert action.horizon == Horizon.EARLY
    assert action.status == Status.PLANNED
    assert (action.source_kind, action.source_key) == (SourceKind.QUICK_WIN, str(win.pk))
    assert action.source_url.endswith("#quick-wins")
    assert action.created_by == convener


def test_one_click_from_a_skills_gap(partnership, convener, fake_sources):
    action = services.action_create_for_need(
        partnership=partnership, actor=convener, kind=SourceKind.SKILLS_GAP,
        key="gap-51-4041-gdt",
    )  # fmt: skip
    assert action.title == "Machinists: reading GD&T drawings"
    assert action.horizon == Horizon.SHORT
    assert action.source_url == "/p/front-range/competencies/51-4041/"


def test_a_need_that_is_gone_is_refused_in_words(partnership, convener, other_partnership):
    foreign = QuickWinFactory(partnership=other_partnership)
    with pytest.raises(ValidationError, match="no longer on the list"):
        services.action_create_for_need(
            partnership=partnership, actor=convener, kind=SourceKind.QUICK_WIN,
            key=str(foreign.pk),
        )  # fmt: skip


def test_dates_owner_and_dropping_are_checked(partnership, convener, counselor, other_partnership):
    with pytest.raises(ValidationError, match="due date comes after"):
        services.action_create(
            partnership=partnership, actor=convener, title="Backwards",
            start_date=TODAY, due_date=TODAY - timedelta(days=1),
        )  # fmt: skip
    with pytest.raises(ValidationError, match="not a counselor"):
        services.action_create(partnership=partnership, actor=convener, title="x", owner=counselor)
    with pytest.raises(ValidationError, match="partnership's organizations"):
        services.action_create(
            partnership=partnership, actor=convener, title="x",
            owner_organization=OrganizationFactory(partnership=other_partnership),
        )  # fmt: skip
    action = ActionFactory(partnership=partnership)
    with pytest.raises(ValidationError, match="why the action was dropped"):
        services.action_update(
            action=action, actor=convener, expected_version=1, status=Status.DROPPED
        )
    services.action_update(
        action=action, actor=convener, expected_version=1, status=Status.DROPPED,
        dropped_reason="The college found funds on its own.",
    )  # fmt: skip
    action.refresh_from_db()
    assert action.status == Status.DROPPED
    assert action.version == 2


def test_two_people_editing_one_action_never_overwrite(partnership, convener, champion):
    action = ActionFactory(partnership=partnership, title="Dual enrollment course")
    services.action_update(action=action, actor=convener, expected_version=1, title="Mine")
    stale = type(action).objects.get(pk=action.pk)
    stale.version = 1
    with pytest.raises(EditConflict) as conflict:
        services.action_update(action=stale, actor=champion, expected_version=1, title="Theirs")
    assert ("title", "Mine", "Theirs") in conflict.value.changed
    action.refresh_from_db()
    assert action.title == "Mine"


def test_a_progress_note_can_move_the_status(partnership, convener):
    action = ActionFactory(partnership=partnership)
    services.note_add(action=action, actor=convener, text="Dean agreed", status=Status.IN_PROGRESS)
    action.refresh_from_db()
    assert action.status == Status.IN_PROGRESS
    assert action.notes.get().text == "Dean agreed"
    with pytest.raises(ValidationError, match="today or earlier"):
        services.note_add(
            action=action, actor=convener, text="x",
            written_on=timezone.localdate() + timedelta(days=2),
        )  # fmt: skip


def test_health_on_track_at_risk_overdue():
    def health(due, status=Status.IN_PROGRESS, last_note=None):
        action = ActionFactory.build(due_date=due, status=status)
        return action.health(today=TODAY, last_note_on=last_note)

    assert health(TODAY - timedelta(days=1)) == Health.OVERDUE
    assert health(TODAY + timedelta(days=10)) == Health.AT_RISK
    assert health(TODAY + timedelta(days=10), last_note=TODAY - timedelta(days=5)) == (
        Health.ON_TRACK
    )
    assert health(TODAY + timedelta(days=90)) == Health.ON_TRACK
    assert health(None, status=Status.BLOCKED) == Health.AT_RISK
    assert health(TODAY - timedelta(days=30), status=Status.DONE) == Health.CLOSED


def test_ratings_per_group_and_combined(partnership, champion, support_partner, convener):
    employer = OrganizationFactory(partnership=partnership, kind=Organization.Kind.EMPLOYER)
    plant_manager = MembershipFactory(
        partnership=partnership, role=Role.PARTNER, organization=employer,
        user=UserFactory(username="plant"),
    ).user  # fmt: skip
    action = ActionFactory(partnership=partnership)
    services.rating_set(action=action, actor=champion, impact=5, feasibility=2)
    services.rating_set(action=action, actor=plant_manager, impact=5, feasibility=4)
    services.rating_set(action=action, actor=support_partner, impact=2, feasibility=4)
    services.rating_set(action=action, actor=convener, impact=3, feasibility=4)
    # Rating again replaces the earlier rating.
    services.rating_set(action=action, actor=convener, impact=4, feasibility=4)
    assert services.rater_group(partnership, plant_manager) == RaterGroup.EMPLOYER
    summary = selectors.action_detail(partnership, action.pk).ratings_summary
    assert (summary.employer.impact, summary.employer.feasibility) == (5.0, 3.0)
    assert (summary.public.impact, summary.public.feasibility) == (3.0, 4.0)
    # Groups weigh the same whatever their size.
    assert (summary.combined.impact, summary.combined.feasibility, summary.combined.count) == (
        4.0, 3.5, 4,
    )  # fmt: skip
    assert summary.quadrant == "do_first"
    with pytest.raises(ValidationError):
        services.rating_set(action=action, actor=champion, impact=6, feasibility=1)


def test_high_impact_but_hard_is_flagged_for_leaders(partnership, champion):
    action = ActionFactory(partnership=partnership)
    services.rating_set(action=action, actor=champion, impact=5, feasibility=1)
    [item] = selectors.plan_actions(partnership)
    quadrants = {key: items for key, _, items in selectors.quadrants([item])}
    assert quadrants["leaders"] == [item]


def _owned(partnership, owner, **fields):
    return ActionFactory(partnership=partnership, owner=owner, **fields)


def test_weekly_email_goes_to_owners_of_overdue_and_at_risk_actions(
    partnership, champion, support_partner, convener
):
    _owned(partnership, champion, title="Late one", due_date=TODAY - timedelta(days=3))
    _owned(partnership, champion, title="Soon one", due_date=TODAY + timedelta(days=5))
    fine = _owned(partnership, champion, title="Fine one", due_date=TODAY + timedelta(days=5))
    NoteFactory(action=fine, written_on=TODAY - timedelta(days=2))
    _owned(partnership, champion, title="Done one", due_date=TODAY - timedelta(days=9),
           status=Status.DONE)  # fmt: skip
    _owned(partnership, support_partner, title="Far off", due_date=TODAY + timedelta(days=90))
    _owned(partnership, convener, title="Convener's late", due_date=TODAY - timedelta(days=1))
    services.reminders_set(partnership=partnership, user=convener, weekly_email=False)

    assert services.reminders_send(today=TODAY) == 1
    [email] = mail.outbox
    assert email.to == [champion.email]
    assert "2 actions need your attention" in email.subject
    assert "Late one" in email.body and "Soon one" in email.body
    assert "Fine one" not in email.body and "Done one" not in email.body
    html = email.alternatives[0][0]
    assert "Turn these weekly emails off" in html
    assert f"/p/{partnership.slug}/action-plan/reminders/" in email.body
