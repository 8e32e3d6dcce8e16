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
