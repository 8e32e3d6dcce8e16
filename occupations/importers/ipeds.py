"""NCES IPEDS: the completions file C<year>_A and the institutions (directory) file HD<year>.

NCES ships each as a zip holding one csv (`c2023_a.csv`, `hd2023.csv`), sometimes with a
revised `_rv` csv beside the original (the services' zip reader takes the revised one).
Headers come upper or lower case; HD files are Windows-1252. Columns are read by name:
X-prefixed columns (XCTOTALT ...) are NCES's imputation flags and are not read.

Completions: CIPCODE is text ("51.3801"); the 2-digit ("51") and 4-digit ("51.38") roll-up
rows and the "99" grand total are not programs and are skipped, as are second majors
(MAJORNUM 2). A copy saved by Excel loses zeros ("1.0101" for "01.0101", "51.381" for
"51.3810"): such a code is padded back to NN.NNNN; one left with two decimals cannot be told
from a 4-digit roll-up and is skipped as one.
The year comes from the file name (C2023_A is the academic year 2022-23) or must be given.
"""

from __future__ import annotations

import functools
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
)
from occupations.importers.loader import BulkLoader

COMPLETIONS_COLUMNS = ("unitid", "cipcode", "majornum", "awlevel", "ctotalt")
INSTITUTION_COLUMNS = ("unitid", "instnm", "stabbr")

COMPLETIONS_LAYOUT = Layout(
    what="an IPEDS completions file (C<year>_A)",
    expected=tuple(c.upper() for c in COMPLETIONS_COLUMNS),
    is_header=lambda h: all(c in h for c in COMPLETIONS_COLUMNS),
)
INSTITUTIONS_LAYOUT = Layout(
    what="an IPEDS institutions file (HD<year>)",
    expected=("UNITID", "INSTNM", "IALIAS", "CITY", "STABBR", "COUNTYCD", "COUNTYNM"),
    is_header=lambda h: all(c in h for c in INSTITUTION_COLUMNS),
)

# AWLEVEL codes of the completions file. 20 and 21 split the sub-one-year certificate (1)
# from the 2020-21 collection on; 9-11 are the doctor's and first-professional codes of
# files before 2010-11.
AWARD_LEVELS = {
    1: "Award of less than 1 academic year",
    2: "Award of at least 1 but less than 2 academic years",
    3: "Associate's degree",
    4: "Award of at least 2 but less than 4 academic years",
    5: "Bachelor's degree",
    6: "Postbaccalaureate certificate",
    7: "Master's degree",
    8: "Post-master's certificate",
    9: "Doctor's degree (before 2010-11)",
    10: "First-professional degree (before 2010-11)",
    11: "First-professional certificate (before 2010-11)",
    17: "Doctor's degree: research/scholarship",
    18: "Doctor's degree: professional practice",
    19: "Doctor's degree: other",
    20: "Certificate of less than 12 weeks",
    21: "Certificate of at least 12 weeks but less than 1 year",
}

COMPLETIONS_NAME_RE = re.compile(r"c(\d{4})_a", re.I)
INSTITUTIONS_NAME_RE = re.compile(r"hd(\d{4})", re.I)
YEAR_RE = re.compile(r"(?:c)?(\d{4})(?:_a)?\Z", re.I)
SPAN_RE = re.compile(r"(\d{4})\s*[-/]\s*(\d{2}|\d{4})\Z")
CIP_TEXT_RE = re.compile(r"(\d{1,2})(?:\.(\d{1,4}))?\Z")


def kind_of_name(name: str) -> str | None:
    """Which IPEDS file a name says it is: C2023_A.zip, c2023_a_rv.csv, HD2023.zip."""
    base = Path(name).name
    if COMPLETIONS_NAME_RE.search(base):
        return m.Source.IPEDS_COMPLETIONS
    if INSTITUTIONS_NAME_RE.search(base):
        return m.Source.IPEDS_INSTITUTIONS
    return None


def kind_of_header(line: str) -> str | None:
    """Which IPEDS file a csv header line is (names, any case, quoted or not)."""
    names = {c.strip().strip('"').strip().lower() for c in line.lstrip("\ufeff").split(",")}
    if set(COMPLETIONS_COLUMNS) <= names:
        return m.Source.IPEDS_COMPLETIONS
    if set(INSTITUTION_COLUMNS) <= names:
        return m.Source.IPEDS_INSTITUTIONS
    return None


