"""Classification crosswalks: the SOC 2018 structure, O*NET-SOC 2019 to SOC 2018, and
CIP 2020 to SOC 2018 (NCES csv: BOM, CRLF, `99-9999` / `99.9999` no-match rows)."""

from __future__ import annotations

import re
from pathlib import Path

from occupations import models as m
from occupations.importers.base import (
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

SOC_RE = re.compile(r"\d\d-\d{4}\Z")
ONET_RE = re.compile(r"\d\d-\d{4}\.\d\d\Z")
CIP_RE = re.compile(r"\d\d\.\d{4}\Z")
LEVELS = [("major group", "major"), ("minor group", "minor"), ("broad group", "broad"),
          ("detailed occupation", "detailed")]  # fmt: skip


SOC_LAYOUT = Layout(
    what="the SOC structure",
    expected=("Major Group", "Minor Group", "Broad Group", "Detailed Occupation", "title"),
    is_header=lambda h: "major group" in h and "detailed occupation" in h,
)


def _soc_parent(code: str, level: str) -> str:
    if level == "minor":
        return code[:2] + "-0000"
    if level == "broad":
        return code[:4] + "000"
    if level == "detailed":
        return code[:6] + "0"
    return ""


def _cip_text(value: object) -> str:
    """A CIP code as text: a workbook may hold 1.0101 as a number for "01.0101"."""
    if isinstance(value, float | int) and not isinstance(value, bool):
        return f"{value:07.4f}"
    return cell_text(value)


def _check(table, number: int, column: str, value: str, pattern: re.Pattern, what: str) -> None:
    if not pattern.match(value):
        raise ImportFileError(
            f"not a {what}", file=table.name, row=number, column=column, value=value
        )


def load_soc(path: Path, *, release_id: int, display_name: str, version: str = "",
             report: Progress = no_progress) -> ImportResult:  # fmt: skip
    table = find_data(path, display_name=display_name, layout=SOC_LAYOUT)
    try:
        header = table.header
        columns = [header.index(label) for label, _ in LEVELS if label in header]
        if len(columns) != 4:
            missing = [label.title() for label, _ in LEVELS if label not in header]
            raise missing_columns(table, missing, list(SOC_LAYOUT.expected))
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
            m.SocCode,
            ["release_id", "line", "code", "title", "level", "parent_code"],
            rows(),
            file=table.name,
            labels={"title": table.label(title_at, "title")},
        )
    finally:
        table.close()
    if not count:
        raise ImportFileError("no SOC codes below the header", file=display_name)
    return ImportResult(
        version=version or "2018", counts={"SOC codes": count}, notes=[f"Read {table.where}."]
    )


# A crosswalk's columns, found by the words in their headers: agencies spell them
# "CIP2020Code", "CIP Code" or "2020 CIP code"; "O*NET-SOC 2019 Code" or "O*NET-SOC Code".
Words = tuple[tuple[str, ...], tuple[str, ...]]  # (all of these, none of these)


def _find_columns(header: list[str], wanted: dict[str, Words]) -> dict[str, int]:
    found: dict[str, int] = {}
    for key, (needs, excludes) in wanted.items():
        for i, h in enumerate(header):
            squashed = h.replace(" ", "")
            if i in found.values():
                continue
            if all(w in squashed for w in needs) and not any(w in squashed for w in excludes):
                found[key] = i
                break
    return found


def _pairs_layout(what: str, wanted: dict[str, Words], labels: dict[str, str]) -> Layout:
    return Layout(
        what=what,
        expected=tuple(labels.values()),
        is_header=lambda h: len(_find_columns(h, wanted)) == len(wanted),
    )


