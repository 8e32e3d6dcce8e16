"""Rebuild the demo excerpts in this folder from the full public files.

    .venv/bin/python occupations/demo_data/make_excerpts.py /work/shared/data

Keeps a few dozen manufacturing-relevant occupations (and their SOC parents) in the very
layouts the agencies publish, so the real importers load them. See README.md here.
"""

from __future__ import annotations

import sys
from pathlib import Path

import openpyxl

HERE = Path(__file__).resolve().parent
SOC = [
    "51-4041",
    "51-4121",
    "51-4122",
    "49-9041",
    "49-9071",
    "17-3026",
    "17-3027",
    "17-3024",
    "17-3013",
    "51-1011",
    "51-2090",
    "51-2092",
    "51-2099",
    "51-2028",
    "51-2031",
    "51-2041",
    "51-9061",
    "17-2141",
    "17-2112",
    "51-9161",
    "51-9162",
    "49-2094",
    "47-2111",
    "43-5071",
    "51-4031",
    "51-4033",
    "51-4081",
    "51-4111",
    "53-7062",
    "53-7051",
    "11-3051",
    "51-9124",
    "51-4072",
    "13-1081",
    "11-9041",
]


def parents(code: str) -> set[str]:
    return {code[:2] + "-0000", code[:4] + "000", code[:6] + "0", code}


WANTED = {"00-0000"} | set().union(*(parents(c) for c in SOC))


# The files the importer reads (and the release note it takes the version from).
ONET_FILES = {
    "Read Me.txt", "Occupation Data.txt", "Task Statements.txt", "Skills.txt", "Knowledge.txt",
    "Abilities.txt", "Work Styles.txt", "Education, Training, and Experience.txt",
    "Education, Training, and Experience Categories.txt", "Technology Skills.txt",
    "Tools Used.txt", "Related Occupations.txt", "Job Zones.txt", "Job Zone Reference.txt",
    "Alternate Titles.txt", "Task Ratings.txt", "Tasks to DWAs.txt", "DWA Reference.txt",
    "IWA Reference.txt", "Content Model Reference.txt",
}  # fmt: skip


def onet(src: Path, out: Path) -> None:
    out.mkdir(parents=True, exist_ok=True)
    for old in out.glob("*.txt"):
        old.unlink()
    lines = (src / "Occupation Data.txt").read_text().splitlines()
    codes = {ln.split("\t")[0] for ln in lines[1:] if ln.split("\t")[0][:7] in SOC}
    for path in sorted(src.glob("*.txt")):
        if path.name not in ONET_FILES:
            continue
        text = path.read_text()
        rows = text.splitlines()
        header = rows[0].split("\t")
        if path.name == "Read Me.txt" or not header or header[0] != "O*NET-SOC Code":
            if path.name in (
                "Read Me.txt",
                "Job Zone Reference.txt",
                "Education, Training, and Experience Categories.txt",
                "DWA Reference.txt",
                "IWA Reference.txt",
                "Content Model Reference.txt",
            ):
                (out / path.name).write_text(text)
            continue
        keep = [rows[0]]
        related = header[1] == "Related O*NET-SOC Code"
        for row in rows[1:]:
            fields = row.split("\t")
            if fields[0] in codes and (not related or fields[1] in codes):
                keep.append(row)
        (out / path.name).write_text("\n".join(keep) + "\n")


def excel_rows(path: Path, sheet: str | None = None):
    wb = openpyxl.load_workbook(path, read_only=True)
    ws = wb[sheet] if sheet else wb.worksheets[0]
    return ws.title, list(ws.iter_rows(values_only=True))


def write_excel(path: Path, sheet: str, rows) -> None:
    wb = openpyxl.Workbook()
    ws = wb.active
    ws.title = sheet
    for row in rows:
        ws.append(list(row))
    wb.save(path)


