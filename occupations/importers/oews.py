"""BLS OEWS flat files (xlsx or csv): national, state, metropolitan, nonmetropolitan,
all-data and industry-specific files share one column layout, `AREA` ... `HOURLY`.

Markers stay flags, never numbers: `#` wage at or above the top code, `*` wage not
available, `**` employment not available, `~` under 0.5% reporting.
"""

from __future__ import annotations

import re
from pathlib import Path

from occupations import models as m
from occupations.importers.base import (
    ImportFileError,
    ImportResult,
    Progress,
    cell_text,
    find_header,
    no_progress,
    open_table,
)
from occupations.importers.loader import BulkLoader

MARKERS = {"#", "*", "**", "~"}
SOC_RE = re.compile(r"\d\d-\d{4}\Z")
AREA_RE = re.compile(r"\d{1,7}\Z")
PERIOD_SHEET_RE = re.compile(
    r"(January|February|March|April|May|June|July|August|September|October|November|December)\s+(\d{4})",
    re.I,
)
PERIOD_FILE_RE = re.compile(r"(?:^|[_\W])M(\d{4})(?:[_\W]|$)", re.I)
GROUPS = {"total", "major", "minor", "broad", "detailed"}

# Older files spell a few headers differently.
ALIASES = {"occ_group": "o_group", "group": "o_group", "st": "prim_state", "state": "prim_state"}
REQUIRED = ["area", "area_title", "occ_code", "occ_title", "tot_emp", "h_mean", "a_mean",
            "h_median", "a_median"]  # fmt: skip
INT_COLUMNS = ["tot_emp"]
FLOAT_COLUMNS = [
    "emp_prse", "jobs_1000", "loc_quotient", "pct_total", "pct_rpt", "h_mean", "a_mean",
    "mean_prse", "h_pct10", "h_pct25", "h_median", "h_pct75", "h_pct90", "a_pct10", "a_pct25",
    "a_median", "a_pct75", "a_pct90",
]  # fmt: skip
TEXT_COLUMNS = ["area_type", "prim_state", "naics", "naics_title", "i_group", "own_code", "o_group"]

FIELDS = (
    ["release_id", "line", "area_code", "occ_code", "occ_title"]
    + TEXT_COLUMNS[2:]
    + INT_COLUMNS
    + FLOAT_COLUMNS
    + ["annual_only", "hourly_only", "markers"]
)


def _period(display_name: str, sheet: str) -> str | None:
    found = PERIOD_SHEET_RE.search(sheet)
    if found:
        return f"{found.group(1).title()} {found.group(2)}"
    found = PERIOD_FILE_RE.search(Path(display_name).stem)
    return f"May {found.group(1)}" if found else None


KNOWN = set(REQUIRED + INT_COLUMNS + FLOAT_COLUMNS + TEXT_COLUMNS + list(ALIASES))


def _is_header(cells: list[str]) -> bool:
    """The header is the first row naming several OEWS columns (a missing one is then
    reported by name)."""
    return sum(c in KNOWN for c in cells) >= 8


def load(
    path: Path,
    *,
    release_id: int,
    display_name: str,
    version: str = "",
    report: Progress = no_progress,
) -> ImportResult:
    table = open_table(path, display_name=display_name)
    try:
        header_row, header = find_header(table, _is_header)
        header = [ALIASES.get(h, h) for h in header]
        for name in REQUIRED:
            if name not in header:
                raise ImportFileError(
                    "required column is missing",
                    file=table.name,
                    row=header_row,
                    column=name.upper(),
                )
        pos = {name: header.index(name) for name in header if name}
        period = version or _period(display_name, table.sheet)
        if not period:
            raise ImportFileError(
                "cannot tell the OEWS period from the sheet or file name; give a version "
                "(e.g. May 2024)",
                file=table.name,
            )
        areas: dict[str, tuple] = {}
        total = max(table.total - header_row, 0)
        name = table.name

        def rows():
            done = 0
            for number, cells in table.rows:
                if not any(c not in (None, "") for c in cells):
                    continue

                def get(column: str, cells=cells):
                    i = pos.get(column)
                    return cells[i] if i is not None and i < len(cells) else None

                def fail(message: str, column: str, value: object, number=number):
                    raise ImportFileError(
                        message, file=name, row=number, column=column.upper(), value=value
                    )

                area = cell_text(get("area"))
                if not AREA_RE.match(area):
                    fail("not an OEWS area code", "area", area)
                occ = cell_text(get("occ_code"))
                if not SOC_RE.match(occ):
                    fail("not a SOC code (NN-NNNN)", "occ_code", occ)
                title = cell_text(get("occ_title"))
                if not title:
                    fail("a title is required", "occ_title", title)
                group = cell_text(get("o_group")).lower()
                if group and group not in GROUPS:
                    fail("not an occupation group level", "o_group", group)
                markers: dict[str, str] = {}
                numbers: list = []
                for column in INT_COLUMNS + FLOAT_COLUMNS:
                    value = get(column)
                    if value is None or (isinstance(value, str) and value.strip() == ""):
                        numbers.append(None)
                        continue
                    if isinstance(value, str):
                        text = value.strip()
                        if text in MARKERS:
                            markers[column] = text
                            numbers.append(None)
                            continue
                        try:
                            value = float(text.replace(",", ""))
                        except ValueError:
                            fail("not a number or a BLS marker (#, *, **, ~)", column, text)
                    elif isinstance(value, bool) or not isinstance(value, int | float):
                        fail("not a number", column, value)
                    if value != value:  # NaN
                        numbers.append(None)
                        continue
                    numbers.append(round(value) if column in INT_COLUMNS else float(value))
                flags = []
                for column in ("annual", "hourly"):
                    text = cell_text(get(column)).upper()
                    if text not in ("", "TRUE", "FALSE", "NAN"):
                        fail("expected TRUE or blank", column, text)
                    flags.append(text == "TRUE")
                area_title = cell_text(get("area_title"))
                if area not in areas:
                    areas[area] = (
                        number,
                        area_title,
                        cell_text(get("area_type")),
                        cell_text(get("prim_state")),
                    )
                yield [
                    release_id,
                    number,
                    area,
                    occ,
                    title,
                    cell_text(get("naics")) or "000000",
                    cell_text(get("naics_title")),
                    cell_text(get("i_group")),
                    cell_text(get("own_code")),
                    group,
                    *numbers,
                    *flags,
                    markers,
                ]
                done += 1
                if done % 500 == 0:
                    report("loading estimates", done, total)

        loader = BulkLoader()
        count = loader.copy_rows(m.OewsEstimate, FIELDS, rows())
        if not count:
            raise ImportFileError("no data rows below the header", file=table.name)
        area_count = loader.copy_rows(
            m.OewsArea,
            ["release_id", "line", "code", "title", "area_type", "prim_state"],
            ([release_id, line, code, *info] for code, (line, *info) in areas.items()),
        )
    finally:
        table.close()
    report("done", total, total)
    return ImportResult(
        version=period,
        counts={"estimates": count, "areas": area_count},
        notes=[
            f"{area_count} area(s): "
            + ", ".join(t for _, t, *_ in list(areas.values())[:5])
            + (" …" if area_count > 5 else "")
        ],
    )
