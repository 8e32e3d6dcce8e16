"""Bulk writes: PostgreSQL `COPY ... FROM STDIN` through psycopg 3, batched inserts on SQLite.

Both run on Django's connection, so they take part in the import's transaction.
"""

from __future__ import annotations

import json
import math
from collections.abc import Iterable, Iterator, Sequence

from django.db import connection
from django.db.models import Model

from occupations.importers.base import ImportFileError, database_error

TEXT_BATCH = 4000
SQLITE_BATCH = 5000
_TRUE = {"Y", "y", "t", "true", "TRUE", "1"}


def _columns(model: type[Model], fields: Sequence[str]) -> tuple[str, str]:
    table = connection.ops.quote_name(model._meta.db_table)
    names = ", ".join(connection.ops.quote_name(model._meta.get_field(f).column) for f in fields)
    return table, names


def _escape(text: str) -> str:
    return text.replace("\\", "\\\\").replace("\t", "\\t").replace("\n", "\\n").replace("\r", "\\r")


INT_RANGE = (-(2**31), 2**31 - 1)
BIGINT_RANGE = (-(2**63), 2**63 - 1)


def checked_rows(
    model: type[Model],
    fields: Sequence[str],
    rows: Iterable[Sequence],
    *,
    file: str,
    labels: dict[str, str],
) -> Iterator[Sequence]:
    """Yield rows unchanged, refusing the first value its column cannot hold."""
    checks = []
    line_at = fields.index("line") if "line" in fields else None
    for i, name in enumerate(fields):
        field = model._meta.get_field(name)
        kind = field.get_internal_type()
        limit = getattr(field, "max_length", None) if kind == "CharField" else None
        bounds = {"IntegerField": INT_RANGE, "BigIntegerField": BIGINT_RANGE}.get(kind)
        checks.append((i, name, limit, bounds, field.null or kind == "ForeignKey"))

    for row in rows:
        for i, name, limit, bounds, nullable in checks:
            value = row[i]
            problem = None
            if value is None:
                if not nullable:
                    problem = "a value is required"
            elif limit is not None and len(str(value)) > limit:
                problem = (
                    f"the value is {len(str(value))} characters long; this column holds "
                    f"at most {limit}"
                )
            elif bounds is not None and not bounds[0] <= value <= bounds[1]:
                problem = "the number is too large to store"
            elif isinstance(value, float) and not math.isfinite(value):
                problem = "not a finite number"
            if problem:
                raise ImportFileError(
                    problem,
                    file=file,
                    row=row[line_at] if line_at is not None else None,
                    column=labels.get(name, name),
                    value=value,
                )
        yield row


class BulkLoader:
    """Loads rows into one model's table; `fields` name the model fields in row order."""

    def __init__(self) -> None:
        self.postgres = connection.vendor == "postgresql"

    def copy_text(
        self,
        model: type[Model],
        fields: Sequence[str],
        lines: Iterable[str],
        *,
        null: str,
        bool_fields: Sequence[str] = (),
        table: str | None = None,
        file: str = "",
    ) -> int:
        """Load pre-validated, TAB-joined lines (COPY text format, `null` marks NULL).

        Booleans are spelled Y/N (PostgreSQL accepts them); on SQLite they are converted.
        `table` overrides the model's table (a partition being loaded).
        """
        default_table, names = _columns(model, fields)
        table = connection.ops.quote_name(table) if table else default_table
        count = 0
        if self.postgres:
            import psycopg

            sql = f"COPY {table} ({names}) FROM STDIN WITH (FORMAT text, NULL '{null}')"
            try:
                with connection.cursor() as cursor, cursor.cursor.copy(sql) as copy:
                    buffer: list[str] = []
                    for line in lines:
                        buffer.append(line)
                        if len(buffer) >= TEXT_BATCH:
                            copy.write("\n".join(buffer) + "\n")
                            count += len(buffer)
                            buffer.clear()
                    if buffer:
                        copy.write("\n".join(buffer) + "\n")
                        count += len(buffer)
            except psycopg.Error as exc:  # the raw driver's error: Django does not wrap COPY
                raise database_error(exc, file=file or model._meta.verbose_name) from exc
            return count
        bool_positions = [fields.index(f) for f in bool_fields]

        def rows():
            for line in lines:
                values: list = [None if v == null else v for v in line.split("\t")]
                for i in bool_positions:
                    if values[i] is not None:
                        values[i] = values[i] in _TRUE
                yield values

        return self._sqlite_insert(table, names, len(fields), rows())

    def copy_rows(
        self,
        model: type[Model],
        fields: Sequence[str],
        rows: Iterable[Sequence],
        *,
        file: str = "",
        labels: dict[str, str] | None = None,
    ) -> int:
        """Load rows of Python values (None for NULL; dicts become JSON).

        Every value is checked against its column first (length, whole-number range, NULL),
        so neither database ever sees a value it would refuse or silently keep whole
        (SQLite ignores lengths): the refusal names the file, the row (the `line` field),
        the column (`labels` maps fields to the file's headers) and the value.
        """
        table, names = _columns(model, fields)
        rows = checked_rows(model, fields, rows, file=file or model._meta.verbose_name,
                            labels=labels or {})  # fmt: skip
        json_positions = [
            i
            for i, f in enumerate(fields)
            if model._meta.get_field(f).get_internal_type() == "JSONField"
        ]

        def prepared():
            for row in rows:
                if json_positions:
                    row = list(row)
                    for i in json_positions:
                        row[i] = json.dumps(row[i])
                yield row

        if self.postgres:
            import psycopg

            count = 0
            sql = f"COPY {table} ({names}) FROM STDIN"
            try:
                with connection.cursor() as cursor, cursor.cursor.copy(sql) as copy:
                    for row in prepared():
                        copy.write_row(row)
                        count += 1
            except psycopg.Error as exc:  # the raw driver's error: Django does not wrap COPY
                raise database_error(exc, file=file or model._meta.verbose_name) from exc
            return count
        return self._sqlite_insert(table, names, len(fields), prepared())

    def _sqlite_insert(self, table: str, names: str, width: int, rows: Iterable[Sequence]) -> int:
        sql = f"INSERT INTO {table} ({names}) VALUES ({', '.join(['%s'] * width)})"
        count = 0
        batch: list[Sequence] = []
        with connection.cursor() as cursor:
            for row in rows:
                batch.append(row)
                if len(batch) >= SQLITE_BATCH:
                    cursor.executemany(sql, batch)
                    count += len(batch)
                    batch = []
            if batch:
                cursor.executemany(sql, batch)
                count += len(batch)
        return count
