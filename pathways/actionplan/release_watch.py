"""A map that stays current: after a labor-market import, compare each published map's
figures with what the map would show now, and tell the convener what changed.

Only the figures a release can move are gathered again (wages, openings, typical
education), with the same helpers publishing uses (`pathways.maps.selectors`), for the
occupations the published version shows. Maps in one region share their occupations' data,
so each (occupation, areas) is read once per run: fifty maps cost little more than one.
A test holds these figures equal to what `map_data` puts in a new version.
"""

from __future__ import annotations

import logging

from django.conf import settings
from django.core.mail import EmailMultiAlternatives
from django.db import IntegrityError, transaction
from django.template.loader import render_to_string
from django.urls import reverse
from django.utils import timezone

from partnerships.models import Membership, Role
from pathways.actionplan.models import MapReview

logger = logging.getLogger(__name__)

WATCHED_SOURCES = {"oews", "projections", "onet"}


def _wage(occupation: dict, scope: str):
    block = (occupation.get("wages") or {}).get(scope) or {}
    return block.get("median"), (occupation.get("wages") or {}).get("unit", "")


def figures(occupation: dict) -> dict[str, tuple]:
    """The figures of one occupation on a map that a new release can change:
    name -> (value, unit)."""
    regional, unit = _wage(occupation, "regional")
    national, _ = _wage(occupation, "national")
    # Openings by scope: a map without regional employment shows the nation's openings, and
    # a release that brings the region's must read as a regional figure appearing, not as
    # openings falling from the nation's count to the region's.
    openings = occupation.get("openings") or {}
    regional_openings = openings.get("value") if openings.get("scope") == "regional" else None
    return {
        "Regional median wage": (regional, unit),
        "National median wage": (national, unit),
        "Annual openings in the region (est.)": (regional_openings, "openings"),
        "Annual openings, U.S.": (openings.get("national"), "openings"),
        "Typical education": (occupation.get("education") or None, ""),
    }


def _occupations(data: dict) -> dict[str, dict]:
    return {o["soc_code"]: o for tier in data.get("tiers", []) for o in tier["occupations"]}


class FigureReader:
    """Today's figures for an occupation on a map, read once per (occupation, areas)."""

    def __init__(self):
        from occupations import selectors as labor
        from occupations.models import Source

        self.onet_release = labor.current_release(Source.ONET)
        self._cache: dict[tuple, dict] = {}

    def occupation(self, occupation: dict, area_codes: list[str]) -> dict:
        from occupations import selectors as labor
        from pathways.maps import selectors as maps

        soc = occupation["soc_code"]
        onet_code = occupation.get("onet_code") or f"{soc}.00"
        key = (soc, onet_code, tuple(area_codes))
        if key not in self._cache:
            rows = labor.wages_for(soc, area_codes)
            projection = labor.projection_for(soc)
            education = projection.typical_education if projection else ""
            if not education and self.onet_release is not None:
                shares = labor.required_education(onet_code, release=self.onet_release)
                education = shares[0][0] if shares else ""
            flags = [r.estimate for r in rows]
            hourly = not any(e.annual_only for e in flags) and (
                education not in maps.SALARIED_EDUCATION or any(e.hourly_only for e in flags)
            )
            self._cache[key] = {
                "education": education,
                "wages": maps.wage_block(rows, hourly),
                "openings": maps.openings(rows, projection),
            }
        return {**occupation, **self._cache[key]}

    def current(self, partnership, snapshot: dict) -> dict:
        """The snapshot with each occupation's figures as an update would show them now."""
        from pathways.maps import selectors as maps

        _, area_codes = maps.region(partnership)
        return {
            "tiers": [
                {"occupations": [self.occupation(o, area_codes) for o in tier["occupations"]]}
                for tier in snapshot.get("tiers", [])
            ]
        }


