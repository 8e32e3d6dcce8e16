"""Importing the O*NET text release: counts, zip or folder, and bad input writing nothing."""

from __future__ import annotations

import zipfile
from pathlib import Path

import pytest

from occupations.models import (
    AlternateTitle,
    DataRelease,
    ImportJob,
    OnetOccupation,
    OnetRating,
    OnetTask,
    Source,
    TechnologySkill,
)
from occupations.services import import_job_create, import_job_run

pytestmark = pytest.mark.django_db


def run(path: Path, source: str = Source.ONET) -> ImportJob:
    job = import_job_create(source=source, path=str(path), enqueue=False)
    return import_job_run(job_id=job.pk)


def data_rows(path: Path) -> int:
    return len(path.read_text().splitlines()) - 1


def assert_nothing_written() -> None:
    assert not DataRelease.objects.exists()
    assert not OnetOccupation.objects.exists()
    assert not OnetTask.objects.exists()
    assert not OnetRating.objects.exists()


def test_folder_imports_every_file_with_its_row_count(demo_data):
    folder = demo_data / "onet_27_0_excerpt"
    job = run(folder)
    assert job.status == ImportJob.Status.SUCCEEDED, job.error
    release = job.release
    assert (release.source, release.version) == (Source.ONET, "27.0")
    assert release.row_counts["occupations"] == data_rows(folder / "Occupation Data.txt")
    assert release.row_counts["tasks"] == data_rows(folder / "Task Statements.txt")
    assert release.row_counts["skills"] == data_rows(folder / "Skills.txt")
    assert release.row_counts["alternate titles"] == data_rows(folder / "Alternate Titles.txt")
    assert "Abilities.txt absent" in release.notes
    machinists = OnetOccupation.objects.get(release=release, code="51-4041.00")
    assert machinists.title == "Machinists"
    # `n/a` is a missing value, Y/N are booleans, numbers are numbers.
    assert AlternateTitle.objects.filter(release=release, short_title__isnull=True).exists()
    assert TechnologySkill.objects.filter(release=release, hot_technology=True).exists()
    skill = OnetRating.objects.filter(release=release, domain="skill", scale_id="IM").first()
    assert isinstance(skill.data_value, float) and skill.not_relevant is None


def test_zip_release_imports_like_the_folder(demo_data, tmp_path):
    archive = tmp_path / "db_27_0_text.zip"
    with zipfile.ZipFile(archive, "w") as zf:
        for item in (demo_data / "onet_27_0_excerpt").iterdir():
            zf.write(item, f"db_27_0_text/{item.name}")
    job = run(archive)
    assert job.status == ImportJob.Status.SUCCEEDED, job.error
    assert job.release.version == "27.0"
    assert job.release.row_counts["occupations"] > 30


def test_same_release_twice_changes_nothing(demo_data):
    first = run(demo_data / "onet_27_0_excerpt")
    rows = OnetOccupation.objects.count()
    second = run(demo_data / "onet_27_0_excerpt")
    assert second.status == ImportJob.Status.UNCHANGED
    assert second.release == first.release
    assert DataRelease.objects.count() == 1
    assert OnetOccupation.objects.count() == rows


def test_a_changed_release_sits_beside_the_old_one(demo_data, onet_copy):
    first = run(demo_data / "onet_27_0_excerpt")
    readme = onet_copy / "Read Me.txt"
    readme.write_text(readme.read_text().replace("27.0", "27.1"))
    second = run(onet_copy)
    assert second.status == ImportJob.Status.SUCCEEDED, second.error
    assert second.release.version == "27.1"
    assert (
        OnetOccupation.objects.filter(release=first.release).count()
        == OnetOccupation.objects.filter(release=second.release).count()
    )


def test_newer_release_with_extra_columns_and_in_demand(onet_copy):
    path = onet_copy / "Technology Skills.txt"
    lines = path.read_text().splitlines()
    lines = [lines[0] + "\tIn Demand\tSomething New"] + [ln + "\tY\tx" for ln in lines[1:]]
    path.write_text("\n".join(lines) + "\n")
    job = run(onet_copy)
    assert job.status == ImportJob.Status.SUCCEEDED, job.error
    assert TechnologySkill.objects.filter(in_demand=True).count() == len(lines) - 1


