"""Program outcomes from a spreadsheet: the template we hand out, and the reader.

The reader finds columns by their headers (any order, extra columns ignored), turns every
problem into words naming the row and column, and never writes: the caller previews the
rows and then imports them all in one transaction, or none.

A cell left empty, or holding a suppression mark ('*', 'S', 'suppressed', 'n<10', 'DS', 'N/A',
'-'), stays empty; a suppression mark is remembered so the page can say "suppressed".
"""

from __future__ import annotations

import io
import re
from dataclasses import dataclass, field
from decimal import Decimal, InvalidOperation

from openpyxl import Workbook, load_workbook
from openpyxl.styles import Font

from pathways.actionplan.models import MEASURE_LABELS, MEASURES, PERCENT_MEASURES  # noqa: F401

MAX_BYTES = 5 * 1024 * 1024
MAX_ROWS = 5000
HEADERS = {
    "program_id": "Program ID",
    "pathway_id": "Pathway program ID",
    "program": "Program",
    "provider": "Provider",
    "year": "Program year",
    "participants": "Participants",
    "completers": "Completers",
    "credentials": "Credentials earned",
    "employed_q2": "Employed Q2 after exit (%)",
    "employed_q4": "Employed Q4 after exit (%)",
    "median_earnings": "Median quarterly earnings ($)",
    "source": "Source",
}
REQUIRED = ("year", "source")
# A row is one program's or one pathway program's: the sheet has at least one of the IDs.
ID_COLUMNS = ("program_id", "pathway_id")
SUPPRESSED_MARKS = {"*", "**", "s", "suppressed", "ds", "n/a", "na", "-", "—", "–", "n<10",
                    "<10", "(s)", "x"}  # fmt: skip


class ImportRefused(Exception):
    """The file as a whole can't be read (wrong kind, too big, missing columns)."""


@dataclass
class ParsedRow:
    line: int
    program_id: int | None
    year: int
    source: str
    figures: dict = field(default_factory=dict)  # measure -> str(number) or None
    suppressed: list = field(default_factory=list)
    pathway_id: int | None = None

    def as_json(self) -> dict:
        return {
            "line": self.line, "program_id": self.program_id, "pathway_id": self.pathway_id,
            "year": self.year,
            "source": self.source, "figures": self.figures, "suppressed": self.suppressed,
        }  # fmt: skip


def template_xlsx(programs, pathways=()) -> bytes:
    book = Workbook()
    sheet = book.active
    sheet.title = "Outcomes"
    sheet.append(list(HEADERS.values()))
    for cell in sheet[1]:
        cell.font = Font(bold=True)
    for program in programs:
        sheet.append([program.pk, None, program.name, program.provider.name])
    for pathway in pathways:
        sheet.append([None, pathway.pk, pathway.name, "Pathway program (step 6)"])
    sheet.column_dimensions["C"].width = 40
    sheet.column_dimensions["D"].width = 32
    about = book.create_sheet("How to fill it in")
    for line in [
        "One row per program (or pathway program) and program year. Keep the Program ID "
        "and Pathway program ID columns as they are: a row has one of the two.",
        "Program year: the year it ends (2025 for July 2024 - June 2025).",
        "Leave a cell empty when the figure is not known. Where the agency suppressed a "
        "figure (too few people), write * and it will show as suppressed, never as 0.",
        "Employment rates are percentages (82 or 82%); earnings are whole dollars.",
        "Source: where the figures come from, e.g. 'Colorado ETPL performance report'.",
    ]:
        about.append([line])
    out = io.BytesIO()
    book.save(out)
    return out.getvalue()


def _header_key(value) -> str | None:
    text = re.sub(r"\s+", " ", str(value or "")).strip().lower()
    for key, header in HEADERS.items():
        if text == header.lower() or text == key.replace("_", " "):
            return key
    return None


def _number(raw, measure: str, number_format: str = "") -> Decimal:
    if isinstance(raw, bool):
        raise ValueError
    if isinstance(raw, int | float):
        value = Decimal(str(raw))
        if measure in PERCENT_MEASURES and "%" in (number_format or "") and value <= 1:
            value *= 100
    else:
        text = str(raw).strip().replace(",", "").replace("$", "")
        value = Decimal(text.rstrip("%").strip())
    if value < 0:
        raise ValueError
    if measure in PERCENT_MEASURES:
        if value > 100:
            raise ValueError
        return value.quantize(Decimal("0.1"))
    if value != value.to_integral_value():
        raise ValueError
    return value.quantize(Decimal("1"))


