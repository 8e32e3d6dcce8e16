"""Who may open step 8's maturity, employer-feedback and map-review pages: the team sees
them; only conveners open a maturity round and decide on a map review."""

from __future__ import annotations

import pytest
from django.urls import reverse
from django.utils import timezone

from occupations.models import DataRelease
from pathways.actionplan import services
from pathways.actionplan.models import MapReview, MaturityRating
from pathways.maps import services as map_services

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def _quick_pdfs(monkeypatch):
    monkeypatch.setattr(map_services, "map_pdf", lambda data, edition, **kw: b"%PDF-1.7 test")


@pytest.mark.parametrize(
    ("role", "page", "open_round", "rate"),
    [
        ("anonymous", 302, 302, 302),
        ("counselor", 403, 403, 403),
        ("partner", 200, 403, 302),
        ("champion", 200, 403, 302),
        ("convener", 200, 302, 302),
        ("outsider", 404, 404, 404),
    ],
)
def test_maturity_permissions(client, role_users, partnership, convener, role, page, open_round,
                              rate):  # fmt: skip
    services.maturity_round_open(partnership=partnership, actor=convener, name="Spring")
    user = role_users[role]
    if user is not None:
        client.force_login(user)
    slug = partnership.slug
    assert client.get(reverse("actionplan:maturity", args=[slug])).status_code == page
    response = client.post(reverse("actionplan:maturity_round_open", args=[slug]), {"name": "X"})
    assert response.status_code == open_round
    response = client.post(reverse("actionplan:maturity_rate", args=[slug]), {"level-funding": "2"})
    assert response.status_code == rate
    assert MaturityRating.objects.exists() == (rate == 302 and role != "anonymous")


@pytest.mark.parametrize(
    ("role", "status"),
    [("anonymous", 302), ("counselor", 403), ("partner", 200), ("champion", 200),
     ("convener", 200), ("outsider", 404)],
)  # fmt: skip
def test_feedback_permissions(client, role_users, partnership, role, status):
    user = role_users[role]
    if user is not None:
        client.force_login(user)
    assert client.get(reverse("actionplan:feedback", args=[partnership.slug])).status_code == status


@pytest.mark.parametrize(
    ("role", "view", "act"),
    [("anonymous", 302, 302), ("counselor", 403, 403), ("partner", 200, 403),
     ("champion", 200, 403), ("convener", 200, 302), ("outsider", 404, 404)],
)  # fmt: skip
def test_review_permissions(client, role_users, partnership, convener, ladder, role, view,
                            act, django_capture_on_commit_callbacks):  # fmt: skip
    with django_capture_on_commit_callbacks(execute=True):
        version = map_services.map_publish(partnership=partnership, actor=convener)
    release = DataRelease.objects.create(source="oews", version="May 2025", checksum="d" * 64,
                                         file_name="o.xlsx", imported_at=timezone.now())  # fmt: skip
    review = MapReview.objects.create(partnership=partnership, map_version=version,
                                      release=release, changes=[])  # fmt: skip
    user = role_users[role]
    if user is not None:
        client.force_login(user)
    slug = partnership.slug
    assert client.get(reverse("actionplan:review", args=[slug, review.pk])).status_code == view
    response = client.post(reverse("actionplan:review_dismiss", args=[slug, review.pk]))
    assert response.status_code == act
    review.refresh_from_db()
    assert (review.state == MapReview.State.DISMISSED) == (role == "convener")
    # Publishing from a review: conveners only (this one is closed now: nothing is published).
    response = client.post(reverse("actionplan:review_publish", args=[slug, review.pk]))
    assert response.status_code == act
    assert version.pathway_map.versions.count() == 1
