from __future__ import annotations

import io
from decimal import Decimal

import pytest
from django.core.exceptions import ValidationError
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse
from openpyxl import Workbook, load_workbook

from pathways.actionplan import importers, selectors, services
from pathways.actionplan.models import ProgramOutcome
from tests.actionplan.factories import ActionFactory
from tests.inventory.factories import ProgramFactory

pytestmark = pytest.mark.django_db
# The layout before pathway programs had outcomes: such files still read.
HEADERS = [header for key, header in importers.HEADERS.items() if key != "pathway_id"]


def xlsx(rows, headers=HEADERS, name="outcomes.xlsx") -> SimpleUploadedFile:
    book = Workbook()
    sheet = book.active
    sheet.append(headers)
    for row in rows:
        sheet.append(row)
    out = io.BytesIO()
    book.save(out)
    return SimpleUploadedFile(name, out.getvalue())


@pytest.fixture
def programs(partnership):
    welding = ProgramFactory(partnership=partnership, name="Welding Certificate")
    machining = ProgramFactory(partnership=partnership, name="Machining AAS")
    return welding, machining


def test_the_template_lists_the_programs_and_reads_back(partnership, programs):
    welding, machining = programs
    content = importers.template_xlsx(selectors.partnership_programs(partnership))
    sheet = load_workbook(io.BytesIO(content))["Outcomes"]
    rows = list(sheet.values)
    assert rows[0][:5] == ("Program ID", "Pathway program ID", "Program", "Provider",
                           "Program year")  # fmt: skip
    assert {r[2] for r in rows[1:]} == {"Welding Certificate", "Machining AAS"}
    # The untouched template has nothing to import, and says so.
    parsed, errors = importers.read(SimpleUploadedFile("t.xlsx", content))
    assert parsed == [] and errors == ["The sheet has no filled-in rows."]


def test_suppressed_and_missing_cells_stay_empty_never_zero(partnership, convener, programs):
    welding, _ = programs
    upload = xlsx([
        [welding.pk, "Welding", "", 2024, 40, 12, "*", "81%", "", "$9,850", "ETPL report"],
    ])  # fmt: skip
    rows, errors = importers.read(upload)
    assert errors == []
    services.outcomes_import(partnership=partnership, actor=convener,
                             rows=[r.as_json() for r in rows])  # fmt: skip
    outcome = ProgramOutcome.objects.get()
    assert (outcome.participants, outcome.completers) == (40, 12)
    assert outcome.credentials is None and outcome.suppressed == ["credentials"]
    assert outcome.employed_q2 == Decimal("81.0")
    assert outcome.employed_q4 is None and "employed_q4" not in outcome.suppressed
    assert outcome.median_earnings == 9850


def test_a_percent_formatted_cell_reads_as_a_percentage(programs):
    welding, _ = programs
    book = Workbook()
    sheet = book.active
    sheet.append(HEADERS)
    sheet.append([welding.pk, "", "", 2024, None, None, None, 0.815, None, None, "ETPL"])
    sheet["H2"].number_format = "0.0%"
    out = io.BytesIO()
    book.save(out)
    rows, errors = importers.read(SimpleUploadedFile("p.xlsx", out.getvalue()))
    assert rows[0].figures["employed_q2"] == "81.5"


def test_errors_name_row_and_column_and_nothing_is_written(partnership, convener, programs):
    welding, machining = programs
    upload = xlsx([
        [welding.pk, "", "", 2024, 40, 12, 10, 80, 70, 9000, "ETPL"],
        [machining.pk, "", "", "last year", -3, 5, 5, 140, 70, 9000, ""],
        [welding.pk, "", "", 2024, 41, 12, 10, 80, 70, 9000, "ETPL"],
    ])  # fmt: skip
    rows, errors = importers.read(upload)
    assert "Row 3: “Program year” is not a year ('last year')." in errors
    assert "Row 3: “Participants” should be a whole number, 0 or more (-3)." in errors
    assert "Row 3: “Employed Q2 after exit (%)” should be a percentage from 0 to 100 (140)." in (
        errors
    )
    assert any(e.startswith("Row 3: “Source” is empty") for e in errors)
    assert f"Row 4: program {welding.pk}, 2024 is also on row 2." in errors


def test_a_program_of_another_partnership_refuses_the_whole_file(
    partnership, convener, programs, other_partnership
):
    welding, _ = programs
    foreign = ProgramFactory(partnership=other_partnership)
    rows = [
        {"line": 2, "program_id": welding.pk, "year": 2024, "source": "x",
         "figures": {"participants": "10"}, "suppressed": []},
        {"line": 3, "program_id": foreign.pk, "year": 2024, "source": "x",
         "figures": {"participants": "10"}, "suppressed": []},
    ]  # fmt: skip
    with pytest.raises(ValidationError, match="Row 3: program"):
        services.outcomes_import(partnership=partnership, actor=convener, rows=rows)
    assert not ProgramOutcome.objects.exists()


