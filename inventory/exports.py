"""The inventory as a spreadsheet (xlsx or csv), and the blank template to fill in.

Written from the same column list the importer reads, so an export imports back unchanged.
"""

from __future__ import annotations

import csv
import io
import re
import zipfile
from collections.abc import Iterable
from xml.sax.saxutils import escape

from openpyxl import Workbook
from openpyxl.styles import Font

from inventory.importers.columns import COLUMNS, write_cell
from inventory.models import Program, ProgramOccupation
from pathways.spreadsheets import formula_safe

CONTENT_TYPES = {
    "xlsx": "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
    "csv": "text/csv; charset=utf-8",
}
HEADERS = [c.header for c in COLUMNS]


def related_names(program_ids: list[int]) -> dict[int, dict]:
    """Credential names and confirmed occupations of many programs, a few queries per
    thousand programs."""
    related = {
        pk: {"credentials": [], "entry_credentials": [], "occupations": []} for pk in program_ids
    }
    for start in range(0, len(program_ids), 900):
        chunk = program_ids[start : start + 900]
        for key, through in (
            ("credentials", Program.credentials.through),
            ("entry_credentials", Program.entry_credentials.through),
        ):
            rows = through.objects.filter(program_id__in=chunk).values_list(
                "program_id", "credential__name"
            )
            for program_id, name in rows:
                related[program_id][key].append(name)
        rows = ProgramOccupation.objects.filter(
            program_id__in=chunk, confirmed_at__isnull=False
        ).values_list("program_id", "soc_code", "title")
        for program_id, code, title in rows:
            related[program_id]["occupations"].append((code, title))
    return related


def _rows(programs: Iterable[Program]):
    programs = list(programs)
    related = related_names([p.pk for p in programs])
    for program in programs:
        yield [write_cell(column, program, related[program.pk]) for column in COLUMNS]


def _csv(header: list[str], rows) -> bytes:
    out = io.StringIO()
    writer = csv.writer(out)
    writer.writerow(header)
    writer.writerows([formula_safe(v) for v in row] for row in rows)
    # The byte-order mark lets Excel open the file as UTF-8.
    return ("\ufeff" + out.getvalue()).encode("utf-8")


def _column_letter(index: int) -> str:
    letters = ""
    index += 1
    while index:
        index, remainder = divmod(index - 1, 26)
        letters = chr(65 + remainder) + letters
    return letters


# Characters XML 1.0 cannot carry; a pasted control character would make the file unreadable.
_INVALID_XML = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f\ufffe\uffff]")


def _sheet_xml(rows) -> str:
    """One worksheet. Text goes in as inline strings, so it is never taken for a formula."""
    parts = [
        '<?xml version="1.0" encoding="UTF-8" standalone="yes"?>\n'
        '<worksheet xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main">'
        "<sheetData>"
    ]
    letters: list[str] = []
    for number, row in enumerate(rows, start=1):
        cells = []
        for index, value in enumerate(row):
            if value is None or value == "":
                continue
            while len(letters) <= index:
                letters.append(_column_letter(len(letters)))
            ref = f"{letters[index]}{number}"
            if isinstance(value, bool):
                cells.append(f'<c r="{ref}" t="b"><v>{int(value)}</v></c>')
            elif isinstance(value, int | float):
                cells.append(f'<c r="{ref}"><v>{value}</v></c>')
            else:
                text = escape(_INVALID_XML.sub("", str(value)))
                cells.append(
                    f'<c r="{ref}" t="inlineStr"><is><t xml:space="preserve">{text}</t></is></c>'
                )
        parts.append(f'<row r="{number}">{"".join(cells)}</row>')
    parts.append("</sheetData></worksheet>")
    return "".join(parts)


