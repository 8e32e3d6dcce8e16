"""The plan as a PDF for a meeting and the annual report for the board: rendered by a Celery
worker on request (like the map and the step-5 description), with progress on the page, the
newest good PDF to download, and a render whose worker died given up and run again."""

from __future__ import annotations

import io
import shutil
import subprocess
from datetime import timedelta

import pytest
from django.urls import reverse
from django.utils import timezone
from pypdf import PdfReader

from pathways.actionplan import exports, services
from pathways.actionplan.models import PlanDocument, ProgramOutcome, Status
from tests.actionplan.factories import ActionFactory
from tests.conftest import SCREENSHOTS


def _render(client, partnership, capture, **data) -> None:
    with capture(execute=True):
        response = client.post(reverse("actionplan:pdf_render", args=[partnership.slug]), data)
    assert response.status_code == 302


def _download(client, partnership, kind: str) -> tuple[str, bytes]:
    served = PlanDocument.objects.get(partnership=partnership, kind=kind, status="succeeded")
    response = client.get(reverse("actionplan:pdf_download", args=[partnership.slug, served.pk]))
    assert response["Content-Type"] == "application/pdf"
    return response["Content-Disposition"], b"".join(response.streaming_content)


def _text(pdf: bytes) -> str:
    return " ".join(
        " ".join(page.extract_text().split()) for page in PdfReader(io.BytesIO(pdf)).pages
    )


def test_the_plan_for_a_meeting_renders_in_the_worker(
    client, partnership, champion, django_capture_on_commit_callbacks
):
    ActionFactory(partnership=partnership, title="Plant tours for counselors")
    client.force_login(champion)
    url = reverse("actionplan:pdfs", args=[partnership.slug])
    assert "Not rendered yet" in client.get(url).content.decode()
    _render(client, partnership, django_capture_on_commit_callbacks, kind="plan")
    document = PlanDocument.objects.get(partnership=partnership, kind="plan")
    assert document.status == PlanDocument.Status.SUCCEEDED, document.error
    assert document.requested_by == champion and document.task_id
    page = client.get(url).content.decode()
    assert "Download the PDF" in page and "Render again" in page
    disposition, pdf = _download(client, partnership, "plan")
    assert f"{partnership.slug}-action-plan-{timezone.localdate():%Y-%m-%d}.pdf" in disposition
    assert "Plant tours for counselors" in _text(pdf)
    if shutil.which("pdftoppm"):
        SCREENSHOTS.mkdir(parents=True, exist_ok=True)
        (SCREENSHOTS / "actionplan-plan.pdf").write_bytes(pdf)
        subprocess.run(["pdftoppm", "-png", "-r", "60", "-f", "1", "-l", "1",
                        str(SCREENSHOTS / "actionplan-plan.pdf"),
                        str(SCREENSHOTS / "actionplan-plan")], check=True)  # fmt: skip


def test_the_annual_report_renders_for_the_chosen_year(
    client, partnership, champion, django_capture_on_commit_callbacks
):
    from tests.inventory.factories import ProgramFactory

    ActionFactory(partnership=partnership, title="Plant tours done", status=Status.DONE)
    ActionFactory(partnership=partnership, title="Evening cohort", status=Status.PLANNED)
    program = ProgramFactory(partnership=partnership, name="Welding Certificate")
    ProgramOutcome.objects.create(partnership=partnership, program=program, year=2025,
                                  completers=14, suppressed=["credentials"], source="ETPL")  # fmt: skip
    round_ = services.maturity_round_open(partnership=partnership, actor=champion, name="Fall")
    services.maturity_rate(round_=round_, actor=champion, levels={"funding": 2})
    client.force_login(champion)
    last_year = timezone.localdate().year - 1
    _render(client, partnership, django_capture_on_commit_callbacks, kind="annual_report",
            year=str(last_year))  # fmt: skip
    disposition, pdf = _download(client, partnership, "annual_report")
    assert f"annual-report-{last_year}.pdf" in disposition
    text = _text(pdf)
    assert f"Annual report to the board, {last_year}" in text
    assert "Plant tours done" in text and "Evening cohort" in text
    assert "Welding Certificate" in text and "suppressed" in text
    assert "Funding that lasts" in text
    # A year out of range is not one to report on: the current year is rendered instead.
    _render(client, partnership, django_capture_on_commit_callbacks, kind="annual_report",
            year="1999")  # fmt: skip
    assert PlanDocument.objects.filter(year=timezone.localdate().year).exists()
    assert not PlanDocument.objects.filter(year=1999).exists()


