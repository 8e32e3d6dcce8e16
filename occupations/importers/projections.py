"""BLS Employment Projections, occupation table: `occupation.xlsx` sheet "Table 1.2"
(title row above the header, footnote rows below, en dashes, indented titles), or the csv
export of the same table from the BLS data site (codes as `="13-2011"`, thousands
separators, `N/A`). Employment is in thousands.
"""

from __future__ import annotations

import re
from pathlib import Path

from django.template.defaultfilters import pluralize

from occupations import models as m
from occupations.importers.base import (
    ImportFileError,
    ImportResult,
    Layout,
    Progress,
    find_data,
    missing_columns,
    no_progress,
)
from occupations.importers.loader import BulkLoader

SOC_RE = re.compile(r"\d\d-\d{4}\Z")
EXCEL_TEXT_RE = re.compile(r'^="(.*)"$')
UNAVAILABLE = {"", "—", "-", "–", "n/a", "na", "(na)"}
TOP_CODED_RE = re.compile(r"^(?:>=|≥)\s*\$?([\d,.]+)$")


def _column_keys(header: list[str]) -> dict[str, int]:
    """Find each wanted column by what its (normalised) header says."""
    keys: dict[str, int] = {}
    years: list[int] = []
    for i, h in enumerate(header):
        if not h:
            continue
        found = re.fullmatch(r"employment,? (\d{4})", h)
        if "title" in h and "title" not in keys:
            keys["title"] = i
        elif (
            "code" in h
            and ("matrix" in h or "occupation" in h or h == "code")
            and "code" not in keys
        ):
            keys["code"] = i
        elif h == "occupation type":
            keys["occupation_type"] = i
        elif found:
            years.append(int(found.group(1)))
            keys["employment_base" if len(years) == 1 else "employment_target"] = i
        elif "distribution" in h:
            keys[
                "distribution_base" if "distribution_base" not in keys else "distribution_target"
            ] = i
        elif "change" in h and "percent" in h:
            keys["change_percent"] = i
        elif "change" in h:
            keys["change_numeric"] = i
        elif "self employed" in h or "self-employed" in h:
            keys["self_employed_percent"] = i
        elif "openings" in h:
            keys["annual_openings"] = i
        elif "median annual wage" in h:
            keys["median_wage"] = i
        elif "education" in h and "code" not in h:
            keys["typical_education"] = i
        elif "work experience" in h and "code" not in h:
            keys["work_experience"] = i
        elif "on-the-job training" in h and "code" not in h:
            keys["job_training"] = i
    if len(years) == 2:
        keys["_base_year"], keys["_target_year"] = years
    return keys


REQUIRED = {
    "title": "occupation title",
    "code": "occupation code",
    "employment_base": "Employment, base year",
    "employment_target": "Employment, projected year",
    "change_numeric": "Employment change, numeric",
    "change_percent": "Employment change, percent",
    "annual_openings": "Occupational openings, annual average",
}
NUMBERS = [
    "employment_base", "employment_target", "distribution_base", "distribution_target",
    "change_numeric", "change_percent", "self_employed_percent", "annual_openings",
]  # fmt: skip
TEXTS = ["typical_education", "work_experience", "job_training"]
FIELDS = (
    [
        "release_id",
        "line",
        "soc_code",
        "title",
        "occupation_type",
        "depth",
        "base_year",
        "target_year",
    ]
    + NUMBERS
    + ["median_wage", "median_wage_top_coded"]
    + TEXTS
    + ["alternate_titles"]
)


def _text(value: object) -> str:
    if value is None:
        return ""
    text = str(value)
    found = EXCEL_TEXT_RE.match(text.strip())
    return found.group(1) if found else text


def _is_header(cells: list[str]) -> bool:
    return any("code" in c for c in cells) and any(
        re.fullmatch(r"employment,? \d{4}", c) for c in cells
    )


LAYOUT = Layout(
    what="a BLS Employment Projections occupation table",
    expected=tuple(REQUIRED.values()),
    is_header=_is_header,
    prefer_sheets=("Table 1.2",),
)
# The BLS data site's csv export follows the title with the alternate titles, each after a
# "*": "Accountants and auditors    * Account Auditor* Accountant* ...".
ALTERNATES_RE = re.compile(r"\s*\*\s*")


