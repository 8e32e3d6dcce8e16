"""Step 3 pages: the live board (poll, cards by htmx, autosave), the tally, the agreed list,
the labor-market picture, the summary for employers, and query counts pinned."""

from __future__ import annotations

import re
import shutil
import subprocess
import uuid

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from occupations import services
from occupations.models import Card, CardSort, CriticalOccupation, Tier
from tests.conftest import SCREENSHOTS
from tests.occupations.step3.factories import CardFactory, GuestEmployerFactory

pytestmark = pytest.mark.django_db
HTMX = {"HTTP_HX_REQUEST": "true"}


def _u(name, card_sort, *args):
    return reverse(f"occupations:{name}", args=[card_sort.partnership.slug, card_sort.pk, *args])


# --- the live board --------------------------------------------------------------------------


def test_an_idle_poll_answers_204_and_a_changed_board_answers_with_the_board(
    client, convener, card_sort, employers
):
    client.force_login(convener)
    version = CardSort.objects.get(pk=card_sort.pk).board_version
    poll = _u("board_poll", card_sort)
    assert client.get(poll, {"v": version}, **HTMX).status_code == 204
    CardFactory(employer=employers["Rocky Mountain Fabrication"], title="Tube bender")
    services.card_sort_update(card_sort=card_sort, next_steps="Map programs")  # bumps
    response = client.get(poll, {"v": version}, **HTMX)
    assert response.status_code == 200
    html = response.content.decode()
    assert "Tube bender" in html and f"v={version + 1}" in html


def test_an_idle_poll_is_one_small_query_beyond_signing_in(client, convener, card_sort):
    client.force_login(convener)
    version = CardSort.objects.get(pk=card_sort.pk).board_version
    with CaptureQueriesContext(connection) as queries:
        response = client.get(_u("board_poll", card_sort), {"v": version}, **HTMX)
    assert response.status_code == 204
    sqls = [q["sql"] for q in queries.captured_queries]
    # session, user, membership (access check), board version
    assert len(sqls) == 4, sqls
    board = [s for s in sqls if "occupations_cardsort" in s]
    assert len(board) == 1 and "board_version" in board[0]


def test_the_convener_types_a_card_for_a_guest(client, convener, reference, card_sort, employers):
    client.force_login(convener)
    guest = employers["Rocky Mountain Fabrication"]
    production = card_sort.categories.get(name="Production")
    response = client.post(
        _u("card_add", card_sort),
        {"employer": guest.pk, "title": "Welder-fitter", "soc_code": "51-4121",
         "onet_code": "51-4121.00", "reasons": ["need_many", "turnover"],
         "category": production.pk, "nonce": uuid.uuid4().hex},
        **HTMX,
    )  # fmt: skip
    assert response.status_code == 200
    assert response["HX-Trigger"] == "board-refresh"
    assert "Card up: Welder-fitter (Rocky Mountain Fabrication)" in response.content.decode()
    card = Card.objects.get()
    assert (card.employer, card.category, card.soc_code) == (guest, production, "51-4121")
    assert card.reasons == ["need_many", "turnover"] and card.created_by == convener


def test_a_retried_card_is_saved_once(client, convener, card_sort, employers):
    client.force_login(convener)
    data = {"employer": employers["Rocky Mountain Fabrication"].pk, "title": "Welder",
            "nonce": uuid.uuid4().hex}  # fmt: skip
    client.post(_u("card_add", card_sort), data, **HTMX)
    client.post(_u("card_add", card_sort), data, **HTMX)  # the answer was lost; JS retried
    assert Card.objects.count() == 1


def test_a_champion_writes_their_own_cards_whatever_employer_is_posted(
    client, champion, card_sort, employers
):
    client.force_login(champion)
    other = employers["Rocky Mountain Fabrication"]
    response = client.post(
        _u("card_add", card_sort), {"employer": other.pk, "title": "Programmer"}, **HTMX
    )
    assert response.status_code == 200
    card = Card.objects.get()
    assert card.employer == employers["Summit Precision Machining"]
    assert card.employer.user == champion


def test_a_card_form_with_errors_comes_back_with_what_was_typed(client, convener, card_sort,
                                                              employers):  # fmt: skip
    client.force_login(convener)
    response = client.post(
        _u("card_add", card_sort),
        {"employer": employers["Rocky Mountain Fabrication"].pk, "title": "Welder",
         "reasons": ["other"]},
        **HTMX,
    )  # fmt: skip
    assert response.status_code == 422
    html = response.content.decode()
    assert "Say what the other reason is." in html and 'value="Welder"' in html
    assert not Card.objects.exists()


