"""Importing BLS OEWS, Employment Projections and the crosswalks, as published."""

from __future__ import annotations

import csv
from pathlib import Path

import openpyxl
import pytest

from occupations import selectors
from occupations.models import (
    CipSocCrosswalk,
    DataRelease,
    ImportJob,
    OewsArea,
    OewsEstimate,
    OnetSocCrosswalk,
    Projection,
    SocCode,
    Source,
)
from occupations.services import import_job_create, import_job_run
from tests.occupations.conftest import shared_file

pytestmark = pytest.mark.django_db


def run(path: Path, source: str, version: str = "") -> ImportJob:
    job = import_job_create(source=source, path=str(path), version=version, enqueue=False)
    return import_job_run(job_id=job.pk)


def rewrite_xlsx(src: Path, dst: Path, change) -> Path:
    workbook = openpyxl.load_workbook(src)
    change(workbook.active)
    workbook.save(dst)
    return dst


# --- OEWS -------------------------------------------------------------------------------


def test_oews_colorado_keeps_markers_as_flags(demo_data):
    job = run(demo_data / "oews_colorado_M2025_excerpt.xlsx", Source.OEWS)
    assert job.status == ImportJob.Status.SUCCEEDED, job.error
    assert job.release.version == "May 2025"
    assert OewsArea.objects.filter(release=job.release).count() == 11
    pueblo = OewsEstimate.objects.get(release=job.release, area_code="39380", occ_code="51-2090")
    assert pueblo.tot_emp is None and pueblo.markers["tot_emp"] == "**"
    assert pueblo.a_median == 45560
    greeley = OewsEstimate.objects.get(release=job.release, area_code="24540", occ_code="17-3013")
    assert greeley.tot_emp == 30 and greeley.a_median is None and greeley.markers["a_median"] == "*"
    assert (
        OewsEstimate.objects.get(release=job.release, area_code="08", occ_code="51-4041").o_group
        == "detailed"
    )


def test_oews_national_keeps_duplicate_broad_and_detailed_rows(demo_data):
    job = run(demo_data / "oews_national_M2023_excerpt.xlsx", Source.OEWS)
    assert job.status == ImportJob.Status.SUCCEEDED, job.error
    assert job.release.version == "May 2023"
    groups = sorted(
        OewsEstimate.objects.filter(release=job.release, occ_code="51-2090").values_list(
            "o_group", flat=True
        )
    )
    assert groups == ["broad", "detailed"]
    top = OewsEstimate.objects.get(release=job.release, occ_code="11-3000")
    assert top.a_pct90 is None and top.markers == {"h_pct90": "#", "a_pct90": "#"}


def test_oews_csv_with_separators_blank_flags_and_low_reporting_marker(tmp_path):
    header = (
        "AREA,AREA_TITLE,AREA_TYPE,PRIM_STATE,NAICS,NAICS_TITLE,I_GROUP,OWN_CODE,OCC_CODE,"
        "OCC_TITLE,O_GROUP,TOT_EMP,EMP_PRSE,JOBS_1000,LOC_QUOTIENT,PCT_TOTAL,PCT_RPT,H_MEAN,"
        "A_MEAN,MEAN_PRSE,H_PCT10,H_PCT25,H_MEDIAN,H_PCT75,H_PCT90,A_PCT10,A_PCT25,A_MEDIAN,"
        "A_PCT75,A_PCT90,ANNUAL,HOURLY,EXTRA_NEW_COLUMN"
    )
    row = (
        "99,U.S.,1,US,332000,Fabricated Metal Product Manufacturing,3-digit,5,51-4041,"
        'Machinists,detailed,"98,760",1.1,,,12.5,~,25.1,"52,200",0.4,17,20,24,29,35,'
        '"35,360","41,600","49,920","60,320","72,800",,,x'
    )
    path = tmp_path / "nat3d_M2023_dl.csv"
    path.write_text("\ufeff" + header + "\r\n" + row + "\r\n")
    job = run(path, Source.OEWS)
    assert job.status == ImportJob.Status.SUCCEEDED, job.error
    estimate = OewsEstimate.objects.get(release=job.release)
    assert (estimate.naics, estimate.tot_emp, estimate.a_median) == ("332000", 98760, 49920)
    assert estimate.pct_rpt is None and estimate.markers == {"pct_rpt": "~"}
    assert not estimate.annual_only and not estimate.hourly_only


def test_oews_bad_value_names_column_and_row(demo_data, tmp_path):
    def damage(sheet):
        sheet.cell(row=7, column=28).value = "n.a."  # A_MEDIAN

    path = rewrite_xlsx(
        demo_data / "oews_colorado_M2025_excerpt.xlsx", tmp_path / "oews_M2025.xlsx", damage
    )
    job = run(path, Source.OEWS)
    assert job.status == ImportJob.Status.FAILED
    assert "oews_M2025.xlsx, row 7, column “A_MEDIAN”" in job.error and "'n.a.'" in job.error
    assert not DataRelease.objects.exists() and not OewsEstimate.objects.exists()


