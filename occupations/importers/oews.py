"""BLS OEWS flat files (xlsx or csv): national, state, metropolitan, nonmetropolitan,
all-data and industry-specific files share one column layout, `AREA` ... `HOURLY`.

Markers stay flags, never numbers: `#` wage at or above the top code, `*` wage not
available, `**` employment not available, `~` under 0.5% reporting.
"""

from __future__ import annotations

import re
from pathlib import Path

from django.template.defaultfilters import pluralize

from occupations import models as m
from occupations.importers.base import (
    DataTable,
    ImportFileError,
    ImportResult,
    Layout,
    Progress,
    cell_text,
    find_data,
    missing_columns,
    no_progress,
    normalise_header,
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
WAGE_COLUMNS = [
    "h_mean", "a_mean", "h_pct10", "h_pct25", "h_median", "h_pct75", "h_pct90", "a_pct10",
    "a_pct25", "a_median", "a_pct75", "a_pct90", "h_entry", "a_entry", "h_experienced",
    "a_experienced",
]  # fmt: skip
FLOAT_COLUMNS = [
    "emp_prse", "jobs_1000", "loc_quotient", "pct_total", "pct_rpt", "mean_prse", *WAGE_COLUMNS
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


LAYOUT = Layout(
    what="a BLS OEWS flat file",
    expected=tuple(c.upper() for c in REQUIRED),
    is_header=_is_header,
)

# --- the file's top code ------------------------------------------------------------------

TOP_CODE_RE = re.compile(r"\$\s*([\d,]+\.\d\d)\s*per hour or \$\s*([\d,]+)\s*per year", re.I)
CELL_TOP_CODE_RE = re.compile(
    r"^(?:>=|≥|at least)\s*\$?\s*([\d,]+(?:\.\d+)?)\+?$|^\$?([\d,]+(?:\.\d+)?)\+$", re.I
)


def published_top_codes(period: str) -> tuple[float | None, float | None]:
    """The (hourly, annual) top code BLS used for a period, for files that do not say.

    Checked against BLS's own words ("# = indicates a wage equal to or greater than ..."),
    not typed from memory:
    - May 2022 on: $115.00 / $239,200. The Field Descriptions sheet of BLS's
      national_M2023_dl.xlsx says so (../shared/data/oews), and so does footnote 5 of the
      BLS OEWS data API for current estimates. May 2022 already had it: BLS's May 2022
      metropolitan tables publish a median of $103.12 an hour (Lynchburg, VA, chief
      executives; bls.gov/oes/2022/may/oes_31340.htm), impossible under a $100 top code,
      and analyses of MSA_M2022_dl.xlsx read '#' as $239,200.
    - May 2016 to May 2021: $100.00 / $208,000. The Field Descriptions of BLS's May 2016
      MSA file (MSA_M2016) say so, as do BLS API footnote 5 for May 2018 estimates and the
      notes of the May 2021 files.
    - Before May 2016: not verified here (the earlier "$90 / $187,200 before 2017" was
      typed from memory, and 2016 already used $100). No figure is guessed: (None, None),
      and a '#' of such a file reads "at or above the top code" until the file says it.
    """
    found = re.search(r"(\d{4})", period or "")
    year = int(found.group(1)) if found else 9999
    if year >= 2022:
        return 115.0, 239200.0
    if year >= 2016:
        return 100.0, 208000.0
    return None, None


def _top_codes_in_workbook(table: DataTable) -> tuple[float, float] | None:
    """BLS workbooks say the top code in their "Field Descriptions" sheet. Read from the
    workbook already open for the data (opening it a second time cost a fifth of the
    import of a national file)."""
    workbook = table.workbook
    if workbook is None:
        return None
    try:
        for name in workbook.sheetnames:
            if "field" not in name.lower():
                continue
            for number, row in enumerate(workbook[name].iter_rows(values_only=True)):
                found = TOP_CODE_RE.search(" ".join(str(c) for c in row if c))
                if found:
                    return float(found.group(1).replace(",", "")), float(
                        found.group(2).replace(",", "")
                    )
                if number > 200:
                    break
    except Exception:  # noqa: BLE001 - the data sheet is read; this is only a note
        return None
    return None


# --- a state agency's own layout, through a saved column mapping -----------------------------

# The fields a column mapping can fill, in the order the mapping form shows them.
MAPPED_FIELDS: dict[str, str] = {
    "occ_code": "SOC code",
    "occ_title": "Occupation title",
    "area": "Area code",
    "area_title": "Area name",
    "tot_emp": "Employment",
    "mean": "Mean (average) wage",
    "pct10": "10th percentile wage",
    "pct25": "25th percentile wage",
    "median": "Median wage",
    "pct75": "75th percentile wage",
    "pct90": "90th percentile wage",
    "entry": "Entry wage",
    "experienced": "Experienced wage",
}
WAGE_FIELDS = ["mean", "pct10", "pct25", "median", "pct75", "pct90", "entry", "experienced"]
# Words in a header that suggest a field (first match wins; checked in this order).
GUESSES: list[tuple[str, tuple[str, ...]]] = [
    ("occ_code", ("soc code", "occ code", "occ_code", "occupation code", "soc")),
    ("occ_title", ("occupational title", "occupation title", "occ title", "occ_title",
                   "soc title", "occupation name", "title", "occupation")),
    ("area_title", ("area name", "area title", "area_title", "region name", "msa name")),
    ("area", ("area code", "area_code", "fips", "area")),
    ("tot_emp", ("employment", "tot_emp", "estimated employment", "jobs")),
    ("pct10", ("10th", "pct10")),
    ("pct25", ("25th", "pct25")),
    ("pct75", ("75th", "pct75")),
    ("pct90", ("90th", "pct90")),
    ("median", ("median", "50th")),
    ("mean", ("average", "mean")),
    ("entry", ("entry",)),
    ("experienced", ("experienced",)),
]  # fmt: skip


def guess_mapping(labels: list[str]) -> dict[str, str]:
    """A first guess from the header names: field -> published header. The most specific
    words are tried first across all columns ("occupational title" before "title")."""
    guessed: dict[str, str] = {}
    used: set[int] = set()
    texts = [normalise_header(label).replace("_", " ") for label in labels]
    for fieldname, words in GUESSES:
        found = next(
            (
                i
                for word in words
                for i, text in enumerate(texts)
                if i not in used and text and word.replace("_", " ") in text
            ),
            None,
        )
        if found is not None:
            guessed[fieldname] = labels[found]
            used.add(found)
    return guessed


def period_in_name(name: str) -> str:
    """'May 2025' from a name like oews_M2025.xlsx or state_2025.csv, else ''."""
    found = PERIOD_FILE_RE.search(Path(name).stem) or re.search(r"(?:^|\D)(20\d\d)(?:\D|$)", name)
    return f"May {found.group(1)}" if found else ""


def guess_unit(labels: list[str]) -> str:
    text = " ".join(normalise_header(label) for label in labels)
    return "hourly" if "hour" in text and "annual" not in text else "annual"


def read_preview(path: Path, *, display_name: str, rows: int = 8) -> tuple[DataTable, list[tuple]]:
    """The header of a state file (the first row of several column names above a SOC
    code) and its first rows, for the mapping step."""

    def looks_like_header(cells: list[str]) -> bool:
        return sum(bool(c) and not c.replace(".", "").isdigit() for c in cells) >= 3 and any(
            w in c for c in cells for w in ("soc", "occ", "title", "code")
        )

    layout = Layout(
        what="a table of occupational employment and wages",
        expected=("SOC code", "Occupation title", "wage columns"),
        is_header=looks_like_header,
    )
    table = find_data(path, display_name=display_name, layout=layout)
    sample = []
    try:
        for _, cells in table.rows:
            if any(c not in (None, "") for c in cells):
                sample.append(tuple(cell_text(c) for c in cells))
            if len(sample) >= rows:
                break
    finally:
        table.close()
    return table, sample


def mapped_layout(columns: dict[str, str]) -> Layout:
    wanted = {normalise_header(h) for h in columns.values() if h}

    def is_header(cells: list[str]) -> bool:
        return bool(wanted) and wanted <= set(cells)

    return Layout(
        what="a file in the layout this mapping was saved for",
        expected=tuple(h for h in columns.values() if h),
        is_header=is_header,
    )


def _mapped_positions(table: DataTable, mapping: dict) -> dict[str, int]:
    unit = "h_" if mapping.get("wage_unit") == "hourly" else "a_"
    positions = {}
    for fieldname, published in mapping.get("columns", {}).items():
        if not published:
            continue
        target = unit + fieldname if fieldname in WAGE_FIELDS else fieldname
        positions[target] = table.header.index(normalise_header(published))
    return positions


# --- loading -------------------------------------------------------------------------------


def load(
    path: Path,
    *,
    release_id: int,
    display_name: str,
    version: str = "",
    report: Progress = no_progress,
    mapping: dict | None = None,
    known_areas: dict[str, str] | None = None,
) -> ImportResult:
    """Load a BLS flat file, or (with `mapping`) a state agency's own layout.

    `mapping` is a saved column profile: {"columns": {field: published header},
    "wage_unit": "hourly" | "annual", "area_code": code for files without an area column}.
    `known_areas` maps normalised area names to OEWS codes, for files that name areas only.
    """
    layout = mapped_layout(mapping["columns"]) if mapping else LAYOUT
    table = find_data(path, display_name=display_name, layout=layout)
    try:
        header_row = table.header_row
        if mapping:
            pos = _mapped_positions(table, mapping)
            required = ["occ_code", "occ_title"]
            missing = [MAPPED_FIELDS[f] for f in required if f not in pos]
            if "area" not in pos and "area_title" not in pos and not mapping.get("area_code"):
                missing.append("Area code (or one area for the whole file)")
            if missing:
                raise ImportFileError(
                    "the column mapping leaves out " + ", ".join(missing), file=table.name
                )
        else:
            header = [ALIASES.get(h, h) for h in table.header]
            missing = [name.upper() for name in REQUIRED if name not in header]
            if missing:
                raise missing_columns(table, missing, list(LAYOUT.expected))
            pos = {name: i for i, name in reversed(list(enumerate(header))) if name}
        labels = {f: table.label(i, f.upper()) for f, i in pos.items()}
        period = version or _period(display_name, table.sheet)
        if not period:
            raise ImportFileError(
                "cannot tell the OEWS period from the sheet or file name; give the period "
                "(e.g. May 2024) as the release",
                file=table.name,
            )
        hourly_top, annual_top = published_top_codes(period)
        top_said = _top_codes_in_workbook(table) if not mapping else None
        if top_said:
            hourly_top, annual_top = top_said
        cell_tops: dict[str, float] = {}
        default_area = (mapping or {}).get("area_code", "")
        known = known_areas or {}
        areas: dict[str, tuple] = {}
        total = max(table.total - header_row, 0)
        name = table.name
        cross_industry = 0

        def rows():
            nonlocal cross_industry
            done = 0
            for number, cells in table.rows:
                if not any(c not in (None, "") for c in cells):
                    continue

                def get(column: str, cells=cells):
                    i = pos.get(column)
                    return cells[i] if i is not None and i < len(cells) else None

                def fail(message: str, column: str, value: object, number=number):
                    raise ImportFileError(
                        message, file=name, row=number, column=labels.get(column, column.upper()),
                        value=value,
                    )  # fmt: skip

                occ = cell_text(get("occ_code"))
                if mapping and not occ:
                    continue  # notes and blank lines in a state's sheet
                if mapping:
                    occ = occ.replace(".", "-") if re.fullmatch(r"\d\d\.\d{4}", occ) else occ
                if not SOC_RE.match(occ):
                    if mapping and not re.search(r"\d", occ):
                        continue  # a footnote below a state's table
                    fail("not a SOC code (NN-NNNN)", "occ_code", occ)
                area_title = cell_text(get("area_title"))
                area = cell_text(get("area"))
                if mapping and not area:
                    if area_title:
                        area = known.get(normalise_area(area_title), "")
                        if not area:
                            fail(
                                "this area name is not an OEWS area imported before; map an "
                                "area-code column, or import the BLS file for the state first",
                                "area_title",
                                area_title,
                            )
                    else:
                        area = default_area
                if not AREA_RE.match(area):
                    fail("not an OEWS area code", "area", area)
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
                        top = CELL_TOP_CODE_RE.match(text)
                        if top and column in WAGE_COLUMNS:
                            markers[column] = "#"
                            cell_tops[column[:2]] = float(
                                (top.group(1) or top.group(2)).replace(",", "")
                            )
                            numbers.append(None)
                            continue
                        try:
                            value = float(text.replace(",", "").replace("$", ""))
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
                if mapping:
                    flags = [
                        mapping.get("wage_unit") != "hourly",
                        mapping.get("wage_unit") == "hourly",
                    ]
                if area not in areas:
                    areas[area] = (
                        number,
                        area_title or area,
                        cell_text(get("area_type")),
                        cell_text(get("prim_state")),
                    )
                naics = cell_text(get("naics")) or "000000"
                cross_industry += naics == "000000"
                yield [
                    release_id,
                    number,
                    area,
                    occ,
                    title,
                    naics,
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
        field_labels = {
            "area_code": labels.get("area", "AREA"),
            **{f: labels[f] for f in labels if f in FIELDS},
        }
        count = loader.copy_rows(m.OewsEstimate, FIELDS, rows(), file=name, labels=field_labels)
        if not count:
            raise ImportFileError("no data rows below the header", file=table.name)
        area_count = loader.copy_rows(
            m.OewsArea,
            ["release_id", "line", "code", "title", "area_type", "prim_state"],
            ([release_id, line, code, *info] for code, (line, *info) in areas.items()),
            file=name,
            labels={"title": labels.get("area_title", "AREA_TITLE")},
        )
    finally:
        table.close()
    report("done", total, total)
    notes = [
        f"Read {table.where}.",
        f"{area_count} area{pluralize(area_count)}: "
        + ", ".join(t for _, t, *_ in list(areas.values())[:5])
        + (" …" if area_count > 5 else ""),
    ]
    industry_only = cross_industry == 0
    if industry_only:
        notes.append(
            "Industry-specific estimates only: the cross-industry figures stay those of the "
            "current cross-industry release."
        )
    return ImportResult(
        version=period,
        counts={"estimates": count, "areas": area_count},
        notes=notes,
        release_fields={
            "industry_only": industry_only,
            "top_code_hourly": cell_tops.get("h_", hourly_top),
            "top_code_annual": cell_tops.get("a_", annual_top),
        },
    )


def normalise_area(name: str) -> str:
    """An area name as states and BLS both spell it: no 'MSA' suffix, no punctuation."""
    text = normalise_header(name).replace("–", "-")
    text = re.sub(r"\b(msa|metropolitan statistical area|metropolitan area|statewide)\b", "", text)
    return re.sub(r"[^a-z0-9]+", " ", text).strip()
