"""Pathway programs (step 6) on the map: frozen into each published version, drawn as routes
between the tiers on the web page, the text-only page, the embed and both PDFs, in English
and Spanish; a step without an agreement to the next is marked, never hidden."""

from __future__ import annotations

import shutil
import subprocess

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from inventory.alignment import services as alignment
from inventory.models import Linkage, Program
from pathways.maps import editions, selectors, services
from tests.conftest import SCREENSHOTS
from tests.inventory.factories import LinkageFactory
from tests.maps.pdfcheck import outside_margins, text_lines
from tests.maps.test_print import DETAIL_MARGINS, ONE_PAGE_MARGINS

pytestmark = pytest.mark.django_db

needs_poppler = pytest.mark.skipif(
    not shutil.which("pdftoppm"), reason="needs poppler-utils (pdftoppm)"
)


def _program(ladder, tier: str) -> Program:
    return Program.objects.get(occupations__soc_code=ladder[tier].soc_code)


def make_route(partnership, convener, ladder, name: str, tiers=("entry", "mid", "advanced")):
    """A pathway through the ladder's programs, one step per tier, each leading to its job."""
    pathway = alignment.pathway_program_create(
        partnership=partnership,
        actor=convener,
        name=name,
        summary="From a welding class to programming CNC machines.",
        who_may_enter="Adults with a diploma or equivalency.",
        prerequisites="Reading at a 9th-grade level.",
        prior_learning="Welding certifications earned at work count.",
        support_services="Childcare help from the workforce center.",
        work_based_learning="A paid internship after the first step.",
    )
    for tier in tiers:
        alignment.pathway_step_add(
            pathway=pathway, actor=convener, program=_program(ladder, tier),
            exit_soc_code=ladder[tier].soc_code,
        )  # fmt: skip
    return pathway


@pytest.fixture
def route(partnership, convener, ladder):
    """Welding to programming: an articulation agreement from the first step to the second,
    none from the second to the third."""
    LinkageFactory(
        partnership=partnership,
        from_program=_program(ladder, "entry"),
        to_program=_program(ladder, "mid"),
        kind=Linkage.Kind.ARTICULATION,
        credits=12,
    )
    return make_route(partnership, convener, ladder, "Welding to Programming Pathway")


def publish(partnership, convener, capture, **options):
    with capture(execute=True):
        return services.map_publish(partnership=partnership, actor=convener, **options)


@pytest.fixture
def _quick_pdfs(monkeypatch):
    monkeypatch.setattr(services, "map_pdf", lambda data, edition, **kw: b"%PDF-1.7 test")


def test_publishing_freezes_the_routes(
    partnership, convener, ladder, route, django_capture_on_commit_callbacks, _quick_pdfs
):
    version = publish(partnership, convener, django_capture_on_commit_callbacks)
    [frozen] = version.snapshot["routes"]
    assert frozen["name"] == "Welding to Programming Pathway"
    assert frozen["support_services"] == "Childcare help from the workforce center."
    assert frozen["work_based_learning"] == "A paid internship after the first step."
    assert frozen["who_may_enter"] == "Adults with a diploma or equivalency."
    entry, mid, advanced = frozen["steps"]
    assert [s["tier"] for s in frozen["steps"]] == ["entry", "mid", "advanced"]
    assert [s["exit_title"] for s in frozen["steps"]] == ["Welder", "Machinist", "CNC Programmer"]
    assert entry["provider"] and entry["program"] == _program(ladder, "entry").name
    assert entry["credentials"] == [c.name for c in _program(ladder, "entry").credentials.all()]
    assert entry["linkage_to_next"]["kind"] == "articulation"
    assert entry["linkage_to_next"]["credits"] == 12
    assert not entry["missing_link"]
    assert mid["linkage_to_next"] is None and mid["missing_link"]  # flagged, not dropped
    assert not advanced["missing_link"]  # the last step has no next one
    assert frozen["missing_links"] == 1
    assert any(s["key"] == "pathways" for s in version.snapshot["sources"])

    # Edits to the pathway after publishing change the draft, not the published version.
    pathway = route
    alignment.pathway_program_update(
        pathway=pathway, actor=convener, expected_version=pathway.version,
        name="Renamed Pathway", support_services="Bus passes.",
    )  # fmt: skip
    LinkageFactory(
        partnership=partnership, from_program=_program(ladder, "mid"),
        to_program=_program(ladder, "advanced"), kind=Linkage.Kind.TRANSFER,
    )  # fmt: skip
    alignment.pathway_step_remove(step=pathway.steps.get(position=1), actor=convener)
    version.refresh_from_db()
    assert version.snapshot["routes"][0]["name"] == "Welding to Programming Pathway"
    assert len(version.snapshot["routes"][0]["steps"]) == 3
    assert version.snapshot["routes"][0]["steps"][1]["missing_link"]
    draft = selectors.map_data(partnership)["routes"][0]
    assert draft["name"] == "Renamed Pathway" and len(draft["steps"]) == 2
    assert draft["steps"][0]["linkage_to_next"]["kind"] == "transfer"

    second = publish(partnership, convener, django_capture_on_commit_callbacks)
    assert second.snapshot["routes"][0]["name"] == "Renamed Pathway"
    assert selectors.published_version(partnership.slug, 1).snapshot["routes"][0]["name"] == (
        "Welding to Programming Pathway"
    )