def test_a_fourth_card_is_refused_in_words(client, convener, card_sort, employers):
    client.force_login(convener)
    employer = employers["Rocky Mountain Fabrication"]
    for n in (1, 2, 3):
        CardFactory(employer=employer, number=n)
    response = client.post(
        _u("card_add", card_sort), {"employer": employer.pk, "title": "Fourth"}, **HTMX
    )
    assert response.status_code == 422
    assert "three at most" in response.content.decode()


def test_moving_a_card_by_htmx(client, convener, card_sort, employers):
    client.force_login(convener)
    card = CardFactory(employer=employers["Rocky Mountain Fabrication"])
    column = card_sort.categories.get(name="Maintenance")
    response = client.post(_u("card_move", card_sort, card.pk), {"category": column.pk}, **HTMX)
    assert response.status_code == 204 and response["HX-Trigger"] == "board-refresh"
    card.refresh_from_db()
    assert card.category == column
    client.post(_u("card_move", card_sort, card.pk), {"category": ""}, **HTMX)
    card.refresh_from_db()
    assert card.category is None


def test_autosave_saves_each_field_and_says_so(client, convener, card_sort, employers):
    client.force_login(convener)
    column = card_sort.categories.get(name="Production")
    url = _u("category_save", card_sort, column.pk)
    response = client.post(url, {"critical_skills": "Blueprint reading"}, **HTMX)
    assert response.status_code == 200 and response.content.startswith(b"Saved")
    response = client.post(url, {"name": "  "}, **HTMX)
    assert response.status_code == 422 and b"A column needs a name." in response.content
    column.refresh_from_db()
    assert (column.name, column.critical_skills) == ("Production", "Blueprint reading")
    notes = _u("card_sort_save", card_sort)
    assert client.post(notes, {"hear_back_by": "2026-05-20"}, **HTMX).status_code == 200
    assert client.post(notes, {"hear_back_by": "soon"}, **HTMX).status_code == 422
    assert client.post(notes, {"advancement_notes": "Operator to machinist"}).status_code == 200
    card_sort.refresh_from_db()
    assert str(card_sort.hear_back_by) == "2026-05-20"
    assert card_sort.advancement_notes == "Operator to machinist"
    employer = employers["Front Range Aerospace Components"]
    url = _u("sourcing_save", card_sort, employer.pk)
    assert client.post(url, {"local_programs": "Red Rocks CC"}, **HTMX).status_code == 200
    assert client.post(url, {"out_of_state": "daily"}, **HTMX).status_code == 422


def test_the_board_page_for_each_role(client, role_users, card_sort, employers):
    CardFactory(employer=employers["Rocky Mountain Fabrication"], title="Welder")
    url = _u("board", card_sort)
    client.force_login(role_users["convener"])
    html = client.get(url).content.decode()
    assert "Type a card for an employer" in html and "Where employers find applicants" in html
    assert "data-move-select" in html and "Critical skills for Production" in html
    client.force_login(role_users["champion"])
    html = client.get(url).content.decode()
    assert "Add your card" in html and "data-move-select" not in html  # not their card
    client.force_login(role_users["partner"])
    html = client.get(url).content.decode()
    assert "Welder" in html
    assert "card-form" not in html and "data-autosave" not in html  # partners read


def test_adding_a_guest_employer_from_the_board(client, convener, card_sort):
    client.force_login(convener)
    response = client.post(
        _u("employer_add", card_sort), {"name": "Kevin Duarte", "company": "Centennial Gear"}
    )
    assert response.status_code == 302
    assert card_sort.employers.filter(company="Centennial Gear").exists()
    assert card_sort.convening.guests.filter(name="Kevin Duarte").exists()


# --- from cards to the agreed list ----------------------------------------------------------------


