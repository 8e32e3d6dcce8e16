"""O*NET database, text format: the release zip or its unpacked folder.

Files are TAB-delimited with a header line, no quoting (a few fields hold a literal `"`),
and `n/a` for missing values. Columns are found by header name; unknown extra columns (newer
releases add some) are ignored, a missing required column is an error, and an absent
optional file is noted in the summary. Lines are validated and streamed to the database
without building per-row objects: on PostgreSQL each file is one `COPY`.
"""

from __future__ import annotations

import io
import re
import zipfile
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from pathlib import Path

import psycopg
from django.db import DatabaseError, connection
from django.db.models import Model

from occupations import models as m
from occupations.importers.base import ImportFileError, ImportResult, Progress, no_progress
from occupations.importers.loader import BulkLoader

NA = "n/a"
ONET_CODE_RE = re.compile(r"\d\d-\d{4}\.\d\d\Z")
VERSION_RE = re.compile(r"O\*NET\s+(\d+\.\d+)\s+Database", re.I)
FOLDER_VERSION_RE = re.compile(r"db_(\d+)_(\d+)", re.I)


@dataclass(frozen=True)
class Col:
    header: str
    field: str
    kind: str = "text"  # text, code, related, int, num, flag
    nullable: bool = False
    required: bool = True


@dataclass(frozen=True)
class FileSpec:
    name: str
    model: type[Model]
    table: str
    columns: tuple[Col, ...]
    required: bool = False
    domain: str | None = None


CODE = Col("O*NET-SOC Code", "onet_code", "code")


def _rating(domain: str, *, category: bool = False) -> tuple[Col, ...]:
    cols = [
        CODE,
        Col("Element ID", "element_id"),
        Col("Element Name", "element_name"),
        Col("Scale ID", "scale_id"),
    ]
    if category:
        cols.append(Col("Category", "category", "int", nullable=True))
    cols += [
        Col("Data Value", "data_value", "num"),
        Col("N", "n", "int", nullable=True, required=False),
        Col("Standard Error", "standard_error", "num", nullable=True, required=False),
        Col("Lower CI Bound", "lower_ci_bound", "num", nullable=True, required=False),
        Col("Upper CI Bound", "upper_ci_bound", "num", nullable=True, required=False),
        Col("Recommend Suppress", "recommend_suppress", "flag", nullable=True, required=False),
        Col("Not Relevant", "not_relevant", "flag", nullable=True, required=False),
        Col("Date", "date"),
        Col("Domain Source", "domain_source"),
    ]
    return tuple(cols)


