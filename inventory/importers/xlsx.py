"""A small, fast reader for the first sheet of an .xlsx file.

openpyxl builds a Python object per cell and, without lxml, parses in pure Python: a
5,000-row inventory took seconds just to read. This reads the sheet's XML with regular
expressions when it is written the usual way (unprefixed elements, as Excel, LibreOffice and
openpyxl write it) and with the C expat parser otherwise, and yields plain values. It
understands what spreadsheets hold in an inventory: shared and inline strings, numbers and
booleans (dates come back as serial numbers; the inventory has no date columns)."""

from __future__ import annotations

import codecs
import html
import io
import posixpath
import re
import zipfile
from collections.abc import Iterable, Iterator
from typing import IO
from xml.etree import ElementTree

MAIN = "{http://schemas.openxmlformats.org/spreadsheetml/2006/main}"
REL = "{http://schemas.openxmlformats.org/officeDocument/2006/relationships}"
PKG_REL = "{http://schemas.openxmlformats.org/package/2006/relationships}"
CELL_REF = re.compile(r"([A-Z]+)(\d+)")
ROW_RE = re.compile(r"<row\b([^>]*?)(?:/>|>(.*?)</row>)", re.S)
CELL_RE = re.compile(r"<c\b([^>]*?)(?:/>|>(.*?)</c>)", re.S)
ATTR_RE = re.compile(r'\b(r|t)="([^"]*)"')
VALUE_RE = re.compile(r"<v>(.*?)</v>", re.S)
TEXT_RE = re.compile(r"<t(?:\s[^>]*)?>(.*?)</t>", re.S)
PHONETIC_RE = re.compile(r"<rPh\b.*?</rPh>", re.S)
SI_RE = re.compile(r"<si>(.*?)</si>|<si/>", re.S)
# The usual shape of a cell, as Excel, LibreOffice and openpyxl write it: r, then optional
# s and t attributes. Rows whose cells don't all fit it take the general path.
FAST_CELL_RE = re.compile(
    r'<c r="([A-Z]+)\d+"(?: s="\d+")?(?: t="([a-zA-Z]+)")?(?: s="\d+")?\s*(?:/>|>(.*?)</c>)', re.S
)


class NotASpreadsheet(ValueError):
    pass


def _column_index(letters: str) -> int:
    index = 0
    for char in letters:
        index = index * 26 + ord(char) - 64
    return index - 1


def _first_sheet_path(archive: zipfile.ZipFile) -> str:
    workbook = ElementTree.fromstring(archive.read("xl/workbook.xml"))
    sheet = workbook.find(f"{MAIN}sheets/{MAIN}sheet")
    if sheet is None:
        raise NotASpreadsheet("the workbook has no sheets")
    rel_id = sheet.get(f"{REL}id")
    rels = ElementTree.fromstring(archive.read("xl/_rels/workbook.xml.rels"))
    for rel in rels.iter(f"{PKG_REL}Relationship"):
        if rel.get("Id") == rel_id:
            target = rel.get("Target", "")
            if target.startswith("/"):
                return target.lstrip("/")
            return posixpath.normpath(posixpath.join("xl", target))
    raise NotASpreadsheet("the first sheet is missing")


def _text_of(fragment: str) -> str:
    return html.unescape("".join(TEXT_RE.findall(PHONETIC_RE.sub("", fragment))))


def _shared_strings(archive: zipfile.ZipFile) -> list[str]:
    try:
        raw = archive.read("xl/sharedStrings.xml").decode("utf-8")
    except KeyError:
        return []
    if "<sst" in raw:
        return [_text_of(m.group(1) or "") for m in SI_RE.finditer(raw)]
    handle = io.BytesIO(raw.encode("utf-8"))
    strings = []
    with handle:
        for _event, elem in ElementTree.iterparse(handle, events=("end",)):
            if elem.tag == f"{MAIN}si":
                # Plain text is a direct <t>; rich text keeps its runs in <r><t>. Phonetic
                # hints (<rPh><t>) are not part of the value.
                direct = [t.text or "" for t in elem.findall(f"{MAIN}t")]
                runs = [
                    t.text or "" for r in elem.findall(f"{MAIN}r") for t in r.findall(f"{MAIN}t")
                ]
                strings.append("".join(direct + runs))
                elem.clear()
    return strings


def _number(text: str):
    value = float(text)
    return (
        int(value) if value.is_integer() and "." not in text and "E" not in text.upper() else value
    )


CHUNK = 1 << 20
MAX_ROW_TEXT = 16 << 20  # one row's XML; a real row is a few KB


def _pieces(handle, first: str, decoder) -> Iterator[str]:
    """The sheet's XML in pieces that end after a complete row, read 1 MB at a time: memory
    stays bounded by the chunk, not the sheet."""
    buffer = first
    while True:
        block = handle.read(CHUNK)
        buffer += decoder.decode(block, final=not block)
        if not block:
            if buffer:
                yield buffer
            return
        cut = buffer.rfind("</row>")
        if cut == -1:
            if len(buffer) > MAX_ROW_TEXT:
                raise NotASpreadsheet("a row of the sheet is larger than 16 MB")
            continue
        cut += len("</row>")
        yield buffer[:cut]
        buffer = buffer[cut:]