def oews(src: Path) -> None:
    title, rows = excel_rows(src / "oews/national_M2023_dl.xlsx")
    write_excel(
        HERE / "oews_national_M2023_excerpt.xlsx",
        title,
        [rows[0]] + [r for r in rows[1:] if r[8] in WANTED],
    )
    title, rows = excel_rows(src / "oews/colorado_M2025_reconstructed.xlsx")
    write_excel(
        HERE / "oews_colorado_M2025_excerpt.xlsx",
        title,
        [rows[0]] + [r for r in rows[1:] if r[8] in WANTED],
    )


def projections(src: Path) -> None:
    _, rows = excel_rows(src / "ep/occupation_2024-34.xlsx", "Table 1.2")
    data = [r for r in rows[2:] if r[1] in WANTED]
    footer = [r for r in rows[2:] if r[1] is None]
    write_excel(HERE / "ep_occupation_2024-34_excerpt.xlsx", "Table 1.2", rows[:2] + data + footer)
    # The same rows as the BLS data site's csv export writes them.
    header = [
        "Occupation Title", "Occupation Code", "Employment 2024", "Employment 2034",
        "Employment Change, 2024-2034", "Employment Percent Change, 2024-2034",
        "Occupational Openings, 2024-2034 Annual Average", "Median Annual Wage 2024",
        "Typical Entry-Level Education", "Work Experience in a Related Occupation",
        "Typical on-the-job Training",
    ]  # fmt: skip

    def num(v, places=1):
        if v in (None, "—"):
            return "N/A"
        if isinstance(v, str):
            return v
        return f"{v:,.{places}f}" if places else f"{round(v):,}"

    lines = [",".join(f'"{h}"' for h in header)]
    for r in data:
        if r[2] != "Line item":
            continue
        cells = [
            f'"{r[0].strip()}"', f'="{r[1]}"', f'"{num(r[3])}"', f'"{num(r[4])}"',
            f'"{num(r[7])}"', f'"{num(r[8])}"', f'"{num(r[10])}"', f'"{num(r[11], 0)}"',
            f'"{num(r[12])}"', f'"{num(r[13])}"', f'"{num(r[14])}"',
        ]  # fmt: skip
        lines.append(",".join(cells))
    (HERE / "ep_occupation_2024-34_excerpt.csv").write_text("\r\n".join(lines) + "\r\n")


def crosswalks(src: Path) -> None:
    title, rows = excel_rows(src / "xwalk/soc_structure_2018.xlsx")
    keep = rows[:8] + [r for r in rows[8:] if any(c in WANTED for c in r[:4])]
    write_excel(HERE / "soc_structure_2018_excerpt.xlsx", title, keep)
    title, rows = excel_rows(src / "xwalk/2019_to_SOC_Crosswalk.xlsx")
    write_excel(
        HERE / "2019_to_SOC_Crosswalk_excerpt.xlsx",
        title,
        [rows[0]] + [r for r in rows[1:] if r[2] in SOC],
    )
    raw = (src / "xwalk/CIP2020_SOC2018_Crosswalk.csv").read_bytes()
    lines = raw.split(b"\r\n")
    keep, no_cip, no_soc = [lines[0]], 0, 0
    for line in lines[1:]:
        text = line.decode("utf-8")
        if any(f",{c}," in text for c in SOC) and not text.startswith("99.9999"):
            keep.append(line)
        elif ",99-9999," in text and no_soc < 3:
            keep.append(line)
            no_soc += 1
        elif text.startswith("99.9999") and no_cip < 3:
            keep.append(line)
            no_cip += 1
    (HERE / "CIP2020_SOC2018_Crosswalk_excerpt.csv").write_bytes(b"\r\n".join(keep))


if __name__ == "__main__":
    default = Path(__file__).resolve().parents[3] / "shared" / "data"  # ../shared, as in CI
    source = Path(sys.argv[1]) if len(sys.argv) > 1 else default
    onet(source / "onet/db_27_0_text", HERE / "onet_27_0_excerpt")
    oews(source)
    projections(source)
    crosswalks(source)
    print("excerpts written to", HERE)
