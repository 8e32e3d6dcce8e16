"""Step 5 in Chromium with two browsers: the convener builds a strawman from O*NET, starts
round one and shows the session's QR code and live tally; a participant opens the link on
a phone-sized screen without an account and rates tasks; the facilitator's tally shows the
answers within seconds. Screenshots: build/screenshots/step5-*.png."""

from __future__ import annotations

import datetime

import pytest
from playwright.sync_api import expect

from occupations import demo as occupations_demo
from occupations.competencies.models import Answer, FocusGroup
from occupations.models import CriticalOccupation, Tier
from partnerships import demo
from partnerships.models import Convening, Membership, Role

pytestmark = pytest.mark.browser
SLUG = "front-range-manufacturing"
SEEN_WITHIN_MS = 6000  # the tally polls every 2 s


def sign_in(page, username):
    page.goto("/accounts/login/")
    page.get_by_label("Username").fill(username)
    page.get_by_label("Password").fill(demo.DEMO_PASSWORD)
    page.get_by_role("button", name="Sign in").click()
    page.get_by_role("heading", name="My partnerships").wait_for()


@pytest.fixture
def world(transactional_db, live_server):
    partnership = demo.load()
    occupations_demo.load()
    convener = Membership.objects.get(partnership=partnership, role=Role.CONVENER).user
    CriticalOccupation.objects.create(partnership=partnership, soc_code="51-4041",
                                      onet_code="51-4041.00", title="Machinist", tier=Tier.MID)  # fmt: skip
    Convening.objects.create(partnership=partnership, title="Machinist focus group", step=5,
                             held_on=datetime.date(2026, 6, 3), created_by=convener)  # fmt: skip
    return partnership


def test_facilitator_and_participant_rate_live(new_page, browser, live_server, world):
    facilitator = new_page()
    sign_in(facilitator, "convener")
    facilitator.goto(f"/p/{SLUG}/competencies/")
    facilitator.get_by_role("button", name="Build the strawman from O*NET").click()
    facilitator.get_by_role("heading", name="Machinist: strawman").wait_for()
    expect(facilitator.locator(".alert-success")).to_contain_text("built from O*NET")
    facilitator.shot("step5-01-strawman")
    facilitator.get_by_role("button", name="Start the session").click()
    facilitator.get_by_role("heading", name="round one: hiring authorities").wait_for()
    expect(facilitator.locator("[data-participants]")).to_have_text("0")
    link = facilitator.locator("[data-session-link]").inner_text()
    assert link.startswith(live_server.url)
    facilitator.shot("step5-02-tally-empty")

    phone_context = browser.new_context(viewport={"width": 390, "height": 844}, is_mobile=True)
    try:
        phone = phone_context.new_page()
        phone.set_default_timeout(15000)
        phone.goto(link)
        phone.get_by_label("Your name").fill("Dana Ortiz")
        phone.get_by_label("Company").fill("Summit Precision Machining")
        phone.get_by_role("button", name="Start").click()
        expect(phone.get_by_text("Answering as")).to_contain_text("Dana Ortiz")
        group = FocusGroup.objects.get()
        first = phone.locator("fieldset[data-task]").first
        task_id = int(first.get_attribute("data-task"))
        first.get_by_text("Keep as is").click()
        expect(first.locator("[data-saved]")).to_have_text("Saved")
        first.get_by_text("5", exact=True).click()
        expect(first.locator("[data-saved]")).to_have_text("Saved")
        first.get_by_text("Daily").click()
        expect(first.locator("[data-saved]")).to_have_text("Saved")
        first.locator("label", has_text="Yes").click()
        expect(first.locator("[data-saved]")).to_have_text("Saved")
        phone.screenshot(path="build/screenshots/step5-03-phone.png", full_page=False)
        answer = Answer.objects.get(participant__focus_group=group, task_id=task_id)
        assert (answer.accuracy, answer.importance, answer.frequency, answer.underperformed) == (
            "keep", 5, "daily", True)  # fmt: skip
        phone.locator(f"#pick-{task_id}").check()
        phone.get_by_role("button", name="Save my top 3").click()
        expect(phone.locator(".alert-success")).to_contain_text("saved")
    finally:
        phone_context.close()

    # The facilitator's screen catches up without a reload.
    expect(facilitator.locator("[data-participants]")).to_have_text("1", timeout=SEEN_WITHIN_MS)
    row = facilitator.locator(f"tr[data-task='{task_id}']")
    expect(row.locator("[data-mean]")).to_have_text("5.0", timeout=SEEN_WITHIN_MS)
    expect(facilitator.locator(".alert-primary")).to_contain_text("1 vote")
    facilitator.shot("step5-04-tally-live")
    facilitator.get_by_role("button", name="Close the session").click()
    expect(facilitator.get_by_text("Closed: the link no longer takes answers")).to_be_visible()

    # Someone answered for another person: the convener removes their answers.
    facilitator.on("dialog", lambda dialog: dialog.accept())
    facilitator.get_by_role("button", name="Remove Dana Ortiz's answers").click()
    expect(facilitator.locator(".alert-success")).to_contain_text(
        "Dana Ortiz's answers are removed"
    )
    expect(facilitator.locator("[data-participants]")).to_have_text("0")
    assert not Answer.objects.filter(participant__focus_group=group).exists()

    # Approving renders the one-page PDF (eagerly here: no broker) for the description page.
    facilitator.get_by_role("link", name="Machinist").first.click()
    # The render runs inside the request here (eager tasks), so give it time.
    facilitator.get_by_role("button", name="Approve as version 1").click(timeout=90_000)
    facilitator.get_by_role("heading", name="Machinist", exact=True).wait_for(timeout=90_000)
    download = facilitator.get_by_role("link", name="Download the PDF (version 1)")
    expect(download).to_be_visible(timeout=SEEN_WITHIN_MS)
    facilitator.shot("step5-05-description")
    response = facilitator.request.get(download.get_attribute("href"))
    assert response.ok and response.headers["content-type"] == "application/pdf"
