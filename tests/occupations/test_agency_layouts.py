"""Every published layout imports, or is refused with the true reason; no figure is shown
wrong. The files in tests/occupations/files are small excerpts written in the agencies'
layouts (see make_files.py there). These run on SQLite by default and on PostgreSQL with
DATABASE_URL set: SQLite keeps over-long values, PostgreSQL refuses them, and the importers
must refuse them first on both."""

from __future__ import annotations

import csv
import io
import shutil
from pathlib import Path

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.core.management import call_command
from django.core.management.base import CommandError
from django.template.loader import render_to_string
from django.urls import reverse

from occupations import selectors
from occupations.importers import oews
from occupations.models import (
    CipSocCrosswalk,
    DataRelease,
    ImportJob,
    OewsColumnProfile,
    OewsEstimate,
    Projection,
    Source,
)
from occupations.services import import_job_create, import_job_run

pytestmark = pytest.mark.django_db
FILES = Path(__file__).resolve().parent / "files"
WAGE_COLUMNS = ["h_mean", "a_mean", "h_pct10", "h_pct25", "h_median", "h_pct75", "h_pct90",
                "a_pct10", "a_pct25", "a_median", "a_pct75", "a_pct90"]  # fmt: skip


def run(path: Path, source: str, version: str = "", profile=None) -> ImportJob:
    job = import_job_create(
        source=source, path=str(path), version=version, enqueue=False, profile=profile
    )
    return import_job_run(job_id=job.pk)


# --- 1. no value longer than its column -----------------------------------------------------


def test_projections_csv_export_keeps_the_title_and_the_alternate_titles():
    job = run(FILES / "ep_csv_export_alternate_titles.csv", Source.PROJECTIONS)
    assert job.status == ImportJob.Status.SUCCEEDED, job.error
    rows = {p.soc_code: p for p in Projection.objects.filter(release=job.release)}
    assert rows["13-2011"].title == "Accountants and auditors"
    assert rows["13-2011"].alternate_titles.splitlines()[:2] == ["Account Auditor", "Accountant"]
    # The machinists' cell is over 300 characters long: the title stays the title.
    assert rows["51-4041"].title == "Machinists"
    assert len(rows["51-4041"].alternate_titles.splitlines()) == 12
    assert rows["29-1229"].median_wage_top_coded and rows["29-1229"].median_wage == 239200
    assert any("alternate titles" in note for note in job.release.notes)


def test_projections_alternate_titles_are_search_terms(loaded_demo):
    selectors._search_index.cache_clear()
    run(FILES / "ep_csv_export_alternate_titles.csv", Source.PROJECTIONS)
    (hit,) = selectors.search_occupations("machine tool operator 11")
    assert hit.code == "51-4041.00" and hit.matched_title == "Machine Tool Operator 11"
    selectors._search_index.cache_clear()


def test_a_300_character_title_is_refused_with_file_row_column_and_value(tmp_path):
    text = (FILES / "oews_M2025_title_lines_above_header.csv").read_text()
    long_title = "Machinists and " + "precision metal-working specialists " * 8
    long_title = long_title[:300]
    path = tmp_path / "oews_M2025_long.csv"
    path.write_text(text.replace("Machinists", long_title, 1))
    job = run(path, Source.OEWS)
    assert job.status == ImportJob.Status.FAILED
    assert job.error.startswith("oews_M2025_long.csv, row 7, column “OCC_TITLE”:")
    assert "the value is 300 characters long; this column holds at most 255" in job.error
    assert "'Machinists and precision" in job.error
    assert not DataRelease.objects.exists()  # nothing of the file was kept


def test_a_database_refusal_is_told_in_words(monkeypatch, tmp_path):
    """The last line of defence: were a value to slip past the checks, PostgreSQL's refusal
    is still told as words naming the file, the column and the value."""
    from django.db import connection

    from occupations.importers import loader

    if connection.vendor != "postgresql":
        pytest.skip("SQLite does not enforce column lengths")
    monkeypatch.setattr(loader, "checked_rows", lambda model, fields, rows, **kw: rows)
    text = (FILES / "oews_M2025_title_lines_above_header.csv").read_text()
    path = tmp_path / "oews_M2025_long.csv"
    path.write_text(text.replace("Machinists", "Machinists " + "x" * 300, 1))
    job = run(path, Source.OEWS)
    assert job.status == ImportJob.Status.FAILED
    assert job.error.startswith("oews_M2025_long.csv, column “occ_title”: the database refused")
    assert "longer than the database column holds" in job.error and "Machinists x" in job.error
    assert "Traceback" not in job.error and "varying" not in job.error


