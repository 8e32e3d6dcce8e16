"""IPEDS completions (C<year>_A) and institutions (HD<year>): the layouts NCES ships, the rows
that are not programs, and errors that name the file, row, column and value."""

from __future__ import annotations

import io
import zipfile
from pathlib import Path

import pytest
from django.core.management import call_command
from django.core.management.base import CommandError

from occupations.importers.ipeds import cip_code, completions_year
from occupations.models import DataRelease, ImportJob, IpedsCompletion, IpedsInstitution, Source
from occupations.services import import_job_create, import_job_run

pytestmark = pytest.mark.django_db
DEMO = Path(__file__).resolve().parents[2] / "occupations" / "demo_data"
HEADER = "UNITID,CIPCODE,MAJORNUM,AWLEVEL,XCTOTALT,CTOTALT,XCTOTALM,CTOTALM"


def run(source: str, path: Path, version: str = "") -> ImportJob:
    job = import_job_create(source=source, path=str(path), version=version, enqueue=False)
    return import_job_run(job_id=job.pk)


def write(tmp_path: Path, name: str, text: str, encoding: str = "utf-8") -> Path:
    path = tmp_path / name
    path.write_bytes(text.encode(encoding))
    return path


def test_completions_keep_first_majors_of_six_digit_codes(tmp_path):
    path = write(tmp_path, "c2023_a.csv", "\r\n".join([
        HEADER,
        '990101,"48",1,3,R,30,R,20',          # 2-digit roll-up
        '990101,"48.05",1,3,R,30,R,20',       # 4-digit roll-up
        '990101,"48.0501",1,3,R,21,R,15',
        '990101,"48.0501",2,3,R,9,R,5',       # second major
        '990101,"48.0508",1,20,R,7,R,4',      # under 12 weeks (2020-21 on)
        '990101,"48.0508",1,21,R,5,R,4',      # 12 weeks to a year
        '990101,"99",1,3,R,30,R,20',          # grand total
    ]) + "\r\n")  # fmt: skip
    job = run(Source.IPEDS_COMPLETIONS, path)
    assert job.status == ImportJob.Status.SUCCEEDED, job.error
    rows = sorted(
        IpedsCompletion.objects.values_list(
            "year", "unitid", "cip_code", "award_level", "completers"
        )
    )
    assert rows == [(2023, 990101, "48.0501", 3, 21), (2023, 990101, "48.0508", 20, 7),
                    (2023, 990101, "48.0508", 21, 5)]  # fmt: skip
    assert job.release.version == "2022-23"
    assert "2 CIP roll-up rows, 1 grand-total (99) row, 1 second-major row" in " ".join(
        job.release.notes
    )


def test_the_revised_csv_in_the_nces_zip_is_read(tmp_path):
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w") as archive:
        archive.writestr("c2022_a.csv", HEADER + '\n1,"01.0101",1,5,R,10,R,5\n')
        archive.writestr("c2022_a_rv.csv", HEADER + '\n1,"01.0101",1,5,R,12,R,6\n')
    path = tmp_path / "C2022_A.zip"
    path.write_bytes(buffer.getvalue())
    job = run(Source.IPEDS_COMPLETIONS, path)
    assert job.status == ImportJob.Status.SUCCEEDED, job.error
    assert list(IpedsCompletion.objects.values_list("year", "completers")) == [(2022, 12)]
    assert job.release.file_name == "c2022_a_rv.csv"


def test_lower_case_headers_and_excel_saved_codes(tmp_path):
    text = (
        HEADER.lower()
        + "\n1,1.0101,1,2,R,4,R,2\n1,1.0,1,2,R,3,R,1\n1,51.381,1,3,R,8,R,1\n1,1.01,1,2,R,7,R,3\n"
    )
    job = run(Source.IPEDS_COMPLETIONS, write(tmp_path, "C2021_A.csv", text))
    assert job.status == ImportJob.Status.SUCCEEDED, job.error
    assert sorted(IpedsCompletion.objects.values_list("cip_code", flat=True)) == [
        "01.0000",
        "01.0101",
        "51.3810",
    ]


def test_the_year_is_given_when_the_name_does_not_say(tmp_path):
    path = write(tmp_path, "completions.csv", HEADER + '\n1,"01.0101",1,5,R,10,R,5\n')
    job = run(Source.IPEDS_COMPLETIONS, path)
    assert job.status == ImportJob.Status.FAILED
    assert "completions.csv" in job.error and "2022-23" in job.error
    assert not DataRelease.objects.exists()
    job = run(Source.IPEDS_COMPLETIONS, path, version="2022-23")
    assert job.status == ImportJob.Status.SUCCEEDED, job.error
    assert IpedsCompletion.objects.get().year == 2023


@pytest.mark.parametrize(
    "line,column,value",
    [
        ('990101,"48.0501",1,13,R,5,R,2', "AWLEVEL", "13"),
        ('990101,"48.0501",3,3,R,5,R,2', "MAJORNUM", "3"),
        ('990101,"machining",1,3,R,5,R,2', "CIPCODE", "machining"),
        ('990101,"48.0501",1,3,R,five,R,2', "CTOTALT", "five"),
        ('abc,"48.0501",1,3,R,5,R,2', "UNITID", "abc"),
    ],
)
def test_a_bad_value_names_file_row_column_and_value_and_writes_nothing(
    tmp_path, line, column, value
):
    text = HEADER + '\n990101,"48.0508",1,2,R,5,R,2\n' + line + "\n"
    job = run(Source.IPEDS_COMPLETIONS, write(tmp_path, "c2023_a.csv", text))
    assert job.status == ImportJob.Status.FAILED
    assert job.error.startswith(f"c2023_a.csv, row 3, column “{column}”")
    assert repr(value) in job.error
    assert not IpedsCompletion.objects.exists() and not DataRelease.objects.exists()


