"""In a real browser: a convener edits, renders and publishes the demo map; anyone views it,
filters the counselors' list and downloads the PDF. The public pages pass axe-core's WCAG 2.1
A/AA checks. Every step is kept as a screenshot in build/screenshots/."""

from __future__ import annotations

import json
import subprocess
from io import StringIO
from pathlib import Path

import pytest
from django.core.management import call_command

from partnerships import demo as partnerships_demo
from partnerships.models import Partnership
from tests.conftest import SCREENSHOTS

pytestmark = pytest.mark.browser

AXE = Path(__file__).resolve().parent / "vendor" / "axe.min.js"
WCAG_TAGS = ["wcag2a", "wcag2aa", "wcag21a", "wcag21aa"]


def shot(page, name: str) -> None:
    SCREENSHOTS.mkdir(parents=True, exist_ok=True)
    page.screenshot(path=str(SCREENSHOTS / f"{name}.png"), full_page=True)


def axe_violations(page) -> list[dict]:
    """Run axe-core on the page; the context bypasses the CSP so the script can be injected."""
    page.add_script_tag(path=str(AXE))
    result = page.evaluate(
        "async (tags) => await axe.run(document, {runOnly: {type: 'tag', values: tags}})",
        WCAG_TAGS,
    )
    return [
        {"id": v["id"], "help": v["help"], "nodes": [n["target"] for n in v["nodes"]][:5]}
        for v in result["violations"]
    ]


@pytest.fixture
def demo_world(transactional_db):
    call_command("load_demo", stdout=StringIO())  # publishes version 1; tasks run in-process
    return Partnership.objects.get(slug="front-range-manufacturing")


def test_publish_view_and_download_the_map(demo_world, live_server, browser, tmp_path):
    slug = demo_world.slug
    errors: list[str] = []

    def context(**kwargs):
        ctx = browser.new_context(
            base_url=live_server.url, viewport={"width": 1280, "height": 900}, **kwargs
        )
        page = ctx.new_page()
        page.set_default_timeout(20000)
        page.on("console", lambda m: errors.append(m.text) if m.type == "error" else None)
        return ctx, page

    # The convener: preview the draft, change its text, render its PDFs, publish version 2.
    ctx, convener = context()
    convener.goto("/accounts/login/")
    convener.get_by_label("Username").fill("convener")
    convener.get_by_label("Password").fill(partnerships_demo.DEMO_PASSWORD)
    convener.get_by_role("button", name="Sign in").click()
    convener.get_by_role("heading", name="My partnerships").wait_for()
    convener.goto(f"/maps/{slug}/draft/")
    convener.get_by_text("Draft preview.").wait_for()
    shot(convener, "maps-01-draft-preview")

    convener.get_by_role("link", name="Edit the map's text").click()
    convener.get_by_label("Introduction", exact=True).fill(
        "Start with a diploma or a short certificate and move up to jobs that pay well here."
    )
    convener.get_by_label("Introduction (Spanish)").fill(
        "Empiece con un diploma o un certificado corto y avance a empleos que pagan bien aquí."
    )
    shot(convener, "maps-02-edit-text")
    convener.get_by_role("button", name="Save").click()
    convener.get_by_text("Map settings saved.").wait_for()

    convener.get_by_role("button", name="Render the draft's PDFs").click()
    # Four PDFs (two editions, two languages): a generous bound on a busy machine.
    convener.get_by_text("PDFs of the draft are ready").wait_for(timeout=120_000)
    shot(convener, "maps-03-draft-rendered")

    convener.on("dialog", lambda dialog: dialog.accept())
    convener.get_by_role("button", name="Publish as version 2").click()
    convener.get_by_text("Version 2 is published").wait_for(timeout=120_000)
    convener.get_by_text("PDFs of the published version 2 are ready").wait_for(timeout=120_000)
    shot(convener, "maps-04-published-v2")
    ctx.close()

    # Anyone, signed out: the counselors' list, filtered, then the map; axe checks each page.
    ctx, public = context(bypass_csp=True)
    public.goto("/maps/")
    public.get_by_role("heading", name="Career pathway maps").wait_for()
    public.get_by_label("Industry").select_option("Manufacturing")
    public.get_by_text("1 published map").wait_for()
    assert axe_violations(public) == []
    shot(public, "maps-05-counselors-list")

    public.get_by_role("link", name="Careers in advanced manufacturing", exact=True).click()
    public.get_by_role("heading", name="Careers in advanced manufacturing", exact=True).wait_for()
    assert public.get_by_text("Start with a diploma or a short certificate").is_visible()
    assert "&lt;iframe" not in public.content()  # the embed code is for conveners only
    assert public.get_by_role("heading", name="Ways to move up").is_visible()
    assert public.locator(".pm-card").count() == 9
    assert public.locator(".pm-strip svg line").count() >= 7  # the arrows, drawn as vectors
    violations = axe_violations(public)
    assert violations == [], json.dumps(violations, indent=1)
    shot(public, "maps-06-public-map")

    with public.expect_download() as download:
        public.get_by_role("link", name="One-page map (PDF)").click()
    path = tmp_path / "map.pdf"
    download.value.save_as(path)
    assert path.read_bytes()[:5] == b"%PDF-"
    assert download.value.suggested_filename.endswith("-map-v2.pdf")
    info = subprocess.run(["pdfinfo", str(path)], capture_output=True, text=True).stdout
    assert "Pages:           1" in info
    assert "Letter" in info or "792 x 612" in info

    public.set_viewport_size({"width": 390, "height": 844})
    public.reload()
    assert axe_violations(public) == []
    shot(public, "maps-07-public-map-phone")

    public.set_viewport_size({"width": 1280, "height": 900})
    public.goto(f"/maps/{slug}/v/1/")
    public.get_by_text("This is version 1").wait_for()
    shot(public, "maps-08-version-1")

    public.goto(f"/maps/{slug}/embed/")
    assert public.locator("nav[aria-label=Main]").count() == 0
    assert axe_violations(public) == []
    shot(public, "maps-09-embed")
    ctx.close()

    # With the site's real CSP: the public page loads without a single blocked resource.
    ctx, strict = context()
    strict.goto(f"/maps/{slug}/")
    strict.get_by_role("heading", name="Careers in advanced manufacturing", exact=True).wait_for()
    ctx.close()
    assert not [e for e in errors if "Content Security Policy" in e], errors