def read(upload) -> tuple[list[ParsedRow], list[str]]:
    """(rows, errors). Raises ImportRefused when the file can't be read at all."""
    if upload.size > MAX_BYTES:
        raise ImportRefused(f"The file is {upload.size // 1024 // 1024} MB; the limit is 5 MB.")
    try:
        book = load_workbook(upload, read_only=True, data_only=True)
    except Exception as error:  # openpyxl raises many kinds for a file that isn't xlsx
        raise ImportRefused(
            "This file can't be read as an Excel workbook (.xlsx). Start from the template."
        ) from error
    try:
        return _read_book(book)
    finally:
        book.close()


def _read_book(book) -> tuple[list[ParsedRow], list[str]]:
    sheet = None
    columns: dict[str, int] = {}
    header_row = 0
    for candidate in book.worksheets:
        for number, row in enumerate(candidate.iter_rows(max_row=10, values_only=True), 1):
            found = {_header_key(v): i for i, v in enumerate(row) if _header_key(v)}
            if all(k in found for k in REQUIRED) and any(k in found for k in ID_COLUMNS):
                sheet, columns, header_row = candidate, found, number
                break
        if sheet is not None:
            break
    if sheet is None:
        raise ImportRefused(
            "No sheet has the columns "
            + ", ".join(f"“{HEADERS[k]}”" for k in REQUIRED)
            + " and “Program ID” or “Pathway program ID”. Start from the template."
        )
    measures = [m for m in MEASURES if m in columns]
    rows: list[ParsedRow] = []
    errors: list[str] = []
    seen: dict[tuple[int, int], int] = {}
    for line, cells in enumerate(sheet.iter_rows(min_row=header_row + 1), header_row + 1):
        if line - header_row > MAX_ROWS:
            raise ImportRefused(f"The sheet has more than {MAX_ROWS} rows; split it in parts.")
        values = [c.value for c in cells]
        formats = [getattr(c, "number_format", "") for c in cells]

        def cell(key, values=values):
            i = columns.get(key)
            return values[i] if i is not None and i < len(values) else None

        if all(v in (None, "") for v in values):
            continue
        if cell("year") in (None, "") and all(cell(m) in (None, "") for m in measures):
            continue  # a template row the partner didn't fill in
        problems = []
        ids = {}
        for key in ID_COLUMNS:
            raw_id = cell(key)
            if raw_id in (None, "") or (isinstance(raw_id, str) and not raw_id.strip()):
                continue
            try:
                ids[key] = int(str(raw_id).strip())
            except (TypeError, ValueError):
                problems.append(f"“{HEADERS[key]}” is not a number ({raw_id!r})")
                ids[key] = 0
        if not ids:
            problems.append(
                f"“{HEADERS['program_id']}” and “{HEADERS['pathway_id']}” are both empty: "
                "keep the one from the template"
            )
        elif len(ids) == 2:
            problems.append(
                f"“{HEADERS['program_id']}” and “{HEADERS['pathway_id']}” are both filled in: "
                "a row is one program's or one pathway program's"
            )
        program_id, pathway_id = ids.get("program_id"), ids.get("pathway_id")
        try:
            year = int(str(cell("year")).strip())
            if not 2000 <= year <= 2100:
                raise ValueError
        except (TypeError, ValueError):
            problems.append(f"“{HEADERS['year']}” is not a year ({cell('year')!r})")
            year = 0
        source = str(cell("source") or "").strip()
        if not source:
            problems.append(f"“{HEADERS['source']}” is empty: say where the figures come from")
        figures: dict = {}
        suppressed: list = []
        for measure in measures:
            raw = cell(measure)
            if raw is None or (isinstance(raw, str) and not raw.strip()):
                figures[measure] = None
                continue
            if isinstance(raw, str) and raw.strip().lower() in SUPPRESSED_MARKS:
                figures[measure] = None
                suppressed.append(measure)
                continue
            try:
                figures[measure] = str(_number(raw, measure, formats[columns[measure]]))
            except (ValueError, InvalidOperation):
                kind = "a percentage from 0 to 100" if measure in PERCENT_MEASURES else (
                    "a whole number, 0 or more")  # fmt: skip
                problems.append(f"“{HEADERS[measure]}” should be {kind} ({raw!r})")
        whose = ("program", program_id) if program_id else ("pathway program", pathway_id)
        if whose[1] and year and len(ids) == 1:
            if (whose, year) in seen:
                problems.append(
                    f"{whose[0]} {whose[1]}, {year} is also on row {seen[(whose, year)]}"
                )
            seen[(whose, year)] = line
        if problems:
            errors.extend(f"Row {line}: {p}." for p in problems)
        else:
            rows.append(ParsedRow(line, program_id, year, source[:200], figures, suppressed,
                                  pathway_id))  # fmt: skip
    if not rows and not errors:
        errors.append("The sheet has no filled-in rows.")
    return rows, errors


def measure_label(measure: str) -> str:
    return MEASURE_LABELS[measure]
