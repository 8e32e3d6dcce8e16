"""What the tracker checks for step 7."""

from __future__ import annotations

from django.template.defaultfilters import pluralize
from django.utils import timezone

from occupations.models import CriticalOccupation
from partnerships.models import Partnership
from pathways.maps.selectors.tiers import TIER_ORDER
from pathways.maps.selectors.versions import latest_version


def step7_criteria(partnership: Partnership) -> list:
    """What the tracker checks before step 7 can be marked complete."""
    from partnerships.registry import Criterion

    critical = list(
        CriticalOccupation.objects.filter(partnership=partnership).values_list("tier", flat=True)
    )
    missing_tiers = [t.label for t in TIER_ORDER if t.value not in critical]
    version = latest_version(partnership)
    return [
        Criterion(
            "Critical occupations in every tier",
            bool(critical) and not missing_tiers,
            f"No occupation yet in: {', '.join(missing_tiers)}"
            if missing_tiers
            else f"{len(critical)} occupation{pluralize(len(critical))}",
        ),
        Criterion(
            "A pathway map is published",
            version is not None,
            f"Version {version.number}, published {timezone.localtime(version.published_at):%B %-d, %Y}"
            if version
            else "Preview the draft and publish it",
        ),
        Criterion(
            "The printable one-page PDF is ready",
            bool(version and version.pdf),
            "" if version is None else ("Ready" if version.pdf else "Rendering or failed"),
        ),
    ]
