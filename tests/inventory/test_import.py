from __future__ import annotations

import csv
import io

import pytest
from openpyxl import Workbook

from inventory import exports, services
from inventory.importers.sheets import plan_import
from inventory.models import Credential, Program, ProgramChange, ProgramImport
from tests.inventory.factories import ProgramFactory

HEADERS = ["Provider", "Program", "Program type", "CIP code", "Clock hours", "Tuition ($)",
           "Credentials awarded", "Occupations (SOC)", "Evening", "Placement rate (%)"]  # fmt: skip


def _csv(rows, headers=HEADERS) -> bytes:
    out = io.StringIO()
    writer = csv.writer(out)
    writer.writerow(headers)
    writer.writerows(rows)
    return out.getvalue().encode()


def _xlsx(rows, headers=HEADERS) -> bytes:
    wb = Workbook()
    ws = wb.active
    ws.append(headers)
    for row in rows:
        ws.append(row)
    out = io.BytesIO()
    wb.save(out)
    return out.getvalue()


GOOD = [
    ["Red Rocks Valley Community College", "Welding Technology Certificate", "Credit program",
     "48.0508", "640", "$3,850", "AWS D1.1 Structural Welder; Welding Certificate",
     "51-4121 Welders, Cutters, Solderers, and Brazers", "yes", "82%"],
    ["Red Rocks Valley Community College", "CNC Operator Bootcamp", "non_credit",
     "48.0510", "160", "1200", "NIMS Machining Level I", "51-4041", "no", "0.76"],
]  # fmt: skip


def test_preview_lists_creates_and_writes_nothing(partnership, provider):
    plan = plan_import(partnership=partnership, data=_csv(GOOD), file_name="programs.csv")
    assert plan.ok, [r.problems for r in plan.rows]
    assert plan.counts["create"] == 2
    assert set(plan.new_credentials) == {
        "aws d1.1 structural welder", "welding certificate", "nims machining level i"
    }  # fmt: skip
    assert Program.objects.count() == 0
    assert Credential.objects.count() == 0


def test_confirmed_import_creates_programs_with_credentials_occupations_and_history(
    partnership, provider, convener
):
    plan = plan_import(partnership=partnership, data=_xlsx(GOOD), file_name="programs.xlsx")
    summary = services.program_import_apply(plan=plan, actor=convener)
    assert summary["created"] == 2
    welding = Program.objects.get(name="Welding Technology Certificate")
    assert welding.tuition == 3850
    assert welding.evening is True
    assert str(welding.placement_rate) == "82.0"
    assert {c.name for c in welding.credentials.all()} == {
        "AWS D1.1 Structural Welder", "Welding Certificate"
    }  # fmt: skip
    occupation = welding.occupations.get()
    assert occupation.soc_code == "51-4121" and occupation.confirmed
    cnc = Program.objects.get(name="CNC Operator Bootcamp")
    assert str(cnc.placement_rate) == "76.0"
    assert cnc.program_type == "non_credit"
    assert ProgramChange.objects.filter(
        program=welding, action="created", via="spreadsheet"
    ).exists()


def test_reimporting_an_export_changes_nothing(partnership, provider, convener):
    services.program_import_apply(
        plan=plan_import(partnership=partnership, data=_csv(GOOD), file_name="a.csv"),
        actor=convener,
    )
    ProgramFactory(partnership=partnership, provider=provider, name="Mechatronics AAS", credits=60)
    programs = Program.objects.for_inventory(partnership)
    for fmt in ("xlsx", "csv"):
        data = exports.export_programs(programs, fmt)
        before = list(Program.objects.values_list("pk", "version"))
        history = ProgramChange.objects.count()
        plan = plan_import(partnership=partnership, data=data, file_name=f"export.{fmt}")
        assert plan.ok, [r.problems for r in plan.rows]
        assert plan.counts == {"create": 0, "update": 0, "unchanged": 3, "error": 0}, [
            r.changes for r in plan.rows
        ]
        services.program_import_apply(plan=plan, actor=convener)
        assert list(Program.objects.values_list("pk", "version")) == before
        assert ProgramChange.objects.count() == history


