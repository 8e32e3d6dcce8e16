from __future__ import annotations

import io
from datetime import timedelta

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone
from openpyxl import load_workbook

from pathways.actionplan.models import Action, ActionRating, ProgressNote, Status
from tests.actionplan.factories import ActionFactory, QuickWinFactory
from tests.factories import OrganizationFactory

pytestmark = pytest.mark.django_db

# session, user, membership, the plan (actions with their note dates), their ratings,
# organizations for the filter, open map reviews, answered needs; plus what reading the needs
# of earlier steps costs (quick wins, and steps 5 and 6 when installed), measured below.
PLAN_PAGE_QUERIES = 8


def make_actions(partnership, owner, count: int) -> None:
    organization = OrganizationFactory(partnership=partnership)
    today = timezone.localdate()
    actions = Action.objects.bulk_create(
        Action(
            partnership=partnership,
            title=f"Action {i:04d}",
            owner=owner,
            owner_organization=organization,
            due_date=today + timedelta(days=i % 40 - 10),
            status=Status.values[i % 4],
        )
        for i in range(count)
    )
    ProgressNote.objects.bulk_create(
        ProgressNote(action=a, text="ok", written_on=today) for a in actions[::2]
    )
    ActionRating.objects.bulk_create(
        ActionRating(action=a, rater=owner, group="employer", impact=4, feasibility=3)
        for a in actions
    )


def _count(client, url) -> int:
    with CaptureQueriesContext(connection) as ctx:
        response = client.get(url)
    assert response.status_code == 200
    return len(ctx.captured_queries)


@pytest.mark.parametrize("name", ["actionplan:plan", "actionplan:matrix"])
def test_plan_pages_query_count_does_not_grow(client, partnership, champion, name,
                                              django_assert_max_num_queries):  # fmt: skip
    from pathways.actionplan import sources

    with CaptureQueriesContext(connection) as needs:
        sources.needs(partnership)
    client.force_login(champion)
    url = reverse(name, args=[partnership.slug])
    make_actions(partnership, champion, 10)
    small = _count(client, url)
    make_actions(partnership, champion, 300)
    with django_assert_max_num_queries(PLAN_PAGE_QUERIES + len(needs.captured_queries)):
        response = client.get(url)
    assert "Action 0299" in response.content.decode()
    assert _count(client, url) == small


def test_plan_shows_health_and_filters(client, partnership, champion):
    today = timezone.localdate()
    ActionFactory(partnership=partnership, title="Late tours", due_date=today - timedelta(days=2))
    ActionFactory(partnership=partnership, title="Later course", due_date=today + timedelta(90))
    client.force_login(champion)
    url = reverse("actionplan:plan", args=[partnership.slug])
    page = client.get(url).content.decode()
    assert "Late tours" in page and "Overdue" in page and "On track" in page
    filtered = client.get(url, {"health": "overdue"}).content.decode()
    assert "Late tours" in filtered and "Later course" not in filtered
    # A filter value that isn't one is ignored, not an error.
    assert client.get(url, {"status": "nonsense", "owner_organization_id": "x"}).status_code == 200


def test_needs_page_one_click_then_owner_and_dates(client, partnership, champion):
    win = QuickWinFactory(partnership=partnership, text="Shared bus stop on second shift")
    client.force_login(champion)
    needs = client.get(reverse("actionplan:needs", args=[partnership.slug])).content.decode()
    assert "Shared bus stop on second shift" in needs
    response = client.post(
        reverse("actionplan:action_from_need", args=[partnership.slug]),
        {"kind": "quick_win", "key": str(win.pk)},
        follow=True,
    )
    action = Action.objects.get()
    assert response.redirect_chain[-1][0] == reverse(
        "actionplan:action_edit", args=[partnership.slug, action.pk]
    )
    assert "Give it an owner and a due date" in response.content.decode()
    needs = client.get(reverse("actionplan:needs", args=[partnership.slug])).content.decode()
    assert "Shared bus stop on second shift" not in needs
    assert "Every one has an action" in needs


def test_a_need_already_gone_gives_a_message(client, partnership, champion):
    client.force_login(champion)
    response = client.post(
        reverse("actionplan:action_from_need", args=[partnership.slug]),
        {"kind": "quick_win", "key": "999999"},
        follow=True,
    )
    assert "no longer on the list" in response.content.decode()
    assert not Action.objects.exists()


def test_edit_conflict_keeps_both_versions(client, partnership, champion, convener):
    action = ActionFactory(partnership=partnership, title="Original")
    url = reverse("actionplan:action_edit", args=[partnership.slug, action.pk])
    data = {"title": "Champion's", "horizon": "short", "status": "planned", "version": "1"}
    client.force_login(convener)
    assert client.post(url, {**data, "title": "Convener's"}).status_code == 302
    client.force_login(champion)
    page = client.post(url, data)
    assert page.status_code == 200
    body = page.content.decode()
    assert "Someone else changed this" in body and "Convener&#x27;s" in body
    action.refresh_from_db()
    assert action.title == "Convener's"


def test_dropping_without_a_reason_is_refused_beside_the_field(client, partnership, champion):
    action = ActionFactory(partnership=partnership)
    client.force_login(champion)
    page = client.post(
        reverse("actionplan:action_edit", args=[partnership.slug, action.pk]),
        {"title": "x", "horizon": "short", "status": "dropped", "version": "1"},
    )
    assert "Say why the action was dropped" in page.content.decode()
    action.refresh_from_db()
    assert action.status == Status.PLANNED


def test_note_and_rating_from_the_action_page(client, partnership, champion):
    action = ActionFactory(partnership=partnership)
    client.force_login(champion)
    client.post(
        reverse("actionplan:note_add", args=[partnership.slug, action.pk]),
        {"text": "Dean said yes", "written_on": timezone.localdate().isoformat(),
         "status": "in_progress"},
    )  # fmt: skip
    client.post(
        reverse("actionplan:rate", args=[partnership.slug, action.pk]),
        {"impact": "5", "feasibility": "1"},
    )
    page = client.get(action.get_absolute_url()).content.decode()
    assert "Dean said yes" in page
    assert "needs leaders' support" in page
    action.refresh_from_db()
    assert action.status == Status.IN_PROGRESS


def test_xlsx_export_opens_and_neutralizes_formulas(client, partnership, champion):
    ActionFactory(partnership=partnership, title="=HYPERLINK(1)", target_outcome="25 completers")
    client.force_login(champion)
    response = client.get(reverse("actionplan:export_xlsx", args=[partnership.slug]))
    assert response["Content-Disposition"].startswith("attachment")
    sheet = load_workbook(io.BytesIO(response.content))["Action plan"]
    rows = list(sheet.values)
    assert rows[0][0] == "Title"
    assert rows[1][0] == "'=HYPERLINK(1)"
    assert "25 completers" in rows[1]


def test_reminders_can_be_turned_off_and_on(client, partnership, champion):
    client.force_login(champion)
    url = reverse("actionplan:reminders", args=[partnership.slug])
    assert "checked" in client.get(url).content.decode()
    page = client.post(url, {}, follow=True).content.decode()
    assert "Weekly reminders are off" in page
    assert "checked" not in page.split("<form")[1]
    page = client.post(url, {"weekly_email": "on"}, follow=True).content.decode()
    assert "Weekly reminders are on" in page
