"""Issue 15, item 1: an inventory upload is read once, by a worker, within the limits; the
preview plans from the stored rows, a failed upload is deleted, a stopped read runs again."""

from __future__ import annotations

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse
from django.utils import timezone

from inventory.importers import reader
from inventory.models import ParseStatus, ProgramImport
from partnerships.models import Membership
from tests.inventory.factories import ProviderFactory

GOOD = b"Provider,Program,Program type\nRed Rocks,Welding Technology,Credit program\n"


@pytest.fixture
def partner(partnership, support_partner):
    provider = ProviderFactory(partnership=partnership, organization__name="Red Rocks")
    Membership.objects.filter(user=support_partner).update(organization=provider.organization)
    return support_partner


def _upload(client, partnership, name, data):
    return client.post(
        reverse("inventory:import", args=[partnership.slug]),
        {"layout": "inventory", "file": SimpleUploadedFile(name, data)},
    )


def test_the_file_is_read_once_and_the_preview_plans_from_the_stored_rows(
    client, partnership, partner, monkeypatch
):
    client.force_login(partner)
    response = _upload(client, partnership, "programs.csv", GOOD)
    record = ProgramImport.objects.get()
    assert response.url == reverse("inventory:import_preview", args=[partnership.slug, record.pk])
    assert record.status == ParseStatus.READY
    assert record.rows_read == 1
    assert record.table["headers"] == ["Provider", "Program", "Program type"]

    def never(*args, **kwargs):
        raise AssertionError("the preview read the file again")

    monkeypatch.setattr(reader, "read_table", never)
    for _ in range(2):  # reloads of the preview never parse the file again
        page = client.get(response.url).content.decode()
        assert "1 to add" in page


def test_a_file_that_cannot_be_read_is_deleted_and_the_reason_shown(
    client, partnership, partner, settings
):
    settings.INVENTORY_UPLOAD_MAX_ROWS = 3
    client.force_login(partner)
    body = GOOD + b"".join(b"Red Rocks,Welding %d,Credit program\n" % n for n in range(5))
    response = _upload(client, partnership, "programs.csv", body)
    record = ProgramImport.objects.get()
    assert record.status == ParseStatus.FAILED
    assert not record.file
    assert not any(p.is_file() for p in settings.MEDIA_ROOT.rglob("*"))
    page = client.get(response.url).content.decode()
    assert "programs.csv has too many rows: more than 3." in page
    assert "Confirm" not in page


def test_a_read_whose_worker_stopped_offers_run_again(client, partnership, partner, settings):
    settings.JOB_DEAD_AFTER_SECONDS = 60
    client.force_login(partner)
    _upload(client, partnership, "programs.csv", GOOD)
    record = ProgramImport.objects.get()
    # As a killed worker leaves it: reading, started two minutes ago, no heartbeat.
    ProgramImport.objects.filter(pk=record.pk).update(
        status=ParseStatus.RUNNING,
        started_at=timezone.now() - timezone.timedelta(minutes=2),
        table=None,
    )
    url = reverse("inventory:import_preview", args=[partnership.slug, record.pk])
    page = client.get(url).content.decode()
    assert "The worker reading programs.csv stopped" in page
    assert "Run again" in page
    response = client.post(reverse("inventory:import_retry", args=[partnership.slug, record.pk]))
    assert response.status_code == 302
    record.refresh_from_db()
    assert record.status == ParseStatus.READY
    assert "1 to add" in client.get(url).content.decode()


def test_a_read_in_progress_shows_its_progress(client, partnership, partner):
    client.force_login(partner)
    _upload(client, partnership, "programs.csv", GOOD)
    record = ProgramImport.objects.get()
    ProgramImport.objects.filter(pk=record.pk).update(
        status=ParseStatus.RUNNING, started_at=timezone.now(), rows_read=4000, table=None
    )
    url = reverse("inventory:import_preview", args=[partnership.slug, record.pk])
    fragment = client.get(url, HTTP_HX_REQUEST="true").content.decode()
    assert "4,000 rows so far" in fragment
    assert 'hx-trigger="every 1s"' in fragment
