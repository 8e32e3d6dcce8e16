"""Write the small test files in this folder, each in a layout an agency publishes.

    .venv/bin/python tests/occupations/files/make_files.py

The numbers are taken from the demo excerpts (occupations/demo_data); the layouts are the
point: alternate titles in the projections csv export's title cell, title lines above an
OEWS header, a guide sheet before NCES's data sheet, an older projections workbook's two-row
header, two states' own OEWS layouts, and BLS markers (#, *) in every wage column.
"""

from __future__ import annotations

import csv
import io
from pathlib import Path

import openpyxl

HERE = Path(__file__).resolve().parent

ALTERNATES = "* Account Auditor* Accountant* Accounting Analyst* Certified Public Accountant"
LONG_ALTERNATES = "".join(f"* Machine Tool Operator {n}" for n in range(1, 13))


def projections_csv_export() -> None:
    """The BLS data site's occupation table export, with alternate titles in the title
    cell; the machinists' cell is over 300 characters long."""
    rows = [
        ["Occupation Title", "Occupation Code", "Employment 2024", "Employment 2034",
         "Employment Change, 2024-2034", "Employment Percent Change, 2024-2034",
         "Occupational Openings, 2024-2034 Annual Average", "Median Annual Wage 2024",
         "Typical Entry-Level Education", "Work Experience in a Related Occupation",
         "Typical on-the-job Training"],
        [f"Accountants and auditors    {ALTERNATES}", '="13-2011"', "1,579.8", "1,672.1",
         "92.3", "5.8", "124.2", "81,680", "Bachelor's degree", "None", "None"],
        [f"Machinists    {LONG_ALTERNATES}", '="51-4041"', "372.6", "383.4", "10.8", "2.9",
         "36.7", "56,150", "High school diploma or equivalent", "None",
         "Long-term on-the-job training"],
        ["Physicians, all other", '="29-1229"', "428.5", "440.3", "11.8", "2.8", "11.6",
         ">=$239,200", "Doctoral or professional degree", "None", "Internship/residency"],
    ]  # fmt: skip
    assert len(rows[2][0]) > 300
    out = io.StringIO()
    writer = csv.writer(out, quoting=csv.QUOTE_ALL, lineterminator="\r\n")
    for row in rows:
        writer.writerow(row)
    # The export writes codes as ="13-2011" unquoted.
    text = out.getvalue().replace('"=""', '="').replace('"""', '"')
    (HERE / "ep_csv_export_alternate_titles.csv").write_text(text)


OEWS_HEADER = [
    "AREA", "AREA_TITLE", "AREA_TYPE", "PRIM_STATE", "NAICS", "NAICS_TITLE", "I_GROUP",
    "OWN_CODE", "OCC_CODE", "OCC_TITLE", "O_GROUP", "TOT_EMP", "EMP_PRSE", "JOBS_1000",
    "LOC_QUOTIENT", "PCT_TOTAL", "PCT_RPT", "H_MEAN", "A_MEAN", "MEAN_PRSE", "H_PCT10",
    "H_PCT25", "H_MEDIAN", "H_PCT75", "H_PCT90", "A_PCT10", "A_PCT25", "A_MEDIAN", "A_PCT75",
    "A_PCT90", "ANNUAL", "HOURLY",
]  # fmt: skip
WAGES = ["H_MEAN", "A_MEAN", "H_PCT10", "H_PCT25", "H_MEDIAN", "H_PCT75", "H_PCT90",
         "A_PCT10", "A_PCT25", "A_MEDIAN", "A_PCT75", "A_PCT90"]  # fmt: skip


