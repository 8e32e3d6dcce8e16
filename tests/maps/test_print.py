"""The printed maps as a counselor hands them out, in English and Spanish: one page with
every occupation, its pay and openings; QR codes that lead back to the web; and no text in
the margins of either edition (read from the text boxes' coordinates on each page)."""

from __future__ import annotations

import shutil
import subprocess

import pytest
from django.conf import settings
from django.core.files.storage import default_storage
from django.urls import reverse

from pathways.maps import selectors, services
from tests.conftest import SCREENSHOTS
from tests.maps.pdfcheck import outside_margins, qr_codes, text_lines

pytestmark = [
    pytest.mark.django_db,
    pytest.mark.skipif(not shutil.which("pdftoppm"), reason="needs poppler-utils (pdftoppm)"),
]

# The @page margins of each edition (inches). The detail edition's running footer (partnership,
# version, page number) sits in its bottom margin, a quarter inch from the edge.
ONE_PAGE_MARGINS = {"left": 0.32, "right": 0.32, "top": 0.3, "bottom": 0.28}
DETAIL_MARGINS = {"left": 0.55, "right": 0.55, "top": 0.55, "bottom": 0.25}
LANGUAGES = ["en", "es"]


def _stored(version, edition: str, language: str, tmp_path):
    field = services.pdf_field(edition, language)
    name = getattr(version, field).name
    assert name, f"{field} was not rendered"
    path = tmp_path / f"{edition}-{language}.pdf"
    path.write_bytes(default_storage.open(name).read())
    return path


def _pages(path) -> int:
    info = subprocess.run(["pdfinfo", str(path)], check=True, capture_output=True, text=True)
    return int(next(x for x in info.stdout.splitlines() if x.startswith("Pages:")).split()[1])


def _address(name: str, slug: str, language: str) -> str:
    query = "" if language == "en" else f"?lang={language}"
    return settings.SITE_URL.rstrip("/") + reverse(name, args=[slug]) + query


@pytest.mark.parametrize("language", LANGUAGES)
def test_printed_map(demo_partnership, tmp_path, language):
    """Both editions of the demo map in one language (rendering them is the slow part)."""
    version = selectors.latest_version(demo_partnership)
    slug = demo_partnership.slug
    one_page = _stored(version, services.ONE_PAGE, language, tmp_path)
    detail = _stored(version, services.DETAIL, language, tmp_path)

    # One page, every occupation with its pay and openings, in the reader's language.
    assert _pages(one_page) == 1
    text = " ".join(" ".join(line.text for line in text_lines(one_page)).split())
    context = services.map_context(version.snapshot, services.ONE_PAGE, language=language)
    cards = [card for row in context["diagram"]["rows"] for card in row["cards"]]
    assert len(cards) == 9
    for card in cards:
        title, shown = card["occupation"]["title"], card["show"]
        assert title in text, title
        assert shown["regional_median"] and shown["regional_median"] in text, title
        assert shown["openings"] and shown["openings"] in text, title
    # The demo's two pathway programs, with the missing agreement marked, on the same page.
    assert len(version.snapshot["routes"]) == 2
    for route in version.snapshot["routes"]:
        assert route["name"] in text
    assert {"en": "no agreement yet", "es": "todavía sin acuerdo"}[language] in text
    if language == "es":
        assert "Soldador" in text and "INICIAL" in text
        assert "Este mapa en la web" in text and "por hora" in text
    else:
        assert "This map on the web" in text and "an hour" in text

    # QR codes lead back to the web map and to the detail edition, in the same language.
    map_url = _address("maps:map_public", slug, language)
    detail_url = _address("maps:map_detail_pdf", slug, language)
    assert sorted(qr_codes(one_page, tmp_path / "one")) == sorted([map_url, detail_url])
    # The address is printed beside its code too (broken over lines to fit).
    assert map_url in "".join(line.text for line in text_lines(one_page)).replace(" ", "")
    assert qr_codes(detail, tmp_path / "detail")[:1] == [map_url]
    detail_text = " ".join(line.text for line in text_lines(detail))
    assert map_url in detail_text and detail_url in detail_text

    # No text in the margins of either edition.
    assert outside_margins(one_page, **ONE_PAGE_MARGINS) == []
    assert outside_margins(detail, **DETAIL_MARGINS) == []

    # Kept with the browser screenshots, for people to look at.
    SCREENSHOTS.mkdir(parents=True, exist_ok=True)
    for path, name in ((one_page, "one_page"), (detail, "detail")):
        subprocess.run(
            ["pdftoppm", "-png", "-r", "90", "-f", "1", "-l", "1", "-singlefile", str(path),
             str(SCREENSHOTS / f"map_pdf_{name}_{language}")],
            check=True,
        )  # fmt: skip


def test_the_margin_check_catches_a_table_that_runs_off_the_page(partnership, ladder, tmp_path):
    """The detail edition as it was: its table ran to 0.1 inch from the right edge."""
    data = selectors.map_data(partnership, include_unreviewed=True)
    html = services.map_html(data, services.DETAIL, version_label="Draft")
    fine = tmp_path / "fine.pdf"
    fine.write_bytes(services.html_to_document(html).write_pdf())
    assert outside_margins(fine, **DETAIL_MARGINS) == []
    html = html.replace("</style>", "table { width: 115%; }</style>")
    path = tmp_path / "wide.pdf"
    path.write_bytes(services.html_to_document(html).write_pdf())
    problems = outside_margins(path, **DETAIL_MARGINS)
    assert problems and "from the right edge" in problems[0]
