"""Every partnership URL x every role, against the status that role should get.

anonymous -> sent to sign in; a convener of another partnership -> 404 (we don't confirm a
private partnership exists); a member whose role is not enough -> 403.
"""

from __future__ import annotations

from datetime import timedelta

import pytest
from django.urls import reverse
from django.utils import timezone

from partnerships.models import ConveningGuest, Invitation, Role
from tests.factories import (
    AreaFactory,
    CommitteeMemberFactory,
    ConveningFactory,
    IndustryFactory,
    MembershipFactory,
    OrganizationFactory,
    SupportPartnerFactory,
)

ALL = {"counselor", "partner", "champion", "convener"}
TEAM = {"partner", "champion", "convener"}
MANAGE = {"convener"}


@pytest.fixture
def world(partnership, role_users):
    convening = ConveningFactory(partnership=partnership)
    return {
        "slug": partnership.slug,
        "industry": IndustryFactory(partnership=partnership).pk,
        "area": AreaFactory(partnership=partnership).pk,
        "organization": OrganizationFactory(partnership=partnership).pk,
        "committee": CommitteeMemberFactory(partnership=partnership).pk,
        "membership": MembershipFactory(partnership=partnership, role=Role.COUNSELOR).pk,
        "invitation": Invitation.objects.create(
            partnership=partnership,
            email="new@example.org",
            role=Role.PARTNER,
            token="tok",
            expires_at=timezone.now() + timedelta(days=3),
        ).pk,
        "convening": convening.pk,
        "guest": ConveningGuest.objects.create(convening=convening, name="Guest").pk,
        "support": SupportPartnerFactory(partnership=partnership).pk,
    }


# (url name, method, kwargs from the world, roles allowed)
PAGES = [
    ("partnerships:detail", "get", [], ALL),
    ("partnerships:tracker", "get", [], ALL),
    ("partnerships:step", "get", ["number=1"], ALL),
    ("partnerships:step", "get", ["number=5"], ALL),
    ("partnerships:edit", "get", [], MANAGE),
    ("partnerships:organizations", "get", [], TEAM),
    ("partnerships:organization_edit", "get", ["pk=organization"], MANAGE),
    ("partnerships:committee", "get", [], TEAM),
    ("partnerships:committee_edit", "get", ["pk=committee"], MANAGE),
    ("partnerships:members", "get", [], TEAM),
    ("partnerships:convenings", "get", [], TEAM),
    ("partnerships:convening_create", "get", [], MANAGE),
    ("partnerships:convening_detail", "get", ["pk=convening"], TEAM),
    ("partnerships:convening_edit", "get", ["pk=convening"], MANAGE),
    ("partnerships:support_team", "get", [], TEAM),
    ("partnerships:support_partner_edit", "get", ["pk=support"], MANAGE),
    # Writes: a POST from a role that may not write must change nothing.
    ("partnerships:industry_add", "post", [], MANAGE),
    ("partnerships:industry_remove", "post", ["pk=industry"], MANAGE),
    ("partnerships:area_add", "post", [], MANAGE),
    ("partnerships:area_remove", "post", ["pk=area"], MANAGE),
    ("partnerships:organizations", "post", [], MANAGE),
    ("partnerships:organization_delete", "post", ["pk=organization"], MANAGE),
    ("partnerships:committee", "post", [], MANAGE),
    ("partnerships:committee_remove", "post", ["pk=committee"], MANAGE),
    ("partnerships:members", "post", [], MANAGE),
    ("partnerships:membership_role", "post", ["pk=membership"], MANAGE),
    ("partnerships:membership_remove", "post", ["pk=membership"], MANAGE),
    ("partnerships:invitation_resend", "post", ["pk=invitation"], MANAGE),
    ("partnerships:invitation_revoke", "post", ["pk=invitation"], MANAGE),
    ("partnerships:convening_detail", "post", ["pk=convening"], MANAGE),
    ("partnerships:convening_delete", "post", ["pk=convening"], MANAGE),
    ("partnerships:guest_remove", "post", ["pk=convening", "guest_pk=guest"], MANAGE),
    ("partnerships:support_team", "post", [], MANAGE),
    ("partnerships:support_partner_remove", "post", ["pk=support"], MANAGE),
    ("partnerships:step_complete", "post", ["number=1"], MANAGE),
    ("partnerships:step_reopen", "post", ["number=1"], MANAGE),
]
ROLES = ["anonymous", "counselor", "partner", "champion", "convener", "outsider"]


def _url(world, name, kwargs):
    resolved = {"slug": world["slug"]}
    for item in kwargs:
        key, value = item.split("=")
        resolved[key] = int(value) if value.isdigit() else world[value]
    return reverse(name, kwargs=resolved)


def _expected(role, allowed, method):
    if role == "anonymous":
        return 302
    if role == "outsider":
        return 404
    if role in allowed:
        return 200 if method == "get" else None  # a write answers 200 (form errors) or 302
    return 403


@pytest.mark.parametrize("role", ROLES)
@pytest.mark.parametrize(("name", "method", "kwargs", "allowed"), PAGES)
def test_permission_matrix(client, world, role_users, role, name, method, kwargs, allowed):
    user = role_users[role]
    if user is not None:
        client.force_login(user)
    url = _url(world, name, kwargs)
    response = getattr(client, method)(url)
    expected = _expected(role, allowed, method)
    if expected is None:
        assert response.status_code in (200, 302), f"{role} {method} {url}"
    else:
        assert response.status_code == expected, f"{role} {method} {url}"
    if role == "anonymous":
        assert response.url.startswith(reverse("login"))


def test_mou_document_is_private_to_the_team(client, partnership, role_users, tmp_path):
    from django.core.files.base import ContentFile

    partner = SupportPartnerFactory(partnership=partnership)
    partner.mou_file.save("mou.pdf", ContentFile(b"%PDF-1.4 signed"), save=True)
    url = reverse("partnerships:support_partner_mou", args=[partnership.slug, partner.pk])
    expected = {"anonymous": 302, "outsider": 404, "counselor": 403}
    for role, user in role_users.items():
        client.logout()
        if user:
            client.force_login(user)
        response = client.get(url)
        assert response.status_code == expected.get(role, 200), role
        if response.status_code == 200:
            assert b"".join(response.streaming_content) == b"%PDF-1.4 signed"


def test_invitation_page_is_public(client, world):
    response = client.get(reverse("invitation_accept", args=["tok"]))
    assert response.status_code == 200
    assert b"Create account and join" in response.content