def completions_year(display_name: str, version: str) -> int | None:
    """The academic year's ending year: from `version` ("2023", "2022-23", "C2023_A") when
    given, else from the file name."""
    text = version.strip()
    if text:
        span = SPAN_RE.match(text)
        if span:
            start, end = int(span.group(1)), span.group(2)
            return start + 1 if len(end) == 2 or int(end) == start + 1 else None
        found = YEAR_RE.match(text)
        return int(found.group(1)) if found else None
    found = COMPLETIONS_NAME_RE.search(Path(display_name).name)
    return int(found.group(1)) if found else None


@functools.lru_cache(maxsize=4096)  # a national file repeats a few thousand codes
def cip_code(text: str) -> tuple[str, str]:
    """(code, kind) for a CIPCODE cell: kind is "program", "rollup" or "total", or "" when
    it is not a CIP code at all."""
    text = text.strip().strip('="').strip()
    found = CIP_TEXT_RE.match(text)
    if not found:
        return text, ""
    series, decimals = found.group(1), found.group(2) or ""
    if series == "99":
        return "99", "total"
    if len(decimals) in (0, 2):
        return text, "rollup"
    return f"{int(series):02d}.{decimals.ljust(4, '0')}", "program"


WHOLE_RE = re.compile(r"-?\d+")
SPREADSHEET_WHOLE_RE = re.compile(r"-?\d+\.0+")  # a spreadsheet's 12.0


def _whole(text: str) -> int | None:
    text = text.strip()
    if text.isascii() and text.isdigit():  # nearly every cell: no regex needed
        return int(text)
    if WHOLE_RE.fullmatch(text):
        return int(text)
    if SPREADSHEET_WHOLE_RE.fullmatch(text):
        return int(float(text))
    return None


def _positions(table: DataTable, wanted: tuple[str, ...], layout: Layout) -> dict[str, int]:
    positions = {h: i for i, h in reversed(list(enumerate(table.header)))}
    missing = [c.upper() for c in wanted if c not in positions]
    if missing:
        raise missing_columns(table, missing, list(layout.expected))
    return positions


def load_completions(path: Path, *, release_id: int, display_name: str, version: str = "",
                     report: Progress = no_progress) -> ImportResult:  # fmt: skip
    year = completions_year(display_name, version)
    if year is None:
        raise ImportFileError(
            "the year is not in the file name (C2023_A) and none was given: give the "
            "academic year, e.g. 2022-23 (--release on the command, “Release or period” on "
            "the data page)",
            file=display_name,
            value=version or None,
        )
    table = find_data(path, display_name=display_name, layout=COMPLETIONS_LAYOUT)
    skipped = {"rollup": 0, "total": 0, "second": 0}
    try:
        at = _positions(table, COMPLETIONS_COLUMNS, COMPLETIONS_LAYOUT)
        label = {k: table.label(at[k], k.upper()) for k in COMPLETIONS_COLUMNS}

        def fail(message: str, number: int, key: str, value: object):
            raise ImportFileError(
                message, file=table.name, row=number, column=label[key], value=value
            )

        def rows():
            # Only the five columns read are touched: a published file has 64 (X flags and
            # counts by sex and race), and converting every cell was most of the import.
            wanted = [(k, at[k]) for k in COMPLETIONS_COLUMNS]
            width = max(i for _, i in wanted) + 1
            done = 0
            for number, cells in table.rows:
                if len(cells) < width:
                    cells = tuple(cells) + ("",) * (width - len(cells))
                cell = {k: cell_text(cells[i]) for k, i in wanted}
                if not any(cell.values()):
                    continue
                unitid = _whole(cell["unitid"])
                if unitid is None or unitid <= 0:
                    fail("not an IPEDS unit id (a whole number)", number, "unitid", cell["unitid"])
                code, kind = cip_code(cell["cipcode"])
                if not kind:
                    fail("not a CIP code (NN.NNNN)", number, "cipcode", cell["cipcode"])
                major = _whole(cell["majornum"])
                if major not in (1, 2):
                    fail("MAJORNUM is 1 (first major) or 2", number, "majornum", cell["majornum"])
                level = _whole(cell["awlevel"])
                if level not in AWARD_LEVELS:
                    fail(
                        "not an IPEDS award level (AWLEVEL 1-11, 17-21)",
                        number,
                        "awlevel",
                        cell["awlevel"],
                    )
                count = _whole(cell["ctotalt"])
                if count is None or count < 0:
                    fail("not a count of completers", number, "ctotalt", cell["ctotalt"])
                if kind != "program":
                    skipped[kind] += 1
                    continue
                if major == 2:
                    skipped["second"] += 1
                    continue
                yield [release_id, number, year, unitid, code, level, count]
                done += 1
                if done % 5000 == 0:
                    report("loading IPEDS completions", number, table.total)

        count = BulkLoader().copy_rows(
            m.IpedsCompletion,
            ["release_id", "line", "year", "unitid", "cip_code", "award_level", "completers"],
            rows(),
            file=table.name,
            labels={"unitid": label["unitid"], "cip_code": label["cipcode"],
                    "award_level": label["awlevel"], "completers": label["ctotalt"]},
        )  # fmt: skip
    finally:
        table.close()
    if not count:
        raise ImportFileError(
            "no first-major rows of 6-digit CIP codes below the header", file=display_name
        )
    notes = [f"Read {table.where}; academic year {year - 1}-{str(year)[-2:]}."]
    left = []
    if skipped["rollup"]:
        left.append(f"{skipped['rollup']:,} CIP roll-up row{pluralize(skipped['rollup'])}")
    if skipped["total"]:
        left.append(f"{skipped['total']:,} grand-total (99) row{pluralize(skipped['total'])}")
    if skipped["second"]:
        left.append(f"{skipped['second']:,} second-major row{pluralize(skipped['second'])}")
    if left:
        notes.append("Not programs, not kept: " + ", ".join(left) + ".")
    return ImportResult(
        version=f"{year - 1}-{str(year)[-2:]}",
        counts={"completions (first majors)": count},
        notes=notes,
    )


