"""Every step-3 URL x every role. Conveners do everything; industry champions add cards (and
move or remove their own); support partners listen and read; counselors get 403; members of
another partnership get 404; anonymous visitors are sent to sign in."""

from __future__ import annotations

import pytest
from django.urls import reverse

from occupations.models import (
    AdvancementPath,
    Card,
    CardCategory,
    CardSort,
    CriticalOccupation,
    QuickWin,
    RoomEmployer,
    WatchedOccupation,
)
from tests.occupations.step3.factories import CardFactory, CriticalOccupationFactory

TEAM = {"partner", "champion", "convener"}
CARDS = {"champion", "convener"}
MANAGE = {"convener"}
ROLES = ["anonymous", "counselor", "partner", "champion", "convener", "outsider"]


@pytest.fixture
def world(partnership, role_users, card_sort, employers):
    guest = employers["Rocky Mountain Fabrication"]
    first = CriticalOccupationFactory(partnership=partnership)
    second = CriticalOccupationFactory(partnership=partnership)
    path = AdvancementPath.objects.create(
        partnership=partnership, from_occupation=first, to_occupation=second
    )
    return {
        "slug": partnership.slug,
        "pk": card_sort.pk,
        "convening": card_sort.convening_id,
        "card": CardFactory(employer=guest).pk,  # a guest's card: not the champion's
        "category": card_sort.categories.first().pk,
        "employer": guest.pk,
        "critical": first.pk,
        "path": path.pk,
        "quick_win": QuickWin.objects.create(partnership=partnership, text="Bus stop").pk,
        "watched": WatchedOccupation.objects.create(
            partnership=partnership, soc_code="51-4041", title="Machinists"
        ).pk,
    }


# (url name, method, kwargs from the world, roles allowed)
PAGES = [
    ("occupations:critical", "get", [], TEAM),
    ("occupations:picture", "get", [], TEAM),
    ("occupations:picture_present", "get", [], TEAM),
    ("occupations:step3_search", "get", [], TEAM),
    ("occupations:board", "get", ["pk"], TEAM),
    ("occupations:board_poll", "get", ["pk"], TEAM),
    ("occupations:tally", "get", ["pk"], TEAM),
    ("occupations:summary", "get", ["pk"], TEAM),
    ("occupations:summary_pdf", "get", ["pk"], TEAM),
    ("occupations:critical_edit", "get", ["pk=critical"], MANAGE),
    # Writes: a POST from a role that may not write must change nothing.
    ("occupations:card_add", "post", ["pk"], CARDS),
    ("occupations:card_move", "post", ["pk", "card_pk=card"], MANAGE),
    ("occupations:card_delete", "post", ["pk", "card_pk=card"], MANAGE),
    ("occupations:sourcing_save", "post", ["pk", "employer_pk=employer"], MANAGE),
    ("occupations:category_add", "post", ["pk"], MANAGE),
    ("occupations:category_save", "post", ["pk", "category_pk=category"], MANAGE),
    ("occupations:category_delete", "post", ["pk", "category_pk=category"], MANAGE),
    ("occupations:card_sort_save", "post", ["pk"], MANAGE),
    ("occupations:employer_add", "post", ["pk"], MANAGE),
    ("occupations:tally_match", "post", ["pk"], MANAGE),
    ("occupations:card_sort_start", "post", ["convening_pk=convening"], MANAGE),
    ("occupations:critical_add", "post", [], MANAGE),
    ("occupations:critical_edit", "post", ["pk=critical"], MANAGE),
    ("occupations:critical_move", "post", ["pk=critical"], MANAGE),
    ("occupations:critical_remove", "post", ["pk=critical"], MANAGE),
    ("occupations:path_add", "post", [], MANAGE),
    ("occupations:path_remove", "post", ["pk=path"], MANAGE),
    ("occupations:quick_win_add", "post", [], MANAGE),
    ("occupations:quick_win_remove", "post", ["pk=quick_win"], MANAGE),
    ("occupations:watch_add", "post", [], MANAGE),
    ("occupations:watch_remove", "post", ["pk=watched"], MANAGE),
]


def _url(world, name, kwargs):
    resolved = {"slug": world["slug"]}
    for item in kwargs:
        key, _, value = item.partition("=")
        resolved[key] = world[value or key]
    return reverse(name, kwargs=resolved)


def _snapshot():
    """Everything a step-3 write could change."""
    return (
        list(CardSort.objects.values_list("pk", "board_version")),
        Card.objects.count(),
        list(Card.objects.values_list("category_id", flat=True)),
        CardCategory.objects.count(),
        list(CardCategory.objects.values_list("name", "critical_skills")),
        RoomEmployer.objects.count(),
        list(RoomEmployer.objects.values_list("local_programs", "out_of_state")),
        list(CriticalOccupation.objects.values_list("pk", "tier", "order", "version")),
        AdvancementPath.objects.count(),
        QuickWin.objects.count(),
        WatchedOccupation.objects.count(),
    )


@pytest.mark.parametrize("role", ROLES)
@pytest.mark.parametrize(("name", "method", "kwargs", "allowed"), PAGES)
def test_permission_matrix(client, world, role_users, role, name, method, kwargs, allowed):
    user = role_users[role]
    if user is not None:
        client.force_login(user)
    url = _url(world, name, kwargs)
    before = _snapshot()
    response = getattr(client, method)(url)
    if role == "anonymous":
        assert response.status_code == 302, url
        assert response.url.startswith(reverse("login"))
    elif role == "outsider":
        assert response.status_code == 404, url
    elif role not in allowed:
        assert response.status_code == 403, f"{role} {method} {url}"
    elif method == "get":
        assert response.status_code == 200, f"{role} {url}"
    else:
        assert response.status_code in (200, 204, 302, 422), f"{role} {method} {url}"
    if method == "post" and role not in allowed:
        assert _snapshot() == before, f"{role} changed something through {url}"


def test_a_champion_moves_and_removes_their_own_cards(client, champion, card_sort, employers):
    own = CardFactory(employer=employers["Summit Precision Machining"])
    column = card_sort.categories.get(name="Production")
    client.force_login(champion)
    url = reverse("occupations:card_move", args=[card_sort.partnership.slug, card_sort.pk, own.pk])
    assert client.post(url, {"category": column.pk}).status_code == 302
    own.refresh_from_db()
    assert own.category == column
    url = reverse(
        "occupations:card_delete", args=[card_sort.partnership.slug, card_sort.pk, own.pk]
    )
    assert client.post(url).status_code == 302
    assert not Card.objects.filter(pk=own.pk).exists()


def test_a_champion_fills_in_their_own_sourcing_only(client, champion, card_sort, employers):
    own = employers["Summit Precision Machining"]
    client.force_login(champion)
    url = reverse("occupations:sourcing_save", args=[card_sort.partnership.slug, card_sort.pk,
                                                      own.pk])  # fmt: skip
    assert client.post(url, {"from_within": "often"}).status_code == 200
    own.refresh_from_db()
    assert own.from_within == "often"


def test_another_partnerships_card_sort_is_not_found(client, outsider, other_partnership,
                                                     card_sort):  # fmt: skip
    client.force_login(outsider)
    url = reverse("occupations:board", args=[other_partnership.slug, card_sort.pk])
    assert client.get(url).status_code == 404
