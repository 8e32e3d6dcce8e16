"""Completers from IPEDS in Chromium on the demo: a match removed and confirmed again from the
suggestions, then the pull preview, on a laptop and a phone. Screenshots in build/screenshots."""

from __future__ import annotations

from io import StringIO

import pytest
from django.contrib.auth import get_user_model
from django.core.management import call_command
from django.test import Client

from inventory.alignment.models import ProviderInstitution
from tests.conftest import SCREENSHOTS
from tests.maps.test_browser import axe_violations

pytestmark = pytest.mark.browser


def test_matching_and_pulling_on_the_demo(
    transactional_db, live_server, browser, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=True):
        call_command("load_demo", stdout=StringIO())
    client = Client()
    client.force_login(get_user_model().objects.get(username="convener"))
    # bypass_csp only so axe-core can be injected; the pages run under the CSP.
    context = browser.new_context(
        base_url=live_server.url, bypass_csp=True, viewport={"width": 1366, "height": 900}
    )
    context.add_cookies(
        [{"name": "sessionid", "value": client.cookies["sessionid"].value, "url": live_server.url}]
    )
    page = context.new_page()
    page.set_default_timeout(15000)

    def shot(name: str) -> None:
        SCREENSHOTS.mkdir(parents=True, exist_ok=True)
        page.screenshot(path=str(SCREENSHOTS / f"{name}.png"), full_page=True)

    page.shot = shot
    page.goto("/p/front-range-manufacturing/alignment/completers/")
    page.get_by_role("link", name="From IPEDS (national completions)").click()
    page.get_by_role("heading", name="Completers from IPEDS").wait_for()
    mesa_id = ProviderInstitution.objects.get(unitid=990102).provider_id
    mesa = page.locator(f"#provider-{mesa_id}")
    mesa.get_by_role(
        "button",
        name="Remove Mesa Ridge Technical College (IPEDS 990102) from Mesa Ridge Technical College",
    ).click()
    confirm = mesa.get_by_role(
        "button", name="Confirm: Mesa Ridge Technical College is Mesa Ridge Technical College"
    )
    confirm.wait_for()
    offered = mesa.locator("ul.list-unstyled li").all_inner_texts()
    # The namesake in the region's counties first; the Grand Junction one (Mesa County) after.
    assert "Mesa Ridge Technical College, Thornton" in offered[0] and "in the region" in offered[0]
    assert any("Mesa Ridge College of Health Careers" in o and "in the region" not in o
               for o in offered[1:])  # fmt: skip
    assert axe_violations(page) == []
    confirm.click()
    page.get_by_text("Mesa Ridge Technical College counts IPEDS institution 990102").wait_for()
    assert ProviderInstitution.objects.filter(unitid=990102).exists()
    # A second campus: the other Mesa Ridge institution, chosen under "Add another campus".
    mesa.get_by_text("Add another campus").click()
    mesa.get_by_role(
        "button",
        name="Confirm: Mesa Ridge Technical College also counts Mesa Ridge College "
        "of Health Careers",
    ).click()
    page.get_by_text("Mesa Ridge Technical College counts IPEDS institution 990105").wait_for()
    assert "matched: 2 campuses" in mesa.inner_text()
    assert axe_violations(page) == []
    for name, width in (("wide", 1366), ("phone", 390)):
        page.set_viewport_size({"width": width, "height": 900})
        assert page.evaluate("() => document.scrollingElement.scrollWidth - window.innerWidth") <= 0
        page.shot(f"alignment-ipeds-matching-{name}")
    page.set_viewport_size({"width": 1366, "height": 900})
    mesa.get_by_role(
        "button",
        name="Remove Mesa Ridge College of Health Careers (IPEDS 990105) from Mesa "
        "Ridge Technical College",
    ).click()
    page.get_by_text("IPEDS institution 990105 is no longer counted").wait_for()
    assert list(ProviderInstitution.objects.filter(provider_id=mesa_id).values_list(
        "unitid", flat=True)) == [990102]  # fmt: skip

    page.get_by_role("link", name="Pull completers from IPEDS…").click()
    page.get_by_role("heading", name="Completers from IPEDS: preview").wait_for()
    assert "differ from what is recorded" in page.inner_text("main")
    assert axe_violations(page) == []
    for name, width in (("wide", 1366), ("phone", 390)):
        page.set_viewport_size({"width": width, "height": 900})
        page.shot(f"alignment-ipeds-pull-{name}")
    page.set_viewport_size({"width": 1366, "height": 900})
    page.get_by_role("button", name="Replace").click()
    page.get_by_text("From IPEDS: 0 years added").wait_for()
    context.close()
