"""The permission matrices cover every URL: a new page cannot ship without saying who may
open it. Each app's `test_permissions*.py` names its URLs; this test fails for a URL that
none of them names."""

from __future__ import annotations

import re
from pathlib import Path

from django.urls import URLPattern, URLResolver, get_resolver

TESTS = Path(__file__).resolve().parent
# Django's own pages (sign-in, password reset, the admin) are Django's to test.
NOT_OURS = {"admin", "djdt"}
DJANGO_AUTH = {
    "login", "logout", "password_change", "password_change_done", "password_reset",
    "password_reset_done", "password_reset_confirm", "password_reset_complete",
}  # fmt: skip


def _names(patterns, namespace=""):
    for pattern in patterns:
        if isinstance(pattern, URLResolver):
            if pattern.namespace in NOT_OURS:
                continue
            inner = f"{namespace}{pattern.namespace}:" if pattern.namespace else namespace
            yield from _names(pattern.url_patterns, inner)
        elif isinstance(pattern, URLPattern) and pattern.name:
            yield f"{namespace}{pattern.name}"


def test_every_named_url_is_in_a_permission_matrix():
    ours = {name for name in _names(get_resolver().url_patterns) if name not in DJANGO_AUTH}
    text = "\n".join(p.read_text() for p in TESTS.rglob("test_permissions*.py"))
    named = set(re.findall(r"[\"']([\w]+:[\w]+|[\w]+)[\"']", text))
    missing = sorted(ours - named)
    assert missing == [], f"URLs no permission matrix names: {missing}"