def test_routes_need_two_steps_and_the_convener_chooses_which(
    client, partnership, convener, ladder, route, django_capture_on_commit_callbacks, _quick_pdfs
):
    make_route(partnership, convener, ladder, "Just Started Pathway", tiers=("entry",))
    other = make_route(partnership, convener, ladder, "Second Pathway", tiers=("mid", "advanced"))
    data = selectors.map_data(partnership)
    assert [r["name"] for r in data["routes"]] == [
        "Second Pathway",
        "Welding to Programming Pathway",
    ]
    assert data["routes_left_off"] == [
        {"id": data["routes_left_off"][0]["id"], "name": "Just Started Pathway", "steps": 1,
         "reason": "short"}
    ]  # fmt: skip

    client.force_login(convener)
    draft = client.get(reverse("maps:map_draft", args=[partnership.slug])).content.decode()
    assert f'name="pathway" value="{route.pk}" id="pathway-{route.pk}" checked' in draft
    assert f'name="pathway" value="{other.pk}"' in draft
    assert "Just Started Pathway: 1 step; a route needs at least two." in draft

    # The convener unticks one: only the other is drawn, and the draft still offers both.
    with django_capture_on_commit_callbacks(execute=True):
        client.post(
            reverse("maps:map_publish", args=[partnership.slug]),
            {"pathways_listed": "1", "pathway": [str(other.pk)]},
        )
    version = selectors.latest_version(partnership)
    assert [r["name"] for r in version.snapshot["routes"]] == ["Second Pathway"]
    assert {r["name"]: r["reason"] for r in version.snapshot["routes_left_off"]} == {
        "Just Started Pathway": "short",
        "Welding to Programming Pathway": "unchosen",
    }
    # Nothing ticked: no routes. A one-step pathway cannot be forced on.
    with django_capture_on_commit_callbacks(execute=True):
        client.post(reverse("maps:map_publish", args=[partnership.slug]),
                    {"pathways_listed": "1"})  # fmt: skip
    assert selectors.latest_version(partnership).snapshot["routes"] == []
    short = data["routes_left_off"][0]["id"]
    version = publish(partnership, convener, django_capture_on_commit_callbacks,
                      pathway_ids=[short])  # fmt: skip
    assert version.snapshot["routes"] == []


@pytest.fixture
def published(
    partnership, convener, ladder, route, django_capture_on_commit_callbacks, _quick_pdfs
):
    services.map_occupation_update(
        partnership=partnership, actor=convener, soc_code="51-4041", tools=[],
        pinned_program=None, title_es="Maquinista",
    )  # fmt: skip
    return publish(partnership, convener, django_capture_on_commit_callbacks)


def _get(client, name, slug, lang=""):
    url = reverse(name, args=[slug]) + (f"?lang={lang}" if lang else "")
    response = client.get(url)
    assert response.status_code == 200
    return response.content.decode()


def test_the_web_map_draws_the_route_between_tiers(client, partnership, published):
    page = _get(client, "maps:map_public", partnership.slug)
    assert "Pathway programs: routes through the levels" in page
    assert '<h3 id="pm-route-' in page and "Welding to Programming Pathway" in page
    # Each step sits in its tier's lane: entry, mid, advanced.
    lanes = [page.index(f'pm-stop pm-in-lane-{n} pm-stop-{t}')
             for n, t in enumerate(("entry", "mid", "advanced"))]  # fmt: skip
    assert lanes == sorted(lanes)
    assert "Next step by: Articulation agreement, 12 credits carry over" in page
    # The missing agreement is drawn dashed and said in words.
    assert page.count('stroke-dasharray="7 5"') == 1
    assert "No agreement yet with the next step" in page
    assert "no agreement yet: ask both schools before you enroll" in page  # the legend
    for text in ("Childcare help from the workforce center.", "A paid internship after the first step.",
                 "Adults with a diploma or equivalency.", "Welding certifications earned at work count."):  # fmt: skip
        assert text in page
    embed = _get(client, "maps:map_embed", partnership.slug)
    assert (
        "Welding to Programming Pathway" in embed and "No agreement yet with the next step" in embed
    )