def test_an_unexpected_failure_reaches_nobody_as_a_traceback(monkeypatch, capsys):
    def broken(*args, **kwargs):
        raise RuntimeError("internal detail")

    monkeypatch.setitem(__import__("occupations.services").services.IMPORTERS, Source.OEWS, broken)
    with pytest.raises(CommandError) as failed:
        call_command(
            "import_oews", str(FILES / "oews_M2025_title_lines_above_header.csv"), "--no-progress"
        )
    message = str(failed.value)
    assert "unexpected problem (RuntimeError); nothing was saved" in message
    assert "Traceback" not in capsys.readouterr().err


# --- 2. the data sheet and its header, wherever they are ---------------------------------------


def test_header_on_row_6_below_title_lines():
    job = run(FILES / "oews_M2025_title_lines_above_header.csv", Source.OEWS)
    assert job.status == ImportJob.Status.SUCCEEDED, job.error
    assert job.release.version == "May 2025"
    assert "Read header on row 6." in job.release.notes
    assert OewsEstimate.objects.filter(release=job.release).count() == 3


def test_guide_sheet_before_the_data_sheet():
    job = run(FILES / "CIP2020_SOC2018_Crosswalk_with_guide.xlsx", Source.CIP_SOC)
    assert job.status == ImportJob.Status.SUCCEEDED, job.error
    assert "Read sheet “CIP-SOC”, header on row 1." in job.release.notes
    rows = CipSocCrosswalk.objects.filter(release=job.release).order_by("line")
    assert [(r.cip_code, r.soc_code) for r in rows] == [
        ("48.0501", "51-4041"), ("48.0501", "51-4081"), ("48.0508", "51-4121"),
        ("01.0000", "99-9999"),
    ]  # fmt: skip


def test_two_row_header_of_an_older_projections_workbook():
    job = run(FILES / "ep_occupation_2014-24_two_row_header.xlsx", Source.PROJECTIONS)
    assert job.status == ImportJob.Status.SUCCEEDED, job.error
    assert job.release.version == "2014-24"
    assert "Read sheet “Table 1.2”, header on rows 2-3." in job.release.notes
    machinists = Projection.objects.get(release=job.release, soc_code="51-4041")
    assert (machinists.employment_base, machinists.employment_target) == (399.7, 408.1)
    assert (machinists.change_numeric, machinists.change_percent) == (8.4, 2.1)
    assert machinists.annual_openings == 11.4 and machinists.median_wage == 41030
    assert Projection.objects.filter(release=job.release).count() == 3


def test_refusal_lists_the_columns_expected_and_found():
    job = run(FILES / "state_a_oews_2025_annual.csv", Source.OEWS)
    assert job.status == ImportJob.Status.FAILED
    assert "this is not a BLS OEWS flat file" in job.error
    assert "Expected columns: AREA, AREA_TITLE, OCC_CODE, OCC_TITLE, TOT_EMP" in job.error
    assert "Closest found (row 1): Area, Area name, SOC code, Occupational title" in job.error
    guide_only = run(FILES / "CIP2020_SOC2018_Crosswalk_with_guide.xlsx", Source.ONET_SOC)
    assert "Expected columns: O*NET-SOC 2019 Code" in guide_only.error
    assert "Closest found (sheet “CIP-SOC” row 1): CIP2020Code" in guide_only.error


# --- 3 and 4. state layouts through a saved mapping; '#' and '*' in every wage column -----------


def test_markers_in_every_wage_column_are_kept_as_flags_and_shown_in_words():
    job = run(FILES / "oews_M2025_title_lines_above_header.csv", Source.OEWS)
    rows = {e.occ_code: e for e in OewsEstimate.objects.filter(release=job.release)}
    assert rows["29-1212"].markers == dict.fromkeys(WAGE_COLUMNS, "#")
    assert rows["17-3013"].markers == {"tot_emp": "**", **dict.fromkeys(WAGE_COLUMNS, "*")}
    assert all(getattr(rows["29-1212"], c) is None for c in WAGE_COLUMNS)
    assert job.release.top_code_annual == 239200 and job.release.top_code_hourly == 115

    (cardiologists,) = selectors.wages_for("29-1212", ["08"])
    assert {f.text for f in cardiologists.figures.values()} >= {
        "at least $239,200", "at least $115.00"
    }  # fmt: skip
    assert all(not f.is_number for f in cardiologists.figures.values())
    (drafters,) = selectors.wages_for("17-3013", ["08"])
    assert {f.text for f in drafters.figures.values()} == {"not available"}


