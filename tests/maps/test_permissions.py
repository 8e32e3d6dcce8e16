"""Every map URL x every role. Published maps are for everyone, signed in or not; drafts are
for the partnership's members; publishing and rendering are for conveners.

anonymous -> sent to sign in (member pages) or served (public pages); a convener of another
partnership -> 404 on member pages; a member whose role is not enough -> 403.
"""

from __future__ import annotations

import pytest
from django.urls import reverse

from pathways.maps import selectors, services

ROLES = ["anonymous", "counselor", "partner", "champion", "convener", "outsider"]
MEMBERS = {"counselor", "partner", "champion", "convener"}
EVERYONE = set(ROLES)


def expected(role: str, allowed: set[str], ok: int) -> int:
    if role in allowed:
        return ok
    if role == "anonymous":
        return 302
    if role == "outsider":
        return 404
    return 403


@pytest.fixture(autouse=True)
def _quick_pdfs(monkeypatch):
    """Permissions don't depend on the PDF's content: skip WeasyPrint here."""
    monkeypatch.setattr(services, "map_pdf", lambda data, edition, **kw: b"%PDF-1.7 test")


@pytest.fixture
def published(partnership, convener, ladder, django_capture_on_commit_callbacks):
    with django_capture_on_commit_callbacks(execute=True):
        version = services.map_publish(partnership=partnership, actor=convener)
        render = services.map_render_request(partnership=partnership, actor=convener)
    return {"slug": partnership.slug, "version": version, "render": render}


# (url name, method, extra args, roles allowed, status when allowed)
PUBLISHED_PAGES = [
    ("maps:map_list", "get", [], EVERYONE, 200),
    ("maps:map_public", "get", ["slug"], EVERYONE, 200),
    ("maps:map_embed", "get", ["slug"], EVERYONE, 200),
    ("maps:map_text", "get", ["slug"], EVERYONE, 200),
    ("maps:map_version", "get", ["slug", 1], EVERYONE, 200),
    ("maps:map_pdf", "get", ["slug"], EVERYONE, 200),
    ("maps:map_detail_pdf", "get", ["slug"], EVERYONE, 200),
    ("maps:map_version_pdf", "get", ["slug", 1], EVERYONE, 200),
    ("maps:map_version_detail_pdf", "get", ["slug", 1], EVERYONE, 200),
    ("maps:map_draft", "get", ["slug"], MEMBERS, 200),
    ("maps:map_draft_pdf", "get", ["slug"], MEMBERS, 200),
    ("maps:map_draft_detail_pdf", "get", ["slug"], MEMBERS, 200),
    ("maps:map_render_status", "get", ["slug", "render"], MEMBERS, 200),
    ("maps:map_edit", "get", ["slug"], {"convener"}, 200),
    ("maps:map_occupations", "get", ["slug"], {"convener"}, 200),
]


@pytest.mark.parametrize("role", ROLES)
@pytest.mark.parametrize(("name", "method", "args", "allowed", "ok"), PUBLISHED_PAGES)
def test_published_map_permissions(client, role_users, published, role, name, method, args,
                                   allowed, ok):  # fmt: skip
    user = role_users[role]
    if user is not None:
        client.force_login(user)
    values = {"slug": published["slug"], "render": published["render"].pk}
    url = reverse(name, args=[values.get(a, a) for a in args])
    response = getattr(client, method)(url)
    assert response.status_code == expected(role, allowed, ok), (role, url)


@pytest.mark.parametrize("role", ROLES)
@pytest.mark.parametrize("name", ["maps:map_publish", "maps:map_render"])
def test_only_conveners_publish_and_render(client, role_users, partnership, ladder, role, name,
                                           django_capture_on_commit_callbacks):  # fmt: skip
    user = role_users[role]
    if user is not None:
        client.force_login(user)
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(reverse(name, args=[partnership.slug]))
    assert response.status_code == expected(role, {"convener"}, 302), role
    published = selectors.latest_version(partnership) is not None
    assert published == (role == "convener" and name == "maps:map_publish")


@pytest.mark.parametrize("role", ROLES)
def test_an_unpublished_map_is_not_public(client, role_users, partnership, ladder, role):
    user = role_users[role]
    if user is not None:
        client.force_login(user)
    page = client.get(reverse("maps:map_public", args=[partnership.slug]))
    # Members are taken to the draft; everyone else learns nothing.
    assert page.status_code == (302 if role in MEMBERS else 404)
    for name in ("maps:map_pdf", "maps:map_embed"):
        assert client.get(reverse(name, args=[partnership.slug])).status_code == 404
    version = client.get(reverse("maps:map_version", args=[partnership.slug, 1]))
    assert version.status_code == 404
    listing = client.get(reverse("maps:map_list"))
    assert partnership.name not in listing.content.decode()


def test_get_does_not_publish(client, convener, partnership, ladder):
    client.force_login(convener)
    assert client.get(reverse("maps:map_publish", args=[partnership.slug])).status_code == 405
    assert selectors.latest_version(partnership) is None
