"""Fixtures for step 3: the reference excerpts, a step-3 convening with its card sort, and
logged-in clients per role."""

from __future__ import annotations

import pytest

from occupations import demo, services
from partnerships.models import Membership
from tests.factories import OrganizationFactory
from tests.occupations.step3.factories import Step3ConveningFactory


@pytest.fixture
def reference(db):
    """The shipped excerpts of the real O*NET, SOC, OEWS and projections files."""
    demo.load()


@pytest.fixture
def convening(partnership, convener, champion):
    convening = Step3ConveningFactory(partnership=partnership, created_by=convener)
    organization = OrganizationFactory(partnership=partnership, name="Summit Precision Machining")
    Membership.objects.filter(user=champion, partnership=partnership).update(
        organization=organization
    )
    convening.attendees.add(convener, champion)
    convening.guests.create(name="Lena Hoffman", company="Front Range Aerospace Components")
    convening.guests.create(name="Marcus Reyes", company="Rocky Mountain Fabrication")
    return convening


@pytest.fixture
def card_sort(convening, convener):
    return services.card_sort_start(convening=convening, actor=convener)


@pytest.fixture
def employers(card_sort):
    return {e.company: e for e in card_sort.employers.all()}
