"""The demo map: published by the demo loader, one page, every critical occupation with its
pay, and a picture of it kept with the browser screenshots."""

from __future__ import annotations

import shutil
import subprocess
from io import StringIO

import pytest
from django.core.files.storage import default_storage
from django.core.management import call_command
from django.urls import reverse

from occupations.models import CriticalOccupation
from pathways.maps import demo, selectors, services
from pathways.maps.models import MapVersion
from tests.conftest import SCREENSHOTS

pytestmark = pytest.mark.django_db

needs_poppler = pytest.mark.skipif(
    not shutil.which("pdftotext"), reason="needs poppler-utils (pdftotext, pdftoppm)"
)


def pdf_text(path, layout: bool = True) -> str:
    args = ["pdftotext", *(["-layout"] if layout else []), str(path), "-"]
    return subprocess.run(args, check=True, capture_output=True, text=True).stdout


def pdf_pages(path) -> int:
    info = subprocess.run(["pdfinfo", str(path)], check=True, capture_output=True, text=True)
    return int(
        next(line for line in info.stdout.splitlines() if line.startswith("Pages:")).split()[1]
    )


@needs_poppler
def test_demo_map_is_one_page_with_every_occupation_and_its_wages(demo_partnership, tmp_path):
    version = selectors.latest_version(demo_partnership)
    assert version is not None and version.number == 2  # v1 predates Colorado's wages
    assert version.pdf, "the demo loader renders the published map"
    path = tmp_path / "map.pdf"
    path.write_bytes(default_storage.open(version.pdf.name).read())
    assert pdf_pages(path) == 1
    text = " ".join(pdf_text(path).split())

    occupations = [o for t in version.snapshot["tiers"] for o in t["occupations"]]
    assert len(occupations) == 9
    for occupation in occupations:
        assert occupation["title"] in text
        shown = selectors.present(occupation)
        assert shown["regional_median"] and shown["regional_median"] in text
        assert shown["national_median"] in text
        assert shown["openings"] in text
    for source in version.snapshot["sources"]:
        assert source["as_of"].split(" (")[0] in text
    assert demo_partnership.contact_email in text
    # The demo's two pathway programs, drawn as routes, on the same one page.
    routes = version.snapshot["routes"]
    assert len(routes) == 2
    for route in routes:
        assert route["name"] in text

    # A picture of the page, kept with the browser screenshots for people to look at.
    SCREENSHOTS.mkdir(parents=True, exist_ok=True)
    subprocess.run(
        [
            "pdftoppm",
            "-png",
            "-r",
            "110",
            "-singlefile",
            str(path),
            str(SCREENSHOTS / "map_pdf_one_page"),
        ],
        check=True,
    )
    assert (SCREENSHOTS / "map_pdf_one_page.png").stat().st_size > 50_000

    # The program detail edition lists every program that prepares for each occupation.
    detail = tmp_path / "detail.pdf"
    detail.write_bytes(default_storage.open(version.detail_pdf.name).read())
    detail_text = " ".join(pdf_text(detail).split())
    for occupation in occupations:
        for program in occupation["programs"]:
            assert program["name"].split()[0] in detail_text
    for route in routes:
        assert route["name"] in detail_text
    assert "No agreement yet with the next step" in detail_text
    assert "Work-based learning:" in detail_text
    assert pdf_pages(detail) > 1
    subprocess.run(
        [
            "pdftoppm",
            "-png",
            "-r",
            "70",
            "-f",
            "1",
            "-singlefile",
            str(detail),
            str(SCREENSHOTS / "map_pdf_program_detail_p1"),
        ],
        check=True,
    )


def test_the_demo_map_draws_its_two_pathway_programs(demo_partnership, client):
    """load_demo publishes the map after step 6, so version 1 already draws both pathway
    programs, the one with a missing agreement marked where it is missing; the update
    published from the release watch's review (version 2) keeps them."""
    first = MapVersion.objects.get(pathway_map__partnership=demo_partnership, number=1)
    version = selectors.latest_version(demo_partnership)
    assert version.number == 2
    names = {"Precision Machining Pathway", "Maintenance and Mechatronics Pathway"}
    assert {r["name"] for r in first.snapshot["routes"]} == names
    routes = {r["name"]: r for r in version.snapshot["routes"]}
    assert set(routes) == names
    machining = routes["Precision Machining Pathway"]
    assert [s["tier"] for s in machining["steps"]] == ["entry", "entry", "mid", "advanced"]
    assert machining["missing_links"] == 0
    maintenance = routes["Maintenance and Mechatronics Pathway"]
    assert [s["missing_link"] for s in maintenance["steps"]] == [False, True, False]
    assert maintenance["support_services"] and maintenance["work_based_learning"]
    page = client.get(reverse("maps:map_public", args=[demo_partnership.slug])).content.decode()
    assert "Precision Machining Pathway" in page and "Maintenance and Mechatronics Pathway" in page
    assert page.count("No agreement yet with the next step") == 1
    spanish = client.get(
        reverse("maps:map_public", args=[demo_partnership.slug]) + "?lang=es"
    ).content.decode()
    assert "Programas de trayectoria" in spanish
    assert "Todavía no hay acuerdo con el siguiente paso" in spanish


