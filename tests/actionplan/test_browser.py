"""In a real browser: a champion reads the demo action plan, turns a quick win into an action
in one click, gives it an owner and a date, records progress and rates it, then looks at the
two-by-two. Each step is kept as a screenshot in build/screenshots/."""

from __future__ import annotations

from datetime import timedelta

import pytest
from django.utils import timezone

from occupations import services as occupation_services
from occupations.demo_step3 import QUICK_WINS
from partnerships import demo as partnerships_demo
from pathways.actionplan import demo
from pathways.actionplan.models import Action, Status
from tests.conftest import SCREENSHOTS

pytestmark = pytest.mark.browser


def shot(page, name: str) -> None:
    SCREENSHOTS.mkdir(parents=True, exist_ok=True)
    page.screenshot(path=str(SCREENSHOTS / f"{name}.png"), full_page=True)


@pytest.fixture
def demo_plan(transactional_db):
    partnership = partnerships_demo.load()
    for kind, text, raised_by in QUICK_WINS:
        occupation_services.quick_win_add(
            partnership=partnership, actor=None, text=text, kind=kind, raised_by=raised_by
        )
    demo.load(partnership)
    return partnership


def test_champion_works_the_action_plan(demo_plan, live_server, browser):
    slug = demo_plan.slug
    errors: list[str] = []
    context = browser.new_context(base_url=live_server.url, viewport={"width": 1280, "height": 900})
    page = context.new_page()
    page.set_default_timeout(20000)
    page.on("console", lambda m: errors.append(m.text) if m.type == "error" else None)
    page.goto("/accounts/login/")
    page.get_by_label("Username").fill("champion")
    page.get_by_label("Password").fill(partnerships_demo.DEMO_PASSWORD)
    page.get_by_role("button", name="Sign in").click()

    page.goto(f"/p/{slug}/action-plan/")
    assert page.get_by_role("link", name="Math refresher before the welding certificate")
    assert page.locator("tr", has_text="Math refresher").get_by_text("Overdue").is_visible()
    shot(page, "actionplan-1-plan")

    page.get_by_role("link", name="Needs without an action").click()
    bus = "A shared second-shift bus stop on the Commerce City line"
    page.get_by_role("button", name=f"Add an action for: {bus}").click()
    page.get_by_text("Give it an owner and a due date").wait_for()
    shot(page, "actionplan-2-new-from-quick-win")
    page.get_by_label("Owner organization").select_option(label="Mile High Packaging Systems")
    page.get_by_label("Owner (person)").select_option(label="Dan Kowalski")
    due = timezone.localdate() + timedelta(days=60)
    page.get_by_label("Due date").fill(due.isoformat())
    page.get_by_label("Outcome it should move").fill("Second-shift hires who stay 90 days")
    page.get_by_role("button", name="Save").click()

    page.get_by_label("What happened").fill("RTD agreed to study the stop.")
    page.get_by_label("Status now").select_option(label="In progress")
    page.get_by_role("button", name="Record progress").click()
    page.get_by_text("Progress recorded.").wait_for()
    page.locator("fieldset", has_text="Impact").get_by_label("4").check()
    page.locator("fieldset", has_text="Feasibility").get_by_label("2").check()
    page.get_by_role("button", name="Save my rating").click()
    page.get_by_text("Your rating is saved.").wait_for()
    assert page.get_by_text("needs leaders' support").is_visible()
    shot(page, "actionplan-3-action")

    action = Action.objects.get(source_title=bus)
    assert action.status == Status.IN_PROGRESS
    assert action.owner.username == "champion" and action.due_date == due
    assert action.ratings.get().group == "employer"

    page.get_by_role("link", name="Action plan").first.click()
    page.get_by_role("link", name="Impact and feasibility").click()
    leaders = page.locator("section", has_text="needs leaders' support")
    assert leaders.get_by_role("link", name="Evening welding cohort at Mesa Ridge").is_visible()
    shot(page, "actionplan-4-matrix")
    assert errors == []
    context.close()


@pytest.fixture
def whole_demo(transactional_db):
    from io import StringIO

    from django.core.management import call_command

    from partnerships.models import Partnership

    call_command("load_demo", stdout=StringIO())
    return Partnership.objects.get(slug="front-range-manufacturing")


@pytest.mark.parametrize("width", [1366, 390])
def test_convener_renders_the_pdfs_and_reviews_the_newer_release(
    whole_demo, live_server, browser, width
):
    """The PDFs render in a worker while the page shows their progress, then the download;
    the release change the demo leaves is there to review; pathway programs' outcomes chart."""
    from playwright.sync_api import expect

    slug = whole_demo.slug
    context = browser.new_context(base_url=live_server.url,
                                  viewport={"width": width, "height": 900})  # fmt: skip
    page = context.new_page()
    errors: list[str] = []
    page.on("console", lambda m: errors.append(m.text) if m.type == "error" else None)
    page.goto("/accounts/login/")
    page.get_by_label("Username").fill("convener")
    page.get_by_label("Password").fill(partnerships_demo.DEMO_PASSWORD)
    page.get_by_role("button", name="Sign in").click()
    page.get_by_role("heading", name="My partnerships").wait_for()

    page.goto(f"/p/{slug}/action-plan/")
    page.get_by_role("link", name="PDF for a meeting").click()
    plan = page.locator("#pdf-plan")
    expect(plan).to_contain_text("Not rendered yet")
    plan.get_by_role("button", name="Render the PDF").click()
    expect(plan.get_by_role("link", name="Download the PDF")).to_be_visible()
    report = page.locator("#pdf-annual_report")
    report.get_by_label("Year").select_option(str(timezone.localdate().year))
    report.get_by_role("button", name="Render the PDF").click()
    expect(report.get_by_role("link", name="Download the PDF")).to_be_visible()
    shot(page, f"actionplan-pdfs-{width}")
    href = plan.get_by_role("link", name="Download the PDF").get_attribute("href")
    response = page.request.get(href)
    assert response.headers["content-type"] == "application/pdf"
    assert response.body().startswith(b"%PDF")
    assert f"{slug}-action-plan-" in response.headers["content-disposition"]

    page.goto(f"/p/{slug}/steps/8/")
    expect(page.get_by_text("The published map has newer data")).to_be_visible()
    page.get_by_role("link", name="Review and update").first.click()
    expect(page.get_by_role("cell", name="new figure").first).to_be_visible()
    expect(page.get_by_role("button", name="Publish an updated map")).to_be_visible()
    shot(page, f"actionplan-review-{width}")
    overflow = page.evaluate("document.documentElement.scrollWidth - window.innerWidth")
    assert overflow <= 0, overflow

    page.goto(f"/p/{slug}/action-plan/outcomes/")
    expect(page.get_by_text("Precision Machining Pathway (pathway program)").first).to_be_visible()
    shot(page, f"actionplan-outcomes-{width}")
    assert errors == []
    context.close()