D = m.OnetRating.Domain
FILES: tuple[FileSpec, ...] = (
    FileSpec(
        "Occupation Data.txt",
        m.OnetOccupation,
        "occupations",
        (
            Col("O*NET-SOC Code", "code", "code"),
            Col("Title", "title"),
            Col("Description", "description"),
        ),
        required=True,
    ),
    FileSpec(
        "Task Statements.txt",
        m.OnetTask,
        "tasks",
        (
            CODE,
            Col("Task ID", "task_id", "int"),
            Col("Task", "statement"),
            Col("Task Type", "task_type", nullable=True, required=False),
            Col(
                "Incumbents Responding",
                "incumbents_responding",
                "int",
                nullable=True,
                required=False,
            ),
            Col("Date", "date"),
            Col("Domain Source", "domain_source"),
        ),
    ),
    FileSpec(
        "Task Ratings.txt",
        m.TaskRating,
        "task ratings",
        (
            CODE,
            Col("Task ID", "task_id", "int"),
            Col("Scale ID", "scale_id"),
            Col("Category", "category", "int", nullable=True, required=False),
            Col("Data Value", "data_value", "num"),
            Col("N", "n", "int", nullable=True, required=False),
            Col("Standard Error", "standard_error", "num", nullable=True, required=False),
            Col("Lower CI Bound", "lower_ci_bound", "num", nullable=True, required=False),
            Col("Upper CI Bound", "upper_ci_bound", "num", nullable=True, required=False),
            Col("Recommend Suppress", "recommend_suppress", "flag", nullable=True, required=False),
            Col("Date", "date"),
            Col("Domain Source", "domain_source"),
        ),
    ),
    FileSpec(
        "Tasks to DWAs.txt",
        m.TaskDwa,
        "tasks to work activities",
        (
            CODE,
            Col("Task ID", "task_id", "int"),
            Col("DWA ID", "dwa_id"),
            Col("Date", "date"),
            Col("Domain Source", "domain_source"),
        ),
    ),
    FileSpec(
        "DWA Reference.txt",
        m.DwaReference,
        "detailed work activities",
        (
            Col("Element ID", "element_id"),
            Col("IWA ID", "iwa_id"),
            Col("DWA ID", "dwa_id"),
            Col("DWA Title", "title"),
        ),
    ),
    FileSpec(
        "IWA Reference.txt",
        m.IwaReference,
        "intermediate work activities",
        (
            Col("Element ID", "element_id"),
            Col("IWA ID", "iwa_id"),
            Col("IWA Title", "title"),
        ),
    ),
    FileSpec(
        "Content Model Reference.txt",
        m.ContentModelElement,
        "content model",
        (
            Col("Element ID", "element_id"),
            Col("Element Name", "name"),
            Col("Description", "description"),
        ),
    ),
    FileSpec("Skills.txt", m.OnetRating, "skills", _rating(D.SKILL), domain=D.SKILL),
    FileSpec("Knowledge.txt", m.OnetRating, "knowledge", _rating(D.KNOWLEDGE), domain=D.KNOWLEDGE),
    FileSpec("Abilities.txt", m.OnetRating, "abilities", _rating(D.ABILITY), domain=D.ABILITY),
    FileSpec(
        "Work Styles.txt", m.OnetRating, "work styles", _rating(D.WORK_STYLE), domain=D.WORK_STYLE
    ),
    FileSpec(
        "Education, Training, and Experience.txt",
        m.OnetRating,
        "education and training",
        _rating(D.EDUCATION, category=True),
        domain=D.EDUCATION,
    ),
    FileSpec(
        "Education, Training, and Experience Categories.txt",
        m.EducationCategory,
        "education categories",
        (
            Col("Element ID", "element_id"),
            Col("Element Name", "element_name"),
            Col("Scale ID", "scale_id"),
            Col("Category", "category", "int"),
            Col("Category Description", "description"),
        ),
    ),
    FileSpec(
        "Technology Skills.txt",
        m.TechnologySkill,
        "technology skills",
        (
            CODE,
            Col("Example", "example"),
            Col("Commodity Code", "commodity_code", "int"),
            Col("Commodity Title", "commodity_title"),
            Col("Hot Technology", "hot_technology", "flag"),
            Col("In Demand", "in_demand", "flag", nullable=True, required=False),
        ),
    ),
    FileSpec(
        "Tools Used.txt",
        m.ToolUsed,
        "tools",
        (
            CODE,
            Col("Example", "example"),
            Col("Commodity Code", "commodity_code", "int"),
            Col("Commodity Title", "commodity_title"),
        ),
    ),
    FileSpec(
        "Related Occupations.txt",
        m.RelatedOccupation,
        "related occupations",
        (
            CODE,
            Col("Related O*NET-SOC Code", "related_code", "related"),
            Col("Relatedness Tier", "relatedness_tier"),
            Col("Index", "index", "int"),
        ),
    ),
    FileSpec(
        "Job Zones.txt",
        m.OnetJobZone,
        "job zones",
        (
            CODE,
            Col("Job Zone", "job_zone", "int"),
            Col("Date", "date"),
            Col("Domain Source", "domain_source"),
        ),
    ),
    FileSpec(
        "Job Zone Reference.txt",
        m.JobZoneReference,
        "job zone reference",
        (
            Col("Job Zone", "job_zone", "int"),
            Col("Name", "name"),
            Col("Experience", "experience"),
            Col("Education", "education"),
            Col("Job Training", "job_training"),
            Col("Examples", "examples"),
            Col("SVP Range", "svp_range"),
        ),
    ),
    FileSpec(
        "Alternate Titles.txt",
        m.AlternateTitle,
        "alternate titles",
        (
            CODE,
            Col("Alternate Title", "title"),
            Col("Short Title", "short_title", nullable=True, required=False),
            Col("Source(s)", "sources"),
        ),
    ),
)