def test_a_file_without_the_columns_is_refused_with_what_was_expected(tmp_path):
    path = write(tmp_path, "c2023_a.csv", "UNITID,CIPCODE,AWLEVEL\n1,01.0101,5\n")
    job = run(Source.IPEDS_COMPLETIONS, path)
    assert job.status == ImportJob.Status.FAILED
    assert "MAJORNUM" in job.error and "CTOTALT" in job.error


def test_institutions_in_windows_1252_with_counties(tmp_path):
    text = (
        "UNITID,INSTNM,IALIAS,CITY,STABBR,COUNTYCD,COUNTYNM\r\n"
        '990106,"Escuela Técnica de Aurora","Aurora Tech",Aurora,CO,8005,"Arapahoe County"\r\n'
        '990108,"Online Only College"," ",Denver,co,-2,-2\r\n'
    )
    job = run(Source.IPEDS_INSTITUTIONS, write(tmp_path, "hd2023.csv", text, "cp1252"))
    assert job.status == ImportJob.Status.SUCCEEDED, job.error
    rows = {i.unitid: i for i in IpedsInstitution.objects.all()}
    assert rows[990106].name == "Escuela Técnica de Aurora"
    assert (rows[990106].county_fips, rows[990106].county_name) == ("08005", "Arapahoe County")
    assert (rows[990108].state, rows[990108].county_fips, rows[990108].county_name) == (
        "CO",
        "",
        "",
    )
    assert job.release.version == "2023"


def test_an_institution_without_a_state_is_refused(tmp_path):
    text = "unitid,instnm,stabbr\n1,A College,CO\n2,B College,Colorado\n"
    job = run(Source.IPEDS_INSTITUTIONS, write(tmp_path, "hd2022.csv", text))
    assert job.status == ImportJob.Status.FAILED
    assert job.error.startswith("hd2022.csv, row 3, column “stabbr”") and "'Colorado'" in job.error
    assert not IpedsInstitution.objects.exists()


def test_a_completions_file_chosen_as_institutions_is_refused_in_words(tmp_path):
    path = write(tmp_path, "c2023_a.csv", HEADER + '\n1,"01.0101",1,5,R,10,R,5\n')
    job = run(Source.IPEDS_INSTITUTIONS, path, version="2023")
    assert job.status == ImportJob.Status.FAILED
    assert "not an IPEDS institutions file" in job.error and "INSTNM" in job.error


def test_cip_code_kinds():
    assert cip_code("51.3801") == ("51.3801", "program")
    assert cip_code("51") == ("51", "rollup")
    assert cip_code("51.38") == ("51.38", "rollup")
    assert cip_code("99") == ("99", "total")
    assert cip_code("1.0") == ("01.0000", "program")
    assert cip_code("nursing")[1] == ""
    assert completions_year("c2023_a_rv.csv", "") == 2023
    assert completions_year("x.csv", "2021-22") == 2022
    assert completions_year("x.csv", "C2020_A") == 2020


def test_the_command_tells_the_two_files_apart(capsys):
    call_command("import_ipeds", str(DEMO / "HD2023_excerpt.zip"), "--no-progress")
    call_command("import_ipeds", str(DEMO / "C2023_A_excerpt.zip"), "--no-progress")
    call_command("import_ipeds", str(DEMO / "C2022_A_excerpt.csv"), "--no-progress")
    out = capsys.readouterr().out
    assert "Imported IPEDS institutions (HD) 2023" in out
    assert "Imported IPEDS completions (C_A) 2022-23" in out
    assert "Imported IPEDS completions (C_A) 2021-22" in out
    assert set(IpedsCompletion.objects.values_list("year", flat=True)) == {2022, 2023}
    # The revised 2022-23 csv corrects one count.
    assert (
        IpedsCompletion.objects.get(year=2023, unitid=990102, cip_code="48.0510").completers == 28
    )


def test_the_command_refuses_another_file(tmp_path):
    path = write(tmp_path, "notes.csv", "a,b\n1,2\n")
    with pytest.raises(CommandError, match="not an IPEDS completions file"):
        call_command("import_ipeds", str(path), "--no-progress")


def test_staff_upload_an_nces_zip_on_the_data_page(
    client, staff, django_capture_on_commit_callbacks
):
    from django.core.files.uploadedfile import SimpleUploadedFile
    from django.urls import reverse

    client.force_login(staff)
    upload = SimpleUploadedFile("C2023_A.zip", (DEMO / "C2023_A_excerpt.zip").read_bytes())
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(
            reverse("occupations:data"), {"source": Source.IPEDS_COMPLETIONS, "upload": upload}
        )
    assert response.status_code == 302
    job = ImportJob.objects.get()
    assert job.status == ImportJob.Status.SUCCEEDED, job.error
    html = client.get(reverse("occupations:data")).content.decode()
    assert "IPEDS completions (C_A)" in html and "2022-23" in html and "c2023_a_rv.csv" in html
    # The same upload chosen as the other IPEDS file is refused in words, nothing written.
    upload = SimpleUploadedFile("C2023_A.zip", (DEMO / "C2023_A_excerpt.zip").read_bytes())
    with django_capture_on_commit_callbacks(execute=True):
        client.post(
            reverse("occupations:data"),
            {"source": Source.IPEDS_INSTITUTIONS, "upload": upload, "version": "2023"},
        )
    failed = ImportJob.objects.filter(status=ImportJob.Status.FAILED).get()
    assert "not an IPEDS institutions file" in failed.error
    assert not IpedsInstitution.objects.exists()
