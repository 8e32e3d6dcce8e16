"""Build the IPEDS demo excerpts: C2022_A, C2023_A (with a revised `_rv` csv beside the
original, as NCES ships revisions) and HD2023, in NCES's published layouts (a subset of
the columns, in the published order and spelling).

The institutions and figures are CONSTRUCTED for the demo, not NCES data: the demo's
providers are invented, so their institutions (UNITIDs 990101-990199, which NCES does not
use) and completions are invented too. See README.md.

    python occupations/demo_data/make_ipeds_excerpts.py
"""

from __future__ import annotations

import io
import zipfile
from pathlib import Path

HERE = Path(__file__).resolve().parent

HD_HEADER = ["UNITID", "INSTNM", "IALIAS", "ADDR", "CITY", "STABBR", "ZIP", "FIPS", "OBEREG",
             "WEBADDR", "SECTOR", "ICLEVEL", "CONTROL", "CBSA", "COUNTYCD", "COUNTYNM"]  # fmt: skip
# unitid, name, alias, address, city, state, zip, state fips, sector, level, control, cbsa, county
INSTITUTIONS = [
    (990101, "Red Rocks Valley Community College", "RRVCC", "13300 W 6th Ave", "Lakewood", "CO", "80228", 8, 4, 2, 1, 19740, 8059, "Jefferson County"),
    (990102, "Mesa Ridge Technical College", "", "12000 Washington St", "Thornton", "CO", "80241", 8, 7, 3, 1, 19740, 8001, "Adams County"),
    (990103, "Poudre Valley State University", "PVSU | Poudre State", "1 University Ave", "Fort Collins", "CO", "80523", 8, 1, 1, 1, 22660, 8069, "Larimer County"),
    (990104, "Red Rocks Valley Beauty Academy", "", "200 Union Blvd", "Lakewood", "CO", "80228", 8, 9, 3, 3, 19740, 8059, "Jefferson County"),
    (990105, "Mesa Ridge College of Health Careers", "", "2508 Patterson Rd", "Grand Junction", "CO", "81505", 8, 9, 3, 3, 24300, 8077, "Mesa County"),
    (990106, "Escuela Técnica de Aurora", "Aurora Technical School", "15400 E Colfax Ave", "Aurora", "CO", "80011", 8, 9, 3, 2, 19740, 8005, "Arapahoe County"),
    (990107, "Valley Technical College", "", "400 Grand Ave", "Laramie", "WY", "82070", 56, 4, 2, 1, 29660, 56001, "Albany County"),
]  # fmt: skip

C_HEADER = ["UNITID", "CIPCODE", "MAJORNUM", "AWLEVEL", "XCTOTALT", "CTOTALT", "XCTOTALM",
            "CTOTALM", "XCTOTALW", "CTOTALW"]  # fmt: skip
# unitid, cip, awlevel -> first-major completers in 2021-22 and 2022-23
PROGRAMS = {
    (990101, "48.0501", 3): (17, 19),
    (990101, "48.0501", 21): (29, 31),
    (990101, "15.0407", 3): (12, 13),
    (990101, "48.0508", 21): (36, 41),
    (990101, "51.3801", 3): (88, 92),
    (990102, "48.0510", 2): (24, 27),
    (990102, "47.0303", 2): (19, 20),
    (990102, "15.0702", 21): (13, 15),
    (990103, "14.1901", 5): (104, 112),
    (990103, "15.0613", 5): (33, 36),
    (990103, "14.3601", 7): (10, 11),
    (990104, "12.0401", 2): (40, 38),
    (990106, "48.0508", 20): (22, 25),
    (990107, "48.0508", 21): (15, 18),
}
SECOND_MAJORS = {(990103, "14.1901", 5): (4, 5)}
REVISED = {(990102, "48.0510", 2): 28}  # the _rv file corrects one 2022-23 count


def _rollups(rows: dict) -> dict:
    """NCES adds 2-digit and 4-digit roll-ups and the 99 total per institution and level."""
    totals: dict = {}
    for (unitid, cip, level), count in rows.items():
        for code in (cip[:2], cip[:5], "99"):
            key = (unitid, code, level)
            totals[key] = totals.get(key, 0) + count
    return totals


def completions_csv(index: int, *, revised: bool = False, lower: bool = False) -> str:
    first = {k: v[index] for k, v in PROGRAMS.items()}
    if revised:
        first.update(REVISED)
    lines = [",".join(h.lower() if lower else h for h in C_HEADER)]

    def line(unitid, cip, major, level, count):
        men = count // 2
        return f'{unitid},"{cip}",{major},{level},R,{count},R,{men},R,{count - men}'

    rows = [(k, 1, v) for k, v in first.items()]
    rows += [(k, 1, v) for k, v in _rollups(first).items()]
    rows += [(k, 2, v[index]) for k, v in SECOND_MAJORS.items()]
    for (unitid, cip, level), major, count in sorted(
        rows, key=lambda r: (r[0][0], r[0][1], r[1], r[0][2])
    ):
        lines.append(line(unitid, cip, major, level, count))
    return "\r\n".join(lines) + "\r\n"


def hd_csv() -> bytes:
    lines = [",".join(HD_HEADER)]
    for row in INSTITUTIONS:
        (
            unitid,
            name,
            alias,
            addr,
            city,
            state,
            zip_code,
            fips,
            sector,
            level,
            control,
            cbsa,
            county,
            county_name,
        ) = row
        region = 5 if state == "WY" else 7
        web = f"www.{name.split()[0].lower()}.example.edu"
        cells = [unitid, f'"{name}"', f'"{alias}"', f'"{addr}"', city, state, zip_code, fips, region,
                 web, sector, level, control, cbsa, county, f'"{county_name}"']  # fmt: skip
        lines.append(",".join(str(c) for c in cells))
    return ("\r\n".join(lines) + "\r\n").encode("cp1252")  # as NCES: Windows-1252


def main() -> None:
    (HERE / "C2022_A_excerpt.csv").write_text(completions_csv(0, lower=True), newline="")
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", zipfile.ZIP_DEFLATED) as archive:
        archive.writestr("c2023_a.csv", completions_csv(1))
        archive.writestr("c2023_a_rv.csv", completions_csv(1, revised=True))
    (HERE / "C2023_A_excerpt.zip").write_bytes(buffer.getvalue())
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", zipfile.ZIP_DEFLATED) as archive:
        archive.writestr("hd2023.csv", hd_csv())
    (HERE / "HD2023_excerpt.zip").write_bytes(buffer.getvalue())


if __name__ == "__main__":
    main()