def iter_rows(data: bytes | IO[bytes]) -> Iterator[tuple[int, list]]:
    """(row number, cell values) for each row of the first sheet that has any cell, streamed:
    stop iterating and the rest of the sheet is never unpacked."""
    try:
        archive = zipfile.ZipFile(io.BytesIO(data) if isinstance(data, bytes) else data)
    except zipfile.BadZipFile as error:
        raise NotASpreadsheet("not a zip archive") from error
    with archive:
        try:
            sheet_path = _first_sheet_path(archive)
            strings = _shared_strings(archive)
            handle = archive.open(sheet_path)
            decoder = codecs.getincrementaldecoder("utf-8")()
            first = decoder.decode(handle.read(CHUNK))
        except (KeyError, ElementTree.ParseError, UnicodeDecodeError, zipfile.BadZipFile) as error:
            raise NotASpreadsheet(str(error)) from error
        if "<sheetData" in first:
            try:
                with handle:
                    yield from _regex_rows(_pieces(handle, first, decoder), strings)
            except (IndexError, ValueError, UnicodeDecodeError, zipfile.BadZipFile) as error:
                raise NotASpreadsheet(str(error)) from error
            return
        handle.close()
        handle = archive.open(sheet_path)
        c_tag, v_tag, row_tag, is_tag, t_tag = (
            f"{MAIN}c", f"{MAIN}v", f"{MAIN}row", f"{MAIN}is", f"{MAIN}t"
        )  # fmt: skip
        cells: dict[int, object] = {}
        next_column = 0
        next_row = 1
        try:
            with handle:
                for _event, elem in ElementTree.iterparse(handle, events=("end",)):
                    tag = elem.tag
                    if tag == c_tag:
                        ref = elem.get("r")
                        match = CELL_REF.match(ref) if ref else None
                        column = _column_index(match.group(1)) if match else next_column
                        next_column = column + 1
                        kind = elem.get("t", "n")
                        if kind == "inlineStr":
                            inline = elem.find(is_tag)
                            value = (
                                "".join(t.text or "" for t in inline.iter(t_tag))
                                if inline is not None
                                else ""
                            )
                        else:
                            text = elem.findtext(v_tag)
                            if text is None:
                                value = None
                            elif kind == "s":
                                value = strings[int(text)]
                            elif kind == "b":
                                value = text == "1"
                            elif kind in ("str", "e"):
                                value = text
                            else:
                                value = _number(text)
                        if value is not None:
                            cells[column] = value
                        elem.clear()
                    elif tag == row_tag:
                        number = int(elem.get("r") or next_row)
                        next_row = number + 1
                        if cells:
                            row = [None] * (max(cells) + 1)
                            for column, value in cells.items():
                                row[column] = value
                            yield number, row
                        cells = {}
                        next_column = 0
                        elem.clear()
        except (ElementTree.ParseError, IndexError, ValueError, zipfile.BadZipFile) as error:
            raise NotASpreadsheet(str(error)) from error


def _regex_rows(pieces: Iterable[str], strings: list[str]) -> Iterator[tuple[int, list]]:
    next_row = 1
    for row_match in (m for piece in pieces for m in ROW_RE.finditer(piece)):
        number_match = re.search(r'\br="(\d+)"', row_match.group(1))
        number = int(number_match.group(1)) if number_match else next_row
        next_row = number + 1
        content = row_match.group(2) or ""
        fast = FAST_CELL_RE.findall(content)
        if len(fast) == content.count("<c ") + content.count("<c>") + content.count("<c/>"):
            row = _fast_row(fast, strings)
            if row:
                yield number, row
            continue
        cells: dict[int, object] = {}
        next_column = 0
        for cell in CELL_RE.finditer(content):
            attrs = dict(ATTR_RE.findall(cell.group(1)))
            ref = CELL_REF.match(attrs.get("r", ""))
            column = _column_index(ref.group(1)) if ref else next_column
            next_column = column + 1
            inner = cell.group(2)
            if not inner:
                continue
            kind = attrs.get("t", "n")
            if kind == "inlineStr":
                value = _text_of(inner)
            else:
                found = VALUE_RE.search(inner)
                if found is None:
                    continue
                text = found.group(1)
                if kind == "s":
                    value = strings[int(text)]
                elif kind == "b":
                    value = text == "1"
                elif kind in ("str", "e"):
                    value = html.unescape(text)
                else:
                    value = _number(text)
            cells[column] = value
        if cells:
            row = [None] * (max(cells) + 1)
            for column, value in cells.items():
                row[column] = value
            yield number, row


_COLUMNS: dict[str, int] = {}


def _fast_row(cells: list[tuple[str, str, str]], strings: list[str]) -> list:
    values: dict[int, object] = {}
    for letters, kind, inner in cells:
        if not inner:
            continue
        column = _COLUMNS.get(letters)
        if column is None:
            column = _COLUMNS[letters] = _column_index(letters)
        if kind == "inlineStr":
            if (
                inner.startswith("<is><t>")
                and inner.endswith("</t></is>")
                and inner.count("<") == 4
            ):
                text = inner[7:-9]
                values[column] = html.unescape(text) if "&" in text else text
            else:
                values[column] = _text_of(inner)
            continue
        if inner.startswith("<v>") and inner.endswith("</v>"):
            text = inner[3:-4]
        else:
            found = VALUE_RE.search(inner)
            if found is None:
                continue
            text = found.group(1)
        if kind == "s":
            values[column] = strings[int(text)]
        elif kind == "b":
            values[column] = text == "1"
        elif kind in ("str", "e"):
            values[column] = html.unescape(text)
        else:
            values[column] = _number(text)
    if not values:
        return []
    row = [None] * (max(values) + 1)
    for column, value in values.items():
        row[column] = value
    return row
