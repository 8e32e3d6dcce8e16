"""The 403, 404 and 500 pages: styled, with the site's navigation and a sentence a person can
act on. A refused request is one line in the log, not a traceback."""

from __future__ import annotations

import logging

import pytest
from django.urls import reverse
from django.views.defaults import server_error

from partnerships.models import Role
from tests.factories import MembershipFactory, UserFactory


@pytest.fixture
def second_convener(partnership):
    return MembershipFactory(
        partnership=partnership,
        role=Role.CONVENER,
        user=UserFactory(
            username="second", first_name="Rosa", last_name="Lee", email="rosa@example.org"
        ),
    ).user


def test_403_names_the_role_what_it_can_do_and_the_conveners_to_ask(
    client, partnership, counselor, convener, second_convener
):
    client.force_login(counselor)
    response = client.get(reverse("partnerships:edit", args=[partnership.slug]))
    assert response.status_code == 403
    page = response.content.decode()
    assert 'aria-label="Main"' in page  # the site's navigation
    assert "This page is not open to your role" in page
    assert "As a counselor in" in page
    assert "read the partnership&#x27;s overview, its tracker" in page
    assert "one of the partnership's conveners" in page
    assert "rosa@example.org" in page
    assert convener.get_full_name() in page or convener.username in page


def test_403_uses_an_before_a_vowel(client, partnership, champion, convener):
    client.force_login(champion)
    response = client.get(reverse("partnerships:edit", args=[partnership.slug]))
    assert "As an industry champion in" in response.content.decode()
    assert "ask the partnership's convener:" in response.content.decode()


def test_403_log_line_has_the_reason_and_no_traceback(client, partnership, counselor, caplog):
    client.force_login(counselor)
    with caplog.at_level(logging.WARNING, logger="django.request"):
        client.get(reverse("partnerships:edit", args=[partnership.slug]))
    (record,) = [r for r in caplog.records if r.name == "django.request"]
    assert record.exc_info is None
    assert "Forbidden (Permission denied)" in record.getMessage()
    assert "does not allow this" in record.getMessage()


def test_404_is_styled_and_says_whom_to_ask(client, counselor):
    client.force_login(counselor)
    response = client.get("/p/no-such-partnership/")
    assert response.status_code == 404
    page = response.content.decode()
    assert 'aria-label="Main"' in page
    assert "We can't find that page" in page
    assert "ask its convener to invite you" in page
    assert reverse("maps:map_list") in page


def test_500_renders_without_the_database(rf):
    # No `db` fixture: pytest-django raises if the page touches the database.
    response = server_error(rf.get("/"))
    assert response.status_code == 500
    page = response.content.decode()
    assert "Something went wrong on our side" in page
    assert 'aria-label="Main"' in page
