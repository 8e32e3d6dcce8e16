"""Every page, as each role, on a laptop (1366 px) and a phone (390 px).

Each role signs in to the demo partnership and visits every page its overview and menu link,
every step page, the site's own pages and the error pages it can meet. On each one: nothing
scrolls sideways (wide tables scroll inside their card), axe-core finds no WCAG 2.1 A/AA
violation, and a screenshot is kept in build/screenshots/every-page/ for a person to look at.
One browser, one tab per role, reused for every page.
"""

from __future__ import annotations

import re
from io import StringIO

import pytest
from django.core.management import call_command

from partnerships import demo
from partnerships.models import Partnership
from tests.conftest import SCREENSHOTS
from tests.maps.test_browser import axe_violations

pytestmark = pytest.mark.browser

ROLES = ["convener", "champion", "partner", "counselor"]
WIDTHS = {"wide": 1366, "phone": 390}
# Links that download a file or change something are not pages to look at.
NOT_A_PAGE = re.compile(
    r"(\.pdf|\.csv|\.xlsx|/export/?|/download/?|/mou/|/document/?|/render/|/present/)$"
)


def sign_in(page, username: str) -> None:
    page.goto("/accounts/login/")
    page.get_by_label("Username").fill(username)
    page.get_by_label("Password").fill(demo.DEMO_PASSWORD)
    page.get_by_role("button", name="Sign in").click()
    page.get_by_role("heading", name="My partnerships").wait_for()


def links_on(page, slug: str) -> set[str]:
    hrefs = page.eval_on_selector_all(
        "main a[href]", "links => links.map(a => a.getAttribute('href'))"
    )
    prefix = f"/p/{slug}/"
    return {h.split("#")[0].split("?")[0] for h in hrefs if h.startswith(prefix)}


def linked_pages(page, slug: str) -> list[str]:
    """The partnership's pages its overview (body and menu) and its step pages link to, and
    the pages the step-3 work page links (the card wall, the tally, the picture)."""
    pages: set[str] = set()
    for url in [f"/p/{slug}/", *(f"/p/{slug}/steps/{n}/" for n in range(1, 9))]:
        page.goto(url)
        pages |= links_on(page, slug) | {url}
    if f"/p/{slug}/occupations/critical/" in pages:
        page.goto(f"/p/{slug}/occupations/critical/")
        pages |= links_on(page, slug)
    # One page of each kind: /convenings/2/ stands for every convening's page. Every step
    # page is its own kind.
    by_kind: dict[str, str] = {}
    for url in sorted(p for p in pages if not NOT_A_PAGE.search(p)):
        kind = url if "/steps/" in url else re.sub(r"/\d+/", "/<n>/", url)
        by_kind.setdefault(kind, url)
    return sorted(by_kind.values())


def misalignment(page) -> int:
    """How far the page's content starts from where the header's content starts, in px."""
    return page.evaluate(
        """() => {
            const start = (e) => e.getBoundingClientRect().left
                + parseFloat(getComputedStyle(e).paddingLeft);
            const header = document.querySelector("nav.navbar .container");
            const main = document.querySelector("main");
            return header && main ? Math.round(start(main) - start(header)) : 0;
        }"""
    )


# The sticky wall is a wall: it spreads over the whole screen on purpose.
FULL_WIDTH = re.compile(r"/card-sorts/\d+/$")


def chart_labels(page) -> list[str]:
    return page.evaluate(
        """() => window.Chart ? Object.values(Chart.instances).flatMap(
            c => c.data.labels.map(l => Array.isArray(l) ? l.join(' ') : l)) : []"""
    )


def sideways_overflow(page) -> int:
    return page.evaluate("() => document.scrollingElement.scrollWidth - window.innerWidth")


def wider_than_the_page(page) -> list[str]:
    """Names the elements that stick out, so a failure says where to look."""
    return page.evaluate(
        """() => [...document.querySelectorAll('body *')]
            .filter(e => e.getBoundingClientRect().right > window.innerWidth + 1)
            .filter(e => {
                for (let a = e.parentElement; a; a = a.parentElement) {
                    if (a === document.body) return true;
                    if (getComputedStyle(a).overflowX !== 'visible') return false;
                }
                return true;
            })
            .slice(0, 5)
            .map(e => e.tagName.toLowerCase() + (e.id ? '#' + e.id : '')
                 + (e.className && typeof e.className === 'string'
                    ? '.' + e.className.trim().split(/\\s+/).join('.') : ''))"""
    )


@pytest.fixture
def demo_world(transactional_db):
    call_command("load_demo", stdout=StringIO())
    return Partnership.objects.get(slug="front-range-manufacturing")


def test_every_page_for_every_role_fits_and_passes_axe(demo_world, live_server, browser):
    slug = demo_world.slug
    folder = SCREENSHOTS / "every-page"
    folder.mkdir(parents=True, exist_ok=True)
    problems: list[str] = []
    checked_by_axe: set[str] = set()
    visited = 0
    for role in ROLES:
        context = browser.new_context(
            base_url=live_server.url,
            viewport={"width": WIDTHS["wide"], "height": 900},
            bypass_csp=True,  # only so axe-core can be injected; the pages run under the CSP
            reduced_motion="reduce",  # charts drawn at once, so screenshots show them whole
        )
        page = context.new_page()
        page.set_default_timeout(20000)
        errors: list[str] = []
        page.on("console", lambda m, e=errors: e.append(m.text) if m.type == "error" else None)
        sign_in(page, role)
        pages = ["/", "/occupations/", "/occupations/51-4041.00/", "/maps/"]
        pages += linked_pages(page, slug)
        pages += ["/no-such-page/"]
        if role != "convener":
            pages += [f"/p/{slug}/edit/"]  # a 403: the page says who can do this
        for url in dict.fromkeys(pages):
            name = f"{role}{url}".strip("/").replace("/", "_") or role
            page.set_viewport_size({"width": WIDTHS["wide"], "height": 900})
            response = page.goto(url)
            visited += 1
            status = response.status if response else 0
            if status >= 500:
                problems.append(f"{role} {url}: HTTP {status}")
            page.screenshot(path=str(folder / f"{name}-wide.png"), full_page=True)
            if url not in checked_by_axe:  # once per page: the convener sees the most of it
                checked_by_axe.add(url)
                for violation in axe_violations(page):
                    problems.append(f"{role} {url} axe: {violation}")
            if not FULL_WIDTH.search(url) and (offset := misalignment(page)):
                problems.append(f"{role} {url}: content starts {offset}px off the header's")
            if url.endswith("/occupations/picture/"):
                labels = chart_labels(page)
                if "Installation, Maintenance, and Repair" not in labels:
                    problems.append(f"{role} {url}: chart labels cut: {labels}")
            page.set_viewport_size({"width": WIDTHS["phone"], "height": 844})
            page.wait_for_function("() => window.innerWidth === 390")
            # Two frames: charts and other resize observers have laid themselves out again.
            page.evaluate(
                "() => new Promise(r => requestAnimationFrame(() => requestAnimationFrame(r)))"
            )
            overflow = sideways_overflow(page)
            if overflow > 0:
                problems.append(
                    f"{role} {url} scrolls sideways by {overflow}px at 390px: "
                    f"{wider_than_the_page(page)}"
                )
            page.screenshot(path=str(folder / f"{name}-phone.png"), full_page=True)
        problems += [f"{role} console: {e}" for e in errors if "404" not in e and "403" not in e]
        context.close()
    assert visited > 4 * 12, f"only {visited} pages visited"
    assert not problems, "\n".join(problems)
