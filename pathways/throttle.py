"""Password guessing is throttled by the guesser's address, and slows an account down
without ever locking its owner out.

- The client's address: behind our own proxy every request arrives from the proxy, so the
  address is taken from X-Forwarded-For, but only when the request really comes from a proxy
  listed in `TRUSTED_PROXIES` (a client can write any header it likes). Axes locks an address
  after `AXES_FAILURE_LIMIT` wrong passwords (see settings).
- An account: after `ACCOUNT_SLOWDOWN_AFTER` wrong passwords in a row, whoever sends them, the
  next try must wait a few seconds, doubling with each further wrong password up to
  `ACCOUNT_SLOWDOWN_MAX_SECONDS`. The owner is delayed, never refused for long; a guesser
  gets a handful of tries a minute. A right password clears the count.
"""

from __future__ import annotations

import hashlib
import ipaddress
import time

from django.conf import settings
from django.contrib.auth.forms import AuthenticationForm
from django.contrib.auth.signals import user_logged_in, user_login_failed
from django.core.cache import cache
from django.dispatch import receiver
from django.http import HttpRequest

WINDOW = 60 * 60  # failures older than an hour since the last one are forgotten


def _now() -> float:
    return time.time()


def _networks() -> list[ipaddress.IPv4Network | ipaddress.IPv6Network]:
    return [ipaddress.ip_network(n, strict=False) for n in getattr(settings, "TRUSTED_PROXIES", [])]


def _trusted(address: str, networks) -> bool:
    try:
        ip = ipaddress.ip_address(address)
    except ValueError:
        return False
    return any(ip in network for network in networks)


def client_ip(request: HttpRequest) -> str:
    """The address of the person, as our own proxies saw it (AXES_CLIENT_IP_CALLABLE)."""
    remote = request.META.get("REMOTE_ADDR", "") or ""
    networks = _networks()
    if not networks or not _trusted(remote, networks):
        return remote
    # Each proxy appends the address it received from: read from the right, skipping our
    # own proxies; the first other address is the client's.
    forwarded = request.META.get("HTTP_X_FORWARDED_FOR", "")
    for hop in reversed([h.strip() for h in forwarded.split(",") if h.strip()]):
        if not _trusted(hop, networks):
            try:
                return str(ipaddress.ip_address(hop))
            except ValueError:
                return remote
    return remote


# --- the account slowdown --------------------------------------------------------------------


def _key(username: str) -> str:
    digest = hashlib.sha256((username or "").strip().lower().encode()).hexdigest()[:32]
    return f"throttle:account:{digest}"


def _after() -> int:
    return int(getattr(settings, "ACCOUNT_SLOWDOWN_AFTER", 5))


def _max_wait() -> int:
    return int(getattr(settings, "ACCOUNT_SLOWDOWN_MAX_SECONDS", 30))


def wait_seconds(username: str) -> int:
    """How long this account's next sign-in must wait (0: now)."""
    state = cache.get(_key(username))
    if not state:
        return 0
    failures, last = state
    if failures < _after():
        return 0
    delay = min(2 ** (failures - _after() + 1), _max_wait())
    return max(0, int(last + delay - _now() + 0.999))


def record_failure(username: str) -> None:
    key = _key(username)
    failures, _last = cache.get(key) or (0, 0.0)
    cache.set(key, (failures + 1, _now()), WINDOW)


def clear(username: str) -> None:
    cache.delete(_key(username))


@receiver(user_login_failed)
def _failed(sender, credentials, request=None, **kwargs) -> None:
    username = credentials.get("username")
    if getattr(request, "axes_locked_out", False):
        return  # refused for its address, not a guess at the password
    if username:
        record_failure(username)


@receiver(user_logged_in)
def _logged_in(sender, request, user, **kwargs) -> None:
    clear(user.get_username())


class ThrottledAuthenticationForm(AuthenticationForm):
    """The sign-in form: an account slowed down by wrong passwords says how long to wait."""

    def clean(self):
        username = self.cleaned_data.get("username")
        if username:
            wait = wait_seconds(username)
            if wait:
                raise self.get_invalid_login_error_for_wait(wait)
        return super().clean()

    def get_invalid_login_error_for_wait(self, wait: int):
        from django.core.exceptions import ValidationError

        return ValidationError(
            f"There were several wrong passwords for this account just now. Wait {wait} "
            f"second{'s' if wait != 1 else ''} and try again.",
            code="slowed_down",
        )