class Release:
    """The files of a release, from a zip or a folder, by base name."""

    def __init__(self, path: Path, display_name: str) -> None:
        self.display_name = display_name
        self.zip: zipfile.ZipFile | None = None
        self.members: dict[str, object] = {}
        if path.is_dir():
            for item in path.rglob("*.txt"):
                self.members.setdefault(item.name, item)
        else:
            try:
                self.zip = zipfile.ZipFile(path)
            except (zipfile.BadZipFile, OSError) as exc:
                raise ImportFileError(
                    f"not an O*NET text release (a zip file or folder) ({exc})", file=display_name
                ) from exc
            for info in self.zip.infolist():
                base = info.filename.rsplit("/", 1)[-1]
                if base.endswith(".txt") and not info.is_dir():
                    self.members.setdefault(base, info)

    def __contains__(self, name: str) -> bool:
        return name in self.members

    @contextmanager
    def open(self, name: str) -> Iterator[io.TextIOBase]:
        member = self.members[name]
        try:
            if self.zip is not None:
                raw = self.zip.open(member)  # type: ignore[arg-type]
                handle = io.TextIOWrapper(raw, encoding="utf-8", newline="")
            else:
                handle = open(member, encoding="utf-8", newline="")  # type: ignore[arg-type]  # noqa: SIM115
        except (zipfile.BadZipFile, OSError) as exc:
            raise ImportFileError(f"cannot be read ({exc})", file=name) from exc
        try:
            yield handle
        finally:
            handle.close()

    def open_binary(self, name: str):
        member = self.members[name]
        try:
            if self.zip is not None:
                return self.zip.open(member)  # type: ignore[arg-type]
            return open(member, "rb")  # type: ignore[arg-type]  # noqa: SIM115
        except (zipfile.BadZipFile, OSError) as exc:
            raise ImportFileError(f"cannot be read ({exc})", file=name) from exc

    def header(self, name: str) -> list[str]:
        with self.open(name) as handle:
            return handle.readline().rstrip("\r\n").lstrip("\ufeff").split("\t")

    def count_lines(self, name: str) -> int:
        member = self.members[name]
        count = 0
        try:
            if self.zip is not None:
                with self.zip.open(member) as raw:  # type: ignore[arg-type]
                    while chunk := raw.read(1 << 20):
                        count += chunk.count(b"\n")
            else:
                with open(member, "rb") as raw:  # type: ignore[arg-type]
                    while chunk := raw.read(1 << 20):
                        count += chunk.count(b"\n")
        except (zipfile.BadZipFile, OSError, EOFError) as exc:
            raise ImportFileError(
                f"cannot be read, damaged or truncated ({exc})", file=name
            ) from exc
        return max(count - 1, 0)

    def version(self) -> str | None:
        if "Read Me.txt" in self:
            with self.open("Read Me.txt") as handle:
                found = VERSION_RE.search(handle.read(2000))
                if found:
                    return found.group(1)
        found = FOLDER_VERSION_RE.search(self.display_name)
        return f"{found.group(1)}.{found.group(2)}" if found else None


def version_in_upload(upload) -> str | None:
    """The O*NET version an uploaded zip names (its Read Me, or its file name), if any."""
    found = FOLDER_VERSION_RE.search(upload.name or "")
    if found:
        return f"{found.group(1)}.{found.group(2)}"
    try:
        upload.seek(0)
        with zipfile.ZipFile(upload) as archive:
            for member in archive.namelist():
                if member.rsplit("/", 1)[-1] == "Read Me.txt":
                    text = archive.read(member)[:2000].decode("utf-8", errors="replace")
                    named = VERSION_RE.search(text)
                    return named.group(1) if named else None
    except (zipfile.BadZipFile, OSError, ValueError):
        return None
    finally:
        upload.seek(0)
    return None


