"""The region is chosen by place names; the OEWS, FIPS and CBSA codes come from the reference
table, never typed."""

from __future__ import annotations

from django.urls import reverse

from partnerships import places
from tests.factories import PartnershipFactory


def _add(client, partnership, **data):
    return client.post(reverse("partnerships:area_add", args=[partnership.slug]), data)


def test_the_reference_table_covers_every_colorado_county_once():
    counties = places.counties_in("CO")
    assert len(counties) == 64
    assert len({c.fips for c in counties}) == 64
    assert all(len(c.fips) == 5 and c.fips.startswith("08") for c in counties)
    denver = places.metro("19740")
    assert denver.title == "Denver-Aurora-Centennial, CO"
    assert "Jefferson County" in denver.county_names
    assert [m.code for m in places.metros_in("CO")] == [
        "14500", "17820", "19740", "22660", "24300", "24540", "39380"
    ]  # fmt: skip


def test_the_form_offers_places_by_name_and_no_code_box(client, convener, partnership):
    client.force_login(convener)
    page = client.get(reverse("partnerships:edit", args=[partnership.slug])).content.decode()
    assert "Fort Collins-Loveland, CO (Larimer County)" in page
    assert "Larimer County" in page
    assert 'name="oews_area_codes"' not in page


def test_a_metro_area_brings_its_cbsa_code_and_counties(client, convener, partnership):
    client.force_login(convener)
    _add(client, partnership, kind="metro", metro="17820")
    area = partnership.areas.get()
    assert area.name == "Colorado Springs, CO"
    assert area.oews_area_codes == ["17820"]
    assert area.counties == ["El Paso County", "Teller County"]
    page = client.get(reverse("partnerships:edit", args=[partnership.slug])).content.decode()
    assert "CBSA 17820" in page


def test_counties_bring_the_oews_areas_that_cover_them(client, convener, partnership):
    client.force_login(convener)
    # Larimer (Fort Collins metro), Weld (Greeley metro), Morgan (eastern nonmetro area)
    _add(
        client, partnership, kind="counties", counties=["08069", "08123", "08087"],
        name="Northern Front Range",
    )  # fmt: skip
    area = partnership.areas.get()
    assert area.name == "Northern Front Range"
    assert area.oews_area_codes == ["0800001", "22660", "24540"]
    assert area.counties == ["Larimer County", "Morgan County", "Weld County"]
    page = client.get(reverse("partnerships:edit", args=[partnership.slug])).content.decode()
    assert "county FIPS 08069, 08087, 08123" in page


def test_a_metro_must_be_chosen(client, convener, partnership):
    client.force_login(convener)
    response = _add(client, partnership, kind="metro", metro="")
    assert not partnership.areas.exists()
    assert response.status_code == 302
    page = client.get(response["Location"]).content.decode()
    assert "Choose the metropolitan area." in page


def test_a_state_without_reference_places_can_be_statewide(client, convener):
    texas = PartnershipFactory(state="TX", slug="gulf-coast")
    from partnerships.models import Membership, Role

    Membership.objects.create(user=convener, partnership=texas, role=Role.CONVENER)
    client.force_login(convener)
    page = client.get(reverse("partnerships:edit", args=[texas.slug])).content.decode()
    assert "Metropolitan areas and counties of Texas are not in the reference data yet" in page
    _add(client, texas, kind="statewide")
    assert (texas.areas.get().name, texas.areas.get().oews_area_codes) == ("Texas", ["48"])


def test_county_names_with_or_without_county_find_their_fips():
    assert places.county_fips("CO", ["Larimer", "Weld County"]) == ["08069", "08123"]
