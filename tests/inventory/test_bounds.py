"""Plausible numbers for a program: impossible ones are refused everywhere (form, in-place
edit, spreadsheet, model), unusual ones are saved only once a person confirms them."""

from __future__ import annotations

import csv
import io

import pytest
from django.core.exceptions import ValidationError
from django.urls import reverse

from inventory import services
from inventory.importers.sheets import plan_import
from inventory.models import Program, ProgramImport
from tests.inventory.test_views import _inline_data

HEADERS = ["Provider", "Program", "Program type", "Clock hours", "Credits", "Weeks", "Months"]


def _csv(rows) -> bytes:
    out = io.StringIO()
    writer = csv.writer(out)
    writer.writerow(HEADERS)
    writer.writerows(rows)
    return out.getvalue().encode()


def test_model_refuses_the_absurd_program_from_the_issue(program):
    program.credits, program.clock_hours, program.weeks, program.months = (
        -3,
        999_999,
        100_000,
        5_000,
    )
    with pytest.raises(ValidationError) as caught:
        program.full_clean()
    errors = caught.value.message_dict
    assert set(errors) >= {"credits", "clock_hours", "weeks", "months"}
    assert "999,999 is not possible here" in errors["clock_hours"][0]
    assert "between 1 and 12,000 clock hours" in errors["clock_hours"][0]


def test_service_refuses_impossible_numbers(program, convener):
    with pytest.raises(ValidationError):
        services.program_update(program=program, actor=convener, expected_version=1, months=5_000)
    program.refresh_from_db()
    assert program.months is None


def test_in_place_edit_asks_to_confirm_an_unusual_number(client, partnership, program, convener):
    client.force_login(convener)
    url = reverse("inventory:program_inline", args=[partnership.slug, program.pk])
    response = client.post(url, _inline_data(program, clock_hours=3000))
    content = response.content.decode()
    assert "outside the usual 8-2,400: is it right?" in content
    assert "These numbers are right" in content
    program.refresh_from_db()
    assert program.clock_hours != 3000
    client.post(url, {**_inline_data(program, clock_hours=3000), "confirm_unusual": "on"})
    program.refresh_from_db()
    assert program.clock_hours == 3000


def test_in_place_edit_refuses_impossible_even_when_confirmed(
    client, partnership, program, convener
):
    client.force_login(convener)
    url = reverse("inventory:program_inline", args=[partnership.slug, program.pk])
    response = client.post(
        url, {**_inline_data(program, clock_hours=999_999), "confirm_unusual": "on"}
    )
    assert "999,999 is not possible here" in response.content.decode()
    program.refresh_from_db()
    assert program.clock_hours != 999_999


def test_apprenticeship_hours_are_usual_for_an_apprenticeship(program):
    program.program_type = "apprenticeship"
    program.clock_hours = 8000
    assert program.unusual_values() == {}
    program.program_type = "non_credit"
    assert "clock_hours" in program.unusual_values()


def test_full_form_shows_bounds_to_the_browser(client, partnership, program, convener):
    client.force_login(convener)
    page = client.get(reverse("inventory:program_edit", args=[partnership.slug, program.pk]))
    content = page.content.decode()
    assert 'name="weeks"' in content and 'max="520"' in content
    assert 'min="0.5"' in content  # credits


def test_spreadsheet_refuses_impossible_numbers_and_names_the_column(partnership, provider):
    name = provider.organization.name
    data = _csv(
        [
            [name, "Weird", "non_credit", "999999", "", "100000", "5000"],
            [name, "Negative", "non_credit", "", "-3", "", ""],
        ]
    )
    plan = plan_import(partnership=partnership, data=data, file_name="programs.csv")
    assert not plan.ok
    problems = " ".join(plan.rows[0].problems)
    assert "Clock hours: 999,999 is not possible here" in problems
    assert "Weeks: 100,000 is not possible" in problems
    assert "Months: 5,000 is not possible" in problems
    assert "Credits: -3 is negative" in " ".join(plan.rows[1].problems)


def test_spreadsheet_import_of_unusual_numbers_needs_confirmation(partnership, provider, convener):
    from django.core.files.uploadedfile import SimpleUploadedFile

    data = _csv([[provider.organization.name, "Long course", "non_credit", "3000", "", "", ""]])
    upload = services.program_import_upload(
        partnership=partnership,
        actor=convener,
        upload=SimpleUploadedFile("p.csv", data),
        layout=ProgramImport.Layout.INVENTORY,
    )
    plan = services.program_import_plan(program_import=upload, membership=None)
    assert plan.ok
    assert "Clock hours: 3,000 clock hours is outside the usual" in plan.unusual_rows[0].unusual[0]
    with pytest.raises(services.ImportRefused, match="unusual"):
        services.program_import_confirm(
            program_import=upload, actor=convener, membership=None, previewed_versions={}
        )
    assert not Program.objects.filter(name="Long course").exists()
    services.program_import_confirm(
        program_import=upload,
        actor=convener,
        membership=None,
        previewed_versions={},
        unusual_confirmed=True,
    )
    assert Program.objects.get(name="Long course").clock_hours == 3000


def test_import_preview_asks_for_the_confirmation(client, partnership, provider, convener):
    from django.core.files.uploadedfile import SimpleUploadedFile

    client.force_login(convener)
    data = _csv([[provider.organization.name, "Long course", "non_credit", "3000", "", "", ""]])
    upload = services.program_import_upload(
        partnership=partnership,
        actor=convener,
        upload=SimpleUploadedFile("p.csv", data),
        layout=ProgramImport.Layout.INVENTORY,
    )
    page = client.get(reverse("inventory:import_preview", args=[partnership.slug, upload.pk]))
    content = page.content.decode()
    assert "Unusual numbers" in content and 'name="confirm_unusual"' in content
    response = client.post(
        reverse("inventory:import_confirm", args=[partnership.slug, upload.pk]), follow=True
    )
    assert "Some numbers in the file are unusual" in response.content.decode()
    assert not Program.objects.filter(name="Long course").exists()
    client.post(
        reverse("inventory:import_confirm", args=[partnership.slug, upload.pk]),
        {"confirm_unusual": "on"},
    )
    assert Program.objects.filter(name="Long course").exists()