def _limit(model: type[Model], col: Col) -> int | None:
    """The column's length limit, where the model has one (checked before the database)."""
    field = model._meta.get_field(col.field)
    return field.max_length if field.get_internal_type() == "CharField" else None


def _checker(
    col: Col, file: str, codes: set[str], limit: int | None = None
) -> Callable[[str, int], None] | None:
    """A validator for one column, or None when any text will do."""

    def fail(message: str, row: int, value: str) -> None:
        raise ImportFileError(message, file=file, row=row, column=col.header, value=value)

    nullable = col.nullable
    if col.kind == "text":
        if nullable and not limit:
            return None

        def text(value: str, row: int) -> None:
            if value == NA and not nullable:
                fail("a value is required", row, value)
            if limit and len(value) > limit and not (nullable and value == NA):
                fail(
                    f"the value is {len(value)} characters long; this column holds at most {limit}",
                    row,
                    value,
                )

        return text
    if col.kind in ("code", "related"):
        must_exist = bool(codes)

        def code(value: str, row: int) -> None:
            if not ONET_CODE_RE.match(value):
                fail("not an O*NET-SOC code (NN-NNNN.NN)", row, value)
            if must_exist and value not in codes:
                fail("O*NET-SOC code not in Occupation Data.txt", row, value)

        return code
    if col.kind == "int":

        def integer(value: str, row: int) -> None:
            if value.isdigit() or (nullable and value == NA):
                return
            try:
                int(value)
            except ValueError:
                fail("not a whole number", row, value)

        return integer
    if col.kind == "num":

        def number(value: str, row: int) -> None:
            if nullable and value == NA:
                return
            try:
                float(value)
            except ValueError:
                fail("not a number", row, value)
            if value in ("nan", "inf", "-inf", "NaN"):
                fail("not a number", row, value)

        return number
    allowed = {"Y", "N", NA} if nullable else {"Y", "N"}

    def flag(value: str, row: int) -> None:
        if value not in allowed:
            fail("expected Y or N", row, value)

    return flag


_FIELD_RES = {
    "text": r"[^\t]*",
    "code": r"\d\d-\d{4}\.\d\d",
    "related": r"\d\d-\d{4}\.\d\d",
    "int": r"-?\d+",
    "num": r"-?(?:\d+\.?\d*|\.\d+)(?:[eE][-+]?\d+)?",
    "flag": r"[YN]",
}


def _line_pattern(columns: list[Col], limits: list[int | None]) -> re.Pattern:
    """One regex for a whole valid line: the fast path. A line it rejects goes through
    the per-column checks, which name the column and the value."""
    parts = []
    for col, limit in zip(columns, limits, strict=True):
        body = _FIELD_RES[col.kind]
        if col.kind == "text" and limit:
            body = f"[^\\t]{{0,{limit}}}"
        if col.kind == "text" and not col.nullable:
            body = r"(?!n/a(?:\t|$))" + body
        elif col.nullable and col.kind != "text":
            body = f"(?:{body}|n/a)"
        if col.kind == "related":
            body = f"({body})"
        parts.append(body)
    return re.compile("\t".join(parts))