def test_the_tally_shows_disagreement_and_agreeing_from_it(client, convener, reference, card_sort,
                                                          employers):  # fmt: skip
    production = card_sort.categories.get(name="Production")
    quality = card_sort.categories.get(name="Quality")
    CardFactory(employer=employers["Rocky Mountain Fabrication"], category=production)
    CardFactory(employer=employers["Front Range Aerospace Components"], category=quality,
                reasons=["cost"])  # fmt: skip
    CardFactory(employer=employers["Summit Precision Machining"], title="Sales engineer",
                soc_code="", onet_code="", soc_title="")  # fmt: skip
    client.force_login(convener)
    html = client.get(_u("tally", card_sort)).content.decode()
    assert "placed in 2 columns: Production, Quality" in html
    assert "Not matched to SOC yet" in html
    assert "0 on the agreed list. The tracker expects at least 3." in html
    response = client.post(
        reverse("occupations:critical_add", args=[card_sort.partnership.slug]),
        {"soc_code": "51-4041", "onet_code": "51-4041.00", "title": "Machinist",
         "tier": Tier.MID, "convening": card_sort.convening_id, "next": _u("tally", card_sort)},
    )  # fmt: skip
    assert response.status_code == 302 and response.url == _u("tally", card_sort)
    agreed = CriticalOccupation.objects.get()
    assert (agreed.tier, agreed.onet_code, agreed.convening) == (
        Tier.MID, "51-4041.00", card_sort.convening
    )  # fmt: skip
    html = client.get(_u("tally", card_sort)).content.decode()
    assert "Agreed</span>" in html


def test_matching_unmatched_cards_from_the_tally(client, convener, reference, card_sort,
                                                employers):  # fmt: skip
    for company in ["Rocky Mountain Fabrication", "Front Range Aerospace Components"]:
        CardFactory(employer=employers[company], title="Weld lead", soc_code="", onet_code="",
                    soc_title="")  # fmt: skip
    client.force_login(convener)
    client.post(_u("tally_match", card_sort), {"key": "title:weld lead", "soc_code": "51-4121"})
    assert set(Card.objects.values_list("soc_code", flat=True)) == {"51-4121"}


def test_the_critical_page_warns_outside_three_to_ten(client, convener, reference, partnership):
    client.force_login(convener)
    url = reverse("occupations:critical", args=[partnership.slug])
    html = client.get(url).content.decode()
    assert "The tracker expects at least 3 critical occupations; 0 agreed so far." in html
    for code, tier in [("51-4121", Tier.ENTRY), ("51-4041", Tier.MID), ("51-9162", Tier.ADVANCED)]:
        services.critical_occupation_agree(
            partnership=partnership, actor=convener, soc_code=code, tier=tier
        )
    html = client.get(url).content.decode()
    assert "The tracker expects" not in html
    assert (
        html.index("Computer Numerically Controlled Tool Programmers")
        < html.index("Machinists")
        < html.index("Welders")
    )  # advanced on top, entry at the bottom
    assert "Where else workers could come from" in html


def test_editing_an_agreed_occupation(client, convener, reference, partnership):
    occupation = services.critical_occupation_agree(
        partnership=partnership, actor=convener, soc_code="51-2090", tier=Tier.ENTRY
    )
    client.force_login(convener)
    url = reverse("occupations:critical_edit", args=[partnership.slug, occupation.pk])
    assert "51-2092.00" in client.get(url).content.decode()
    response = client.post(url, {"title": "Assembler", "tier": Tier.MID,
                                 "onet_code": "51-2099.00", "description": ""})  # fmt: skip
    assert response.status_code == 302
    occupation.refresh_from_db()
    assert (occupation.title, occupation.tier, occupation.onet_code) == (
        "Assembler", Tier.MID, "51-2099.00"
    )  # fmt: skip


# --- the labor-market picture ----------------------------------------------------------------------


def test_the_picture_and_presentation_mode(client, convener, reference, partnership):
    from tests.factories import AreaFactory, IndustryFactory

    IndustryFactory(partnership=partnership)
    AreaFactory(partnership=partnership)
    for code in ["51-4041", "51-9162", "49-9041"]:
        services.watched_occupation_add(partnership=partnership, actor=convener, soc_code=code)
    client.force_login(convener)
    url = reverse("occupations:picture", args=[partnership.slug])
    html = client.get(url).content.decode()
    assert 'id="s3-chart-data"' in html and "Major groups" in html
    body = html.split("<tbody>")[1].split("</tbody>")[0]
    assert "Production Occupations" in body and "Machinists" not in body
    html = client.get(url, {"level": "detailed"}).content.decode()
    body = html.split("<tbody>")[1].split("</tbody>")[0]
    assert "Machinists" in body and "Production Occupations" not in body
    assert "small base" in body  # CNC programmers: a few hundred jobs in Denver
    present = client.get(reverse("occupations:picture_present", args=[partnership.slug]))
    assert present.status_code == 200
    assert len(re.findall(r'<section class="s3-slide', present.content.decode())) == 6