def oews_row(area, title, code, occ_title, group, emp, wages: dict) -> list:
    row = dict.fromkeys(OEWS_HEADER, "")
    row.update(AREA=area, AREA_TITLE=title, AREA_TYPE="2", PRIM_STATE="CO", NAICS="000000",
               NAICS_TITLE="Cross-industry", I_GROUP="cross-industry", OWN_CODE="1235",
               OCC_CODE=code, OCC_TITLE=occ_title, O_GROUP=group, TOT_EMP=emp,
               EMP_PRSE="5.1", JOBS_1000="1.2", LOC_QUOTIENT="0.9", MEAN_PRSE="1.8")  # fmt: skip
    row.update(wages)
    return [row[h] for h in OEWS_HEADER]


def oews_query_export() -> None:
    """An OEWS table exported with title lines above the header (the header is on row 6),
    with '#' in every wage column of one row and '*' in every wage column of another."""
    machinists = dict(zip(WAGES, ["27.68", "57,580", "18.59", "22.56", "27.34", "32.42",
                                  "37.20", "38,660", "46,920", "56,860", "67,430", "77,380"],
                          strict=True))  # fmt: skip
    lines = [
        ["Occupational Employment and Wage Statistics (OEWS)"],
        ["May 2025 estimates, cross-industry, Colorado"],
        ["Source: U.S. Bureau of Labor Statistics"],
        [],
        ["Wages at or above $115.00 per hour or $239,200 per year are shown as #."],
        OEWS_HEADER,
        oews_row("08", "Colorado", "51-4041", "Machinists", "detailed", "5,120", machinists),
        oews_row("08", "Colorado", "29-1212", "Cardiologists", "detailed", "210",
                 dict.fromkeys(WAGES, "#")),
        oews_row("08", "Colorado", "17-3013", "Mechanical Drafters", "detailed", "**",
                 dict.fromkeys(WAGES, "*")),
    ]  # fmt: skip
    out = io.StringIO()
    csv.writer(out, lineterminator="\r\n").writerows(lines)
    (HERE / "oews_M2025_title_lines_above_header.csv").write_text(out.getvalue())


def nces_cip_soc_workbook() -> None:
    """NCES's CIP-SOC crosswalk workbook: a guide sheet first, then CIP-SOC, then SOC-CIP
    (the same pairs, columns in the other order)."""
    workbook = openpyxl.Workbook()
    guide = workbook.active
    guide.title = "Guide"
    for line in [
        ["CIP 2020 to SOC 2018 Crosswalk"],
        ["This workbook links instructional programs (CIP) to occupations (SOC)."],
        [],
        ["Sheet", "What it holds"],
        ["CIP-SOC", "Each CIP code with the SOC codes it prepares for"],
        ["SOC-CIP", "Each SOC code with the CIP codes that prepare for it"],
    ]:
        guide.append(line)
    pairs = [
        ("48.0501", "Machine Tool Technology/Machinist.", "51-4041", "Machinists"),
        ("48.0501", "Machine Tool Technology/Machinist.", "51-4081",
         "Multiple Machine Tool Setters, Operators, and Tenders, Metal and Plastic"),
        ("48.0508", "Welding Technology/Welder.", "51-4121", "Welders, Cutters, Solderers, and Brazers"),
        ("01.0000", "Agriculture, General.", "99-9999", "NO MATCH"),
    ]  # fmt: skip
    cip_soc = workbook.create_sheet("CIP-SOC")
    cip_soc.append(["CIP2020Code", "CIP2020Title", "SOC2018Code", "SOC2018Title"])
    for pair in pairs:
        cip_soc.append(list(pair))
    soc_cip = workbook.create_sheet("SOC-CIP")
    soc_cip.append(["SOC2018Code", "SOC2018Title", "CIP2020Code", "CIP2020Title"])
    for cip, cip_title, soc, soc_title in pairs:
        soc_cip.append([soc, soc_title, cip, cip_title])
    workbook.save(HERE / "CIP2020_SOC2018_Crosswalk_with_guide.xlsx")