def _lines(
    release: Release,
    spec: FileSpec,
    prefix: str,
    codes: set[str],
    tick: Callable[[int], None],
    collect: set[str] | None,
) -> tuple[list[str], Iterator[str]]:
    """Validate the header, then return the table fields and a generator of COPY lines."""
    handle_cm = release.open(spec.name)  # closed by the generator below
    handle = handle_cm.__enter__()  # noqa: SIM115
    header_line = handle.readline()
    header = header_line.rstrip("\r\n").lstrip("\ufeff").split("\t")
    present = [c for c in spec.columns if c.header in header]
    for col in spec.columns:
        if col.required and col.header not in header:
            handle_cm.__exit__(None, None, None)
            raise ImportFileError(
                "required column is missing", file=spec.name, row=1, column=col.header
            )
    positions = [header.index(c.header) for c in present]
    width = len(header)
    identity = positions == list(range(width))
    checks = []
    for col, pos in zip(present, positions, strict=True):
        check = _checker(
            col,
            spec.name,
            codes if col.kind in ("code", "related") else set(),
            _limit(spec.model, col),
        )
        if check:
            checks.append((pos, check))
    fields = [c.field for c in present]
    name = spec.name
    code_pos = positions[0] if collect is not None else -1
    fast = (
        _line_pattern(present, [_limit(spec.model, c) for c in present]).fullmatch
        if identity
        else None
    )
    code_first = identity and present[0].kind == "code"
    has_related = any(c.kind == "related" for c in present)
    check_codes = bool(codes)

    def generate() -> Iterator[str]:
        row = 1
        try:
            for raw in handle:
                row += 1
                line = raw.rstrip("\r\n")
                if not line:
                    continue
                if fast is not None and code_first and "\\" not in line:
                    matched = fast(line)
                    if matched and (
                        not check_codes
                        or (line[:10] in codes and (not has_related or matched.group(1) in codes))
                    ):
                        if collect is not None:
                            collect.add(line[:10])
                        yield f"{prefix}{row}\t{line}"
                        if row % 5000 == 0:
                            tick(5000)
                        continue
                values = line.split("\t")
                if len(values) != width:
                    raise ImportFileError(
                        f"expected {width} TAB-separated fields, found {len(values)} "
                        "(truncated or damaged file?)",
                        file=name,
                        row=row,
                        value=line[:80],
                    )
                for pos, check in checks:
                    check(values[pos], row)
                if collect is not None:
                    collect.add(values[code_pos])
                if "\\" in line:
                    values = [v.replace("\\", "\\\\") for v in values]
                    line = "\t".join(values)
                if identity:
                    yield f"{prefix}{row}\t{line}"
                else:
                    yield f"{prefix}{row}\t" + "\t".join([values[p] for p in positions])
                if row % 5000 == 0:
                    tick(5000)
            tick(row % 5000 - 1 if row % 5000 else 0)
        except UnicodeDecodeError as exc:
            raise ImportFileError(f"not UTF-8 text ({exc})", file=name, row=row + 1) from exc
        except (zipfile.BadZipFile, EOFError, OSError) as exc:
            raise ImportFileError(f"damaged or truncated ({exc})", file=name, row=row + 1) from exc
        finally:
            handle_cm.__exit__(None, None, None)

    return fields, generate()


BLOCK = 4 << 20
SQLSTATE_MESSAGES = {
    "22P02": "not a valid value for this column",
    "22003": "number out of range",
    "23502": "a value is required",
    "22001": "value too long",
    "22021": "not UTF-8 text",
}


def _fast_path_fits(spec: FileSpec, header: list[str]) -> bool:
    """The bulk path COPYs the file as published: every column must be one we store."""
    known = {c.header for c in spec.columns}
    return (
        connection.vendor == "postgresql"
        and len(set(header)) == len(header)
        and all(h in known for h in header)
    )


def _copy_error(exc: Exception, spec: FileSpec, header: list[str]) -> ImportFileError:
    """Turn PostgreSQL's COPY error (line N, column, value) into file, row, column, value."""
    diag = getattr(exc, "diag", None)
    context = (diag.context if diag else "") or ""
    primary = (diag.message_primary if diag else "") or str(exc)
    found = re.search(r'COPY \w+, line (\d+)(?:, column (\w+))?(?:: "(.*)")?', context, re.S)
    row = int(found.group(1)) + 1 if found else None
    field_to_header = {c.field: c.header for c in spec.columns}
    column = field_to_header.get(found.group(2)) if found and found.group(2) else None
    value = found.group(3) if found and found.group(3) is not None else None
    sqlstate = diag.sqlstate if diag else None
    if "missing data for column" in primary or "extra data after last expected column" in primary:
        message = f"expected {len(header)} TAB-separated fields (truncated or damaged file?)"
        column = None
    elif sqlstate == "23502":
        message, value = "a value is required", "n/a"
    else:
        message = SQLSTATE_MESSAGES.get(sqlstate or "", primary)
        if sqlstate == "22P02":
            kind = re.search(r"for type ([\w ]+)", primary)
            message = f"not a valid {kind.group(1)}" if kind else message
    return ImportFileError(message, file=spec.name, row=row, column=column, value=value)