def test_bad_number_names_file_column_row_and_value(onet_copy):
    path = onet_copy / "Skills.txt"
    lines = path.read_text().splitlines()
    fields = lines[4].split("\t")
    fields[4] = "4,5"
    lines[4] = "\t".join(fields)
    path.write_text("\n".join(lines) + "\n")
    job = run(onet_copy)
    assert job.status == ImportJob.Status.FAILED
    assert "Skills.txt" in job.error
    assert "row 5" in job.error
    assert "Data Value" in job.error
    assert "'4,5'" in job.error
    assert_nothing_written()


def test_bad_code_is_refused(onet_copy):
    path = onet_copy / "Task Statements.txt"
    lines = path.read_text().splitlines()
    lines[2] = "51-40X1.00" + lines[2][10:]
    path.write_text("\n".join(lines) + "\n")
    job = run(onet_copy)
    assert job.status == ImportJob.Status.FAILED
    assert "Task Statements.txt, row 3, column “O*NET-SOC Code”" in job.error
    assert_nothing_written()


def test_code_missing_from_occupation_data_is_refused(onet_copy):
    path = onet_copy / "Job Zones.txt"
    lines = path.read_text().splitlines()
    lines.append("99-9999.00\t3\t07/2014\tAnalyst")
    path.write_text("\n".join(lines) + "\n")
    job = run(onet_copy)
    assert job.status == ImportJob.Status.FAILED
    assert "not in Occupation Data.txt" in job.error and "99-9999.00" in job.error
    assert_nothing_written()


def test_missing_required_column(onet_copy):
    path = onet_copy / "Task Statements.txt"
    path.write_text(path.read_text().replace("\tTask ID\t", "\tTask Number\t", 1))
    job = run(onet_copy)
    assert job.status == ImportJob.Status.FAILED
    assert "Task Statements.txt, row 1, column “Task ID”: required column is missing" in job.error
    assert_nothing_written()


def test_truncated_file(onet_copy):
    path = onet_copy / "Tools Used.txt"
    data = path.read_bytes()
    path.write_bytes(data[: len(data) // 2].rsplit(b"\t", 1)[0])
    job = run(onet_copy)
    assert job.status == ImportJob.Status.FAILED
    assert "Tools Used.txt, row" in job.error and "truncated" in job.error
    assert_nothing_written()


def test_missing_required_file(onet_copy):
    (onet_copy / "Occupation Data.txt").unlink()
    job = run(onet_copy)
    assert job.status == ImportJob.Status.FAILED
    assert "Occupation Data.txt" in job.error
    assert_nothing_written()


def test_corrupt_zip(tmp_path):
    archive = tmp_path / "db_29_0_text.zip"
    archive.write_bytes(b"PK\x03\x04 this is not really a zip")
    job = run(archive)
    assert job.status == ImportJob.Status.FAILED
    assert "db_29_0_text.zip" in job.error
    assert_nothing_written()


def test_real_release_counts(db):
    """The full O*NET 27.0 text release imports with the README's counts (once per suite)."""
    from tests.occupations.conftest import shared_file

    folder = shared_file("onet/db_27_0_text")
    job = run(folder)
    assert job.status == ImportJob.Status.SUCCEEDED, job.error
    counts = job.release.row_counts
    assert counts["occupations"] == 1016
    assert counts["tasks"] == 19265
    assert counts["skills"] == 61530
    assert counts["knowledge"] == 58014
    assert counts["work styles"] == 13968
    assert counts["education and training"] == 35723
    assert counts["technology skills"] == 30826
    assert counts["tools"] == 41644
    assert counts["related occupations"] == 18460
    assert counts["job zones"] == 923
    assert counts["alternate titles"] == 52754
    assert "Abilities.txt absent" in job.release.notes
    # On the full release, search answers well under 100 ms (best of three, per query).
    from occupations.selectors import search_occupations

    for query in ["machinist", "registered nurse", "cnc", "51-4041", "software", "xyzzy"]:
        best = min(_timed(search_occupations, query) for _ in range(3))
        assert best < 0.1, (query, best)
    assert search_occupations("51-4041.00")[0].title == "Machinists"
    assert any(h.matched_title for h in search_occupations("cnc machinist"))


def _timed(function, *args) -> float:
    import time

    started = time.perf_counter()
    function(*args)
    return time.perf_counter() - started
