"""The program form's credentials are ticked in a list with a filter box, not a Ctrl-click
multi-select; what is ticked is saved."""

from __future__ import annotations

import pytest

from inventory.models import Program
from tests.conftest import SCREENSHOTS
from tests.inventory.factories import CredentialFactory
from tests.inventory.test_browser import _signed_in_page

pytestmark = pytest.mark.browser


def test_credentials_are_ticked_from_a_filtered_list(
    transactional_db, live_server, new_page, partnership, provider, convener
):
    for name in [
        "CNC Operator",
        "Welding I",
        "Welding II",
        "OSHA 10",
        "Forklift",
        "Lean Yellow Belt",
        "NIMS Machining Level I",
        "Blueprint Reading",
        "First Aid",
    ]:
        CredentialFactory(partnership=partnership, name=name)  # fmt: skip
    page = _signed_in_page(new_page, live_server, convener)
    page.goto(f"/p/{partnership.slug}/inventory/new/")
    awarded = page.get_by_role("group", name="Credentials awarded")
    assert awarded.locator("select").count() == 0
    assert "Ctrl" not in page.content()
    awarded.get_by_label("Filter: Credentials awarded").fill("weld")
    assert awarded.get_by_label("Welding I", exact=True).is_visible()
    assert awarded.get_by_label("Welding II").is_visible()
    assert not awarded.get_by_label("OSHA 10").is_visible()
    awarded.get_by_label("Welding I", exact=True).check()
    awarded.get_by_label("Filter: Credentials awarded").fill("osha")
    assert awarded.get_by_label("Welding I", exact=True).is_visible()  # ticked ones stay
    awarded.get_by_label("OSHA 10").check()
    SCREENSHOTS.mkdir(parents=True, exist_ok=True)
    page.screenshot(path=str(SCREENSHOTS / "inventory-picker.png"), full_page=True)

    assert page.locator(".picker-filter").count() == 2  # one per list, none for the fieldset
    page.locator("#id_provider").select_option(index=1)
    page.locator("#id_name").fill("Welding Fast Track")
    page.locator("#id_program_type").select_option(index=1)
    page.get_by_role("button", name="Save").click()
    page.wait_for_url(lambda url: "/inventory/new/" not in url)
    program = Program.objects.get(name="Welding Fast Track")
    assert sorted(c.name for c in program.credentials.all()) == ["OSHA 10", "Welding I"]
