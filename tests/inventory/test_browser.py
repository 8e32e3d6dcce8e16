"""Click through the inventory in Chromium: edit a program in place, then import a file with
mistakes, read the problems, and import a corrected one. Screenshots go to build/screenshots."""

from __future__ import annotations

import pytest
from django.test import Client
from playwright.sync_api import expect

from inventory import services
from inventory.models import Program
from tests.inventory.factories import ProgramFactory

pytestmark = pytest.mark.browser

BAD = (
    "Provider,Program,Program type,Clock hours,Tuition ($)\n"
    "Red Rocks Valley Community College,Industrial Maintenance I,Credit program,lots,2400\n"
    "Nowhere Institute,Welding Basics,Non-credit occupational training,120,900\n"
    "Red Rocks Valley Community College,Industrial Maintenance I,Credit program,200,2400\n"
)
GOOD = (
    "Provider,Program,Program type,Clock hours,Tuition ($)\n"
    "Red Rocks Valley Community College,Industrial Maintenance I,Credit program,200,2400\n"
    "Red Rocks Valley Community College,Welding Basics,Non-credit occupational training,120,900\n"
)


def _signed_in_page(new_page, live_server, user):
    client = Client()
    client.force_login(user)
    page = new_page()
    page.context.add_cookies(
        [{"name": "sessionid", "value": client.cookies["sessionid"].value, "url": live_server.url}]
    )
    return page


def test_edit_in_place_then_import_with_errors_and_fixed(
    transactional_db, live_server, new_page, partnership, provider, convener, tmp_path
):
    program = ProgramFactory(
        partnership=partnership, provider=provider, name="Machining Technology AAS", tuition=4200
    )
    ProgramFactory(partnership=partnership, provider=provider, name="CNC Operator Fast Track")
    page = _signed_in_page(new_page, live_server, convener)
    page.goto(f"/p/{partnership.slug}/inventory/")
    page.get_by_role("heading", name="Program inventory").wait_for()
    page.shot("inventory-01-table")

    row = page.locator(f"#program-{program.pk}")
    row.get_by_role("button", name="Edit Machining Technology AAS in place").click()
    tuition = row.get_by_label("Tuition ($)")
    tuition.fill("4650")
    page.shot("inventory-02-editing-in-place")
    row.get_by_role("button", name="Save").click()
    page.locator(f"#program-{program.pk}.just-saved").wait_for()
    expect(page.locator(f"#program-{program.pk}")).to_contain_text("$4,650")
    page.shot("inventory-03-saved-in-place")
    program.refresh_from_db()
    assert program.tuition == 4650

    bad = tmp_path / "programs-with-mistakes.csv"
    bad.write_text(BAD)
    page.goto(f"/p/{partnership.slug}/inventory/import/")
    page.get_by_label("Spreadsheet (.xlsx or .csv)").set_input_files(str(bad))
    page.get_by_role("button", name="Preview the import").click()
    problems = page.locator("#import-problems")
    problems.wait_for()
    text = problems.inner_text()
    assert "Clock hours: “lots” is not a number." in text
    assert "“Nowhere Institute” is not in this inventory" in text
    assert "Row 2 already lists Industrial Maintenance I" in text
    assert page.get_by_role("button", name="Import").count() == 0
    page.shot("inventory-04-import-problems")
    assert Program.objects.count() == 2

    good = tmp_path / "programs.csv"
    good.write_text(GOOD)
    page.get_by_role("link", name="Upload a corrected file").click()
    page.get_by_label("Spreadsheet (.xlsx or .csv)").set_input_files(str(good))
    page.get_by_role("button", name="Preview the import").click()
    page.get_by_text("2 to add").wait_for()
    page.shot("inventory-05-import-preview")
    page.get_by_role("button", name="Import 2 programs").click()
    page.get_by_text("2 programs added").wait_for()
    page.shot("inventory-06-imported")
    assert Program.objects.filter(name="Welding Basics", clock_hours=120).exists()

    page.goto(f"/p/{partnership.slug}/inventory/programs/{program.pk}/")
    page.get_by_role("heading", name="History").wait_for()
    expect(page.locator("section", has_text="History")).to_contain_text("in place")
    page.shot("inventory-07-program-history")

    # Someone else saves while this form is open: the save is refused, both versions shown.
    page.get_by_role("link", name="Edit").click()
    page.get_by_label("Capacity").fill("48")
    program.refresh_from_db()
    services.program_update(
        program=program, actor=convener, expected_version=program.version, capacity=44
    )
    page.get_by_role("button", name="Save").click()
    page.get_by_text("Someone else changed this while you were editing").wait_for()
    page.shot("inventory-08-edit-conflict")
    program.refresh_from_db()
    assert program.capacity == 44
    page.get_by_role("button", name="Save").click()
    page.get_by_text("Saved Machining Technology AAS").wait_for()
    program.refresh_from_db()
    assert program.capacity == 48


def test_demo_inventory_pages(transactional_db, live_server, new_page):
    """The demo partnership's inventory as a champion sees it, page by page."""
    from inventory import demo
    from partnerships import demo as partnership_demo
    from partnerships.models import Membership

    partnership = partnership_demo.load()
    demo.load(partnership)
    _critical_occupations(partnership)
    champion = Membership.objects.get(partnership=partnership, role="champion").user
    page = _signed_in_page(new_page, live_server, champion)
    base = f"/p/{partnership.slug}/inventory/"
    page.goto(base)
    page.get_by_text(f"{Program.objects.count()} programs").first.wait_for()
    page.shot("inventory-10-demo-table")
    page.goto(base + "?type=apprenticeship")
    assert page.locator("tbody.program-row").count() == 4
    page.goto(base + "providers/")
    page.get_by_text("Poudre Valley State University").first.wait_for()
    page.shot("inventory-11-demo-providers")
    page.goto(base + "credentials/")
    page.shot("inventory-12-demo-credentials")
    page.goto(base + "linkages/")
    page.shot("inventory-13-demo-linkages")
    page.goto(base + "coverage/")
    page.shot("inventory-14-demo-coverage")
    program = Program.objects.get(name="CNC Operator Evening Fast Track")
    page.goto(f"{base}programs/{program.pk}/")
    page.get_by_role("button", name="Mark reviewed").click()
    page.get_by_text("Marked CNC Operator Evening Fast Track as reviewed").wait_for()
    page.shot("inventory-15-demo-program")


def _critical_occupations(partnership) -> None:
    """Step 3's list for the demo, when step 3 exists, so coverage has something to show."""
    from occupations import models

    if not hasattr(models, "CriticalOccupation"):
        return
    tiers = {
        "entry": ["51-2090", "51-9161", "51-9061", "51-4121"],
        "mid": ["51-4041", "49-9041", "51-1011"],
        "advanced": ["17-3026", "17-2141"],
    }
    from inventory.demo import SOC_TITLES

    for tier, codes in tiers.items():
        for order, code in enumerate(codes):
            models.CriticalOccupation.objects.get_or_create(
                partnership=partnership,
                soc_code=code,
                defaults={"title": SOC_TITLES[code], "tier": tier, "order": order},
            )
    # One the region has no program for yet, so the page shows a gap.
    models.CriticalOccupation.objects.get_or_create(
        partnership=partnership,
        soc_code="51-4111",
        defaults={"title": "Tool and Die Makers", "tier": "advanced", "order": 9},
    )
