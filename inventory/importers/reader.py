"""Read an uploaded xlsx or csv into a header row and data rows, or say in plain words why
it can't be read."""

from __future__ import annotations

import csv
import io
import re
from dataclasses import dataclass
from pathlib import Path

from inventory.importers.xlsx import NotASpreadsheet, iter_rows
from pathways.uploads import (
    Limits,
    UploadRefused,
    check_archive,
    csv_delimiter,
    decode_text,
    inventory_limits,
    limit_rows,
)


class UnreadableFile(Exception):
    """The file is not a spreadsheet we can read; the message says why, for people."""


@dataclass
class Table:
    file_name: str
    headers: list[str]
    rows: list[tuple[int, list]]  # (row number as the spreadsheet shows it, cell values)


def normalize_header(text) -> str:
    return re.sub(r"[^a-z0-9%$]+", " ", str(text or "").lower()).strip()


def read_table(data: bytes, file_name: str, limits: Limits | None = None, progress=None) -> Table:
    """The first sheet (or the csv), within the upload limits: a file that would unpack past
    them, or that has too many rows, is refused in words before it fills memory."""
    limits = limits or inventory_limits()
    suffix = Path(file_name).suffix.lower()
    try:
        if suffix in (".xlsx", ".xlsm"):
            check_archive(io.BytesIO(data), file_name, limits)
            return _read_xlsx(data, file_name, limits, progress)
        if suffix in (".csv", ".txt"):
            return _read_csv(data, file_name, limits, progress)
    except UploadRefused as error:
        raise UnreadableFile(str(error)) from error
    raise UnreadableFile(
        f"{file_name}: we read .xlsx and .csv files. Save the spreadsheet in one of those formats."
    )


def _counted(rows, progress, every: int = 2000):
    """Pass rows through, telling `progress` how many have been read every few thousand."""
    count = 0
    for count, row in enumerate(rows, start=1):
        if progress is not None and count % every == 0:
            progress(count)
        yield row
    if progress is not None:
        progress(count)


def _read_xlsx(data: bytes, file_name: str, limits: Limits, progress=None) -> Table:
    headers: list[str] = []
    body = []
    try:
        for number, row in _counted(limit_rows(iter_rows(data), file_name, limits), progress):
            if not any(cell not in (None, "") for cell in row):
                continue
            if not headers:
                headers = [str(c).strip() if c is not None else "" for c in row]
            else:
                body.append((number, row))
    except NotASpreadsheet as error:
        raise UnreadableFile(
            f"{file_name} is not an Excel spreadsheet we can open (it may be another kind of "
            "file renamed to .xlsx, or damaged). Open it in Excel or LibreOffice and save it "
            "again as .xlsx, or upload a .csv."
        ) from error
    if not headers:
        raise UnreadableFile(f"{file_name} is empty: the first sheet has no header row.")
    return Table(file_name, headers, body)


def _read_csv(data: bytes, file_name: str, limits: Limits, progress=None) -> Table:
    text = decode_text(data)
    if text is None:
        raise UnreadableFile(f"{file_name}: we can't read its characters; save it as UTF-8 CSV.")
    if "\x00" in text:
        raise UnreadableFile(f"{file_name} is not a text CSV file; save it as CSV (UTF-8).")
    reader = limit_rows(
        csv.reader(io.StringIO(text, newline=""), delimiter=csv_delimiter(text)),
        file_name,
        limits,
    )
    headers: list[str] = []
    body = []
    for number, row in enumerate(_counted(reader, progress), start=1):
        if not any(cell.strip() for cell in row):
            continue
        if not headers:
            headers = [cell.strip() for cell in row]
            continue
        body.append((number, [_unguard(cell) for cell in row]))
    if not headers:
        raise UnreadableFile(f"{file_name} is empty: it has no header row.")
    return Table(file_name, headers, body)


def _unguard(cell: str) -> str:
    """Exports put an apostrophe before text that would otherwise run as a formula."""
    if cell.startswith("'") and cell[1:2] in ("=", "+", "-", "@", "\t", "\r"):
        return cell[1:]
    return cell