def test_the_text_only_page_reads_the_route_in_order(client, partnership, published):
    page = _get(client, "maps:map_text", partnership.slug)
    section = page[page.index("Pathway programs: routes through the levels") :]
    assert (
        section.index("Entry level:")
        < section.index("Mid level:")
        < section.index("Advanced level:")
    )
    assert "Next step by: Articulation agreement." in section
    assert "No agreement yet with the next step: ask both schools before you enroll." in section
    assert 'Support along the way: <span lang="en">Childcare help' in section


def test_the_spanish_edition_of_the_route(client, partnership, published):
    page = _get(client, "maps:map_public", partnership.slug, "es")
    assert "Programas de trayectoria: rutas a través de los niveles" in page
    assert "Al siguiente paso mediante: Acuerdo de articulación, se reconocen 12 créditos" in page
    assert "Todavía no hay acuerdo con el siguiente paso" in page
    assert '<span lang="es">Maquinista</span>' in page  # the map's own Spanish title for the job
    # The convener's words stay in English and say so.
    assert '<h3 id="pm-route-' in page and 'lang="en">Welding to Programming Pathway</h3>' in page
    assert '<dd lang="en">Childcare help from the workforce center.</dd>' in page
    text = _get(client, "maps:map_text", partnership.slug, "es")
    assert "Nivel inicial:" in text and "Apoyo en el camino:" in text
    assert "Todavía no hay acuerdo con el siguiente paso: consulte a ambas instituciones" in text


def test_a_version_published_before_routes_still_shows(client, partnership, published):
    """Snapshots from before the map drew pathway programs have no routes at all."""
    snapshot = {
        k: v for k, v in published.snapshot.items() if k not in ("routes", "routes_left_off")
    }
    type(published).objects.filter(pk=published.pk).update(snapshot=snapshot)
    page = _get(client, "maps:map_public", partnership.slug)
    assert "Welder" in page and "Pathway programs: routes" not in page
    assert editions.localized(snapshot, "es")["routes"] == []


def test_the_cached_page_changes_only_when_republished(
    client, partnership, convener, published, route, django_capture_on_commit_callbacks
):
    url = reverse("maps:map_public", args=[partnership.slug])
    first = client.get(url)
    assert "Welding to Programming Pathway" in first.content.decode()
    alignment.pathway_program_update(
        pathway=route, actor=convener, expected_version=route.version, name="Weld and Program"
    )
    again = client.get(url)
    assert again.content == first.content and again["ETag"] == first["ETag"]
    assert client.get(url, HTTP_IF_NONE_MATCH=first["ETag"]).status_code == 304

    publish(partnership, convener, django_capture_on_commit_callbacks)
    fresh = client.get(url, HTTP_IF_NONE_MATCH=first["ETag"])
    assert fresh.status_code == 200 and fresh["ETag"] != first["ETag"]
    assert "Weld and Program" in fresh.content.decode()
    for lang in ("es", "en"):  # the text-only page and the Spanish edition follow too
        assert "Weld and Program" in _get(client, "maps:map_text", partnership.slug, lang)


def _queries(client, url) -> int:
    with CaptureQueriesContext(connection) as captured:
        assert client.get(url).status_code == 200
    return len(captured)


def test_query_counts_do_not_grow_with_pathway_programs(
    client, partnership, convener, ladder, django_capture_on_commit_callbacks, _quick_pdfs,
    django_assert_num_queries,
):  # fmt: skip
    """The public page reads the frozen version: 0, 1 or 3 pathway programs, the same queries
    (rendered fresh each time: the cache is emptied). The draft reads them in a fixed number."""
    from django.core.cache import cache

    public, draft = [], []
    for count in (0, 1, 3):
        while len(selectors.map_routes(partnership)[0]) < count:
            n = len(selectors.map_routes(partnership)[0])
            make_route(partnership, convener, ladder, f"Pathway {n}")
        publish(partnership, convener, django_capture_on_commit_callbacks)
        assert len(selectors.latest_version(partnership).snapshot["routes"]) == count
        cache.clear()
        public.append(_queries(client, reverse("maps:map_public", args=[partnership.slug])))
        client.force_login(convener)
        draft.append(_queries(client, reverse("maps:map_draft", args=[partnership.slug])))
        client.logout()
    assert public == [public[0]] * 3, public
    # With none, the steps, credentials and linkages are not asked for at all.
    assert draft[1] == draft[2] and draft[0] + 3 == draft[1], draft
    cache.clear()
    with django_assert_num_queries(public[0]):
        client.get(reverse("maps:map_public", args=[partnership.slug]))
    assert public[0] <= 6


