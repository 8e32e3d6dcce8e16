from __future__ import annotations

import pytest

from partnerships.models import Membership
from tests.inventory.factories import ProgramFactory, ProviderFactory


@pytest.fixture
def provider(partnership):
    return ProviderFactory(
        partnership=partnership, organization__name="Red Rocks Valley Community College"
    )


@pytest.fixture
def other_provider(partnership):
    return ProviderFactory(
        partnership=partnership, organization__name="Mesa Ridge Technical College"
    )


@pytest.fixture
def program(partnership, provider):
    return ProgramFactory(
        partnership=partnership, provider=provider, name="Machining Technology AAS"
    )


@pytest.fixture
def partner_membership(support_partner, partnership, provider):
    """The support partner speaks for the provider's organization."""
    membership = Membership.objects.get(user=support_partner, partnership=partnership)
    membership.organization = provider.organization
    membership.save()
    return membership


@pytest.fixture(autouse=True)
def _fast_passwords(settings):
    # Users are created in every test; the production hasher would dominate the run time.
    settings.PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]