def compare(snapshot: dict, fresh: dict) -> list[dict]:
    """Every figure that differs, by occupation: old, new and the change."""
    old_by_code, new_by_code = _occupations(snapshot), _occupations(fresh)
    changes = []
    for code, old_occ in old_by_code.items():
        new_occ = new_by_code.get(code)
        if new_occ is None:
            continue
        new_figures = figures(new_occ)
        for name, (old, unit) in figures(old_occ).items():
            new, new_unit = new_figures[name]
            if old == new:
                continue
            change = None
            if isinstance(old, int | float) and isinstance(new, int | float) and unit == new_unit:
                change = round(new - old, 2)
            changes.append(
                {
                    "soc_code": code,
                    "occupation": old_occ["title"],
                    "figure": name,
                    "old": old,
                    "new": new,
                    "change": change,
                    "percent": round(change / old * 100, 1) if change is not None and old else None,
                    "unit": new_unit or unit,
                }
            )
    return changes


def maps_compare(*, release_id: int) -> list[MapReview]:
    """Compare every partnership's newest published map with the data as it is now (after
    the release `release_id`), and record a review where something changed."""
    from occupations.models import DataRelease
    from pathways.maps.models import MapVersion

    release = DataRelease.objects.get(pk=release_id)
    if release.source not in WATCHED_SOURCES:
        return []
    reviews = []
    reader = FigureReader()
    versions = MapVersion.objects.published_latest().prefetch_related(
        "pathway_map__partnership__areas"
    )
    done = set(MapReview.objects.filter(release=release).values_list("map_version_id", flat=True))
    for version in versions:
        partnership = version.pathway_map.partnership
        if version.pk in done:
            continue
        if (
            version.published_at
            and release.imported_at
            and version.published_at >= release.imported_at
        ):
            continue  # published with this release already in: nothing of it to review
        changes = compare(version.snapshot, reader.current(partnership, version.snapshot))
        if not changes:
            continue
        try:
            with transaction.atomic():
                # A newer review replaces older open ones for the same version: one list.
                MapReview.objects.filter(map_version=version, state=MapReview.State.OPEN).update(
                    state=MapReview.State.DISMISSED, resolved_at=timezone.now()
                )
                review = MapReview.objects.create(
                    partnership=partnership, map_version=version, release=release, changes=changes
                )
        except IntegrityError:  # another run (the worker, the demo) recorded it first
            continue
        reviews.append(review)
    return reviews


def review_notify(*, review_id: int) -> int:
    """Email the partnership's conveners what changed; returns how many were told."""
    review = MapReview.objects.select_related("partnership", "release", "map_version").get(
        pk=review_id
    )
    conveners = [
        m.user
        for m in Membership.objects.filter(
            partnership=review.partnership, role=Role.CONVENER
        ).select_related("user")
        if m.user.email
    ]
    if not conveners:
        return 0
    base = settings.SITE_URL.rstrip("/")
    context = {
        "review": review,
        "partnership": review.partnership,
        "url": base + reverse("actionplan:review", args=[review.partnership.slug, review.pk]),
    }
    message = EmailMultiAlternatives(
        subject=" ".join(render_to_string("emails/map_review_subject.txt", context).split()),
        body=render_to_string("emails/map_review.txt", context),
        to=[u.email for u in conveners],
    )
    message.attach_alternative(render_to_string("emails/map_review.html", context), "text/html")
    message.send()
    MapReview.objects.filter(pk=review.pk).update(notified_at=timezone.now())
    return len(conveners)


@transaction.atomic
def review_publish(*, review: MapReview, actor) -> object:
    """Publish an updated map version from today's data and close the review."""
    from pathways.maps.services import map_publish

    version = map_publish(partnership=review.partnership, actor=actor)
    MapReview.objects.filter(partnership=review.partnership, state=MapReview.State.OPEN).update(
        state=MapReview.State.PUBLISHED, resolved_at=timezone.now(), resolved_by=actor
    )
    return version


@transaction.atomic
def review_dismiss(*, review: MapReview, actor) -> None:
    MapReview.objects.filter(pk=review.pk, state=MapReview.State.OPEN).update(
        state=MapReview.State.DISMISSED, resolved_at=timezone.now(), resolved_by=actor
    )


def open_reviews(partnership) -> list[MapReview]:
    return list(
        MapReview.objects.filter(partnership=partnership, state=MapReview.State.OPEN)
        .select_related("release", "map_version")
        .order_by("-created_at")
    )
