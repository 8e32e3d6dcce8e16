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


def test_state_file_mapping_step(new_page, transactional_db, demo_loaded):
    """Upload a state's file, check the guessed mapping against the preview, import, and see
    the state's figures on a profile."""
    from pathlib import Path

    files = Path(__file__).resolve().parent / "files"
    UserFactory(username="steward", is_staff=True)
    page = new_page()
    page.goto("/data/")
    page.get_by_label("Username").fill("steward")
    page.get_by_label("Password").fill(TEST_PASSWORD)
    page.get_by_role("button", name=re.compile("Sign in|Log in", re.I)).click()
    page.goto("/data/")
    page.get_by_label("State OEWS file").set_input_files(
        str(files / "state_a_oews_2025_annual.csv")
    )
    page.get_by_role("button", name="Upload and map columns").click()
    page.get_by_role("heading", name=re.compile("^Map the columns")).wait_for()
    expect(page.locator("table.preview")).to_contain_text("Denver-Aurora-Centennial MSA")
    expect(page.get_by_label("Mean (average) wage")).to_have_value("Average wage")
    page.get_by_label("Publisher").fill("State A Labor Market Information")
    page.shot("oews-column-mapping")
    page.get_by_role("button", name="Save the mapping and import").click()
    page.get_by_text("State A Labor Market Information").first.wait_for()
    expect(page.locator(".job-status").first).to_contain_text("Imported")
    page.shot("oews-state-release")

    page.goto("/occupations/51-4041.00/?area=08")
    expect(page.locator("canvas[data-wage-chart]")).to_have_attribute("data-drawn", "1")
    expect(page.locator(".task-count")).to_contain_text("tasks")
    page.shot("occupation-profile-state-release")


def test_top_coded_wages_are_marked_at_least_on_the_chart(new_page, demo_loaded, tmp_path):
    """A 90th percentile published as '#': the table and chart say "at least", the bar is
    open-ended with a ▶ marker at the top code."""
    from pathlib import Path

    from occupations.services import import_job_run

    text = Path(__file__).resolve().parent / "files" / "oews_M2025_title_lines_above_header.csv"
    lines = text.read_text().splitlines()
    lines[6] = lines[6].replace(",37.20,", ",#,").replace('"77,380"', "#")
    path = tmp_path / "oews_M2025_top_coded.csv"
    path.write_text("\n".join(lines[:7]) + "\n")
    job = import_job_create(source=Source.OEWS, path=str(path), enqueue=False)
    job = import_job_run(job_id=job.pk)
    assert job.status == ImportJob.Status.SUCCEEDED, job.error
    page = new_page()
    page.goto("/occupations/51-4041.00/?area=08")
    expect(page.locator("canvas[data-wage-chart]")).to_have_attribute("data-drawn", "1")
    chart = page.evaluate("JSON.parse(document.getElementById('wage-chart-data').textContent)[0]")
    assert chart["texts"][4] == "at least $239,200" and chart["values"][4] is None
    page.locator("#wages").scroll_into_view_if_needed()
    page.shot("occupation-wages-top-coded")
