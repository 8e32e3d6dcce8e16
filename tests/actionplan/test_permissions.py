"""Every action-plan URL x every role. The plan is internal: conveners, champions and support
partners see and work it; counselors get 403; another partnership's convener gets 404; the
public is sent to sign in. Only conveners delete."""

from __future__ import annotations

import pytest
from django.urls import reverse

from pathways.actionplan.models import Action, PlanDocument
from tests.actionplan.factories import ActionFactory, QuickWinFactory

ROLES = ["anonymous", "counselor", "partner", "champion", "convener", "outsider"]
TEAM = {"partner", "champion", "convener"}


def expected(role: str, allowed: set[str], ok: int) -> int:
    if role in allowed:
        return ok
    if role == "anonymous":
        return 302
    if role == "outsider":
        return 404
    return 403


@pytest.fixture
def action(partnership):
    return ActionFactory(partnership=partnership, title="Plant tours")


# (url name, needs an action id, method, data, roles allowed, status when allowed)
PAGES = [
    ("actionplan:plan", False, "get", None, TEAM, 200),
    ("actionplan:needs", False, "get", None, TEAM, 200),
    ("actionplan:matrix", False, "get", None, TEAM, 200),
    ("actionplan:export_xlsx", False, "get", None, TEAM, 200),
    ("actionplan:pdfs", False, "get", None, TEAM, 200),
    ("actionplan:pdf_render", False, "post", {"kind": "plan"}, TEAM, 302),
    ("actionplan:reminders", False, "get", None, TEAM, 200),
    ("actionplan:reminders", False, "post", {"weekly_email": ""}, TEAM, 302),
    ("actionplan:action_create", False, "get", None, TEAM, 200),
    ("actionplan:action_create", False, "post", {"title": "New", "horizon": "early",
                                                 "status": "planned"}, TEAM, 302),
    ("actionplan:action", True, "get", None, TEAM, 200),
    ("actionplan:action_edit", True, "get", None, TEAM, 200),
    ("actionplan:note_add", True, "post", {"text": "Met", "written_on": "2026-01-05"}, TEAM,
     302),
    ("actionplan:rate", True, "post", {"impact": "4", "feasibility": "2"}, TEAM, 302),
    ("actionplan:action_delete", True, "post", {}, {"convener"}, 302),
    ("actionplan:outcomes", False, "get", None, TEAM, 200),
    ("actionplan:outcome_create", False, "get", None, TEAM, 200),
    ("actionplan:outcomes_template", False, "get", None, TEAM, 200),
    ("actionplan:outcomes_import", False, "post", {}, TEAM, 302),
    ("actionplan:outcomes_import_confirm", False, "post", {}, TEAM, 302),
]  # fmt: skip


@pytest.fixture(autouse=True)
def _quick_pdf(monkeypatch):
    """Permissions don't depend on the PDF's content: skip WeasyPrint here."""
    from pathways.actionplan import exports

    monkeypatch.setattr(exports, "plan_pdf", lambda context: b"%PDF-1.7 test")
    monkeypatch.setattr(exports, "annual_report_pdf", lambda context: b"%PDF-1.7 test")


@pytest.mark.parametrize("role", ROLES)
@pytest.mark.parametrize(("name", "with_action", "method", "data", "allowed", "ok"), PAGES)
def test_action_plan_permissions(client, role_users, partnership, action, role, name,
                                 with_action, method, data, allowed, ok):  # fmt: skip
    user = role_users[role]
    if user is not None:
        client.force_login(user)
    args = [partnership.slug] + ([action.pk] if with_action else [])
    url = reverse(name, args=args)
    response = getattr(client, method)(url, data or {})
    assert response.status_code == expected(role, allowed, ok), (role, url)
    if role not in allowed:
        assert Action.objects.filter(partnership=partnership).count() == 1
        assert not action.notes.exists() and not action.ratings.exists()
        assert not PlanDocument.objects.exists()


@pytest.mark.parametrize("role", ROLES)
@pytest.mark.parametrize(("name", "ok"), [
    ("actionplan:pdf_status", 200),
    ("actionplan:pdf_download", 200),
])  # fmt: skip
def test_the_plan_pdfs_are_for_the_team(client, role_users, partnership, convener, role, name,
                                        ok, django_capture_on_commit_callbacks):  # fmt: skip
    """A rendered plan PDF is as internal as the plan: counselors get 403, the public signs
    in, another partnership's convener finds nothing."""
    from pathways.actionplan import services

    with django_capture_on_commit_callbacks(execute=True):
        document = services.document_render_request(
            partnership=partnership, kind="plan", actor=convener
        )
    user = role_users[role]
    if user is not None:
        client.force_login(user)
    response = client.get(reverse(name, args=[partnership.slug, document.pk]))
    assert response.status_code == expected(role, TEAM, ok), role
    if response.status_code == 200 and name == "actionplan:pdf_download":
        assert b"".join(response.streaming_content).startswith(b"%PDF")


@pytest.mark.parametrize("role", ROLES)
def test_one_click_from_a_need(client, role_users, partnership, role):
    win = QuickWinFactory(partnership=partnership)
    user = role_users[role]
    if user is not None:
        client.force_login(user)
    response = client.post(
        reverse("actionplan:action_from_need", args=[partnership.slug]),
        {"kind": "quick_win", "key": str(win.pk)},
    )
    assert response.status_code == expected(role, TEAM, 302)
    assert Action.objects.filter(source_key=str(win.pk)).exists() == (role in TEAM)


def test_an_action_of_another_partnership_is_not_found(client, convener, other_partnership):
    foreign = ActionFactory(partnership=other_partnership)
    client.force_login(convener)
    url = reverse("actionplan:action", args=["front-range", foreign.pk])
    assert client.get(url).status_code == 404


def test_the_plan_is_on_no_public_page(client, partnership, action):
    for url in ("/", "/maps/", f"/p/{partnership.slug}/"):
        body = client.get(url, follow=True).content.decode()
        assert "Plant tours" not in body


def test_counselors_get_no_link_to_the_plan(client, counselor, champion, partnership):
    client.force_login(counselor)
    page = client.get(reverse("partnerships:detail", args=[partnership.slug]))
    assert reverse("actionplan:plan", args=[partnership.slug]) not in page.content.decode()
    client.force_login(champion)
    page = client.get(reverse("partnerships:detail", args=[partnership.slug]))
    assert reverse("actionplan:plan", args=[partnership.slug]) in page.content.decode()


@pytest.mark.parametrize("role", ROLES)
@pytest.mark.parametrize(("name", "method", "ok"), [
    ("actionplan:outcome_edit", "get", 200),
    ("actionplan:outcome_delete", "post", 302),
])  # fmt: skip
def test_outcome_rows_are_for_the_team(client, role_users, partnership, role, name, method, ok):
    from pathways.actionplan.models import ProgramOutcome
    from tests.inventory.factories import ProgramFactory

    program = ProgramFactory(partnership=partnership)
    outcome = ProgramOutcome.objects.create(
        partnership=partnership, program=program, year=2024, source="ETPL"
    )
    user = role_users[role]
    if user is not None:
        client.force_login(user)
    response = getattr(client, method)(reverse(name, args=[partnership.slug, outcome.pk]))
    assert response.status_code == expected(role, TEAM, ok)
    assert ProgramOutcome.objects.exists() == (not (method == "post" and role in TEAM))
