"""State eligible training provider lists (ETPL).

States publish the programs approved for WIOA training funds as a spreadsheet with one row
per program. Layouts differ a little from state to state; we read the common columns by
name (with the usual variants) and map them onto the inventory. A sample ships in
`inventory/demo/etpl_sample.csv`.

Columns read (others are ignored): Provider Name*, Provider Type, Program Name*, CIP Code,
Program Status, Delivery Mode, Schedule, Program Length (Hours), Program Length (Weeks),
Credit Hours, Tuition, Required Fees, Books Tools and Supplies, Credential Type,
Credential Name, Prerequisites, Program Capacity, Number of Completers,
Employment Rate Q2 After Exit (%), Performance Period.  (* required)
"""

from __future__ import annotations

import re

from inventory.importers.columns import CellProblem, Column, match_headers, read_cell
from inventory.importers.plan import ParsedRow
from inventory.importers.reader import Table, normalize_header
from inventory.models import Credential, Program, ProgramType, ProviderKind

ETPL_COLUMNS: list[Column] = [
    Column("Provider Name", "provider", "text", "", required=True, aliases=("training provider", "provider")),
    Column("Provider Type", "provider_type", "text", "", aliases=("institution type",)),
    Column("Program Name", "name", "text", "", required=True, aliases=("program", "program title")),
    Column("CIP Code", "cip_code", "cip", "", aliases=("cip", "cip 2020")),
    Column("Program Status", "status", "text", "", aliases=("status", "etpl status")),
    Column("Delivery Mode", "delivery", "text", "", aliases=("delivery method", "format")),
    Column("Schedule", "schedule", "text", "", aliases=("class schedule",)),
    Column("Program Length (Hours)", "clock_hours", "int", "", aliases=("program length hours", "clock hours", "total hours")),
    Column("Program Length (Weeks)", "weeks", "int", "", aliases=("program length weeks", "weeks")),
    Column("Credit Hours", "credits", "decimal", "", aliases=("credits",)),
    Column("Tuition", "tuition", "money", "", aliases=("tuition cost",)),
    Column("Required Fees", "fees", "money", "", aliases=("fees",)),
    Column("Books, Tools and Supplies", "other_costs", "money", "", aliases=("books and supplies", "other costs", "books tools supplies")),
    Column("Credential Type", "credential_type", "text", "", aliases=("credential level",)),
    Column("Credential Name", "credential", "text", "", aliases=("credential", "credential awarded")),
    Column("Prerequisites", "prerequisites", "text", "", aliases=("entry requirements",)),
    Column("Program Capacity", "capacity", "int", "", aliases=("capacity",)),
    Column("Number of Completers", "completions_per_year", "int", "", aliases=("completers", "program completers")),
    Column("Employment Rate Q2 After Exit (%)", "placement_rate", "percent", "", aliases=("employment rate q2 after exit", "employment rate 2nd quarter after exit", "employment rate q2")),
    Column("Performance Period", "performance_period", "text", "", aliases=("program year", "reporting period")),
]  # fmt: skip

PROVIDER_KINDS = {
    "community college": ProviderKind.COMMUNITY_COLLEGE,
    "public two year college": ProviderKind.COMMUNITY_COLLEGE,
    "technical college": ProviderKind.TECHNICAL_COLLEGE,
    "area technical college": ProviderKind.TECHNICAL_COLLEGE,
    "public four year university": ProviderKind.UNIVERSITY,
    "university": ProviderKind.UNIVERSITY,
    "private career school": ProviderKind.OTHER,
    "registered apprenticeship sponsor": ProviderKind.APPRENTICESHIP_SPONSOR,
    "apprenticeship sponsor": ProviderKind.APPRENTICESHIP_SPONSOR,
    "school district": ProviderKind.SCHOOL_DISTRICT,
    "adult education provider": ProviderKind.ADULT_EDUCATION,
    "community based organization": ProviderKind.COMMUNITY_ORGANIZATION,
    "workforce center": ProviderKind.WORKFORCE_CENTER,
    "employer": ProviderKind.EMPLOYER,
}
STATUSES = {
    "approved": Program.Status.OFFERED,
    "active": Program.Status.OFFERED,
    "pending": Program.Status.PROPOSED,
    "pending approval": Program.Status.PROPOSED,
    "suspended": Program.Status.PAUSED,
    "removed": Program.Status.DISCONTINUED,
    "expired": Program.Status.DISCONTINUED,
    "inactive": Program.Status.DISCONTINUED,
}
# Credential type -> (kind of credential, type of program it usually comes from)
CREDENTIALS = {
    "associate degree": (Credential.Kind.ASSOCIATE, ProgramType.CREDIT),
    "bachelor s degree": (Credential.Kind.BACHELOR, ProgramType.CREDIT),
    "bachelor degree": (Credential.Kind.BACHELOR, ProgramType.CREDIT),
    "credit certificate": (Credential.Kind.CERTIFICATE, ProgramType.CREDIT),
    "certificate": (Credential.Kind.CERTIFICATE, ProgramType.NON_CREDIT),
    "non credit certificate": (Credential.Kind.CERTIFICATE, ProgramType.NON_CREDIT),
    "certificate of completion": (Credential.Kind.CERTIFICATE, ProgramType.NON_CREDIT),
    "industry recognized certification": (Credential.Kind.INDUSTRY_CERTIFICATION, ProgramType.NON_CREDIT),
    "industry certification": (Credential.Kind.INDUSTRY_CERTIFICATION, ProgramType.NON_CREDIT),
    "license": (Credential.Kind.LICENSE, ProgramType.NON_CREDIT),
    "occupational license": (Credential.Kind.LICENSE, ProgramType.NON_CREDIT),
    "apprenticeship certificate of completion": (Credential.Kind.APPRENTICESHIP, ProgramType.APPRENTICESHIP),
    "apprenticeship completion": (Credential.Kind.APPRENTICESHIP, ProgramType.APPRENTICESHIP),
}  # fmt: skip
PLACEMENT_SOURCE = "State ETPL: employed 2nd quarter after exit"