def test_oews_missing_column(demo_data, tmp_path):
    def damage(sheet):
        sheet.cell(row=1, column=9).value = "OCCUPATION"

    path = rewrite_xlsx(
        demo_data / "oews_colorado_M2025_excerpt.xlsx", tmp_path / "oews_M2025.xlsx", damage
    )
    job = run(path, Source.OEWS)
    assert job.status == ImportJob.Status.FAILED
    assert "row 1: required column missing: OCC_CODE." in job.error
    assert "Expected: AREA, AREA_TITLE, OCC_CODE" in job.error
    assert "Found: AREA, AREA_TITLE, AREA_TYPE" in job.error and "OCCUPATION" in job.error
    assert not OewsEstimate.objects.exists()


def test_oews_not_a_workbook(tmp_path):
    path = tmp_path / "all_data_M_2024.xlsx"
    path.write_bytes(b"PK\x03\x04 damaged")
    job = run(path, Source.OEWS)
    assert job.status == ImportJob.Status.FAILED
    assert "all_data_M_2024.xlsx" in job.error
    assert not DataRelease.objects.exists()


# --- Employment Projections ------------------------------------------------------------


def test_projections_table_1_2(demo_data):
    job = run(demo_data / "ep_occupation_2024-34_excerpt.xlsx", Source.PROJECTIONS)
    assert job.status == ImportJob.Status.SUCCEEDED, job.error
    assert job.release.version == "2024-34"
    machinists = Projection.objects.get(release=job.release, soc_code="51-4041")
    assert machinists.title == "Machinists"  # indent stripped
    assert (machinists.employment_base, machinists.annual_openings) == (299.5, 29.5)
    assert machinists.typical_education == "High school diploma or equivalent"
    assert machinists.job_training == "Long-term on-the-job training"
    assert (machinists.base_year, machinists.target_year) == (2024, 2034)
    production = Projection.objects.get(release=job.release, soc_code="51-0000")
    assert production.occupation_type == "Summary" and production.typical_education == ""
    assert production.depth == 1
    # Footnote rows below the table are not data.
    assert (
        Projection.objects.filter(release=job.release).count()
        == job.release.row_counts["projections"]
    )


def test_projections_csv_export_matches_the_workbook(demo_data):
    job = run(demo_data / "ep_occupation_2024-34_excerpt.csv", Source.PROJECTIONS)
    assert job.status == ImportJob.Status.SUCCEEDED, job.error
    machinists = Projection.objects.get(release=job.release, soc_code="51-4041")
    assert (machinists.employment_base, machinists.median_wage) == (299.5, 56150)
    assert machinists.typical_education == "High school diploma or equivalent"


def test_projections_top_coded_wage_and_unavailable_values(tmp_path):
    path = tmp_path / "occupation.csv"
    with open(path, "w", newline="") as handle:
        writer = csv.writer(handle, quoting=csv.QUOTE_ALL)
        writer.writerow(["Occupation Title", "Occupation Code", "Employment 2024",
                         "Employment 2034", "Employment Change, 2024–2034",
                         "Employment Percent Change, 2024–2034",
                         "Occupational Openings, 2024–2034 Annual Average",
                         "Median Annual Wage 2024", "Typical Entry-Level Education"])  # fmt: skip
        writer.writerow(["Cardiologists", '="29-1212"', "1,234.5", "1,300.0", "65.5", "5.3",
                         "N/A", ">=$239,200", "Doctoral or professional degree"])  # fmt: skip
    job = run(path, Source.PROJECTIONS)
    assert job.status == ImportJob.Status.SUCCEEDED, job.error
    row = Projection.objects.get(release=job.release)
    assert (row.soc_code, row.employment_base, row.annual_openings) == ("29-1212", 1234.5, None)
    assert row.median_wage == 239200 and row.median_wage_top_coded


def test_projections_bad_code(demo_data, tmp_path):
    def damage(sheet):
        sheet.cell(row=5, column=2).value = "51 4041"

    workbook = openpyxl.load_workbook(demo_data / "ep_occupation_2024-34_excerpt.xlsx")
    damage(workbook["Table 1.2"])
    path = tmp_path / "occupation.xlsx"
    workbook.save(path)
    job = run(path, Source.PROJECTIONS)
    assert job.status == ImportJob.Status.FAILED
    assert "occupation.xlsx, row 5, column “2024 National Employment Matrix code”" in job.error
    assert "'51 4041'" in job.error
    assert not Projection.objects.exists()


# --- crosswalks -------------------------------------------------------------------------


def test_soc_structure_levels(demo_data):
    job = run(demo_data / "soc_structure_2018_excerpt.xlsx", Source.SOC)
    assert job.status == ImportJob.Status.SUCCEEDED, job.error
    codes = SocCode.objects.filter(release=job.release)
    machinists = codes.get(code="51-4041")
    assert (machinists.level, machinists.parent_code) == ("detailed", "51-4040")
    assert codes.get(code="51-0000").level == "major"
    assert codes.get(code="51-4000").parent_code == "51-0000"


