"""Issue 15, items 1 and 9: no upload can take the site down; UTF-16 csv is read."""

from __future__ import annotations

import codecs
import functools
import re
import resource
import tracemalloc

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse

from inventory.importers.reader import UnreadableFile, read_table
from inventory.importers.sheets import plan_import
from inventory.models import ProgramImport
from occupations.models import ImportJob
from partnerships.models import Membership
from tests.inventory.factories import ProviderFactory


@functools.cache
def _bomb() -> bytes:
    from tests.hardening.bombs import xlsx_bomb

    return xlsx_bomb(520)


@pytest.fixture
def partner(partnership, support_partner):
    provider = ProviderFactory(partnership=partnership, organization__name="Red Rocks")
    Membership.objects.filter(user=support_partner).update(organization=provider.organization)
    return support_partner


def test_a_small_xlsx_that_unpacks_past_500_mb_is_refused_in_words_without_the_memory(
    client, partnership, partner
):
    bomb = _bomb()
    assert len(bomb) < 4 * 1024 * 1024  # like the 3.5 MB file in the issue
    client.force_login(partner)
    tracemalloc.start()
    rss_before = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss
    try:
        response = client.post(
            reverse("inventory:import", args=[partnership.slug]),
            {"layout": "inventory", "file": SimpleUploadedFile("programs.xlsx", bomb)},
        )
        _, peak = tracemalloc.get_traced_memory()
    finally:
        tracemalloc.stop()
    rss_growth_mb = (resource.getrusage(resource.RUSAGE_SELF).ru_maxrss - rss_before) / 1024
    page = response.content.decode()
    assert response.status_code == 200
    assert "too large once unpacked" in page
    assert re.search(r"\b5\d\d MB", page)  # says how large, in words
    assert ProgramImport.objects.count() == 0  # nothing stored
    assert peak < 300 * 1024 * 1024, f"peak Python memory {peak / 2**20:.0f} MB"
    assert rss_growth_mb < 300


def test_the_reader_itself_refuses_a_bomb_and_streams_rows():
    with pytest.raises(UnreadableFile, match="too large once unpacked"):
        read_table(_bomb(), "programs.xlsx")


def test_too_many_rows_is_answered_in_words(settings, client, partnership, partner):
    settings.INVENTORY_UPLOAD_MAX_ROWS = 50
    body = "Provider,Program\n" + "".join(f"Red Rocks,Welding {n}\n" for n in range(80))
    plan = plan_import(partnership=partnership, data=body.encode(), file_name="programs.csv")
    assert plan.problems == [
        "programs.csv has too many rows: more than 50. Split it into smaller files, or delete "
        "empty rows below the data."
    ]


def test_an_inventory_upload_over_the_size_limit_is_refused(settings, client, partnership, partner):
    settings.INVENTORY_UPLOAD_MAX_MB = 1
    client.force_login(partner)
    response = client.post(
        reverse("inventory:import", args=[partnership.slug]),
        {"layout": "inventory", "file": SimpleUploadedFile("big.csv", b"a," * (600 * 1024))},
    )
    assert "big.csv is too large" in response.content.decode()
    assert ProgramImport.objects.count() == 0


def test_the_data_page_refuses_a_bomb_and_stores_nothing(admin_client, settings):
    response = admin_client.post(
        reverse("occupations:data"),
        {"source": "oews", "upload": SimpleUploadedFile("oesm24nat.xlsx", _bomb())},
    )
    assert response.status_code == 400
    assert "too large once unpacked" in response.content.decode()
    assert ImportJob.objects.count() == 0
    media = settings.MEDIA_ROOT
    assert not media.exists() or not any(p.is_file() for p in media.rglob("*"))


def test_the_data_page_size_limit(admin_client, settings):
    settings.DATA_UPLOAD_MAX_MB = 1
    response = admin_client.post(
        reverse("occupations:data"),
        {"source": "oews", "upload": SimpleUploadedFile("all_data.csv", b"x" * (2 << 20))},
    )
    assert "all_data.csv is too large" in response.content.decode()
    assert ImportJob.objects.count() == 0


def test_a_failed_data_upload_is_deleted(
    admin_client, settings, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=True):
        admin_client.post(
            reverse("occupations:data"),
            {"source": "oews", "upload": SimpleUploadedFile("oews.csv", b"not,an,oews\nfile,,\n")},
        )
    job = ImportJob.objects.get()
    assert job.status == ImportJob.Status.FAILED
    assert not job.upload
    media = settings.MEDIA_ROOT
    assert not any(p.is_file() for p in media.rglob("*"))


def test_utf16_csv_with_a_byte_order_mark_is_read(partnership):
    text = "Provider\tProgram\tProgram type\r\nRed Rocks\tSoudage – Welding\tCredit program\r\n"
    for data in (codecs.BOM_UTF16_LE + text.encode("utf-16-le"), text.encode("utf-16")):
        table = read_table(data, "Unicode Text.csv")
        assert table.headers == ["Provider", "Program", "Program type"]
        assert table.rows == [(2, ["Red Rocks", "Soudage – Welding", "Credit program"])]
    plan = plan_import(
        partnership=partnership,
        data=codecs.BOM_UTF16_LE + text.encode("utf-16-le"),
        file_name="programs.csv",
    )
    assert not plan.problems
    assert plan.rows[0].row.name == "Soudage – Welding"


def test_a_state_oews_upload_is_held_to_the_same_limits(admin_client, settings):
    """The column-mapping upload keeps nothing from a bomb either, and says why."""
    response = admin_client.post(
        reverse("occupations:state_upload"),
        {"state-upload": SimpleUploadedFile("co_oews_2025.xlsx", _bomb())},
        follow=True,
    )
    assert "too large once unpacked" in response.content.decode()
    assert ImportJob.objects.count() == 0
    media = settings.MEDIA_ROOT
    assert not media.exists() or not any(p.is_file() for p in media.rglob("*"))
