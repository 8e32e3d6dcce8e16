"""The operator commands: paths and URLs, a progress bar, a summary, non-zero on failure."""

from __future__ import annotations

import io
import subprocess
import sys
import zipfile
from pathlib import Path

import pytest
from django.core.management import CommandError, call_command

from occupations import demo
from occupations.models import DataRelease, ImportJob, OnetOccupation, Source

pytestmark = pytest.mark.django_db
ROOT = Path(__file__).resolve().parents[2]


def command(*args) -> tuple[str, str]:
    out, err = io.StringIO(), io.StringIO()
    call_command(*args, stdout=out, stderr=err)
    return out.getvalue(), err.getvalue()


def test_import_onet_from_a_url_shows_progress_and_a_summary(demo_data, http_files, tmp_path):
    with zipfile.ZipFile(tmp_path / "db_27_0_text.zip", "w") as zf:
        for item in (demo_data / "onet_27_0_excerpt").iterdir():
            zf.write(item, f"db_27_0_text/{item.name}")
    url = http_files(tmp_path)
    out, err = command("import_onet", url("db_27_0_text.zip"))
    release = DataRelease.objects.get(source=Source.ONET)
    assert f"Imported O*NET database 27.0 (release #{release.pk}" in out
    assert "occupations" in out and "alternate titles" in out
    assert f"{OnetOccupation.objects.count():,}" in out
    assert "note: Abilities.txt absent" in out
    assert "loading" in err and "rows" in err  # the tqdm bar
    assert release.source_url.startswith("http://127.0.0.1:")


def test_import_oews_projections_and_crosswalks_by_path(demo_data):
    out, _ = command("import_oews", str(demo_data / "oews_colorado_M2025_excerpt.xlsx"))
    assert "BLS Occupational Employment and Wage Statistics May 2025" in out
    assert "estimates" in out and "areas" in out
    out, _ = command("import_projections", str(demo_data / "ep_occupation_2024-34_excerpt.xlsx"))
    assert "BLS Employment Projections 2024-34" in out
    for kind, name in [
        ("soc", "soc_structure_2018_excerpt.xlsx"),
        ("onet-soc", "2019_to_SOC_Crosswalk_excerpt.xlsx"),
        ("cip-soc", "CIP2020_SOC2018_Crosswalk_excerpt.csv"),
    ]:
        out, _ = command("import_crosswalk", kind, str(demo_data / name), "--no-progress")
        assert out.startswith("Imported")
    assert DataRelease.objects.count() == 5


def test_import_from_url_of_an_xlsx(demo_data, http_files):
    url = http_files(demo_data)
    out, _ = command("import_crosswalk", "soc", url("soc_structure_2018_excerpt.xlsx"))
    assert "SOC structure 2018" in out


def test_reimport_says_nothing_changed(demo_data):
    path = str(demo_data / "oews_national_M2023_excerpt.xlsx")
    command("import_oews", path)
    out, _ = command("import_oews", path)
    assert "Already imported" in out and "nothing changed" in out
    assert DataRelease.objects.count() == 1


def test_failure_raises_with_the_message(tmp_path):
    bad = tmp_path / "occupation.xlsx"
    bad.write_text("this is not a workbook")
    with pytest.raises(CommandError) as failure:
        command("import_projections", str(bad))
    assert "occupation.xlsx" in str(failure.value)
    assert ImportJob.objects.get().status == ImportJob.Status.FAILED


def test_unreachable_url_fails(http_files, tmp_path):
    url = http_files(tmp_path)
    with pytest.raises(CommandError, match="download failed"):
        command("import_oews", url("missing.xlsx"))


def test_data_releases_lists_releases_and_marks_the_current_one(db):
    out, _ = command("data_releases")
    assert "No releases" in out
    demo.load()
    out, _ = command("data_releases")
    assert "onet" in out and "27.0" in out and "May 2025" in out and "May 2023" in out
    # The Colorado file was imported after the national one: it is the current OEWS release.
    current = [line for line in out.splitlines() if line.startswith("*") and "oews" in line]
    assert len(current) == 1 and "May 2025" in current[0]


def test_demo_load_is_idempotent(db):
    demo.load()
    counts = (DataRelease.objects.count(), OnetOccupation.objects.count())
    out = io.StringIO()
    demo.load(stdout=out)
    assert (DataRelease.objects.count(), OnetOccupation.objects.count()) == counts
    assert out.getvalue().count("already loaded") == len(demo.DEMO_FILES)


def test_exit_status_is_non_zero_on_failure(tmp_path):
    """Run as an operator would: a separate process, checking the exit status."""
    bad = tmp_path / "oews.csv"
    bad.write_text("nothing,useful\n1,2\n")
    env = {"DEBUG": "1", "DATABASE_URL": f"sqlite:///{tmp_path / 'db.sqlite3'}", "PATH": ""}
    manage = [sys.executable, "manage.py"]
    subprocess.run([*manage, "migrate", "-v0"], cwd=ROOT, env=env, check=True)
    result = subprocess.run(
        [*manage, "import_oews", str(bad), "--no-progress"],
        cwd=ROOT,
        capture_output=True,
        text=True,
        env=env,
    )
    assert result.returncode != 0
    assert "oews.csv" in result.stderr