def test_onet_soc_crosswalk(demo_data):
    job = run(demo_data / "2019_to_SOC_Crosswalk_excerpt.xlsx", Source.ONET_SOC)
    assert job.status == ImportJob.Status.SUCCEEDED, job.error
    assert set(
        OnetSocCrosswalk.objects.filter(soc_code="17-2141").values_list("onet_code", flat=True)
    ) == {"17-2141.00", "17-2141.01", "17-2141.02"}


def test_cip_soc_crosswalk_with_bom_crlf_and_no_match_rows(demo_data):
    job = run(demo_data / "CIP2020_SOC2018_Crosswalk_excerpt.csv", Source.CIP_SOC)
    assert job.status == ImportJob.Status.SUCCEEDED, job.error
    rows = CipSocCrosswalk.objects.filter(release=job.release)
    assert rows.filter(soc_code="99-9999").exists()
    assert rows.filter(cip_code="48.0501", soc_code="51-4041").exists()  # Machine Tool Technology
    assert all(code != "99-9999" for code, _ in selectors.soc_for_cip("48.0501"))
    assert ("51-4041", "Machinists") in selectors.soc_for_cip("48.0501")


def test_cip_code_must_look_like_a_cip_code(demo_data, tmp_path):
    text = (demo_data / "CIP2020_SOC2018_Crosswalk_excerpt.csv").read_bytes().decode("utf-8-sig")
    lines = text.split("\r\n")
    lines[3] = "1.05" + lines[3][7:]
    path = tmp_path / "CIP2020_SOC2018_Crosswalk.csv"
    path.write_bytes("\r\n".join(lines).encode())
    job = run(path, Source.CIP_SOC)
    assert job.status == ImportJob.Status.FAILED
    assert "row 4, column “CIP2020Code”" in job.error and "'1.05" in job.error


# --- the real files, where present ------------------------------------------------------


def test_real_oews_national_counts():
    job = run(shared_file("oews/national_M2023_dl.xlsx"), Source.OEWS)
    assert job.status == ImportJob.Status.SUCCEEDED, job.error
    rows = OewsEstimate.objects.filter(release=job.release)
    assert rows.count() == 1403
    assert {g: rows.filter(o_group=g).count() for g in ["total", "major", "minor", "broad", "detailed"]} == {
        "total": 1, "major": 22, "minor": 94, "broad": 455, "detailed": 831
    }  # fmt: skip
    assert rows.filter(annual_only=True).count() == 83
    assert rows.filter(hourly_only=True).count() == 7


def test_real_oews_colorado_counts():
    job = run(shared_file("oews/colorado_M2025_reconstructed.xlsx"), Source.OEWS)
    assert job.status == ImportJob.Status.SUCCEEDED, job.error
    rows = OewsEstimate.objects.filter(release=job.release)
    assert rows.count() == 4915
    assert OewsArea.objects.filter(release=job.release).count() == 11
    assert rows.filter(area_code="19740").count() == 681
    assert rows.filter(markers__tot_emp="**").count() == 188
    assert rows.filter(annual_only=True).count() == 277
    assert rows.filter(area_code="08", occ_code="15-1252").get().a_median == 138390


def test_real_projections_counts():
    job = run(shared_file("ep/occupation_2024-34.xlsx"), Source.PROJECTIONS)
    assert job.status == ImportJob.Status.SUCCEEDED, job.error
    rows = Projection.objects.filter(release=job.release)
    assert rows.count() == 1113
    assert rows.filter(occupation_type="Summary").count() == 281
    assert rows.filter(median_wage_top_coded=True).count() == 19


def test_real_crosswalk_counts():
    soc = run(shared_file("xwalk/soc_structure_2018.xlsx"), Source.SOC)
    assert soc.status == ImportJob.Status.SUCCEEDED, soc.error
    levels = SocCode.objects.filter(release=soc.release)
    assert {lv: levels.filter(level=lv).count() for lv in ["major", "minor", "broad", "detailed"]} == {
        "major": 23, "minor": 98, "broad": 459, "detailed": 867
    }  # fmt: skip
    onet_soc = run(shared_file("xwalk/2019_to_SOC_Crosswalk.xlsx"), Source.ONET_SOC)
    assert onet_soc.release.row_counts == {"O*NET-SOC to SOC rows": 1016}
    cip = run(shared_file("xwalk/CIP2020_SOC2018_Crosswalk.csv"), Source.CIP_SOC)
    rows = CipSocCrosswalk.objects.filter(release=cip.release)
    assert rows.count() == 6097
    assert rows.values("cip_code").distinct().count() == 2143
    assert rows.filter(soc_code="99-9999").count() == 194
    assert rows.filter(cip_code="99.9999").count() == 180
