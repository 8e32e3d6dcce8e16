"""Fixtures for the pathway-map tests."""

from __future__ import annotations

from io import StringIO

import pytest
from django.core.cache import cache
from django.core.management import call_command

from occupations.models import Tier
from partnerships.models import Partnership
from tests.maps.factories import (
    AdvancementPathFactory,
    CriticalOccupationFactory,
    program_for,
)


@pytest.fixture(autouse=True)
def _fresh_cache():
    """Download lookups are cached; each test starts from an empty cache."""
    cache.clear()


@pytest.fixture
def ladder(partnership):
    """Three critical occupations, one per tier, each with a program, and the paths up."""
    entry = CriticalOccupationFactory(
        partnership=partnership, soc_code="51-4121", title="Welder", tier=Tier.ENTRY
    )
    mid = CriticalOccupationFactory(
        partnership=partnership, soc_code="51-4041", title="Machinist", tier=Tier.MID
    )
    advanced = CriticalOccupationFactory(
        partnership=partnership, soc_code="51-9162", title="CNC Programmer", tier=Tier.ADVANCED
    )
    AdvancementPathFactory(from_occupation=entry, to_occupation=mid)
    AdvancementPathFactory(from_occupation=mid, to_occupation=advanced)
    for occupation in (entry, mid, advanced):
        program_for(occupation, placement_rate=88)
    return {"entry": entry, "mid": mid, "advanced": advanced}


@pytest.fixture
def demo_partnership(db, django_capture_on_commit_callbacks):
    """The whole demo as `manage.py load_demo` builds it, its map published and rendered."""
    from django.contrib.auth import get_user_model

    from pathways.actionplan import release_watch
    from pathways.actionplan.models import MapReview

    with django_capture_on_commit_callbacks(execute=True):  # the publish's render
        call_command("load_demo", stdout=StringIO())
    partnership = Partnership.objects.get(slug="front-range-manufacturing")
    # The demo leaves Colorado's May 2025 wages as a change to review (step 8): the
    # convener's one click publishes version 2 with every figure these tests read.
    review = MapReview.objects.get(partnership=partnership, state=MapReview.State.OPEN)
    with django_capture_on_commit_callbacks(execute=True):
        release_watch.review_publish(
            review=review, actor=get_user_model().objects.get(username="convener")
        )
    return partnership
