"""What every importer shares: the error that names file/column/row/value, progress
reporting, and a reader for the agencies' tabular files (xlsx or csv) by column name."""

from __future__ import annotations

import codecs
import csv
import itertools
import re
import zipfile
from collections.abc import Callable, Iterator
from dataclasses import dataclass, field
from pathlib import Path

from pathways import uploads

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
    # Fields of the DataRelease the importer decides (publisher, top codes, ...).
    release_fields: dict = field(default_factory=dict)


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
    encoding, total, head = csv_encoding(path)
    if encoding is None or "\x00" in head[:4096]:
        raise ImportFileError("not a csv or Excel file (binary content)", file=display_name)
    # Streamed, not read whole: a national file is tens of megabytes of text.
    handle = open(path, encoding=encoding, newline="")  # noqa: SIM115 (closed by the Table)
    reader = csv.reader(handle, delimiter=uploads.csv_delimiter(head))

    def csv_rows() -> Iterator[tuple[int, tuple]]:
        try:
            for number, row in enumerate(reader, start=1):
                yield number, tuple(row)
        except csv.Error as exc:
            raise ImportFileError(f"malformed csv ({exc})", file=display_name) from exc

    return Table(name=display_name, rows=csv_rows(), total=total, _close=handle.close)


def csv_encoding(path: Path, chunk: int = 1 << 20) -> tuple[str | None, int, str]:
    """(encoding, lines, first text) of a csv, read in chunks: the choice of
    `uploads.decode_text` (a byte-order mark names it; else UTF-8, then Windows-1252)
    without holding the file's text. The encoding is None when none fits."""
    with open(path, "rb") as handle:
        start = handle.read(4)
    if start.startswith((codecs.BOM_UTF16_LE, codecs.BOM_UTF16_BE)):
        tries = ["utf-16"]
    else:
        tries = ["utf-8-sig", "cp1252"]
    for encoding in tries:
        decoder = codecs.getincrementaldecoder(encoding)()
        lines, head, last = 0, "", ""
        try:
            with open(path, "rb") as handle:
                while data := handle.read(chunk):
                    text = decoder.decode(data)
                    lines += text.count("\n")
                    head = head or text[:65536]
                    last = text[-1:] or last
                text = decoder.decode(b"", final=True)
                lines += text.count("\n")
                head, last = head or text[:65536], text[-1:] or last
        except UnicodeDecodeError:
            continue
        return encoding, lines + (0 if last in ("\n", "") else 1), head
    return None, 0, ""


@dataclass(frozen=True)
class Layout:
    """What the data sheet of a family of files looks like: a header row test, the columns
    to list when refusing a file, and the sheets to try first."""

    what: str
    expected: tuple[str, ...]
    is_header: Callable[[list[str]], bool]
    prefer_sheets: tuple[str, ...] = ()


@dataclass
class DataTable:
    """The data sheet found in a file: where its header is, and the rows below it."""

    name: str
    sheet: str
    header_row: int  # the last header row (the data starts below it)
    header: list[str]  # normalised, one per column
    labels: list[str]  # as published (two-row headers joined), for messages
    rows: Iterator[tuple[int, tuple]]
    total: int
    header_rows: int = 1
    _close: Callable[[], None] | None = None
    workbook: object | None = None  # the open read-only workbook (Excel files), for notes

    def close(self) -> None:
        if self._close:
            self._close()

    @property
    def where(self) -> str:
        """Which sheet and header row were read, for the release notes."""
        if self.header_rows == 2:
            rows = f"header on rows {self.header_row - 1}-{self.header_row}"
        else:
            rows = f"header on row {self.header_row}"
        return f"sheet “{self.sheet}”, {rows}" if self.sheet else rows

    def label(self, position: int | None, default: str = "") -> str:
        if position is None or position >= len(self.labels):
            return default
        return self.labels[position] or default


def _texts(cells: tuple) -> list[str]:
    return [re.sub(r"\s+", " ", cell_text(c)) for c in cells]


def _two_row(top: list[str], bottom: list[str]) -> list[str]:
    """A heading merged across several columns (only its first cell holds the text) over
    one sub-heading per column: 'Employment' over '2014' and '2024'."""
    joined, spanning = [], ""
    for i in range(max(len(top), len(bottom))):
        upper = top[i] if i < len(top) else ""
        lower = bottom[i] if i < len(bottom) else ""
        if upper:
            spanning = upper
        elif lower:
            upper = spanning
        else:
            spanning = ""
        joined.append(f"{upper} {lower}".strip())
    return joined


def _is_number(text: str) -> bool:
    try:
        float(text.replace(",", ""))
    except ValueError:
        return False
    return True


def _header_at(rows: list[tuple[int, tuple]], layout: Layout) -> tuple[int, int, list[str]] | None:
    """(index of the last header row, header rows, labels) of the first header in `rows`."""
    texts = [_texts(cells) for _, cells in rows]
    for i, labels in enumerate(texts):
        if layout.is_header([normalise_header(c) for c in labels]):
            return i, 1, labels
        if i + 1 >= len(texts):
            break
        below = texts[i + 1]
        if layout.is_header([normalise_header(c) for c in below]):
            continue  # the next row is the header by itself
        if sum(bool(c) for c in labels) >= 2:
            joined = _two_row(labels, below)
            if layout.is_header([normalise_header(c) for c in joined]):
                return i + 1, 2, joined
    return None