def _load_pairs(path: Path, *, release_id: int, display_name: str, model, layout: Layout,
                wanted: dict[str, Words], labels: dict[str, str],
                patterns: dict[str, tuple[re.Pattern, str]], table_label: str,
                report: Progress) -> tuple[int, str]:  # fmt: skip
    table = find_data(path, display_name=display_name, layout=layout)
    try:
        positions = _find_columns(table.header, wanted)
        keys = list(wanted)
        names = {k: table.label(positions[k], labels[k]) for k in keys}

        def rows():
            done = 0
            for number, cells in table.rows:
                values = [
                    (_cip_text if k == "cip_code" else cell_text)(cells[positions[k]])
                    if positions[k] < len(cells)
                    else ""
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

        count = BulkLoader().copy_rows(
            model, ["release_id", "line", *keys], rows(), file=table.name, labels=names
        )
        return count, table.where
    finally:
        table.close()


ONET_SOC_WANTED: dict[str, Words] = {
    "onet_code": (("o*net", "code"), ()),
    "onet_title": (("o*net", "title"), ()),
    "soc_code": (("soc", "code"), ("o*net",)),
    "soc_title": (("soc", "title"), ("o*net",)),
}
ONET_SOC_LABELS = {"onet_code": "O*NET-SOC 2019 Code", "onet_title": "O*NET-SOC 2019 Title",
                   "soc_code": "2018 SOC Code", "soc_title": "2018 SOC Title"}  # fmt: skip
CIP_SOC_WANTED: dict[str, Words] = {
    "cip_code": (("cip", "code"), ()),
    "cip_title": (("cip", "title"), ()),
    "soc_code": (("soc", "code"), ()),
    "soc_title": (("soc", "title"), ()),
}
CIP_SOC_LABELS = {"cip_code": "CIP2020Code", "cip_title": "CIP2020Title",
                  "soc_code": "SOC2018Code", "soc_title": "SOC2018Title"}  # fmt: skip
ONET_SOC_LAYOUT = _pairs_layout("an O*NET-SOC to SOC crosswalk", ONET_SOC_WANTED, ONET_SOC_LABELS)
# NCES's workbook opens with a guide sheet; its CIP-SOC sheet comes before SOC-CIP, which
# has the same columns in the other order.
CIP_SOC_LAYOUT = _pairs_layout("a CIP to SOC crosswalk", CIP_SOC_WANTED, CIP_SOC_LABELS)


def load_onet_soc(path: Path, *, release_id: int, display_name: str, version: str = "",
                  report: Progress = no_progress) -> ImportResult:  # fmt: skip
    count, where = _load_pairs(
        path, release_id=release_id, display_name=display_name, model=m.OnetSocCrosswalk,
        layout=ONET_SOC_LAYOUT, wanted=ONET_SOC_WANTED, labels=ONET_SOC_LABELS,
        patterns={"onet_code": (ONET_RE, "O*NET-SOC code (NN-NNNN.NN)"),
                  "soc_code": (SOC_RE, "SOC code (NN-NNNN)")},
        table_label="O*NET-SOC crosswalk", report=report,
    )  # fmt: skip
    if not count:
        raise ImportFileError("no rows below the header", file=display_name)
    return ImportResult(version=version or "2019 to 2018", counts={"O*NET-SOC to SOC rows": count},
                        notes=[f"Read {where}."])  # fmt: skip


def load_cip_soc(path: Path, *, release_id: int, display_name: str, version: str = "",
                 report: Progress = no_progress) -> ImportResult:  # fmt: skip
    count, where = _load_pairs(
        path, release_id=release_id, display_name=display_name, model=m.CipSocCrosswalk,
        layout=CIP_SOC_LAYOUT, wanted=CIP_SOC_WANTED, labels=CIP_SOC_LABELS,
        patterns={"cip_code": (CIP_RE, "CIP code (NN.NNNN)"), "soc_code": (SOC_RE, "SOC code (NN-NNNN)")},
        table_label="CIP-SOC crosswalk", report=report,
    )  # fmt: skip
    if not count:
        raise ImportFileError("no rows below the header", file=display_name)
    return ImportResult(version=version or "2020 to 2018", counts={"CIP to SOC rows": count},
                        notes=[f"Read {where}."])  # fmt: skip