def test_an_export_edited_and_reimported_updates_by_id(partnership, program, convener):
    data = exports.export_programs(Program.objects.for_inventory(partnership), "csv")
    text = data.decode("utf-8-sig").replace(
        "Machining Technology AAS", "Machining Technology (AAS)"
    )
    plan = plan_import(partnership=partnership, data=text.encode(), file_name="edited.csv")
    assert plan.counts["update"] == 1
    assert plan.rows[0].changes == [
        ["program", "Machining Technology AAS", "Machining Technology (AAS)"]
    ]
    services.program_import_apply(plan=plan, actor=convener)
    program.refresh_from_db()
    assert program.name == "Machining Technology (AAS)"
    assert program.version == 2
    change = ProgramChange.objects.get(program=program, action="updated")
    assert change.actor == convener and change.via == "spreadsheet"


def test_missing_required_columns_are_named(partnership):
    plan = plan_import(
        partnership=partnership,
        data=_csv([["Red Rocks", "x"]], headers=["Institution", "Course"]),
        file_name="bad.csv",
    )
    assert not plan.ok
    assert any("“Program”" in p and "bad.csv" in p for p in plan.problems)
    assert any("“Program type”" in p for p in plan.problems)


def test_bad_numbers_are_reported_per_row_in_plain_words(partnership, provider):
    rows = [
        [provider.name, "A", "credit", "48.0501", "lots", "1200", "", "", "", ""],
        [provider.name, "B", "credit", "48.0501", "10", "-5", "", "", "maybe", "140"],
        [provider.name, "C", "credit", "480501", "10", "5", "", "51-40", "", ""],
    ]
    plan = plan_import(partnership=partnership, data=_csv(rows), file_name="f.csv")
    assert not plan.ok
    problems = {r.number: r.problems for r in plan.rows}
    assert problems[2] == ["Clock hours: “lots” is not a number."]
    assert "Tuition ($): -5 is negative." in problems[3]
    assert "Evening: “maybe” should be yes or no." in problems[3]
    assert any("Placement rate (%)" in p and "between 0 and 100" in p for p in problems[3])
    assert any("CIP code" in p for p in problems[4])
    assert any("SOC code" in p for p in problems[4])


def test_unknown_providers_and_duplicates_within_the_file(partnership, provider):
    rows = [
        [provider.name, "Welding", "credit", "", "", "", "", "", "", ""],
        ["Nowhere Institute", "Welding", "credit", "", "", "", "", "", "", ""],
        [provider.name.upper(), " welding ", "credit", "", "", "", "", "", "", ""],
        [provider.name, "Brazing", "", "", "", "", "", "", "", ""],
    ]
    plan = plan_import(partnership=partnership, data=_csv(rows), file_name="f.csv")
    problems = {r.number: r.problems for r in plan.rows}
    assert problems[2] == []
    assert "“Nowhere Institute” is not in this inventory" in problems[3][0]
    assert problems[4] == [
        "Row 2 already lists welding at RED ROCKS VALLEY COMMUNITY COLLEGE: each program may "
        "appear once."
    ]
    assert problems[5] == ["Program type is empty: a new program needs one."]


def test_an_xlsx_that_is_not_a_spreadsheet(partnership):
    plan = plan_import(partnership=partnership, data=b"%PDF-1.4 not a sheet", file_name="list.xlsx")
    assert not plan.ok
    assert "list.xlsx is not an Excel spreadsheet" in plan.problems[0]


def test_a_plan_with_problems_writes_nothing(partnership, provider, convener):
    rows = [GOOD[0], ["Nowhere Institute", "X", "credit", "", "", "", "", "", "", ""]]
    plan = plan_import(partnership=partnership, data=_csv(rows), file_name="f.csv")
    with pytest.raises(services.ImportRefused):
        services.program_import_apply(plan=plan, actor=convener)
    assert Program.objects.count() == 0