def test_a_render_in_progress_shows_its_progress_and_is_not_queued_twice(
    client, partnership, champion, django_capture_on_commit_callbacks
):
    client.force_login(champion)
    with django_capture_on_commit_callbacks(execute=False) as sent:
        first = services.document_render_request(partnership=partnership, kind="plan",
                                                 actor=champion)  # fmt: skip
        again = services.document_render_request(partnership=partnership, kind="plan",
                                                 actor=champion)  # fmt: skip
    assert again.pk == first.pk and len(sent) == 1
    PlanDocument.objects.filter(pk=first.pk).update(
        status="running", started_at=timezone.now(), progress=40, phase="Laying out the pages"
    )
    status_url = reverse("actionplan:pdf_status", args=[partnership.slug, first.pk])
    page = client.get(reverse("actionplan:pdfs", args=[partnership.slug])).content.decode()
    assert "Laying out the pages (40%)" in page
    assert f'hx-get="{status_url}"' in page
    assert "Render again" not in page.split('id="pdf-annual_report"')[0]
    assert "Download the PDF" not in page


def test_a_failed_render_keeps_the_last_good_pdf(
    client, partnership, convener, monkeypatch, django_capture_on_commit_callbacks
):
    ActionFactory(partnership=partnership, title="Plant tours for counselors")
    client.force_login(convener)
    _render(client, partnership, django_capture_on_commit_callbacks, kind="plan")
    good = PlanDocument.objects.get(status="succeeded")

    def broken(context):
        raise RuntimeError("the layout engine ran out of fonts")

    monkeypatch.setattr(exports, "plan_pdf", broken)
    _render(client, partnership, django_capture_on_commit_callbacks, kind="plan")
    failed = PlanDocument.objects.exclude(pk=good.pk).get()
    assert failed.status == PlanDocument.Status.FAILED
    page = client.get(reverse("actionplan:pdfs", args=[partnership.slug])).content.decode()
    assert "Rendering this PDF failed." in page and "ran out of fonts" in page
    assert "The last good PDF stays in place" in page
    assert reverse("actionplan:pdf_download", args=[partnership.slug, good.pk]) in page
    _, pdf = _download(client, partnership, "plan")
    assert "Plant tours for counselors" in _text(pdf)


def test_a_newer_pdf_replaces_the_older_file(
    client, partnership, convener, django_capture_on_commit_callbacks
):
    client.force_login(convener)
    _render(client, partnership, django_capture_on_commit_callbacks, kind="plan")
    old = PlanDocument.objects.get()
    _render(client, partnership, django_capture_on_commit_callbacks, kind="plan")
    old.refresh_from_db()
    assert old.pdf.name == ""
    url = reverse("actionplan:pdf_download", args=[partnership.slug, old.pk])
    assert client.get(url).status_code == 404


def test_a_render_whose_worker_died_can_be_rendered_again(
    client, partnership, convener, settings, django_capture_on_commit_callbacks
):
    """A worker killed mid-render leaves the render "running" with no heartbeat: the page says
    it stopped and offers to render again, and asking for it starts a fresh render."""
    settings.JOB_DEAD_AFTER_SECONDS = 1
    ActionFactory(partnership=partnership, title="Plant tours for counselors")
    stuck = PlanDocument.objects.create(
        partnership=partnership, kind="plan", requested_by=convener, status="running",
        started_at=timezone.now() - timedelta(minutes=5), progress=40,
    )  # fmt: skip
    client.force_login(convener)
    page = client.get(reverse("actionplan:pdfs", args=[partnership.slug])).content.decode()
    assert "The worker rendering this PDF stopped" in page
    assert "Render again" in page
    assert "hx-trigger" not in page
    _render(client, partnership, django_capture_on_commit_callbacks, kind="plan")
    stuck.refresh_from_db()
    fresh = PlanDocument.objects.exclude(pk=stuck.pk).get()
    assert stuck.status == PlanDocument.Status.FAILED and "worker stopped" in stuck.error
    assert fresh.status == PlanDocument.Status.SUCCEEDED, fresh.error


def test_an_unknown_kind_is_refused_in_words(client, partnership, convener):
    client.force_login(convener)
    response = client.post(reverse("actionplan:pdf_render", args=[partnership.slug]),
                           {"kind": "minutes"}, follow=True)  # fmt: skip
    assert "Choose the action plan or the annual report." in response.content.decode()
    assert not PlanDocument.objects.exists()


@pytest.mark.parametrize("renders", [1, 12])
def test_the_pdfs_page_reads_a_fixed_number_of_queries(
    client, partnership, convener, renders, django_assert_num_queries
):
    for _ in range(renders):
        PlanDocument.objects.create(partnership=partnership, kind="plan", status="failed")
        PlanDocument.objects.create(partnership=partnership, kind="annual_report", year=2025,
                                    status="failed")  # fmt: skip
    client.force_login(convener)
    with django_assert_num_queries(7):  # the same with 1 render of each or 12
        assert client.get(reverse("actionplan:pdfs", args=[partnership.slug])).status_code == 200
