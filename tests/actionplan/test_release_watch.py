from __future__ import annotations

import pytest
from django.core import mail
from django.db import transaction
from django.urls import reverse
from django.utils import timezone

from occupations.models import DataRelease, Projection
from pathways.actionplan import release_watch
from pathways.actionplan.models import MapReview
from pathways.maps import selectors as map_selectors
from pathways.maps import services as map_services

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def _quick_pdfs(monkeypatch):
    monkeypatch.setattr(map_services, "map_pdf", lambda data, edition, **kw: b"%PDF-1.7 test")


def projections_release(version: str, openings: dict[str, float], checksum: str) -> DataRelease:
    """A projections release as the importer writes it: the release row, then its lines, in
    one transaction."""
    with transaction.atomic():
        release = DataRelease.objects.create(
            source="projections", version=version, checksum=checksum,
            file_name="ep.xlsx", imported_at=timezone.now(),
        )  # fmt: skip
        Projection.objects.bulk_create(
            Projection(
                release=release,
                line=i,
                soc_code=code,
                title=code,
                base_year=2024,
                target_year=2034,
                employment_base=100.0,
                annual_openings=value,
                typical_education="High school diploma or equivalent",
            )  # fmt: skip
            for i, (code, value) in enumerate(openings.items(), 1)
        )
    return release


def test_compare_lists_each_changed_figure():
    old = {"tiers": [{"occupations": [
        {"soc_code": "51-4041", "title": "Machinist", "education": "Postsecondary",
         "wages": {"unit": "hourly", "regional": {"median": 25.0}, "national": None},
         "openings": {"value": 300, "scope": "regional", "national": 9000}},
    ]}]}  # fmt: skip
    new = {"tiers": [{"occupations": [
        {"soc_code": "51-4041", "title": "Machinist", "education": "Postsecondary",
         "wages": {"unit": "hourly", "regional": {"median": 26.5}, "national": None},
         "openings": {"value": 270, "scope": "regional", "national": 9000}},
    ]}]}  # fmt: skip
    changes = release_watch.compare(old, new)
    assert [(c["figure"], c["old"], c["new"], c["change"], c["percent"]) for c in changes] == [
        ("Regional median wage", 25.0, 26.5, 1.5, 6.0),
        ("Annual openings in the region (est.)", 300, 270, -30, -10.0),
    ]
    assert release_watch.compare(old, old) == []


def test_an_import_tells_the_convener_and_one_click_publishes(
    client,
    partnership,
    convener,
    ladder,
    django_capture_on_commit_callbacks,
):
    with django_capture_on_commit_callbacks(execute=True):
        projections_release("2023-33", {"51-4041": 10.0}, "a" * 64)
        map_services.map_publish(partnership=partnership, actor=convener)
    assert not MapReview.objects.exists()  # published after the import: nothing to review
    convener.email = "maria@example.org"
    convener.save()
    with django_capture_on_commit_callbacks(execute=True):
        release = projections_release("2024-34", {"51-4041": 12.5}, "b" * 64)
    review = MapReview.objects.get()
    assert review.release == release
    machinist = [c for c in review.changes if c["occupation"] == "Machinist"]
    assert {c["figure"] for c in machinist} == {"Annual openings, U.S."}
    [email] = mail.outbox
    assert email.to == ["maria@example.org"]
    assert "changes 1 figure" in email.subject
    assert f"/p/{partnership.slug}/action-plan/map-reviews/{review.pk}/" in email.body

    client.force_login(convener)
    plan = client.get(reverse("actionplan:plan", args=[partnership.slug])).content.decode()
    assert "See what changed" in plan
    page = client.get(reverse("actionplan:review", args=[partnership.slug, review.pk]))
    assert "12,500" in page.content.decode() and "10,000" in page.content.decode()
    with django_capture_on_commit_callbacks(execute=True):
        client.post(reverse("actionplan:review_publish", args=[partnership.slug, review.pk]))
    assert map_selectors.latest_version(partnership).number == 2
    review.refresh_from_db()
    assert review.state == MapReview.State.PUBLISHED and review.resolved_by == convener
    plan = client.get(reverse("actionplan:plan", args=[partnership.slug])).content.decode()
    assert "See what changed" not in plan


def test_an_unwatched_source_or_no_change_makes_no_review(
    partnership,
    convener,
    ladder,
    django_capture_on_commit_callbacks,
):
    with django_capture_on_commit_callbacks(execute=True):
        map_services.map_publish(partnership=partnership, actor=convener)
        DataRelease.objects.create(source="soc", version="2018", checksum="c" * 64,
                                   file_name="soc.xlsx", imported_at=timezone.now())  # fmt: skip
    assert not MapReview.objects.exists()


def test_the_watch_reads_the_figures_publishing_would_show(
    partnership, convener, ladder, django_capture_on_commit_callbacks
):
    from pathways.maps.selectors import map_data

    with django_capture_on_commit_callbacks(execute=True):
        projections_release("2024-34", {"51-4041": 12.5, "51-4121": 40.0}, "e" * 64)
    fresh = map_data(partnership)
    watched = release_watch.FigureReader().current(partnership, fresh)
    for tier, watched_tier in zip(fresh["tiers"], watched["tiers"], strict=True):
        for occupation, seen in zip(tier["occupations"], watched_tier["occupations"], strict=True):
            assert release_watch.figures(seen) == release_watch.figures(occupation)
    assert release_watch.figures(watched["tiers"][1]["occupations"][0])["Annual openings, U.S."][
        0
    ] == (12500)