def parse_etpl(table: Table) -> tuple[list[ParsedRow], list[str], list[str]]:
    found, ignored, duplicated = match_headers(table.headers, ETPL_COLUMNS)
    problems = [
        f"{table.file_name}: the column “{c.header}” is missing; this doesn't look like an "
        "eligible training provider list."
        for c in ETPL_COLUMNS
        if c.required and c.field not in found
    ]
    problems += [f"{table.file_name}: the column “{h}” appears twice." for h in duplicated]
    if problems:
        return [], problems, ignored
    rows = []
    for number, cells in table.rows:
        cell: dict = {}
        row = ParsedRow(number=number, provider_name="", name="")
        for column in ETPL_COLUMNS:
            if column.field not in found:
                continue
            index = found[column.field]
            raw = cells[index] if index < len(cells) else None
            try:
                cell[column.field] = read_cell(column, raw)
            except CellProblem as problem:
                row.problems.append(f"{column.header}: {problem}.")
        _map_row(row, cell, found)
        rows.append(row)
    return rows, [], ignored


def _map_row(row: ParsedRow, cell: dict, found: dict) -> None:
    row.provider_name = cell.get("provider", "")
    row.name = cell.get("name", "")
    provider_type = normalize_header(cell.get("provider_type", ""))
    row.provider_kind = PROVIDER_KINDS.get(provider_type, ProviderKind.OTHER)
    for name in ("cip_code", "clock_hours", "weeks", "credits", "tuition", "fees", "other_costs",
                 "prerequisites", "capacity", "completions_per_year"):  # fmt: skip
        if name in cell:
            row.values[name] = cell[name]
    if "status" in cell:
        status = STATUSES.get(normalize_header(cell["status"]))
        if status is None and cell["status"]:
            row.problems.append(
                f"Program Status: “{cell['status']}” is not a status we know (Approved, "
                "Pending, Suspended, Removed)."
            )
        row.values["status"] = status or Program.Status.OFFERED
    if "delivery" in cell:
        row.values["online"] = normalize_header(cell["delivery"]) in (
            "online",
            "hybrid",
            "distance",
        )
    if "schedule" in cell:
        schedule = normalize_header(cell["schedule"])
        row.values["evening"] = "evening" in schedule
        row.values["weekend"] = "weekend" in schedule
        row.values["open_entry"] = "open entry" in schedule
    kind, program_type = CREDENTIALS.get(
        normalize_header(cell.get("credential_type", "")),
        (Credential.Kind.CERTIFICATE, ProgramType.NON_CREDIT),
    )
    if row.provider_kind == ProviderKind.APPRENTICESHIP_SPONSOR:
        program_type = ProgramType.APPRENTICESHIP
    row.defaults["program_type"] = program_type
    if cell.get("credential"):
        row.credentials = [(cell["credential"], kind)]
        row.credentials_add_only = True
    if cell.get("placement_rate") is not None:
        row.values["placement_rate"] = cell["placement_rate"]
        row.values["placement_source"] = PLACEMENT_SOURCE
        years = re.findall(r"(?:19|20)\d{2}", cell.get("performance_period", ""))
        if years:
            row.values["placement_year"] = int(years[-1])