def test_partner_may_import_only_their_own_programs(
    partnership, provider, other_provider, partner_membership
):
    rows = [
        [provider.name, "Welding", "credit", "", "", "", "", "", "", ""],
        [other_provider.name, "Welding", "credit", "", "", "", "", "", "", ""],
    ]
    plan = plan_import(
        partnership=partnership, data=_csv(rows), file_name="f.csv", membership=partner_membership
    )
    assert plan.rows[0].problems == []
    assert "only Red Rocks Valley Community College's programs" in plan.rows[1].problems[0]


def test_a_program_changed_after_the_preview_refuses_the_whole_import(
    partnership, program, convener
):
    data = exports.export_programs(Program.objects.for_inventory(partnership), "csv")
    data = data.replace(b"Machining Technology AAS", b"Machining Tech")
    upload = services.program_import_upload(
        partnership=partnership, actor=convener, upload=_file("x.csv", data),
        layout=ProgramImport.Layout.INVENTORY,
    )  # fmt: skip
    plan = services.program_import_plan(program_import=upload, membership=None)
    versions = plan.versions()
    services.program_update(program=program, actor=convener, expected_version=1, tuition=1)
    with pytest.raises(services.ImportRefused, match="changed by someone else"):
        services.program_import_confirm(
            program_import=upload, actor=convener, membership=None, previewed_versions=versions
        )
    program.refresh_from_db()
    assert program.name == "Machining Technology AAS"


def _file(name, data):
    from django.core.files.uploadedfile import SimpleUploadedFile

    return SimpleUploadedFile(name, data)


def test_the_xlsx_reader_agrees_with_openpyxl():
    from openpyxl import load_workbook
    from openpyxl.cell.rich_text import CellRichText, TextBlock
    from openpyxl.cell.text import InlineFont

    from inventory.importers.xlsx import iter_rows

    wb = Workbook()
    ws = wb.active
    ws.append(["Provider", "Program", "Hours", "Evening", "Rate"])
    ws.append(
        [
            "A & B <co>",
            CellRichText(["Rich ", TextBlock(InlineFont(b=True), "text")]),
            12,
            True,
            0.85,
        ]
    )
    ws.append(["x", "  spaced  ", 1.5, False, 48.051])
    ws["H9"] = "far away"
    out = io.BytesIO()
    wb.save(out)
    ours = {number: row for number, row in iter_rows(out.getvalue())}
    theirs = load_workbook(io.BytesIO(out.getvalue()), data_only=True).active
    for number, row in ours.items():
        expected = [c.value for c in theirs[number]]
        expected = [str(v) if isinstance(v, CellRichText) else v for v in expected]
        assert row == expected[: len(row)] and not any(expected[len(row) :]), number
    assert ours[9][7] == "far away"
    assert sorted(ours) == [1, 2, 3, 9]


def test_exported_text_never_runs_as_a_formula_and_still_round_trips(
    partnership, program, convener
):
    from openpyxl import load_workbook

    services.program_update(
        program=program, actor=convener, expected_version=1,
        prerequisites="=HYPERLINK(\"http://evil.example\",\"click\")", description="-5 credits if late",
    )  # fmt: skip
    programs = Program.objects.for_inventory(partnership)
    xlsx = exports.export_programs(programs, "xlsx")
    sheet = load_workbook(io.BytesIO(xlsx)).active
    headers = [c.value for c in sheet[1]]
    cell = sheet.cell(row=2, column=headers.index("Prerequisites") + 1)
    assert cell.data_type == "s" and cell.value.startswith("=HYPERLINK")
    csv_text = exports.export_programs(programs, "csv").decode("utf-8-sig")
    assert "'=HYPERLINK" in csv_text and "'-5 credits" in csv_text
    for fmt, data in (("xlsx", xlsx), ("csv", csv_text.encode())):
        plan = plan_import(partnership=partnership, data=data, file_name=f"e.{fmt}")
        assert plan.counts["unchanged"] == 1, (fmt, plan.rows[0].changes)
