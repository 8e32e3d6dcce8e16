"""Click-through flows in Chromium: search as you type, a profile, the data page."""

from __future__ import annotations

import re

import pytest
from playwright.sync_api import expect

from occupations import demo
from occupations.models import ImportJob, Source
from occupations.services import import_job_create, import_progress_set
from tests.factories import TEST_PASSWORD, UserFactory

pytestmark = pytest.mark.browser


@pytest.fixture
def demo_loaded(transactional_db):
    demo.load()


def test_search_as_you_type_and_profile(new_page, demo_loaded):
    page = new_page()
    page.goto("/occupations/")
    page.get_by_label("Search occupations").press_sequentially("machin", delay=40)
    page.get_by_role("link", name=re.compile("^Machinists")).wait_for()
    # The address follows the search, without a reload (waits for it, never a fixed moment).
    expect(page).to_have_url(re.compile(r"[?&]q=machin"), timeout=10000)
    page.get_by_label("Search occupations").fill("cnc")
    page.get_by_text("Also called: CNC").first.wait_for()
    page.get_by_label("Search occupations").fill("machinist")
    expect(page.locator(".search-results a").first).to_contain_text("Machinists")
    expect(page.get_by_text("Also called: CNC Operator")).to_have_count(0)
    page.shot("occupations-search")

    page.get_by_role("link", name=re.compile("^Machinists")).click()
    page.get_by_role("heading", name="Machinists", level=1).wait_for()
    expect(page.locator("canvas[data-wage-chart]")).to_have_attribute("data-drawn", "1")
    rows = page.locator("#wages tbody th")
    expect(rows.nth(0)).to_have_text(re.compile(r"^\s*Colorado"))
    expect(rows.nth(1)).to_have_text(re.compile(r"^\s*U\.S\."))
    page.shot("occupation-profile")

    page.get_by_label("Area").select_option(label="Denver-Aurora-Centennial, CO")
    page.locator("#wages tbody th", has_text="Denver-Aurora-Centennial, CO").wait_for()
    expect(page.locator("canvas[data-wage-chart]")).to_have_attribute("data-drawn", "1")
    page.shot("occupation-profile-denver")


def test_data_page_progress_updates_without_reload(new_page, transactional_db, demo_data, tmp_path):
    UserFactory(username="steward", is_staff=True)
    job = import_job_create(
        source=Source.ONET, path=str(tmp_path / "db_29_0_text.zip"), enqueue=False
    )
    ImportJob.objects.filter(pk=job.pk).update(status=ImportJob.Status.RUNNING)
    import_progress_set(job_id=job.pk, phase="loading Skills.txt", done=30000, total=120000)

    page = new_page()
    page.goto("/data/")
    page.get_by_label("Username").fill("steward")
    page.get_by_label("Password").fill(TEST_PASSWORD)
    page.get_by_role("button", name=re.compile("Sign in|Log in", re.I)).click()
    page.goto("/data/")
    bar = page.locator(f"#job-{job.pk} .progress-bar")
    expect(bar).to_have_text("25%")
    import_progress_set(job_id=job.pk, phase="loading Knowledge.txt", done=90000, total=120000)
    expect(page.locator(f"#job-{job.pk} .progress-bar")).to_have_text("75%", timeout=10000)
    expect(page.locator(f"#job-{job.pk} .progress-bar")).to_have_attribute("style", "width: 75%;")
    expect(page.locator(f"#job-{job.pk}")).to_contain_text("loading Knowledge.txt")
    page.shot("data-page-progress")

    # The job fails: the page shows the message naming file, row, column and value.
    ImportJob.objects.filter(pk=job.pk).update(status=ImportJob.Status.FAILED, error=(
        "Skills.txt, row 5, column “Data Value”: not a number (value '4,5')"
    ))  # fmt: skip
    page.reload()
    page.get_by_text("not a number (value '4,5')").wait_for()
    expect(page.locator(f"#job-{job.pk}").get_by_role("button", name="Run again")).to_be_visible()

    # Upload a file: the import runs (eagerly here) and the release appears.
    page.evaluate("window.__sameDocument = true")
    page.locator("#id_source").select_option(label="SOC structure")
    page.locator("#id_upload").set_input_files(str(demo_data / "soc_structure_2018_excerpt.xlsx"))
    page.get_by_role("button", name="Start import").click()
    page.get_by_text(re.compile(r"Import #\d+ started\.")).wait_for()
    page.locator("table.releases").get_by_text("soc_structure_2018_excerpt.xlsx").wait_for()
    assert page.evaluate("window.__sameDocument === undefined")  # a normal form post
    page.shot("data-page")