@pytest.mark.parametrize("language", ["en", "es"])
def test_public_map_in_each_language_on_a_laptop_and_a_phone(
    demo_world, live_server, browser, language
):
    """The public map, signed out, at 1366 and 390 px wide: axe finds no WCAG 2.1 AA
    violation; a phone meets the entry level first, a laptop sees the ladder advanced on top."""
    slug = demo_world.slug
    heading = {"en": "Careers in advanced manufacturing", "es": "Carreras en manufactura avanzada"}
    entry = {"en": "Entry level", "es": "Nivel inicial"}
    ctx = browser.new_context(base_url=live_server.url, bypass_csp=True,
                              viewport={"width": 1366, "height": 900})  # fmt: skip
    page = ctx.new_page()
    page.set_default_timeout(20000)
    page.goto(f"/maps/{slug}/?lang={language}")
    page.get_by_role("heading", name=heading[language], exact=True).wait_for()
    assert page.locator("html").get_attribute("lang") == language
    violations = axe_violations(page)
    assert violations == [], json.dumps(violations, indent=1)
    tiers = {t: page.locator(f"#pm-tier-{t}").bounding_box()["y"] for t in ("entry", "advanced")}
    assert tiers["advanced"] < tiers["entry"]  # the ladder, advanced on top
    shot(page, f"maps-10-public-{language}-1366")
    # The pathway programs: each step in its tier's lane, entry on the left, climbing right.
    routes = page.locator(".pm-route")
    assert routes.count() == 2
    stops = routes.first.locator(".pm-stop")
    xs = [stops.nth(i).bounding_box()["x"] for i in range(stops.count())]
    assert xs == sorted(xs) and xs[0] < xs[-1], xs
    page.locator(".pm-routes").screenshot(
        path=str(SCREENSHOTS / f"maps-14-routes-{language}-1366.png")
    )

    page.set_viewport_size({"width": 390, "height": 844})
    page.reload()
    page.get_by_role("heading", name=heading[language], exact=True).wait_for()
    violations = axe_violations(page)
    assert violations == [], json.dumps(violations, indent=1)
    first_tier = page.locator(".pm-tier h2").first
    assert first_tier.inner_text().strip().lower() == entry[language].lower()
    tiers = {t: page.locator(f"#pm-tier-{t}").bounding_box()["y"] for t in ("entry", "advanced")}
    assert tiers["entry"] < tiers["advanced"]  # a student meets the entry level first
    assert page.evaluate("document.documentElement.scrollWidth") <= 390
    shot(page, f"maps-11-public-{language}-390")
    # On a phone the routes are a list: every step full width, one under the other.
    stops = page.locator(".pm-route").first.locator(".pm-stop")
    boxes = [stops.nth(i).bounding_box() for i in range(stops.count())]
    assert len({round(b["x"]) for b in boxes}) == 1
    assert all(a["y"] + a["height"] <= b["y"] for a, b in zip(boxes, boxes[1:], strict=False))
    assert all(b["x"] + b["width"] <= 390 for b in boxes)
    page.locator(".pm-routes").screenshot(
        path=str(SCREENSHOTS / f"maps-15-routes-{language}-390.png")
    )

    # The text-only version, linked from the map, passes the same checks.
    page.get_by_role("link", name={"en": "Text-only version of this map",
                                   "es": "Versión solo texto de este mapa"}[language]).click()  # fmt: skip
    page.locator("h1").wait_for()
    assert page.locator("html").get_attribute("lang") == language
    violations = axe_violations(page)
    assert violations == [], json.dumps(violations, indent=1)
    shot(page, f"maps-12-text-only-{language}-390")

    page.set_viewport_size({"width": 1366, "height": 900})
    page.goto(f"/maps/{slug}/embed/?lang={language}")
    page.get_by_role("heading", name=heading[language], exact=True).wait_for()
    assert axe_violations(page) == []
    shot(page, f"maps-13-embed-{language}-1366")
    ctx.close()
