"""Classification crosswalks: the SOC 2018 structure, O*NET-SOC 2019 to SOC 2018, and
CIP 2020 to SOC 2018 (NCES csv: BOM, CRLF, `99-9999` / `99.9999` no-match rows)."""

from __future__ import annotations

import re
from pathlib import Path

from occupations import models as m
from occupations.importers.base import (
    ImportFileError,
    ImportResult,
    Progress,
    Table,
    cell_text,
    find_header,
    no_progress,
    open_table,
)
from occupations.importers.loader import BulkLoader

SOC_RE = re.compile(r"\d\d-\d{4}\Z")
ONET_RE = re.compile(r"\d\d-\d{4}\.\d\d\Z")
CIP_RE = re.compile(r"\d\d\.\d{4}\Z")
LEVELS = [("major group", "major"), ("minor group", "minor"), ("broad group", "broad"),
          ("detailed occupation", "detailed")]  # fmt: skip


def _soc_parent(code: str, level: str) -> str:
    if level == "minor":
        return code[:2] + "-0000"
    if level == "broad":
        return code[:4] + "000"
    if level == "detailed":
        return code[:6] + "0"
    return ""


def _rows_by_name(
    table: Table, header_row: int, header: list[str], names: dict[str, str]
) -> tuple[dict[str, int], dict[str, str]]:
    positions = {}
    for key, wanted in names.items():
        if wanted not in header:
            raise ImportFileError(
                "required column is missing", file=table.name, row=header_row, column=wanted
            )
        positions[key] = header.index(wanted)
    return positions, names


def _check(
    table: Table, number: int, column: str, value: str, pattern: re.Pattern, what: str
) -> None:
    if not pattern.match(value):
        raise ImportFileError(
            f"not a {what}", file=table.name, row=number, column=column, value=value
        )


def load_soc(path: Path, *, release_id: int, display_name: str, version: str = "",
             report: Progress = no_progress) -> ImportResult:  # fmt: skip
    table = open_table(path, display_name=display_name)
    try:
        header_row, header = find_header(
            table, lambda h: "major group" in h and "detailed occupation" in h
        )
        columns = [header.index(label) for label, _ in LEVELS if label in header]
        if len(columns) != 4:
            raise ImportFileError(
                "expected the four SOC level columns", file=table.name, row=header_row
            )
        named_title = [i for i, h in enumerate(header) if "title" in h]
        title_at = named_title[0] if named_title else max(columns) + 1

        def rows():
            done = 0
            for number, cells in table.rows:
                cells = tuple(cells) + (None,) * (title_at + 1 - len(cells))
                codes = [
                    (cell_text(cells[i]), level)
                    for i, (_, level) in zip(columns, LEVELS, strict=True)
                ]
                filled = [(c, lvl) for c, lvl in codes if c]
                title = cell_text(cells[title_at])
                if not filled and not title:
                    continue
                if len(filled) != 1:
                    raise ImportFileError("expected exactly one code per row", file=table.name, row=number,
                                          value=" / ".join(c for c, _ in filled))  # fmt: skip
                code, level = filled[0]
                column = dict(LEVELS)
                label = next(lbl for lbl, lvl in column.items() if lvl == level)
                _check(table, number, label.title(), code, SOC_RE, "SOC code (NN-NNNN)")
                if not title:
                    raise ImportFileError(
                        "a title is required", file=table.name, row=number, column="title"
                    )
                yield [release_id, number, code, title, level, _soc_parent(code, level)]
                done += 1
                if done % 200 == 0:
                    report("loading SOC codes", done, table.total)

        count = BulkLoader().copy_rows(
            m.SocCode, ["release_id", "line", "code", "title", "level", "parent_code"], rows()
        )
    finally:
        table.close()
    if not count:
        raise ImportFileError("no SOC codes below the header", file=display_name)
    return ImportResult(version=version or "2018", counts={"SOC codes": count})


def _load_pairs(path: Path, *, release_id: int, display_name: str, model, names: dict[str, str],
                patterns: dict[str, tuple[re.Pattern, str]], table_label: str,
                report: Progress) -> int:  # fmt: skip
    table = open_table(path, display_name=display_name)
    try:
        header_row, header = find_header(table, lambda h: all(n in h for n in names.values()))
        positions, _ = _rows_by_name(table, header_row, header, names)
        keys = list(names)

        def rows():
            done = 0
            for number, cells in table.rows:
                values = [
                    cell_text(cells[positions[k]]) if positions[k] < len(cells) else ""
                    for k in keys
                ]
                if not any(values):
                    continue
                for key, value in zip(keys, values, strict=True):
                    if key in patterns:
                        pattern, what = patterns[key]
                        _check(table, number, names[key], value, pattern, what)
                    elif not value:
                        raise ImportFileError("a value is required", file=table.name, row=number,
                                              column=names[key])  # fmt: skip
                yield [release_id, number, *values]
                done += 1
                if done % 500 == 0:
                    report(f"loading {table_label}", done, table.total)

        return BulkLoader().copy_rows(model, ["release_id", "line", *keys], rows())
    finally:
        table.close()


def load_onet_soc(path: Path, *, release_id: int, display_name: str, version: str = "",
                  report: Progress = no_progress) -> ImportResult:  # fmt: skip
    count = _load_pairs(
        path, release_id=release_id, display_name=display_name, model=m.OnetSocCrosswalk,
        names={"onet_code": "o*net-soc 2019 code", "onet_title": "o*net-soc 2019 title",
               "soc_code": "2018 soc code", "soc_title": "2018 soc title"},
        patterns={"onet_code": (ONET_RE, "O*NET-SOC code (NN-NNNN.NN)"),
                  "soc_code": (SOC_RE, "SOC code (NN-NNNN)")},
        table_label="O*NET-SOC crosswalk", report=report,
    )  # fmt: skip
    if not count:
        raise ImportFileError("no rows below the header", file=display_name)
    return ImportResult(version=version or "2019 to 2018", counts={"O*NET-SOC to SOC rows": count})


def load_cip_soc(path: Path, *, release_id: int, display_name: str, version: str = "",
                 report: Progress = no_progress) -> ImportResult:  # fmt: skip
    count = _load_pairs(
        path, release_id=release_id, display_name=display_name, model=m.CipSocCrosswalk,
        names={"cip_code": "cip2020code", "cip_title": "cip2020title",
               "soc_code": "soc2018code", "soc_title": "soc2018title"},
        patterns={"cip_code": (CIP_RE, "CIP code (NN.NNNN)"), "soc_code": (SOC_RE, "SOC code (NN-NNNN)")},
        table_label="CIP-SOC crosswalk", report=report,
    )  # fmt: skip
    if not count:
        raise ImportFileError("no rows below the header", file=display_name)
    return ImportResult(version=version or "2020 to 2018", counts={"CIP to SOC rows": count})