def _closest(rows: list[tuple[int, tuple]]) -> tuple[int, list[str]] | None:
    """The row that looks most like a header: the most cells of words."""
    best = None
    for number, cells in rows:
        words = [t for t in _texts(cells) if t and not _is_number(t)]
        if len(words) >= 2 and (best is None or len(words) > len(best[1])):
            best = (number, words)
    return best


def _sheets(path: Path, display_name: str, layout: Layout):
    """Yield (sheet name, rows iterator, row total) for each sheet, preferred ones first;
    a csv file is one unnamed sheet. The last item closes the workbook."""
    if not is_excel(path):
        table = open_table(path, display_name=display_name)
        return [(table.sheet, table.rows, table.total)], table.close, None
    import openpyxl

    try:
        workbook = openpyxl.load_workbook(path, read_only=True, data_only=True)
    except (zipfile.BadZipFile, KeyError, OSError, ValueError) as exc:
        raise ImportFileError(f"not a readable Excel workbook ({exc})", file=display_name) from exc
    names = [n for n in layout.prefer_sheets if n in workbook.sheetnames]
    names += [n for n in workbook.sheetnames if n not in names]

    def rows(worksheet) -> Iterator[tuple[int, tuple]]:
        try:
            yield from enumerate(worksheet.iter_rows(values_only=True), start=1)
        except (zipfile.BadZipFile, OSError, ValueError, EOFError, KeyError) as exc:
            raise ImportFileError(
                f"the workbook is damaged or truncated ({exc})", file=display_name
            ) from exc

    sheets = [(n, rows(workbook[n]), workbook[n].max_row or 0) for n in names]
    return sheets, workbook.close, workbook


def find_data(path: Path, *, display_name: str, layout: Layout, within: int = 40) -> DataTable:
    """Find the data sheet by its columns, and its header wherever it starts (one or two
    rows). Refuses the file with the columns expected and the columns found."""
    sheets, close, workbook = _sheets(path, display_name, layout)
    closest = None
    try:
        for sheet, rows, total in sheets:
            head: list[tuple[int, tuple]] = []
            for item in rows:
                head.append(item)
                if len(head) > within:
                    break
            found = _header_at(head, layout)
            if found is None:
                near = _closest(head)
                if near and (closest is None or len(near[1]) > len(closest[2])):
                    closest = (sheet, near[0], near[1])
                continue
            index, header_rows, labels = found
            rest = head[index + 1 :]
            return DataTable(
                name=display_name,
                sheet=sheet,
                header_row=head[index][0],
                header=[normalise_header(c) for c in labels],
                labels=labels,
                rows=itertools.chain(rest, rows),
                total=total,
                header_rows=header_rows,
                _close=close,
                workbook=workbook,
            )
    except BaseException:
        close()
        raise
    close()
    message = (
        f"this is not {layout.what}: no header naming the expected columns in the first "
        f"{within} rows of any sheet. Expected columns: {', '.join(layout.expected)}."
    )
    if closest is not None:
        sheet, number, words = closest
        place = f"sheet “{sheet}” row {number}" if sheet else f"row {number}"
        shown = ", ".join(words[:20]) + (" …" if len(words) > 20 else "")
        message += f" Closest found ({place}): {shown}."
    else:
        message += " No row of column names was found."
    raise ImportFileError(message, file=display_name)


def missing_columns(table: DataTable, missing: list[str], expected: list[str]) -> ImportFileError:
    """The refusal for a header that lacks required columns: expected and found, in words."""
    found = ", ".join(label for label in table.labels if label) or "(none)"
    return ImportFileError(
        f"required column{'s' if len(missing) > 1 else ''} missing: {', '.join(missing)}. "
        f"Expected: {', '.join(expected)}. Found: {found}",
        file=table.name,
        row=table.header_row,
    )


_SQLSTATE_WORDS = {
    "22001": "the value is longer than the database column holds",
    "22003": "the number is out of range for the database column",
    "22P02": "not a valid value for this column",
    "22021": "not UTF-8 text",
    "23502": "a value is required",
    "23505": "the same row appears twice",
}


def database_error(exc: Exception, *, file: str) -> ImportFileError:
    """Turn a database refusal into file, row, column and value, as far as it says them.
    (Values are checked before they are written; this is the last line of defence.)"""
    cause = exc.__cause__ or exc
    diag = getattr(cause, "diag", None)
    context = (getattr(diag, "context", "") or "") if diag else ""
    primary = (getattr(diag, "message_primary", "") or "") if diag else ""
    sqlstate = getattr(diag, "sqlstate", None) if diag else None
    found = re.search(r'COPY \w+, line (\d+)(?:, column (\w+))?(?:: "(.*)")?', context, re.S)
    words = _SQLSTATE_WORDS.get(sqlstate or "") or primary or str(cause).splitlines()[0]
    return ImportFileError(
        f"the database refused a value: {words}",
        file=file,
        column=found.group(2) if found and found.group(2) else None,
        value=found.group(3) if found and found.group(3) is not None else None,
    )


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