def test_explorer_wages_never_draw_a_top_code_as_an_amount(rf):
    from occupations.views import _wages_context

    run(FILES / "oews_M2025_title_lines_above_header.csv", Source.OEWS)
    context = _wages_context(rf.get("/", {"area": "08"}), "29-1212")
    (chart,) = context["chart"]
    assert chart["values"] == [None] * 5  # nothing drawn as a plain amount
    assert chart["at_least"] == [239200.0] * 5
    assert chart["texts"] == ["at least $239,200"] * 5

    class Occupation:
        code, soc_code = "29-1212.00", "29-1212"

    html = render_to_string("occupations/_wages.html", {**context, "occupation": Occupation()})
    assert html.count(">at least $239,200</td>") == 2  # median and mean annual
    assert html.count(">at least $115.00</td>") == 1  # median hourly
    assert "239200" not in html.split("wage-chart-data")[0]  # no amount in the table
    drafters = _wages_context(rf.get("/", {"area": "08"}), "17-3013")
    assert drafters["chart"] == []  # nothing published: no bar at all
    html = render_to_string("occupations/_wages.html", {**drafters, "occupation": Occupation()})
    assert html.count(">not available</") == 4  # employment and the three wages


def test_map_wage_text_reads_at_least_and_not_available():
    from pathways.maps.selectors import money

    assert money(239200.0, "annual", True) == "at least $239,200"
    assert money(115.0, "hourly", True) == "at least $115.00"
    assert money(None, "annual") == "not available"
    assert money(56860.0, "annual") == "$56,860"


def test_state_layout_through_a_saved_mapping(client, staff, django_capture_on_commit_callbacks):
    client.force_login(staff)
    upload = SimpleUploadedFile(
        "state_a_oews_2025_annual.csv", (FILES / "state_a_oews_2025_annual.csv").read_bytes()
    )
    response = client.post(reverse("occupations:state_upload"), {"state-upload": upload})
    job = ImportJob.objects.get()
    assert job.status == ImportJob.Status.MAPPING
    assert response["Location"] == reverse("occupations:job_map", args=[job.pk])
    page = client.get(response["Location"])
    html = page.content.decode()
    # The preview shows the first rows; the guesses come from the header names.
    assert "Read header on row 1." in html and "Denver-Aurora-Centennial MSA" in html
    form = page.context["form"]
    assert form["col_occ_code"].value() == "SOC code"
    assert form["col_mean"].value() == "Average wage"
    assert form["col_pct25"].value() == "25th Percentile"
    assert form["col_entry"].value() == "Entry Wage"
    assert form["version"].value() == "May 2025" and form["wage_unit"].value() == "annual"
    data = {name: form[name].value() or "" for name in form.fields}
    data.update(publisher="State A Labor Market Information", profile_version="")
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(reverse("occupations:job_map", args=[job.pk]), data)
    assert response.status_code == 302, response.content.decode()[:2000]
    job.refresh_from_db()
    assert job.status == ImportJob.Status.SUCCEEDED, job.error
    release = job.release
    assert str(release) == (
        "BLS Occupational Employment and Wage Statistics May 2025 "
        "(State A Labor Market Information)"
    )
    rows = {(e.area_code, e.occ_code): e for e in OewsEstimate.objects.filter(release=release)}
    machinists = rows[("08", "51-4041")]
    assert (machinists.tot_emp, machinists.a_mean, machinists.a_pct25) == (5120, 57580, 46920)
    assert (machinists.a_entry, machinists.a_experienced) == (41200, 65700)
    assert machinists.h_median is None and machinists.annual_only
    assert rows[("08", "29-1212")].markers == dict.fromkeys(
        ["a_mean", "a_pct10", "a_pct25", "a_median", "a_pct75", "a_pct90", "a_entry",
         "a_experienced"], "#")  # fmt: skip
    assert rows[("19740", "17-3013")].markers["a_experienced"] == "*"
    profile = OewsColumnProfile.objects.get()
    assert profile.columns["mean"] == "Average wage" and profile.wage_unit == "annual"

    # The next file of the publisher: the saved mapping is offered, and reads it by command.
    page = client.get(reverse("occupations:job_map", args=[job.pk]))
    assert page.status_code == 404  # this one is imported
    call_command("import_oews", str(FILES / "state_a_oews_2025_annual.csv"), "--no-progress",
                 "--profile", profile.publisher, "--release", "May 2025")  # fmt: skip
    assert ImportJob.objects.latest("pk").status == ImportJob.Status.UNCHANGED


