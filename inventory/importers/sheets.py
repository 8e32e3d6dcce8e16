"""Parse an inventory spreadsheet (our template or an export) or a state ETPL file into rows,
and plan what importing them would do."""

from __future__ import annotations

import re

from inventory.importers import etpl
from inventory.importers.columns import COLUMNS, REQUIRED, CellProblem, match_headers, read_cell
from inventory.importers.plan import ImportPlan, ParsedRow, build_plan
from inventory.importers.reader import Table, UnreadableFile, read_table
from inventory.models import Credential, ProgramImport
from partnerships.models import Membership, Partnership

PROGRAM_VALUE_FIELDS = {
    c.field
    for c in COLUMNS
    if c.field
    not in {
        "id",
        "provider",
        "provider_kind",
        "name",
        "credentials",
        "entry_credentials",
        "occupations",
    }
}


def parse_inventory(table: Table) -> tuple[list[ParsedRow], list[str], list[str]]:
    """Rows of our own layout; returns (rows, problems with the file, ignored headers)."""
    found, ignored, duplicated = match_headers(table.headers)
    problems = [
        f"{table.file_name}: the column “{c.header}” is missing. Every row needs it; download "
        "the template to see the expected columns."
        for c in REQUIRED
        if c.field not in found
    ]
    problems += [
        f"{table.file_name}: the column “{h}” appears twice; keep one." for h in duplicated
    ]
    if problems:
        return [], problems, ignored
    by_field = {c.field: c for c in COLUMNS}
    present = [(fieldname, index, by_field[fieldname]) for fieldname, index in found.items()]
    rows = []
    for number, cells in table.rows:
        row = ParsedRow(number=number, provider_name="", name="")
        width = len(cells)
        for fieldname, index, column in present:
            raw = cells[index] if index < width else None
            try:
                value = read_cell(column, raw)
            except CellProblem as problem:
                row.problems.append(f"{column.header}: {problem}.")
                continue
            if fieldname == "id":
                row.program_id = value
            elif fieldname == "provider":
                row.provider_name = value
            elif fieldname == "provider_kind":
                row.provider_kind = value
            elif fieldname == "name":
                row.name = value
            elif fieldname == "credentials":
                row.credentials = [(n, Credential.Kind.CERTIFICATE) for n in value]
            elif fieldname == "entry_credentials":
                row.entry_credentials = value
            elif fieldname == "occupations":
                row.occupations = value
            else:
                row.values[fieldname] = value
        rows.append(row)
    return rows, [], ignored


def plan_import(
    *,
    partnership: Partnership,
    data: bytes,
    file_name: str,
    layout: str = ProgramImport.Layout.INVENTORY,
    membership: Membership | None = None,
) -> ImportPlan:
    """Everything the preview shows. Writes nothing."""
    try:
        table = read_table(data, file_name)
    except UnreadableFile as error:
        return ImportPlan(file_name=file_name, layout=layout, problems=[str(error)])
    return plan_table(table=table, partnership=partnership, layout=layout, membership=membership)


def plan_table(
    *,
    table: Table,
    partnership: Partnership,
    layout: str = ProgramImport.Layout.INVENTORY,
    membership: Membership | None = None,
) -> ImportPlan:
    """The plan for rows already read (ProgramImport.table)."""
    file_name = table.file_name
    if layout == ProgramImport.Layout.ETPL:
        rows, problems, ignored = etpl.parse_etpl(table)
    else:
        rows, problems, ignored = parse_inventory(table)
    if problems:
        return ImportPlan(
            file_name=file_name, layout=layout, problems=problems, ignored_columns=ignored
        )
    if not rows:
        return ImportPlan(
            file_name=file_name,
            layout=layout,
            problems=[f"{file_name} has a header row but no programs under it."],
        )
    plan = build_plan(
        partnership=partnership,
        rows=rows,
        file_name=file_name,
        layout=layout,
        membership=membership,
        creates_providers=layout == ProgramImport.Layout.ETPL,
    )
    plan.ignored_columns = ignored
    return plan


def safe_file_name(name: str) -> str:
    return re.sub(r"[^A-Za-z0-9._-]+", "_", name)[-120:] or "upload"