def test_watch_list_search_offers_to_add(client, convener, reference, partnership):
    client.force_login(convener)
    url = reverse("occupations:step3_search", args=[partnership.slug])
    html = client.get(url, {"q": "machinist", "for": "watch"}).content.decode()
    assert reverse("occupations:watch_add", args=[partnership.slug]) in html
    html = client.get(url, {"q": "machinist", "for": "card"}).content.decode()
    assert 'data-pick-soc="51-4041"' in html


# --- the summary for employers ------------------------------------------------------------------


@pytest.mark.skipif(not shutil.which("pdfinfo"), reason="needs poppler-utils (pdfinfo)")
def test_the_summary_on_screen_and_as_a_one_page_pdf(client, convener, reference, card_sort,
                                                    employers, tmp_path):  # fmt: skip
    CardFactory(employer=employers["Rocky Mountain Fabrication"])
    services.card_sort_update(card_sort=card_sort, next_steps="Map programs\nReview in June")
    services.critical_occupation_agree(
        partnership=card_sort.partnership, actor=convener, soc_code="51-4041", tier=Tier.MID
    )
    client.force_login(convener)
    html = client.get(_u("summary", card_sort)).content.decode()
    assert "Review in June" in html and "Machinists" in html and "You will hear from us" in html
    response = client.get(_u("summary_pdf", card_sort))
    assert response["Content-Type"] == "application/pdf"
    assert response.content.startswith(b"%PDF")
    pdf = tmp_path / "summary.pdf"
    pdf.write_bytes(response.content)
    info = subprocess.run(["pdfinfo", str(pdf)], check=True, capture_output=True, text=True)
    assert re.search(r"^Pages:\s+1$", info.stdout, re.M), info.stdout
    # Keep a picture of the page to look at (build/screenshots/step3-summary-pdf-1.png).
    SCREENSHOTS.mkdir(parents=True, exist_ok=True)
    subprocess.run(["pdftoppm", "-png", "-r", "70", str(pdf), str(SCREENSHOTS / "step3-summary-pdf")],
                   check=True)  # fmt: skip


def test_the_convening_page_links_to_its_card_sort(client, convener, convening):
    client.force_login(convener)
    url = reverse("partnerships:convening_detail", args=[convening.partnership.slug, convening.pk])
    html = client.get(url).content.decode()
    assert "Start the card sort" in html
    card_sort = services.card_sort_start(convening=convening, actor=convener)
    html = client.get(url).content.decode()
    assert _u("board", card_sort) in html
    critical = reverse("occupations:critical", args=[convening.partnership.slug])
    assert f'href="{critical}"' in html  # the partnership menu links step 3's work


# --- query counts -----------------------------------------------------------------------------------


def _count(client, url, **extra):
    with CaptureQueriesContext(connection) as queries:
        response = client.get(url, **extra)
    assert response.status_code == 200
    return len(queries.captured_queries)


@pytest.mark.parametrize("page", ["board", "board_poll", "tally", "summary"])
def test_query_counts_do_not_grow_with_cards(client, convener, card_sort, employers, page):
    client.force_login(convener)
    columns = list(card_sort.categories.all())
    CardFactory(employer=employers["Rocky Mountain Fabrication"])
    url = _u(page, card_sort)
    few = _count(client, url, **HTMX)
    for n in range(60):
        employer = GuestEmployerFactory(card_sort=card_sort)
        for number in (1, 2):
            CardFactory(employer=employer, number=number, category=columns[n % len(columns)],
                        soc_code=f"51-{4000 + n % 25:04d}")  # fmt: skip
    assert Card.objects.count() == 121
    many = _count(client, url, **HTMX)
    assert many == few, f"{page}: {few} queries with 1 card, {many} with 121"


@pytest.mark.parametrize("target", ["https://evil.example/", "//evil.example/", "/\\evil.example"])
def test_next_never_leaves_the_site(client, convener, reference, partnership, target):
    client.force_login(convener)
    response = client.post(
        reverse("occupations:critical_add", args=[partnership.slug]),
        {"soc_code": "51-4041", "tier": Tier.MID, "next": target},
    )
    assert response.status_code == 302
    assert response.url == reverse("occupations:critical", args=[partnership.slug])