def test_hourly_state_layout_naming_areas_without_codes(demo_data):
    run(demo_data / "oews_colorado_M2025_excerpt.xlsx", Source.OEWS)  # knows the area names
    profile = OewsColumnProfile.objects.create(
        publisher="State B Department of Labor",
        columns=oews.guess_mapping(
            [
                "Area name",
                "SOC code",
                "Occupational title",
                "Employment",
                "Average wage",
                "Median Wage",
                "Entry Wage",
                "Experienced Wage",
            ]
        ),  # fmt: skip
        wage_unit="hourly",
    )
    assert "area" not in profile.columns and profile.columns["area_title"] == "Area name"
    job = run(FILES / "state_b_oews_2025_hourly.xlsx", Source.OEWS, "May 2025", profile)
    assert job.status == ImportJob.Status.SUCCEEDED, job.error
    assert "Read sheet “OES 2025”, header on row 3." in job.release.notes
    rows = {(e.area_code, e.occ_code): e for e in OewsEstimate.objects.filter(release=job.release)}
    assert rows[("08", "51-4041")].h_median == 27.34 and rows[("08", "51-4041")].hourly_only
    pueblo = rows[("39380", "51-4041")]
    assert pueblo.h_median is None and pueblo.markers == {"h_median": "*"}
    assert rows[("08", "29-1212")].markers["h_entry"] == "#"
    assert job.release.publisher == "State B Department of Labor"


def test_state_file_with_an_unknown_area_name_is_refused_in_words(tmp_path):
    profile = OewsColumnProfile.objects.create(
        publisher="State B", columns={"area_title": "Area name", "occ_code": "SOC code",
                                      "occ_title": "Occupational title"}, wage_unit="hourly",
    )  # fmt: skip
    job = run(FILES / "state_b_oews_2025_hourly.xlsx", Source.OEWS, "May 2025", profile)
    assert job.status == ImportJob.Status.FAILED
    assert "row 4, column “Area name”: this area name is not an OEWS area" in job.error


def test_mapping_page_and_state_upload_are_for_staff_only(client, db):
    from tests.factories import UserFactory

    for url, method in [(reverse("occupations:state_upload"), client.post),
                        (reverse("occupations:job_map", args=[1]), client.get)]:  # fmt: skip
        assert "/accounts/login/" in method(url)["Location"]
    client.force_login(UserFactory(username="counselor"))
    assert client.post(reverse("occupations:state_upload")).status_code == 403
    assert client.get(reverse("occupations:job_map", args=[1])).status_code == 403


# --- 5. task counts --------------------------------------------------------------------------


def test_profile_shows_the_task_count_and_every_task(client, loaded_demo):
    html = client.get(reverse("occupations:profile", args=["51-4031.00"])).content.decode()
    profile = selectors.onet_profile("51-4031.00")
    assert profile.task_count == 32
    assert "32 tasks" in html and "Show all 32 tasks" in html
    for task in profile.core_tasks + profile.supplemental_tasks:
        assert task.statement in html


# --- 6. release names ------------------------------------------------------------------------


def test_onet_folder_without_a_version_needs_the_release(demo_data, tmp_path):
    folder = tmp_path / "recent_text_trchitho"
    shutil.copytree(demo_data / "onet_27_0_excerpt", folder)
    (folder / "Read Me.txt").write_text("O*NET Database\nplease see the web site\n")
    job = run(folder, Source.ONET)
    assert job.status == ImportJob.Status.FAILED
    assert "cannot tell which O*NET release this is" in job.error and "--release" in job.error
    job = run(folder, Source.ONET, version="27.0")
    assert job.status == ImportJob.Status.SUCCEEDED and job.release.version == "27.0"


def test_data_page_asks_for_the_onet_release_when_the_zip_does_not_say(client, staff, tmp_path):
    import zipfile

    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w") as archive:
        archive.writestr("Read Me.txt", "O*NET Database\n")
    client.force_login(staff)
    upload = SimpleUploadedFile("recent_text.zip", buffer.getvalue())
    response = client.post(reverse("occupations:data"), {"source": "onet", "upload": upload})
    assert response.status_code == 400
    assert "does not say its version" in response.content.decode()
    assert not ImportJob.objects.exists()