def load_institutions(path: Path, *, release_id: int, display_name: str, version: str = "",
                      report: Progress = no_progress) -> ImportResult:  # fmt: skip
    found = INSTITUTIONS_NAME_RE.search(Path(display_name).name)
    year = version.strip() or (found.group(1) if found else "")
    if not year:
        raise ImportFileError(
            "the year is not in the file name (HD2023) and none was given: give it, e.g. 2023",
            file=display_name,
        )
    table = find_data(path, display_name=display_name, layout=INSTITUTIONS_LAYOUT)
    try:
        at = _positions(table, INSTITUTION_COLUMNS, INSTITUTIONS_LAYOUT)
        optional = [c for c in ("ialias", "city", "countycd", "countynm") if c in table.header]
        at.update({c: table.header.index(c) for c in optional})
        label = {k: table.label(i, k.upper()) for k, i in at.items()}

        def fail(message: str, number: int, key: str, value: object):
            raise ImportFileError(
                message, file=table.name, row=number, column=label[key], value=value
            )

        def rows():
            for number, cells in table.rows:
                cell = {k: cell_text(cells[i]) if i < len(cells) else "" for k, i in at.items()}
                if not any(cell.values()):
                    continue
                unitid = _whole(cell["unitid"])
                if unitid is None or unitid <= 0:
                    fail("not an IPEDS unit id (a whole number)", number, "unitid", cell["unitid"])
                if not cell["instnm"]:
                    fail("the institution's name is required", number, "instnm", None)
                state = cell["stabbr"].upper()
                if not re.fullmatch(r"[A-Z]{2}", state):
                    fail("not a two-letter state abbreviation", number, "stabbr", cell["stabbr"])
                county = _whole(cell.get("countycd", "")) if cell.get("countycd") else None
                if county is not None and not -3 <= county <= 99999:
                    fail("not a county FIPS code", number, "countycd", cell["countycd"])
                # NCES writes -1 / -2 / -3 for "not reported" / "not applicable".
                fips = f"{county:05d}" if county is not None and county > 0 else ""
                county_name = cell.get("countynm", "")
                if county_name in ("-1", "-2", "-3"):
                    county_name = ""
                yield [release_id, number, unitid, cell["instnm"], cell.get("ialias", ""),
                       cell.get("city", ""), state, fips, county_name]  # fmt: skip
                if number % 1000 == 0:
                    report("loading IPEDS institutions", number, table.total)

        count = BulkLoader().copy_rows(
            m.IpedsInstitution,
            ["release_id", "line", "unitid", "name", "alias", "city", "state", "county_fips",
             "county_name"],
            rows(),
            file=table.name,
            labels={"unitid": label["unitid"], "name": label["instnm"], "state": label["stabbr"],
                    "alias": label.get("ialias", "IALIAS"), "city": label.get("city", "CITY"),
                    "county_name": label.get("countynm", "COUNTYNM")},
        )  # fmt: skip
    finally:
        table.close()
    if not count:
        raise ImportFileError("no institutions below the header", file=display_name)
    notes = [f"Read {table.where}."]
    if "countycd" not in at:
        notes.append("The file has no COUNTYCD column: institutions cannot be placed in counties.")
    return ImportResult(version=year, counts={"institutions": count}, notes=notes)
