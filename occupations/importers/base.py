"""What every importer shares: the error that names file/column/row/value, progress
reporting, and a reader for the agencies' tabular files (xlsx or csv) by column name."""

from __future__ import annotations

import csv
import io
import re
import zipfile
from collections.abc import Callable, Iterator
from dataclasses import dataclass, field
from pathlib import Path

Progress = Callable[[str, int, int], None]  # (phase, rows done, rows total)


def no_progress(phase: str, done: int, total: int) -> None:
    return None


class ImportFileError(Exception):
    """A file cannot be imported. The message names the file, column, row and value."""

    def __init__(
        self,
        message: str,
        *,
        file: str,
        row: int | None = None,
        column: str | None = None,
        value: object = None,
    ) -> None:
        self.message, self.file, self.row, self.column, self.value = (
            message,
            file,
            row,
            column,
            value,
        )
        parts = [file]
        if row is not None:
            parts.append(f"row {row}")
        if column is not None:
            parts.append(f"column “{column}”")
        text = ", ".join(parts) + f": {message}"
        if value is not None:
            text += f" (value {str(value)[:80]!r})"
        super().__init__(text)


@dataclass
class ImportResult:
    """What an importer reports back: the release version and rows per table."""

    version: str
    counts: dict[str, int] = field(default_factory=dict)
    notes: list[str] = field(default_factory=list)


_DASHES = str.maketrans({"\u2013": "-", "\u2014": "-", "\u2012": "-", "\u2212": "-"})


def normalise_header(value: object) -> str:
    """Lower case, plain hyphens, no footnote marks like [1], single spaces."""
    text = str(value or "").translate(_DASHES).replace("\ufeff", "")
    text = re.sub(r"\[\d+\]", "", text)
    return re.sub(r"\s+", " ", text).strip().lower()


def cell_text(value: object) -> str:
    """A cell as text: numbers without a spurious .0, None as ''."""
    if value is None:
        return ""
    if isinstance(value, float) and value.is_integer():
        return str(int(value))
    return str(value).strip()


@dataclass
class Table:
    """Rows of one sheet or csv file; `rows` yields (1-based row number, cells)."""

    name: str
    rows: Iterator[tuple[int, tuple]]
    total: int
    sheet: str = ""
    _close: Callable[[], None] | None = None

    def close(self) -> None:
        if self._close:
            self._close()


def is_excel(path: Path) -> bool:
    with open(path, "rb") as handle:
        return handle.read(4) == b"PK\x03\x04"


def open_table(path: Path, *, display_name: str, sheet: str | None = None) -> Table:
    """Open an xlsx workbook (one sheet: `sheet` if present, else the first) or a csv file."""
    if is_excel(path):
        import openpyxl

        try:
            workbook = openpyxl.load_workbook(path, read_only=True, data_only=True)
        except (zipfile.BadZipFile, KeyError, OSError, ValueError) as exc:
            raise ImportFileError(
                f"not a readable Excel workbook ({exc})", file=display_name
            ) from exc
        name = sheet if sheet in workbook.sheetnames else workbook.sheetnames[0]
        worksheet = workbook[name]

        def excel_rows() -> Iterator[tuple[int, tuple]]:
            try:
                yield from enumerate(worksheet.iter_rows(values_only=True), start=1)
            except (zipfile.BadZipFile, OSError, ValueError, EOFError) as exc:
                raise ImportFileError(
                    f"the workbook is damaged or truncated ({exc})", file=display_name
                ) from exc

        return Table(
            name=display_name,
            rows=excel_rows(),
            total=worksheet.max_row or 0,
            sheet=name,
            _close=workbook.close,
        )
    raw = path.read_bytes()
    try:
        text = raw.decode("utf-8-sig")
    except UnicodeDecodeError:
        text = raw.decode("cp1252", errors="replace")
    if "\x00" in text[:4096]:
        raise ImportFileError("not a csv or Excel file (binary content)", file=display_name)
    total = text.count("\n") + (0 if text.endswith("\n") else 1)
    reader = csv.reader(io.StringIO(text, newline=""))

    def csv_rows() -> Iterator[tuple[int, tuple]]:
        try:
            for number, row in enumerate(reader, start=1):
                yield number, tuple(row)
        except csv.Error as exc:
            raise ImportFileError(f"malformed csv ({exc})", file=display_name) from exc

    return Table(name=display_name, rows=csv_rows(), total=total)


def find_header(
    table: Table, wanted: Callable[[list[str]], bool], *, within: int = 30
) -> tuple[int, list[str]]:
    """Skip title rows until the header row; return its number and normalised cells."""
    for number, cells in table.rows:
        header = [normalise_header(c) for c in cells]
        if wanted(header):
            return number, header
        if number >= within:
            break
    raise ImportFileError(
        f"no header row found in the first {within} rows (is this the right file?)",
        file=table.name,
    )


def require_columns(
    table: Table, header: list[str], header_row: int, names: dict[str, str]
) -> dict[str, int]:
    """Map wanted keys to column positions; `names` maps key -> normalised header."""
    positions = {}
    for key, name in names.items():
        if name not in header:
            raise ImportFileError(
                "required column is missing", file=table.name, row=header_row, column=name
            )
        positions[key] = header.index(name)
    return positions


def download(url: str, destination: Path, *, report: Progress = no_progress) -> Path:
    """Stream a URL to a file, reporting bytes as progress."""
    import requests

    try:
        # BLS refuses requests without a descriptive User-Agent.
        headers = {"User-Agent": "SectorPathways/0.1 (labor-market data import)"}
        with requests.get(url, stream=True, timeout=60, headers=headers) as response:
            response.raise_for_status()
            total = int(response.headers.get("Content-Length") or 0)
            done = 0
            with open(destination, "wb") as out:
                for chunk in response.iter_content(chunk_size=1 << 20):
                    out.write(chunk)
                    done += len(chunk)
                    report("downloading", done, total)
    except requests.RequestException as exc:
        raise ImportFileError(f"download failed ({exc})", file=url) from exc
    return destination
