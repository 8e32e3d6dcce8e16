"""The completers spreadsheet: one row per program and year. The same reader, column
matching and cell checks as the inventory spreadsheet (inventory.importers), so a file is
read by column name in any order, and its problems come back as words naming the row.

Reading only: `inventory.alignment.services.completers_import_apply` writes a plan, all of it
or nothing.
"""

from __future__ import annotations

from dataclasses import dataclass, field

from inventory.alignment.models import FIRST_YEAR, LAST_YEAR, ProgramCompleters
from inventory.exports import _csv, _xlsx
from inventory.importers.columns import CellProblem, Column, match_headers, read_cell
from inventory.importers.plan import name_key
from inventory.importers.reader import Table
from inventory.models import Program
from partnerships.models import Partnership

MAX_ROWS = 20_000

COLUMNS = [
    Column("ID", "id", "id", "The program's ID from the inventory (exports have it). Or leave it blank and give provider and program."),
    Column("Provider", "provider", "text", "The provider, exactly as in the inventory.", aliases=("institution",)),
    Column("Program", "name", "text", "The program's name, exactly as in the inventory.", aliases=("program name",)),
    Column("Year", "year", "int", "The academic year's ending year: 2024 for 2023-24.", required=True, aliases=("academic year",)),
    Column("Completers", "completers", "int", "People who finished the program that year.", required=True, aliases=("completions", "graduates")),
    Column("Source", "source", "text", "Where the count comes from: IPEDS, the college, the state."),
]  # fmt: skip
HEADERS = [c.header for c in COLUMNS]


@dataclass
class CompletersRow:
    number: int
    program: Program | None = None
    year: int | None = None
    completers: int | None = None
    source: str = ""
    action: str = "error"  # create, update, unchanged, error
    before: int | None = None
    problems: list[str] = field(default_factory=list)


@dataclass
class CompletersPlan:
    file_name: str
    problems: list[str] = field(default_factory=list)
    rows: list[CompletersRow] = field(default_factory=list)
    ignored_columns: list[str] = field(default_factory=list)

    @property
    def ok(self) -> bool:
        return not self.problems and not any(r.problems for r in self.rows)

    def count(self, action: str) -> int:
        return sum(1 for r in self.rows if r.action == action)

    @property
    def counts(self) -> dict[str, int]:
        return {a: self.count(a) for a in ("create", "update", "unchanged", "error")}

    @property
    def error_rows(self) -> list[CompletersRow]:
        return [r for r in self.rows if r.problems]


def build_plan(
    table: Table, *, partnership: Partnership, editable: set[int] | None = None
) -> CompletersPlan:
    """What importing the table would do. `editable` limits the programs the person may
    change (None: all of the partnership's)."""
    plan = CompletersPlan(table.file_name)
    found, ignored, duplicated = match_headers(table.headers, COLUMNS)
    plan.ignored_columns = ignored
    plan.problems += [
        f"{table.file_name}: the column “{c.header}” is missing; download the template to see "
        "the expected columns."
        for c in COLUMNS
        if c.required and c.field not in found
    ]
    if "id" not in found and not {"provider", "name"} <= found.keys():
        plan.problems.append(
            f"{table.file_name}: give each program's ID, or both the Provider and Program columns."
        )
    plan.problems += [
        f"{table.file_name}: the column “{h}” appears twice; keep one." for h in duplicated
    ]
    if len(table.rows) > MAX_ROWS:
        plan.problems.append(
            f"{table.file_name} has {len(table.rows):,} rows; we read up to {MAX_ROWS:,} at a time."
        )
    if plan.problems:
        return plan
    programs = list(
        Program.objects.filter(partnership=partnership).select_related("provider__organization")
    )
    by_id = {p.pk: p for p in programs}
    by_name = {(name_key(p.provider.organization.name), name_key(p.name)): p for p in programs}
    existing = {
        (program_id, year): count
        for program_id, year, count in ProgramCompleters.objects.filter(
            program__partnership=partnership
        ).values_list("program_id", "year", "completers")
    }
    seen: dict[tuple[int, int], int] = {}
    by_field = {c.field: c for c in COLUMNS}
    for number, cells in table.rows:
        row = CompletersRow(number)
        values = {}
        for name, index in found.items():
            column = by_field[name]
            raw = cells[index] if index < len(cells) else None
            try:
                values[name] = read_cell(column, raw)
            except CellProblem as problem:
                row.problems.append(f"Row {number}, column “{column.header}”: {problem}.")
        program = None
        if values.get("id"):
            program = by_id.get(values["id"])
            if program is None:
                row.problems.append(
                    f"Row {number}, column “ID”: no program {values['id']} in this inventory."
                )
        elif values.get("provider") or values.get("name"):
            program = by_name.get(
                (name_key(values.get("provider", "")), name_key(values.get("name", "")))
            )
            if program is None:
                row.problems.append(
                    f"Row {number}: no program “{values.get('name', '')}” at "
                    f"“{values.get('provider', '')}” in the inventory."
                )
        elif not row.problems:
            row.problems.append(f"Row {number}: say which program (ID, or provider and program).")
        year, count = values.get("year"), values.get("completers")
        if year is None and "year" in values:
            row.problems.append(f"Row {number}, column “Year”: empty.")
        elif year is not None and not FIRST_YEAR <= year <= LAST_YEAR:
            row.problems.append(
                f"Row {number}, column “Year”: {year} is not a year between {FIRST_YEAR} and {LAST_YEAR}."
            )
        if count is None and "completers" in values:
            row.problems.append(f"Row {number}, column “Completers”: empty.")
        if program is not None and editable is not None and program.pk not in editable:
            row.problems.append(
                f"Row {number}: you may not change {program.name} ({program.provider.organization.name})."
            )
        source = (values.get("source") or "")[:120]
        if program is not None and year is not None:
            key = (program.pk, year)
            if key in seen:
                row.problems.append(
                    f"Row {number}: {program.name} {year} is also on row {seen[key]}; keep one."
                )
            seen.setdefault(key, number)
            row.before = existing.get(key)
        row.program, row.year, row.completers, row.source = program, year, count, source
        if not row.problems:
            if row.before is None:
                row.action = "create"
            elif row.before == count:
                row.action = "unchanged"
            else:
                row.action = "update"
        plan.rows.append(row)
    if not plan.rows:
        plan.problems.append(f"{table.file_name} has a header row but no completers rows.")
    return plan


def _rows(records):
    for r in records:
        yield [
            r.program_id,
            r.program.provider.organization.name,
            r.program.name,
            r.year,
            r.completers,
            r.source,
        ]


def export(partnership: Partnership, fmt: str) -> bytes:
    """Every recorded year of every program; importing it unchanged changes nothing."""
    records = (
        ProgramCompleters.objects.filter(program__partnership=partnership)
        .select_related("program__provider__organization")
        .order_by("program__provider__organization__name", "program__name", "year")
    )
    rows = _rows(records.iterator())
    return _csv(HEADERS, rows) if fmt == "csv" else _xlsx(HEADERS, rows)


def template(partnership: Partnership, fmt: str) -> bytes:
    """One line per program, ready for a year and a count."""
    programs = (
        Program.objects.filter(partnership=partnership)
        .select_related("provider__organization")
        .order_by("provider__organization__name", "name")
    )
    rows = ([p.pk, p.provider.organization.name, p.name, "", "", ""] for p in programs.iterator())
    return _csv(HEADERS, rows) if fmt == "csv" else _xlsx(HEADERS, rows)