@needs_poppler
@pytest.mark.parametrize("language", ["en", "es"])
def test_both_pdfs_carry_the_routes_and_the_map_stays_on_one_page(
    partnership, convener, ladder, route, tmp_path, language
):
    for n in range(2):
        make_route(partnership, convener, ladder, f"Evening Pathway {n}")
    data = selectors.map_data(partnership)
    one_page = tmp_path / "map.pdf"
    one_page.write_bytes(
        services.map_pdf(data, services.ONE_PAGE, language=language, version_label="Draft")
    )
    lines = text_lines(one_page)
    assert {line.page for line in lines} == {1}
    text = " ".join(" ".join(line.text for line in lines).split())
    for name in ("Welding to Programming Pathway", "Evening Pathway 0", "Evening Pathway 1"):
        assert name in text
    missing = {"en": "no agreement yet", "es": "todavía sin acuerdo"}[language]
    # The legend, and the one missing link of each route (the same two programs in each).
    assert text.count(missing) == 1 + 3
    assert outside_margins(one_page, **ONE_PAGE_MARGINS) == []

    detail = tmp_path / "detail.pdf"
    detail.write_bytes(
        services.map_pdf(data, services.DETAIL, language=language, version_label="Draft")
    )
    detail_text = " ".join(" ".join(line.text for line in text_lines(detail)).split())
    assert "Welding to Programming Pathway" in detail_text
    words = {
        "en": ("No agreement yet with the next step", "Support along the way:",
               "Next step by: Articulation agreement, 12 credits carry over"),
        "es": ("Todavía no hay acuerdo con el siguiente paso", "Apoyo en el camino:",
               "Al siguiente paso mediante: Acuerdo de articulación, se reconocen 12 créditos"),
    }[language]  # fmt: skip
    for phrase in words:
        assert phrase in detail_text, phrase
    assert "Childcare help from the workforce center." in detail_text
    assert outside_margins(detail, **DETAIL_MARGINS) == []
    SCREENSHOTS.mkdir(parents=True, exist_ok=True)
    subprocess.run(["pdftoppm", "-png", "-r", "90", "-singlefile", str(one_page),
                    str(SCREENSHOTS / f"map_pdf_routes_one_page_{language}")], check=True)  # fmt: skip


def test_a_step_no_longer_offered_stays_on_the_route_marked(client, partnership, convener, route):
    paused = route.steps.get(position=2).program
    Program.objects.filter(pk=paused.pk).update(status=Program.Status.PAUSED)
    client.force_login(convener)
    draft = client.get(reverse("maps:map_draft", args=[partnership.slug])).content.decode()
    routes = draft[draft.index('class="pm-routes"') :]
    assert paused.name in routes and "Not offered at the moment" in routes
    spanish = client.get(reverse("maps:map_draft", args=[partnership.slug]) + "?lang=es")
    assert "Por ahora no se ofrece" in spanish.content.decode()


def test_the_spanish_map_draws_its_arrows_with_points_not_commas(client, partnership, published):
    """Spanish writes 500,0 for 500.0; an SVG coordinate written that way is no coordinate
    at all and the arrows between tiers lost their shafts in the Spanish edition."""
    import re

    page = _get(client, "maps:map_public", partnership.slug, "es")
    coordinates = re.findall(r'<line x1="([^"]+)" y1="[^"]+" x2="([^"]+)"', page)
    assert len(coordinates) >= 2 + 2  # two arrows up the ladder, two hops along the route
    assert all("," not in x for pair in coordinates for x in pair), coordinates
    html = services.map_html(published.snapshot, services.ONE_PAGE, language="es")
    lines = re.findall(r'<line x1="([^"]+)" y1="25" x2="([^"]+)"', html)
    assert len(lines) == 2 and all("," not in x for pair in lines for x in pair), lines
