"""Signing in, and the throttle against password guessing (pathways/throttle.py)."""

from __future__ import annotations

import pytest
from django.core.cache import cache
from django.urls import reverse

from pathways import throttle
from tests.factories import TEST_PASSWORD, UserFactory

PROXY = "10.0.0.2"


@pytest.fixture(autouse=True)
def _fresh_cache():
    cache.clear()
    yield
    cache.clear()


@pytest.fixture
def clock(monkeypatch):
    now = [1_000_000.0]
    monkeypatch.setattr(throttle, "_now", lambda: now[0])
    return now


def _sign_in(client, password, *, via_proxy_for=None, remote="198.51.100.1", username="maria"):
    extra = {"REMOTE_ADDR": remote}
    if via_proxy_for:
        extra = {"REMOTE_ADDR": PROXY, "HTTP_X_FORWARDED_FOR": via_proxy_for}
    return client.post(reverse("login"), {"username": username, "password": password}, **extra)


def test_sign_in_with_the_right_password(client, db):
    UserFactory(username="maria")
    response = client.post(reverse("login"), {"username": "maria", "password": TEST_PASSWORD})
    assert response.status_code == 302
    assert response.url == reverse("home")


def test_behind_the_proxy_a_guesser_locks_only_their_own_address(client, db, settings, clock):
    settings.TRUSTED_PROXIES = [PROXY]
    UserFactory(username="maria")
    for _ in range(settings.AXES_FAILURE_LIMIT):
        response = _sign_in(client, "guess", via_proxy_for="203.0.113.9")
        clock[0] += 60  # slowly, so the account slowdown never answers first
    assert response.status_code == 429
    # Even the right password is refused from the guesser's address ...
    response = _sign_in(client, TEST_PASSWORD, via_proxy_for="203.0.113.9")
    assert response.status_code == 429
    assert "Too many sign-in attempts" in response.content.decode()
    assert "_auth_user_id" not in client.session
    # ... while Maria, behind the same proxy, signs in.
    response = _sign_in(client, TEST_PASSWORD, via_proxy_for="198.51.100.7")
    assert response.status_code == 302, response.content.decode()[-3000:]


def test_a_client_cannot_choose_its_address_with_the_header(rf, settings):
    settings.TRUSTED_PROXIES = [PROXY]
    spoofed = rf.get("/", REMOTE_ADDR="203.0.113.9", HTTP_X_FORWARDED_FOR="198.51.100.7")
    assert throttle.client_ip(spoofed) == "203.0.113.9"
    # Through our proxy, the address the proxy appended counts, not one the client wrote.
    chained = rf.get("/", REMOTE_ADDR=PROXY, HTTP_X_FORWARDED_FOR="1.2.3.4, 203.0.113.9")
    assert throttle.client_ip(chained) == "203.0.113.9"
    settings.TRUSTED_PROXIES = []
    assert throttle.client_ip(chained) == PROXY


def test_wrong_passwords_slow_an_account_down_but_never_lock_it(client, db, settings, clock):
    UserFactory(username="maria")
    for n in range(settings.ACCOUNT_SLOWDOWN_AFTER):
        # From many addresses, as a botnet would.
        assert _sign_in(client, "guess", remote=f"203.0.113.{n}").status_code == 200
    response = _sign_in(client, TEST_PASSWORD, remote="198.51.100.7")
    assert response.status_code == 200
    assert "Wait 2 seconds and try again" in response.content.decode()
    clock[0] += 2
    response = _sign_in(client, TEST_PASSWORD, remote="198.51.100.7")
    assert response.status_code == 302  # the owner got in after two seconds
    client.logout()
    assert throttle.wait_seconds("maria") == 0  # and the count is cleared


def test_the_wait_grows_but_stays_short(client, db, settings, clock):
    UserFactory(username="maria")
    for n in range(30):
        clock[0] += 3600 if n == 0 else settings.ACCOUNT_SLOWDOWN_MAX_SECONDS
        _sign_in(client, "guess", remote=f"203.0.113.{n}")
    assert throttle.wait_seconds("maria") == settings.ACCOUNT_SLOWDOWN_MAX_SECONDS
    clock[0] += settings.ACCOUNT_SLOWDOWN_MAX_SECONDS
    assert _sign_in(client, TEST_PASSWORD, remote="198.51.100.7").status_code == 302
