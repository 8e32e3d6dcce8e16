"""Issue 15, item 2: an invitation is tied to its address and never changes a membership."""

from __future__ import annotations

import pytest
from django.core.exceptions import ValidationError
from django.urls import reverse

from partnerships import services
from partnerships.models import Invitation, Membership, Role
from tests.factories import UserFactory


def _invite(partnership, convener, email, role=Role.PARTNER) -> Invitation:
    return services.invitation_create(
        partnership=partnership, actor=convener, email=email, role=role
    )


def test_another_account_holding_the_link_gets_nothing(client, partnership, convener):
    invitation = _invite(partnership, convener, "sam@example.edu", Role.CHAMPION)
    mallory = UserFactory(username="mallory", email="mallory@example.com")
    client.force_login(mallory)
    page = client.get(reverse("invitation_accept", args=[invitation.token])).content.decode()
    assert "This invitation is for sam@example.edu" in page
    assert "Accept and join" not in page
    response = client.post(reverse("invitation_accept", args=[invitation.token]))
    assert "This invitation was sent to sam@example.edu" in response.content.decode()
    assert not Membership.objects.filter(user=mallory, partnership=partnership).exists()
    invitation.refresh_from_db()
    assert invitation.is_open


def test_the_invited_address_joins_whatever_its_case(client, partnership, convener):
    invitation = _invite(partnership, convener, "Sam@Example.edu")
    sam = UserFactory(username="sam", email="sam@example.EDU")
    client.force_login(sam)
    assert client.post(reverse("invitation_accept", args=[invitation.token])).status_code == 302
    assert Membership.objects.get(user=sam, partnership=partnership).role == Role.PARTNER


def test_an_invitation_never_changes_an_existing_membership(client, partnership, convener):
    # Invited before the address became a member's (or invited twice): the link still works.
    invitation = _invite(partnership, convener, "lead@example.org", Role.COUNSELOR)
    convener.email = "lead@example.org"
    convener.save()
    with pytest.raises(ValidationError, match="already a member"):
        services.invitation_accept(invitation=invitation, user=convener)
    client.force_login(convener)
    page = client.get(reverse("invitation_accept", args=[invitation.token])).content.decode()
    assert "already a member" in page
    client.post(reverse("invitation_accept", args=[invitation.token]))
    # The partnership keeps its only convener.
    assert Membership.objects.get(user=convener, partnership=partnership).role == Role.CONVENER
    invitation.refresh_from_db()
    assert invitation.accepted_at is None
