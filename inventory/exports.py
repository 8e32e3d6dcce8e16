"""The inventory as a spreadsheet (xlsx or csv), and the blank template to fill in.

Written from the same column list the importer reads, so an export imports back unchanged.
"""

from __future__ import annotations

import csv
import io
from collections.abc import Iterable

from openpyxl import Workbook
from openpyxl.cell import WriteOnlyCell
from openpyxl.styles import Font

from inventory.importers.columns import COLUMNS, write_cell
from inventory.importers.etpl import ETPL_COLUMNS
from inventory.models import Program

CONTENT_TYPES = {
    "xlsx": "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
    "csv": "text/csv; charset=utf-8",
}
HEADERS = [c.header for c in COLUMNS]


def _rows(programs: Iterable[Program]):
    for program in (
        programs.iterator(chunk_size=1000) if hasattr(programs, "iterator") else programs
    ):
        yield [write_cell(column, program) for column in COLUMNS]


# A cell starting with one of these is run as a formula by spreadsheet programs. Text people
# typed must never be: exports write it as text (xlsx) or behind an apostrophe (csv), which
# the importer takes off again, so the round trip still changes nothing.
FORMULA_STARTS = ("=", "+", "-", "@", "\t", "\r")


def _csv_cell(value):
    if isinstance(value, str) and value.startswith(FORMULA_STARTS):
        return "'" + value
    return value


def _csv(header: list[str], rows) -> bytes:
    out = io.StringIO()
    writer = csv.writer(out)
    writer.writerow(header)
    writer.writerows([_csv_cell(v) for v in row] for row in rows)
    # The byte-order mark lets Excel open the file as UTF-8.
    return ("\ufeff" + out.getvalue()).encode("utf-8")


def _xlsx_cell(sheet, value):
    if isinstance(value, str) and value.startswith("="):
        cell = WriteOnlyCell(sheet, value)
        cell.data_type = "s"  # text, not a formula
        return cell
    return value


def _xlsx(header: list[str], rows, guide: list[tuple[str, str]] | None = None) -> bytes:
    workbook = Workbook(write_only=True)
    sheet = workbook.create_sheet("Programs")
    sheet.append(header)
    for row in rows:
        sheet.append([_xlsx_cell(sheet, v) for v in row])
    if guide:
        notes = workbook.create_sheet("How to fill it in")
        notes.append(["Column", "What to put in it"])
        for name, text in guide:
            notes.append([name, text])
    out = io.BytesIO()
    workbook.save(out)
    return out.getvalue()


def export_programs(programs, fmt: str) -> bytes:
    """Programs (from `Program.objects.for_inventory`, filtered as you like) as xlsx or csv."""
    if fmt == "csv":
        return _csv(HEADERS, _rows(programs))
    return _xlsx(HEADERS, _rows(programs))


def template(fmt: str) -> bytes:
    guide = [(c.header + (" (required)" if c.required else ""), c.help) for c in COLUMNS]
    if fmt == "csv":
        return _csv(HEADERS, [])
    data = _xlsx(HEADERS, [], guide)
    # Bold headers help people filling it in; rewrite once with styles (the file is tiny).
    from openpyxl import load_workbook

    workbook = load_workbook(io.BytesIO(data))
    for cell in workbook["Programs"][1]:
        cell.font = Font(bold=True)
    workbook["Programs"].freeze_panes = "A2"
    out = io.BytesIO()
    workbook.save(out)
    return out.getvalue()


def etpl_headers() -> list[str]:
    return [c.header for c in ETPL_COLUMNS]