def test_a_row_the_model_refuses_rolls_back_the_rows_before_it(partnership, convener, programs):
    welding, machining = programs
    rows = [
        {"line": 2, "program_id": welding.pk, "year": 2024, "source": "x",
         "figures": {"participants": "10", "completers": "5"}, "suppressed": []},
        {"line": 3, "program_id": machining.pk, "year": 2024, "source": "x",
         "figures": {"participants": "10", "completers": "50"}, "suppressed": []},
    ]  # fmt: skip
    with pytest.raises(ValidationError, match="Row 3: There are more completers"):
        services.outcomes_import(partnership=partnership, actor=convener, rows=rows)
    assert not ProgramOutcome.objects.exists()


def test_not_a_workbook_is_refused_in_words():
    with pytest.raises(importers.ImportRefused, match="can't be read as an Excel workbook"):
        importers.read(SimpleUploadedFile("x.xlsx", b"name,year\n"))
    with pytest.raises(importers.ImportRefused, match="No sheet has the columns"):
        importers.read(xlsx([[1, 2]], headers=["Name", "Year"]))


def test_preview_then_confirm_in_the_browser_flow(client, partnership, champion, programs):
    welding, machining = programs
    ProgramOutcome.objects.create(partnership=partnership, program=welding, year=2023,
                                  participants=30, source="old")  # fmt: skip
    client.force_login(champion)
    upload = xlsx([
        [welding.pk, "", "", 2023, 35, 10, 9, 78, 75, 9100, "ETPL report PY2023"],
        [machining.pk, "", "", 2024, 20, "S", 8, 88, 85, 11200, "ETPL report PY2024"],
    ])  # fmt: skip
    page = client.post(reverse("actionplan:outcomes_import", args=[partnership.slug]),
                       {"file": upload})  # fmt: skip
    body = page.content.decode()
    assert "2 program years will be saved" in body
    assert "replaces" in body and "suppressed" in body
    assert ProgramOutcome.objects.get(program=welding).participants == 30  # nothing yet
    client.post(reverse("actionplan:outcomes_import_confirm", args=[partnership.slug]))
    assert ProgramOutcome.objects.get(program=welding).participants == 35
    assert ProgramOutcome.objects.get(program=machining).completers is None
    page = client.get(reverse("actionplan:outcomes", args=[partnership.slug])).content.decode()
    assert "ETPL report PY2024" in page and "suppressed" in page
    # Confirming twice imports nothing more and says why.
    again = client.post(
        reverse("actionplan:outcomes_import_confirm", args=[partnership.slug]), follow=True
    )
    assert "upload the file again" in again.content.decode()


def test_a_file_with_errors_cannot_be_confirmed(client, partnership, champion, programs):
    welding, _ = programs
    client.force_login(champion)
    upload = xlsx([[welding.pk, "", "", 2024, "lots", 1, 1, 1, 1, 1, "x"]])
    page = client.post(reverse("actionplan:outcomes_import", args=[partnership.slug]),
                       {"file": upload})  # fmt: skip
    assert "Nothing will be imported" in page.content.decode()
    client.post(reverse("actionplan:outcomes_import_confirm", args=[partnership.slug]))
    assert not ProgramOutcome.objects.exists()


def test_chart_data_leaves_gaps_and_lists_actions_aiming_at_a_figure(partnership, programs):
    welding, _ = programs
    ProgramOutcome.objects.create(partnership=partnership, program=welding, year=2023,
                                  completers=10, source="ETPL")  # fmt: skip
    ProgramOutcome.objects.create(partnership=partnership, program=welding, year=2024,
                                  completers=None, suppressed=["completers"], source="ETPL")  # fmt: skip
    ProgramOutcome.objects.create(partnership=partnership, program=welding, year=2025,
                                  completers=18, source="ETPL")  # fmt: skip
    ActionFactory(partnership=partnership, title="Evening cohort", aims_program=welding,
                  aims_measure="completers")  # fmt: skip
    overview = selectors.outcomes_overview(partnership)
    chart = next(c for c in overview["charts"] if c["measure"] == "completers")
    assert chart["labels"] == ["2023", "2024", "2025"]
    assert chart["datasets"] == [{"label": "Welding Certificate", "data": [10.0, None, 18.0]}]
    assert [a.title for a in chart["actions"]] == ["Evening cohort"]
    assert chart["sources"] == ["ETPL"]


def test_entering_a_year_by_hand(client, partnership, champion, programs):
    welding, _ = programs
    client.force_login(champion)
    response = client.post(
        reverse("actionplan:outcome_create", args=[partnership.slug]),
        {"program": welding.pk, "year": 2025, "participants": 25, "completers": 30,
         "source": "College records"},
    )  # fmt: skip
    assert "There are more completers than participants" in response.content.decode()
    client.post(
        reverse("actionplan:outcome_create", args=[partnership.slug]),
        {"program": welding.pk, "year": 2025, "participants": 25, "completers": 20,
         "suppressed": ["employed_q2"], "employed_q2": "70", "source": "College records"},
    )  # fmt: skip
    outcome = ProgramOutcome.objects.get()
    assert outcome.completers == 20
    assert outcome.employed_q2 is None  # suppressed wins over a typed number