def projections_two_row_header() -> None:
    """An older Employment Projections workbook: a title row, then a header in two rows
    (headings merged across the columns they cover)."""
    workbook = openpyxl.Workbook()
    sheet = workbook.active
    sheet.title = "Table 1.2"
    sheet.append(["Table 1.2 Employment by detailed occupation, 2014 and projected 2024"])
    sheet.append(["2014 National Employment Matrix title and code", None, "Employment", None,
                  "Employment change, 2014–24", None,
                  "Occupational openings, 2014–24 annual average",
                  "Median annual wage, 2015[1]"])  # fmt: skip
    sheet.append(["Title", "Code", "2014", "2024", "Number", "Percent", None, None])
    for cells in ("A2:B2", "C2:D2", "E2:F2", "G2:G3", "H2:H3"):
        sheet.merge_cells(cells)
    sheet.append(["Total, all occupations", "00-0000", 150539.9, 160328.8, 9788.9, 6.5,
                  None, 36200])  # fmt: skip
    sheet.append(["  Machinists", "51-4041", 399.7, 408.1, 8.4, 2.1, 11.4, 41030])
    sheet.append(["  Welders, cutters, solderers, and brazers", "51-4121", 397.9, 412.3, 14.4,
                  3.6, 12.9, 38150])  # fmt: skip
    sheet.append([])
    sheet.append(["[1] Data are from the Occupational Employment Statistics program."])
    workbook.save(HERE / "ep_occupation_2014-24_two_row_header.xlsx")


def state_layouts() -> None:
    """Two states' own OEWS layouts. State A: annual wages, area code and name columns,
    header on row 1, '#' and '*' in every wage column. State B: hourly wages, areas named
    (no codes) as BLS names them."""
    header = ["Area", "Area name", "SOC code", "Occupational title", "Employment",
              "Average wage", "10th Percentile", "25th Percentile", "Median Wage",
              "75th Percentile", "90th Percentile", "Entry Wage", "Experienced Wage"]  # fmt: skip
    rows = [
        ["08", "Colorado", "51-4041", "Machinists", "5,120", "$57,580", "$38,660", "$46,920",
         "$56,860", "$67,430", "$77,380", "$41,200", "$65,700"],
        ["08", "Colorado", "29-1212", "Cardiologists", "210", *["#"] * 8],
        ["19740", "Denver-Aurora-Centennial MSA", "17-3013", "Mechanical Drafters", "**",
         *["*"] * 8],
        ["19740", "Denver-Aurora-Centennial MSA", "51-4121",
         "Welders, Cutters, Solderers, and Brazers", "2,870", "$55,010", "$39,120", "$45,300",
         "$52,990", "$63,070", "$73,900", "$41,050", "$61,980"],
    ]  # fmt: skip
    out = io.StringIO()
    csv.writer(out, lineterminator="\r\n").writerows([header, *rows])
    (HERE / "state_a_oews_2025_annual.csv").write_text(out.getvalue())

    workbook = openpyxl.Workbook()
    sheet = workbook.active
    sheet.title = "OES 2025"
    sheet.append(["Occupational Employment and Wages, 2025 (hourly)"])
    sheet.append([])
    sheet.append(["Area name", "SOC code", "Occupational title", "Employment", "Average wage",
                  "Median Wage", "Entry Wage", "Experienced Wage"])  # fmt: skip
    sheet.append(["Colorado", "51-4041", "Machinists", 5120, 27.68, 27.34, 19.81, 31.59])
    sheet.append(["Pueblo, CO", "51-4041", "Machinists", 140, 25.10, "*", 18.02, 28.66])
    sheet.append(["Colorado", "29-1212", "Cardiologists", 210, "#", "#", "#", "#"])
    sheet.append([])
    sheet.append(["* Estimate not released. # At or above $115.00 an hour."])
    workbook.save(HERE / "state_b_oews_2025_hourly.xlsx")


if __name__ == "__main__":
    projections_csv_export()
    oews_query_export()
    nces_cip_soc_workbook()
    projections_two_row_header()
    state_layouts()