def _copy_file_fast(
    release: Release,
    spec: FileSpec,
    header: list[str],
    target: str,
    codes: set[str],
    collect: set[str] | None,
    tick: Callable[[int], None],
) -> int:
    """COPY the file's bytes as published; PostgreSQL checks types, not-nulls and the
    field count, and the column defaults supply release, domain and order. Python only
    checks the O*NET-SOC codes, once per distinct code."""
    by_header = {c.header: c for c in spec.columns}
    fields = [by_header[h].field for h in header]
    code_positions = [
        (i, by_header[h]) for i, h in enumerate(header) if by_header[h].kind in ("code", "related")
    ]
    known = {c.encode() for c in codes}
    checked: set[bytes] = set()
    table = connection.ops.quote_name(target)
    names = ", ".join(connection.ops.quote_name(f) for f in fields)
    sql = f"COPY {table} ({names}) FROM STDIN WITH (FORMAT text, NULL '{NA}')"
    rows_before = 0

    def bad_code(block: bytes, column: Col, value: bytes, message: str) -> ImportFileError:
        row = rows_before + 2
        for offset, line in enumerate(block.split(b"\n")):
            fields_ = line.split(b"\t")
            if value in fields_:
                row = rows_before + offset + 2
                break
        return ImportFileError(
            message,
            file=spec.name,
            row=row,
            column=column.header,
            value=value.decode(errors="replace"),
        )

    with connection.cursor() as cursor:
        if spec.domain:
            # The partition is new and private to this transaction: a constant default is
            # the cheapest way to give every row of this file its domain.
            cursor.execute(f"ALTER TABLE {table} ALTER COLUMN domain SET DEFAULT %s", [spec.domain])
        raw = release.open_binary(spec.name)
        try:
            raw.readline()  # the header
            with cursor.cursor.copy(sql) as copy:
                while True:
                    block = raw.read(BLOCK)
                    if not block:
                        break
                    if not block.endswith(b"\n"):
                        block += raw.readline()
                    body = block.rstrip(b"\r\n")
                    if not body.strip():
                        continue
                    lines = body.split(b"\n")
                    for position, column in code_positions:
                        if position == 0:
                            values = {line[: line.find(b"\t")] for line in lines}
                        else:
                            values = {
                                (line.split(b"\t", position + 1) + [b""] * position)[position]
                                for line in lines
                            }
                        for value in values - checked:
                            if not ONET_CODE_RE.match(value.decode(errors="replace")):
                                raise bad_code(
                                    body, column, value, "not an O*NET-SOC code (NN-NNNN.NN)"
                                )
                            if known and value not in known:
                                raise bad_code(
                                    body, column, value, "O*NET-SOC code not in Occupation Data.txt"
                                )
                            checked.add(value)
                    block = body + b"\n"
                    if b"\\" in block:
                        block = block.replace(b"\\", b"\\\\")
                    copy.write(block)
                    rows_before += len(lines)
                    tick(len(lines))
        except ImportFileError:
            raise
        except (zipfile.BadZipFile, EOFError, OSError) as exc:
            raise ImportFileError(f"damaged or truncated ({exc})", file=spec.name) from exc
        except DatabaseError as exc:
            raise _copy_error(exc.__cause__ or exc, spec, header) from exc
        except psycopg.Error as exc:
            raise _copy_error(exc, spec, header) from exc
        finally:
            raw.close()
    if collect is not None:
        collect.update(v.decode() for v in checked)
    return rows_before