def test_demo_loader_is_idempotent_and_labels_its_figures(demo_partnership, client):
    critical = CriticalOccupation.objects.filter(partnership=demo_partnership).count()
    out = StringIO()
    demo.load(demo_partnership, stdout=out)
    assert "version 2" in out.getvalue()
    assert MapVersion.objects.filter(pathway_map__partnership=demo_partnership).count() == 2
    assert CriticalOccupation.objects.filter(partnership=demo_partnership).count() == critical

    version = selectors.latest_version(demo_partnership)
    welder = next(
        o for t in version.snapshot["tiers"] for o in t["occupations"] if o["soc_code"] == "51-4121"
    )
    assert welder["openings"]["scope"] == "regional"
    assert welder["openings"]["national"] == 45600  # BLS: 45.6 thousand a year
    assert welder["wages"]["unit"] == "hourly"
    assert welder["wages"]["regional"]["area"].startswith("Denver")
    page = client.get(reverse("maps:map_public", args=[demo_partnership.slug]))
    body = page.content.decode()
    assert "a year in the region (est.)" in body
    assert "$28.31" in body and "$23.53" in body  # Denver median, national median
    assert "May 2025" in body and "2024-2034" in body  # data as of


@needs_poppler
def test_render_map_command(demo_partnership, tmp_path):
    out = tmp_path / "cmd.pdf"
    call_command("render_map", demo_partnership.slug, "--out", str(out), stdout=StringIO())
    assert pdf_pages(out) == 1
    detail = tmp_path / "detail.pdf"
    call_command(
        "render_map", demo_partnership.slug, "--out", str(detail), "--detail", stdout=StringIO()
    )
    assert pdf_pages(detail) > 1
    stdout = StringIO()
    call_command("render_map", demo_partnership.slug, "--draft", stdout=stdout)
    assert "Rendered the draft" in stdout.getvalue()
    assert selectors.map_for(demo_partnership).draft_pdf


@needs_poppler
def test_a_crowded_map_still_fits_one_page(partnership, tmp_path):
    """Six occupations a tier and long texts: the renderer tightens the layout to fit."""
    from occupations.models import Tier
    from tests.maps.factories import CriticalOccupationFactory, program_for

    for tier in Tier:
        for i in range(6):
            occupation = CriticalOccupationFactory(
                partnership=partnership,
                tier=tier,
                title=f"{tier.label} occupation with a long employer title {i}",
                description="A long plain description of the work " * 8,
            )
            for _ in range(3):
                program_for(occupation)
    path = tmp_path / "crowded.pdf"
    path.write_bytes(services.map_pdf(selectors.map_data(partnership), services.ONE_PAGE))
    assert pdf_pages(path) == 1
    text = " ".join(pdf_text(path, layout=False).split())
    assert "Advanced occupation with a long employer title 5" in text
    assert "Entry occupation with a long employer title 5" in text
    pdf_png = tmp_path / "crowded"
    subprocess.run(
        ["pdftoppm", "-png", "-r", "80", "-singlefile", str(path), str(pdf_png)], check=True
    )


@needs_poppler
def test_regional_and_national_pay_of_different_periods_say_so(demo_partnership, client, tmp_path):
    """The demo's regional wages are OEWS May 2025 (Colorado), its national ones May 2023:
    next to the figures, the web map and both PDFs say the periods differ."""
    version = selectors.latest_version(demo_partnership)
    welder = next(
        o for t in version.snapshot["tiers"] for o in t["occupations"] if o["soc_code"] == "51-4121"
    )
    shown = selectors.present(welder)
    assert shown["periods_note"] == (
        "Different periods: regional pay is OEWS May 2025, national OEWS May 2023; "
        "not directly comparable."
    )
    body = client.get(reverse("maps:map_public", args=[demo_partnership.slug])).content.decode()
    assert (
        body.count("Different periods: regional pay is OEWS May 2025, national OEWS May 2023") == 9
    )
    one_page = tmp_path / "map.pdf"
    one_page.write_bytes(default_storage.open(version.pdf.name).read())
    text = " ".join(pdf_text(one_page, layout=False).split())
    # The one-page map marks the national medians (†) and says it once below the cards,
    # so no card loses its description or program to the note.
    assert text.count("median, national †") == 9
    assert text.count("† Different periods: regional pay is OEWS May 2025, national") == 1
    assert "Joins metal parts with MIG, TIG and stick welding" in text
    assert pdf_pages(one_page) == 1
    SCREENSHOTS.mkdir(parents=True, exist_ok=True)
    subprocess.run(["pdftoppm", "-png", "-r", "110", "-singlefile", str(one_page),
                    str(SCREENSHOTS / "map_pdf_one_page_periods")], check=True)  # fmt: skip
    detail = tmp_path / "detail.pdf"
    detail.write_bytes(default_storage.open(version.detail_pdf.name).read())
    detail_text = " ".join(pdf_text(detail, layout=False).split())
    assert detail_text.count("Different periods: regional pay is OEWS May 2025") == 9

    # Same periods: nothing is said.
    same = {**welder["wages"]["regional"], "period": welder["wages"]["national"]["period"]}
    quiet = selectors.present({**welder, "wages": {**welder["wages"], "regional": same}})
    assert quiet["periods_note"] == ""