_CONTENT_TYPES_XML = (
    '<?xml version="1.0" encoding="UTF-8" standalone="yes"?>\n'
    '<Types xmlns="http://schemas.openxmlformats.org/package/2006/content-types">'
    '<Default Extension="rels" ContentType="application/vnd.openxmlformats-package.relationships+xml"/>'
    '<Default Extension="xml" ContentType="application/xml"/>'
    '<Override PartName="/xl/workbook.xml" ContentType="application/vnd.openxmlformats-officedocument.spreadsheetml.sheet.main+xml"/>'
    '<Override PartName="/xl/worksheets/sheet1.xml" ContentType="application/vnd.openxmlformats-officedocument.spreadsheetml.worksheet+xml"/>'
    "</Types>"
)
_ROOT_RELS_XML = (
    '<?xml version="1.0" encoding="UTF-8" standalone="yes"?>\n'
    '<Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships">'
    '<Relationship Id="rId1" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/officeDocument" Target="xl/workbook.xml"/>'
    "</Relationships>"
)
_WORKBOOK_XML = (
    '<?xml version="1.0" encoding="UTF-8" standalone="yes"?>\n'
    '<workbook xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main" '
    'xmlns:r="http://schemas.openxmlformats.org/officeDocument/2006/relationships">'
    '<sheets><sheet name="Programs" sheetId="1" r:id="rId1"/></sheets></workbook>'
)
_WORKBOOK_RELS_XML = (
    '<?xml version="1.0" encoding="UTF-8" standalone="yes"?>\n'
    '<Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships">'
    '<Relationship Id="rId1" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/worksheet" Target="worksheets/sheet1.xml"/>'
    '<Relationship Id="rId2" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/styles" Target="styles.xml"/>'
    "</Relationships>"
)
# The one default style every spreadsheet program expects to find.
_STYLES_XML = (
    '<?xml version="1.0" encoding="UTF-8" standalone="yes"?>\n'
    '<styleSheet xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main">'
    '<fonts count="1"><font><sz val="11"/><name val="Calibri"/></font></fonts>'
    '<fills count="2"><fill><patternFill patternType="none"/></fill><fill><patternFill patternType="gray125"/></fill></fills>'
    '<borders count="1"><border><left/><right/><top/><bottom/><diagonal/></border></borders>'
    '<cellStyleXfs count="1"><xf numFmtId="0" fontId="0" fillId="0" borderId="0"/></cellStyleXfs>'
    '<cellXfs count="1"><xf numFmtId="0" fontId="0" fillId="0" borderId="0" xfId="0"/></cellXfs>'
    '<cellStyles count="1"><cellStyle name="Normal" xfId="0" builtinId="0"/></cellStyles>'
    "</styleSheet>"
)  # fmt: skip


def _xlsx(header: list[str], rows) -> bytes:
    """A one-sheet workbook written directly: openpyxl took seconds per thousand programs."""
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as archive:
        archive.writestr("[Content_Types].xml", _CONTENT_TYPES_XML)
        archive.writestr("_rels/.rels", _ROOT_RELS_XML)
        archive.writestr("xl/workbook.xml", _WORKBOOK_XML)
        archive.writestr("xl/_rels/workbook.xml.rels", _WORKBOOK_RELS_XML)
        archive.writestr("xl/styles.xml", _STYLES_XML)
        archive.writestr("xl/worksheets/sheet1.xml", _sheet_xml([header, *rows]))
    return out.getvalue()


def export_programs(programs, fmt: str) -> bytes:
    """Programs (from `Program.objects.for_inventory`, filtered as you like) as xlsx or csv."""
    if fmt == "csv":
        return _csv(HEADERS, _rows(programs))
    return _xlsx(HEADERS, _rows(programs))


def template(fmt: str) -> bytes:
    """The blank template; the xlsx explains each column on a second sheet."""
    if fmt == "csv":
        return _csv(HEADERS, [])
    workbook = Workbook()
    sheet = workbook.active
    sheet.title = "Programs"
    sheet.append(HEADERS)
    for cell in sheet[1]:
        cell.font = Font(bold=True)
    sheet.freeze_panes = "A2"
    notes = workbook.create_sheet("How to fill it in")
    notes.append(["Column", "What to put in it"])
    for column in COLUMNS:
        notes.append([column.header + (" (required)" if column.required else ""), column.help])
    out = io.BytesIO()
    workbook.save(out)
    return out.getvalue()
