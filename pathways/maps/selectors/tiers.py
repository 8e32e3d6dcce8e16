"""The three tiers of a map, in the order a student climbs them."""

from __future__ import annotations

from occupations.models import Tier

TIER_ORDER = [Tier.ENTRY, Tier.MID, Tier.ADVANCED]
TIER_RANK = {t.value: i for i, t in enumerate(TIER_ORDER)}
