"""Limits every upload shares, so that no file can take the site down.

A spreadsheet is a zip of XML: 3 MB on the wire can unpack to gigabytes. Before anything
parses an upload we look at what the zip says it holds (each member's unpacked size, their
total, and how much each one shrank); Python's zip reader never unpacks more than a
member's stated size, so those numbers bound the work. Readers then stream rows and stop at
a row limit. Every refusal is a sentence a person can act on.

Two profiles: `INVENTORY` for the spreadsheets partners upload to the program inventory, and
`REFERENCE_DATA` for the agencies' files staff load on the data page (much larger, still
bounded). Each limit can be changed in settings (see `_setting`).
"""

from __future__ import annotations

import codecs
import contextlib
import logging
import zipfile
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import IO

from django.conf import settings

logger = logging.getLogger(__name__)

MB = 1024 * 1024


class UploadRefused(ValueError):
    """The file is refused before it is parsed; the message says why, for people."""


@dataclass(frozen=True)
class Limits:
    name: str
    max_bytes: int  # the file as uploaded
    max_unpacked_bytes: int  # everything inside a zip (an xlsx is one), unpacked
    max_rows: int  # data rows read from a sheet or csv
    max_ratio: int = 100  # how much one zip member may shrink; real sheets shrink 5-30x
    max_members: int = 2000

    @property
    def max_mb(self) -> int:
        return self.max_bytes // MB


def _setting(name: str, default: int) -> int:
    return int(getattr(settings, name, default))


def inventory_limits() -> Limits:
    return Limits(
        name="inventory",
        max_bytes=_setting("INVENTORY_UPLOAD_MAX_MB", 20) * MB,
        max_unpacked_bytes=_setting("INVENTORY_UPLOAD_MAX_UNPACKED_MB", 100) * MB,
        max_rows=_setting("INVENTORY_UPLOAD_MAX_ROWS", 20_000),
    )


def reference_data_limits() -> Limits:
    # The full O*NET text release unpacks to about 300 MB; the OEWS "all data" workbook
    # holds about 420,000 rows.
    return Limits(
        name="reference data",
        max_bytes=_setting("DATA_UPLOAD_MAX_MB", 200) * MB,
        max_unpacked_bytes=_setting("DATA_UPLOAD_MAX_UNPACKED_MB", 1500) * MB,
        max_rows=_setting("DATA_UPLOAD_MAX_ROWS", 1_500_000),
    )


def _size_words(n: int) -> str:
    return f"{n / MB:,.0f} MB" if n >= MB else f"{n / 1024:,.0f} KB"


def check_size(size: int, file_name: str, limits: Limits) -> None:
    if size > limits.max_bytes:
        raise UploadRefused(
            f"{file_name} is too large: {_size_words(size)}, and the limit is "
            f"{limits.max_mb} MB. Split it into smaller files, or remove sheets and columns "
            "the import doesn't use."
        )


def check_archive(source: str | Path | IO[bytes], file_name: str, limits: Limits) -> None:
    """Refuse a zip (or xlsx) whose contents would unpack past the limits. Reads only the
    zip's directory; a file that is not a zip passes (the reader decides what it is)."""
    try:
        archive = zipfile.ZipFile(source)
    except (zipfile.BadZipFile, OSError, ValueError):
        return
    with archive:
        members = archive.infolist()
        if len(members) > limits.max_members:
            raise UploadRefused(
                f"{file_name} holds {len(members):,} files inside it; a spreadsheet or data "
                f"release holds far fewer (at most {limits.max_members:,}). Is it the right file?"
            )
        total = 0
        for member in members:
            total += member.file_size
            ratio = member.file_size / max(member.compress_size, 1)
            if member.file_size > 10 * MB and ratio > limits.max_ratio:
                raise UploadRefused(
                    f"{file_name} is too large once unpacked: {member.filename} grows from "
                    f"{_size_words(member.compress_size)} to {_size_words(member.file_size)}, "
                    "far more than a real spreadsheet does. Save the data again from Excel or "
                    "LibreOffice, without empty formatted rows, and upload that."
                )
        if total > limits.max_unpacked_bytes:
            raise UploadRefused(
                f"{file_name} is too large once unpacked: {_size_words(total)}, and the limit "
                f"is {_size_words(limits.max_unpacked_bytes)}. Split it into smaller files."
            )


def check_upload(upload, limits: Limits) -> None:
    """Size and zip checks for a Django UploadedFile, before it is stored or parsed."""
    name = Path(upload.name or "upload").name
    check_size(upload.size, name, limits)
    upload.seek(0)
    try:
        check_archive(upload, name, limits)
    finally:
        upload.seek(0)


def check_file(path: Path, limits: Limits, *, display_name: str = "") -> None:
    """The same checks for a file on disk (a stored upload or a download)."""
    name = display_name or path.name
    if path.is_dir():
        return
    check_size(path.stat().st_size, name, limits)
    check_archive(path, name, limits)


def too_many_rows(file_name: str, limits: Limits) -> UploadRefused:
    return UploadRefused(
        f"{file_name} has too many rows: more than {limits.max_rows:,}. Split it into smaller "
        "files, or delete empty rows below the data."
    )


def limit_rows(rows: Iterator, file_name: str, limits: Limits) -> Iterator:
    """Pass rows through, refusing once there are more than the limit (+ a header row)."""
    for count, row in enumerate(rows, start=1):
        if count > limits.max_rows + 1:
            raise too_many_rows(file_name, limits)
        yield row


def decode_text(raw: bytes) -> str | None:
    """The text of a csv. A byte-order mark names the encoding (Excel's "Unicode text" is
    UTF-16); without one, UTF-8, then Windows-1252. None if nothing fits."""
    if raw.startswith((codecs.BOM_UTF16_LE, codecs.BOM_UTF16_BE)):
        try:
            return raw.decode("utf-16")
        except UnicodeDecodeError:
            return None
    for encoding in ("utf-8-sig", "cp1252"):
        try:
            return raw.decode(encoding)
        except UnicodeDecodeError:
            continue
    return None


def csv_delimiter(text: str) -> str:
    """Excel's "Unicode text" separates columns with tabs; csv with commas."""
    first_line = text.split("\n", 1)[0]
    return "\t" if first_line.count("\t") > first_line.count(",") else ","


def delete_quietly(field_file) -> None:
    """Remove a stored upload (a FieldFile) that failed; never raise."""
    if not field_file:
        return
    with contextlib.suppress(OSError, ValueError):
        field_file.delete(save=False)


# --- memory cap for the worker -------------------------------------------------------------


def cap_memory(megabytes: int | None = None) -> int | None:
    """Cap this process's heap (RLIMIT_DATA, Linux): a parse that runs away ends in a
    MemoryError the task turns into words, instead of the machine swapping. Called in each
    Celery worker process as it starts; returns the cap in bytes (None: not capped)."""
    megabytes = megabytes if megabytes is not None else _setting("WORKER_MEMORY_LIMIT_MB", 0)
    if not megabytes:
        return None
    try:
        import resource

        limit = megabytes * MB
        _soft, hard = resource.getrlimit(resource.RLIMIT_DATA)
        if hard != resource.RLIM_INFINITY:
            limit = min(limit, hard)
        resource.setrlimit(resource.RLIMIT_DATA, (limit, hard))
    except (ImportError, ValueError, OSError) as error:  # pragma: no cover - not Linux
        logger.warning("could not cap worker memory: %s", error)
        return None
    return limit
