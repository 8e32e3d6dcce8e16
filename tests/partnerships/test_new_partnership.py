"""Starting a partnership: its web address comes from its name, and every page of the new,
empty partnership says what to do next instead of showing placeholders."""

from __future__ import annotations

import re

import pytest
from django.urls import reverse

from partnerships.models import Membership, Partnership, Role
from tests.factories import PartnershipFactory, UserFactory

# What a placeholder looks like on a page: a dash or "None" where a value should be.
PLACEHOLDER = re.compile(r"NAICS —|\(—\)|: —|\bNone\b(?! (yet|open|recorded|captured|in the data))")


def _create(client, **data):
    return client.post(
        reverse("partnerships:create"),
        {"name": "Pikes Peak Health Care", "state": "CO", "description": "", **data},
    )


def test_the_web_address_is_made_from_the_name(client, db):
    client.force_login(UserFactory(username="starter"))
    response = _create(client)
    partnership = Partnership.objects.get()
    assert partnership.slug == "pikes-peak-health-care"
    assert response["Location"] == "/p/pikes-peak-health-care/"
    assert Membership.objects.get(partnership=partnership).role == Role.CONVENER


def test_the_web_address_can_be_chosen(client, db):
    client.force_login(UserFactory(username="starter"))
    _create(client, slug="pikes-peak")
    assert Partnership.objects.get().slug == "pikes-peak"


def test_a_taken_address_says_so_and_opens_the_advanced_part(client, db):
    PartnershipFactory(slug="pikes-peak-health-care")
    client.force_login(UserFactory(username="starter"))
    page = _create(client).content.decode()
    assert "already has the address /p/pikes-peak-health-care/" in page
    assert '<details class="mb-3" open>' in page
    assert Partnership.objects.count() == 1


def test_the_form_has_the_address_under_advanced_and_its_script(client, db):
    client.force_login(UserFactory(username="starter"))
    page = client.get(reverse("partnerships:create")).content.decode()
    assert "<summary>Advanced: change the web address</summary>" in page
    assert "/static/partnerships/create.js" in page
    assert "<script>" not in page  # the CSP forbids inline scripts


def _pages_of(client, slug: str) -> list[str]:
    pages = {f"/p/{slug}/"} | {f"/p/{slug}/steps/{n}/" for n in range(1, 9)}
    for url in list(pages):
        html = client.get(url).content.decode()
        pages |= set(re.findall(rf'href="(/p/{slug}/[^"#?]*)"', html))
    return sorted(p for p in pages if not re.search(r"\.(pdf|csv|xlsx)$|export|download", p))


@pytest.mark.django_db
def test_every_page_of_an_empty_partnership_says_what_to_do_next(client):
    client.force_login(UserFactory(username="starter"))
    _create(client)
    slug = "pikes-peak-health-care"
    pages = _pages_of(client, slug)
    assert len(pages) > 12
    for url in pages:
        response = client.get(url)
        assert response.status_code == 200, url
        html = response.content.decode()
        main = html[html.index("<main") : html.index("</main>")]
        main = re.sub(r"<select.*?</select>", " ", main, flags=re.S)  # a menu's choices
        text = re.sub(r"\s+", " ", re.sub(r"<[^>]+>", " ", main))
        assert not PLACEHOLDER.search(text), f"{url}: {PLACEHOLDER.search(text).group(0)!r}"

    picture = client.get(reverse("occupations:picture", args=[slug])).content.decode()
    assert "the partnership needs its industry (NAICS codes) and its region" in picture
    assert f'href="/p/{slug}/edit/">Add them on the profile page</a>' in picture