def split_title(raw: str) -> tuple[str, list[str]]:
    """The occupation title (indent kept, for the depth) and its alternate titles."""
    title, *alternates = ALTERNATES_RE.split(raw.rstrip())
    return title, [a for a in (x.strip() for x in alternates) if a]


def load(
    path: Path,
    *,
    release_id: int,
    display_name: str,
    version: str = "",
    report: Progress = no_progress,
) -> ImportResult:
    table = find_data(path, display_name=display_name, layout=LAYOUT)
    try:
        header_row, header = table.header_row, table.header
        keys = _column_keys(header)
        missing = [label for key, label in REQUIRED.items() if key not in keys]
        if missing:
            raise missing_columns(table, missing, list(REQUIRED.values()))
        if "_base_year" not in keys:
            raise ImportFileError(
                "expected two employment columns (base and projected year)",
                file=table.name,
                row=header_row,
            )
        base, target = keys.pop("_base_year"), keys.pop("_target_year")
        label = {v: table.labels[v] for v in keys.values()}
        total = max(table.total - header_row, 0)
        name = table.name
        with_alternates = 0

        def rows():
            nonlocal with_alternates
            for number, cells in table.rows:

                def get(key: str, cells=cells):
                    i = keys.get(key)
                    return cells[i] if i is not None and i < len(cells) else None

                def fail(message: str, key: str, value: object, number=number):
                    raise ImportFileError(
                        message,
                        file=name,
                        row=number,
                        column=label.get(keys.get(key), key),
                        value=value,
                    )

                code = _text(get("code")).strip()
                if not code:
                    break  # footnotes below the table
                if not SOC_RE.match(code):
                    fail("not a SOC code (NN-NNNN)", "code", code)
                raw_title, alternates = split_title(_text(get("title")).replace("\xa0", " "))
                title = raw_title.strip()
                if not title:
                    fail("a title is required", "title", raw_title)
                with_alternates += bool(alternates)
                depth = (len(raw_title) - len(raw_title.lstrip(" "))) // 2
                values = []
                for key in NUMBERS:
                    values.append(_number(get(key), lambda msg, v, key=key: fail(msg, key, v)))
                wage_cell = get("median_wage")
                top_coded = False
                wage_text = _text(wage_cell).strip()
                found = TOP_CODED_RE.match(wage_text)
                if found:
                    top_coded = True
                    wage = float(found.group(1).replace(",", ""))
                else:
                    wage = _number(wage_cell, lambda msg, v: fail(msg, "median_wage", v))
                texts = []
                for key in TEXTS:
                    text = _text(get(key)).strip()
                    texts.append("" if text.lower() in UNAVAILABLE else text)
                yield [
                    release_id,
                    number,
                    code,
                    title,
                    _text(get("occupation_type")).strip(),
                    depth,
                    base,
                    target,
                    *values,
                    wage,
                    top_coded,
                    *texts,
                    "\n".join(alternates),
                ]
                if number % 200 == 0:
                    report("loading projections", number - header_row, total)

        count = BulkLoader().copy_rows(
            m.Projection,
            FIELDS,
            rows(),
            file=name,
            labels={f: label[keys[f]] for f in keys if keys[f] in label}
            | {"soc_code": label.get(keys["code"], "code")},
        )
        if not count:
            raise ImportFileError("no data rows below the header", file=table.name)
    finally:
        table.close()
    report("done", total, total)
    notes = [f"Read {table.where}."]
    if with_alternates:
        notes.append(
            f"{with_alternates} title cell{pluralize(with_alternates)} also listed alternate "
            "titles; the title is kept "
            "and the alternate titles are kept as search terms."
        )
    return ImportResult(
        version=version or f"{base}-{str(target)[-2:]}", counts={"projections": count}, notes=notes
    )


def _number(value: object, fail) -> float | None:
    if value is None:
        return None
    if isinstance(value, bool):
        fail("not a number", value)
    if isinstance(value, int | float):
        return float(value)
    text = _text(value).strip()
    if text.lower() in UNAVAILABLE:
        return None
    try:
        return float(text.replace(",", "").replace("$", ""))
    except ValueError:
        fail("not a number", text)
    return None