# --- 7. periods ------------------------------------------------------------------------------


def industry_file(tmp_path: Path) -> Path:
    """The row-6 file turned into a national-by-industry file (no cross-industry rows)."""
    rows = list(csv.reader(io.StringIO((FILES / "oews_M2025_title_lines_above_header.csv")
                                       .read_text())))  # fmt: skip
    for row in rows[6:]:
        row[0], row[1], row[2], row[4], row[5] = "99", "U.S.", "1", "336000", "Transportation"
    path = tmp_path / "nat4d_M2025_dl.csv"
    with open(path, "w", newline="") as handle:
        csv.writer(handle).writerows(rows)
    return path


def test_an_industry_file_never_becomes_the_current_national_release(demo_data, tmp_path):
    national = run(demo_data / "oews_national_M2023_excerpt.xlsx", Source.OEWS).release
    industry = run(industry_file(tmp_path), Source.OEWS)
    assert industry.status == ImportJob.Status.SUCCEEDED, industry.error
    assert industry.release.industry_only
    assert selectors.current_release(Source.OEWS) == national
    nation = [r for r in selectors.wages_for("51-4041") if r.is_nation][0]
    assert nation.period == "May 2023" and nation.estimate.naics == "000000"


def test_figures_of_different_periods_say_so(client, loaded_demo, rf, tmp_path):
    from occupations.views import _wages_context

    context = _wages_context(rf.get("/", {"area": "08"}), "51-4041")
    assert [r.period for r in context["wage_rows"]] == ["May 2025", "May 2023"]
    assert context["periods_differ"]
    html = client.get(reverse("occupations:profile", args=["51-4041.00"])).content.decode()
    assert (
        "The figures are from different periods: Colorado OEWS May 2025; U.S. OEWS May 2023" in html
    )
    # With a May 2025 national file imported before the May 2023 one, the nation matches.
    rows = list(csv.reader(io.StringIO((FILES / "oews_M2025_title_lines_above_header.csv")
                                       .read_text())))  # fmt: skip
    for row in rows[6:]:
        row[0], row[1], row[2] = "99", "U.S.", "1"
    path = tmp_path / "national_M2025_dl.csv"
    with open(path, "w", newline="") as handle:
        csv.writer(handle).writerows(rows)
    national_2025 = run(path, Source.OEWS).release
    DataRelease.objects.filter(pk=national_2025.pk).update(
        imported_at=DataRelease.objects.order_by("imported_at").first().imported_at
    )
    rows = selectors.wages_for("51-4041", ["08"])
    assert [r.period for r in rows] == ["May 2025", "May 2025"]
    assert not selectors.wage_periods_differ(rows)


# --- Run again of a state file ----------------------------------------------------------------


def test_run_again_of_a_file_refused_on_the_mapping_page_goes_back_to_its_mapping(
    client, staff, monkeypatch, django_capture_on_commit_callbacks
):
    """Refused on the mapping page (here: its storage could not be read for a moment), the
    state file is never retried as a BLS flat file: Run again opens its mapping again."""
    client.force_login(staff)
    upload = SimpleUploadedFile(
        "state_a_oews_2025_annual.csv", (FILES / "state_a_oews_2025_annual.csv").read_bytes()
    )
    response = client.post(reverse("occupations:state_upload"), {"state-upload": upload})
    job = ImportJob.objects.get()
    real_preview = oews.read_preview
    calls = []

    def flaky_preview(*args, **kwargs):
        calls.append(1)
        if len(calls) == 1:
            raise OSError("the upload folder is not mounted")
        return real_preview(*args, **kwargs)

    monkeypatch.setattr(oews, "read_preview", flaky_preview)
    assert client.get(response["Location"])["Location"] == reverse("occupations:data")
    job.refresh_from_db()
    assert job.status == ImportJob.Status.FAILED and "not mounted" in job.error
    assert "Run again" in client.get(reverse("occupations:data")).content.decode()

    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(reverse("occupations:job_retry", args=[job.pk]))
    assert response["Location"] == reverse("occupations:job_map", args=[job.pk])
    job.refresh_from_db()
    assert job.status == ImportJob.Status.MAPPING and job.error == ""  # nothing ran as BLS
    page = client.get(response["Location"])
    assert page.status_code == 200 and "Denver-Aurora-Centennial MSA" in page.content.decode()
    form = page.context["form"]
    data = {name: form[name].value() or "" for name in form.fields}
    data.update(publisher="State A Labor Market Information", profile_version="")
    with django_capture_on_commit_callbacks(execute=True):
        client.post(reverse("occupations:job_map", args=[job.pk]), data)
    job.refresh_from_db()
    assert job.status == ImportJob.Status.SUCCEEDED, job.error
    assert job.release.publisher == "State A Labor Market Information"


