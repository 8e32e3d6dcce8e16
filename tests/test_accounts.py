"""Signing in, and the throttle against password guessing."""

from __future__ import annotations

from django.urls import reverse

from tests.factories import TEST_PASSWORD, UserFactory


def test_sign_in_with_the_right_password(client, db):
    UserFactory(username="maria")
    response = client.post(reverse("login"), {"username": "maria", "password": TEST_PASSWORD})
    assert response.status_code == 302
    assert response.url == reverse("home")


def test_repeated_wrong_passwords_lock_the_account_out_even_with_the_right_one(
    client, db, settings
):
    UserFactory(username="maria")
    for _ in range(settings.AXES_FAILURE_LIMIT):
        response = client.post(reverse("login"), {"username": "maria", "password": "guess"})
    assert response.status_code == 429
    response = client.post(reverse("login"), {"username": "maria", "password": TEST_PASSWORD})
    assert response.status_code == 429
    assert "Too many sign-in attempts" in response.content.decode()
    assert "_auth_user_id" not in client.session


def test_private_pages_send_visitors_to_sign_in(client, db):
    response = client.get("/p/anything/")
    assert response.status_code == 302
    assert response.url.startswith(reverse("login"))