def load(
    path: Path,
    *,
    release_id: int,
    display_name: str,
    version: str = "",
    report: Progress = no_progress,
) -> ImportResult:
    release = Release(path, display_name)
    missing = [s.name for s in FILES if s.required and s.name not in release]
    if missing:
        raise ImportFileError(
            f"required file {missing[0]} is not in the release", file=display_name
        )
    present = [s for s in FILES if s.name in release]
    found_version = version or release.version()
    if not found_version:
        raise ImportFileError(
            "cannot tell which O*NET release this is: its Read Me.txt does not name the "
            "version and the name does not either (db_29_3_text). Give the release, "
            "e.g. 29.3 (--release on the command line, “Release or period” on the data page)",
            file=display_name,
        )
    result = ImportResult(version=found_version)
    result.notes += [f"{s.name} absent" for s in FILES if s.name not in release]
    totals = {s.name: release.count_lines(s.name) for s in present}
    total = sum(totals.values())
    done = 0
    loader = BulkLoader()
    codes: set[str] = set()
    tables = _create_partitions(release_id)
    for spec in present:
        phase = f"loading {spec.name}"
        report(phase, done, total)

        def tick(n: int, phase: str = phase) -> None:
            nonlocal done
            done += n
            report(phase, done, total)

        collect = codes if spec.model is m.OnetOccupation else None
        header = release.header(spec.name)
        missing_cols = [c.header for c in spec.columns if c.required and c.header not in header]
        if missing_cols:
            raise ImportFileError(
                "required column is missing", file=spec.name, row=1, column=missing_cols[0]
            )
        if _fast_path_fits(spec, header):
            found: set[str] = set()
            count = _copy_file_fast(
                release,
                spec,
                header,
                tables.get(spec.model, spec.model._meta.db_table),
                codes,
                found if collect is not None else None,
                tick,
            )
            codes |= found
            result.counts[spec.table] = count
            continue
        prefix = f"{release_id}\t" + (f"{spec.domain}\t" if spec.domain else "")
        fields, lines = _lines(release, spec, prefix, codes, tick, collect)
        fields = ["release_id"] + (["domain"] if spec.domain else []) + ["line"] + fields
        bool_fields = [c.field for c in spec.columns if c.kind == "flag" and c.field in fields]
        count = loader.copy_text(
            spec.model,
            fields,
            lines,
            null=NA,
            bool_fields=bool_fields,
            table=tables.get(spec.model),
            file=spec.name,
        )
        result.counts[spec.table] = count
    report("indexing", total, total)
    _attach_partitions(release_id, tables)
    report("done", total, total)
    return result


ONET_MODELS = list(dict.fromkeys(spec.model for spec in FILES))


def partition_name(model: type[Model], release_id: int) -> str:
    return f"{model._meta.db_table}_r{release_id}"


def _create_partitions(release_id: int) -> dict[type[Model], str]:
    """PostgreSQL: one fresh partition per table for this release, loaded without indexes
    (attached, and so indexed in one pass, at the end). Plain tables elsewhere."""
    if connection.vendor != "postgresql":
        return {}
    tables = {}
    with connection.cursor() as cursor:
        for model in ONET_MODELS:
            parent, child = model._meta.db_table, partition_name(model, release_id)
            cursor.execute(
                f"CREATE TABLE {child} (LIKE {parent} INCLUDING DEFAULTS, "
                f"CHECK (release_id = {int(release_id)}))"
            )
            cursor.execute(
                f"ALTER TABLE {child} ALTER COLUMN release_id SET DEFAULT {int(release_id)}"
            )
            tables[model] = child
    return tables


def _attach_partitions(release_id: int, tables: dict[type[Model], str]) -> None:
    with connection.cursor() as cursor:
        for model, child in tables.items():
            cursor.execute(
                f"ALTER TABLE {model._meta.db_table} ATTACH PARTITION {child} "
                f"FOR VALUES IN ({int(release_id)})"
            )


def release_partitions_create(release_id: int) -> None:
    """PostgreSQL: attached, empty partitions for an O*NET release whose rows are written one
    at a time rather than copied in (test fixtures). Nothing to do elsewhere."""
    _attach_partitions(release_id, _create_partitions(release_id))