def test_run_again_of_a_mapped_import_reads_it_through_its_profile(
    client, staff, demo_data, django_capture_on_commit_callbacks
):
    profile = OewsColumnProfile.objects.create(
        publisher="State B Department of Labor", wage_unit="hourly",
        columns={"area_title": "Area name", "occ_code": "SOC code",
                 "occ_title": "Occupational title", "median": "Median Wage"},
    )  # fmt: skip
    client.force_login(staff)
    job = run(FILES / "state_b_oews_2025_hourly.xlsx", Source.OEWS, "May 2025", profile)
    assert job.status == ImportJob.Status.FAILED  # its area names are not known yet
    assert "this area name is not an OEWS area" in job.error
    run(demo_data / "oews_colorado_M2025_excerpt.xlsx", Source.OEWS)  # now they are
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(reverse("occupations:job_retry", args=[job.pk]))
    assert response["Location"] == reverse("occupations:data")
    job.refresh_from_db()
    assert job.status == ImportJob.Status.SUCCEEDED, job.error
    assert job.release.publisher == "State B Department of Labor"
    assert (
        OewsEstimate.objects.get(release=job.release, area_code="08", occ_code="51-4041").h_median
        == 27.34
    )
    messages = [str(m) for m in response.wsgi_request._messages]
    assert messages == [f"Import #{job.pk} started again with the mapping saved for {profile}."]


# --- top codes by period, for files that do not state theirs ---------------------------------


def test_top_codes_by_period_are_those_bls_published():
    assert oews.published_top_codes("May 2024") == (115.0, 239200.0)
    assert oews.published_top_codes("May 2022") == (115.0, 239200.0)
    assert oews.published_top_codes("May 2021") == (100.0, 208000.0)
    assert oews.published_top_codes("May 2016") == (100.0, 208000.0)
    assert oews.published_top_codes("May 2015") == (None, None)  # not verified: no guess


@pytest.mark.parametrize(
    ("period", "annual", "hourly"),
    [
        ("May 2022", "at least $239,200", "at least $115.00"),
        ("May 2019", "at least $208,000", "at least $100.00"),
        ("May 2014", "at or above BLS's top code", "at or above BLS's top code"),
    ],
)
def test_a_file_that_does_not_state_its_top_code_reads_its_periods(period, annual, hourly):
    # The importer takes a top code from a workbook's Field Descriptions or from ">=$N"
    # cells; this csv has neither (its title line is prose), so the period decides.
    job = run(FILES / "oews_M2025_title_lines_above_header.csv", Source.OEWS, period)
    assert job.status == ImportJob.Status.SUCCEEDED and job.release.version == period
    (cardiologists,) = selectors.wages_for("29-1212", ["08"])
    figures = cardiologists.figures
    assert figures["a_median"].text == annual and figures["h_median"].text == hourly
    assert not any(f.is_number for f in figures.values())


def test_a_workbook_states_its_own_top_code_in_its_field_descriptions(tmp_path):
    import openpyxl

    lines = list(csv.reader(io.StringIO((FILES / "oews_M2025_title_lines_above_header.csv")
                                        .read_text())))  # fmt: skip
    workbook = openpyxl.Workbook()
    data = workbook.active
    data.title = "state_M2023_dl"
    for row in lines[5:]:
        data.append(row)
    notes = workbook.create_sheet("Field Descriptions")
    notes.append(["Notes:"])
    notes.append(["#  = indicates a wage equal to or greater than $100.00 per hour or "
                  "$208,000 per year"])  # fmt: skip
    path = tmp_path / "state_M2023_dl.xlsx"
    workbook.save(path)
    job = run(path, Source.OEWS)
    assert job.status == ImportJob.Status.SUCCEEDED, job.error
    assert (job.release.top_code_hourly, job.release.top_code_annual) == (100.0, 208000.0)
    (cardiologists,) = selectors.wages_for("29-1212", ["08"])
    assert cardiologists.figures["a_median"].text == "at least $208,000"
