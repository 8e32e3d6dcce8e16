"""Step 6 in Chromium on the demo partnership: the asset map (and its print view), a
duplication side by side, supply against demand with the formula switched, a gap question
answered, and a pathway program with a missing link. Screenshots go to build/screenshots."""

from __future__ import annotations

from io import StringIO

import pytest
from django.contrib.auth import get_user_model
from django.core.management import call_command
from django.test import Client

from inventory.alignment.models import GapAnswer
from partnerships.models import Partnership

pytestmark = pytest.mark.browser


def _signed_in_page(new_page, live_server, user):
    client = Client()
    client.force_login(user)
    page = new_page()
    page.context.add_cookies(
        [{"name": "sessionid", "value": client.cookies["sessionid"].value, "url": live_server.url}]
    )
    return page


def test_step6_on_the_demo(
    transactional_db, live_server, new_page, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=True):
        call_command("load_demo", stdout=StringIO())
    partnership = Partnership.objects.get(slug="front-range-manufacturing")
    convener = get_user_model().objects.get(username="convener")
    page = _signed_in_page(new_page, live_server, convener)
    base = f"/p/{partnership.slug}/alignment/"

    page.goto(base)
    page.get_by_role("heading", name="Aligned programs").wait_for()
    assert page.locator("svg g.program").count() > 10
    assert page.locator("svg g.occupation").count() == 9
    page.shot("alignment-01-asset-map")
    page.get_by_label("Provider").select_option(label="Mesa Ridge Technical College")
    page.get_by_role("button", name="Show").click()
    page.wait_for_url("**provider=*")
    table = page.get_by_role("table").first.inner_text()
    assert "CNC Machining Certificate" in table and "Machining Technology AAS" not in table
    page.emulate_media(media="print")
    page.shot("alignment-02-asset-map-print")
    assert not page.get_by_role("button", name="Show").is_visible()
    page.emulate_media(media="screen")

    page.get_by_role("link", name="Gaps", exact=True).click()
    page.get_by_role("link", name="CIP 48.0501 is taught by 3 providers").click()
    assert page.locator("tr.differs").count() >= 2
    page.shot("alignment-03-duplication-side-by-side")

    page.get_by_role("link", name="Supply and demand").click()
    assert "shortage" in page.get_by_role("table").inner_text()
    page.shot("alignment-04-supply-count")
    page.get_by_label("shared among those occupations", exact=False).check()
    page.get_by_role("button", name="Recompute").click()
    page.wait_for_url("**method=share*")
    assert page.get_by_label("shared among those occupations", exact=False).is_checked()
    page.shot("alignment-05-supply-shared")

    page.get_by_role("link", name="Gap questions").click()
    section = page.locator("#q-dead_ends")
    section.get_by_label("The team's answer").fill(
        "The equivalency diploma leads into the fast track."
    )
    section.get_by_label("What we decided").fill("Record the linkage in the inventory.")
    section.get_by_role("button", name="Save answer").click()
    page.get_by_text("Answer saved.").wait_for()
    assert (
        GapAnswer.objects.get(question="dead_ends").decision
        == "Record the linkage in the inventory."
    )
    page.shot("alignment-06-worksheet")

    page.get_by_role("link", name="Programs × functions").click()
    page.get_by_label("Critical occupation").select_option(label="Machinist (Mid)")
    page.get_by_role("button", name="Show").click()
    page.wait_for_url("**occupation=51-4041*")
    boxes = page.locator("table.function-grid input[type=checkbox]")
    first_unticked = page.locator("table.function-grid input[type=checkbox]:not(:checked)").first
    label = first_unticked.get_attribute("aria-label")
    first_unticked.check()
    page.get_by_role("button", name="Save the marks").click()
    page.get_by_text("Saved: 1 mark changed.").wait_for()
    assert page.get_by_label(label).is_checked()
    assert boxes.count() > 20
    page.shot("alignment-07a-functions-grid")

    page.get_by_role("link", name="Pathway programs").click()
    assert page.get_by_text("⚠ no linkage").count() == 1  # the maintenance pathway
    page.shot("alignment-07-pathways")

    page.goto(f"/p/{partnership.slug}/steps/6/")
    page.get_by_text("Asset map reviewed at a step-6 convening").wait_for()
    page.shot("alignment-08-step-page")
