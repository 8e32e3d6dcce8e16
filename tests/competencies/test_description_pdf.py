"""The vetted description as a one-page PDF: rendered by Celery on approval the way step 7
renders the map, served from storage, the last good PDF kept when a render fails."""

from __future__ import annotations

import io
import shutil
import subprocess

import pytest
from django.core.files.storage import default_storage
from django.urls import reverse
from pypdf import PdfReader

from occupations import demo
from occupations.competencies import selectors, services
from occupations.competencies.models import DescriptionRender
from occupations.models import AdvancementPath, CriticalOccupation
from tests.conftest import SCREENSHOTS


@pytest.fixture
def vetted(db, machinists, step5_convening, convener):
    """The machinist strawman from the O*NET excerpt, rated by six people, one task worked
    through, a path on to a lead; not approved yet."""
    demo.load()
    strawman = services.strawman_build(occupation=machinists, actor=convener)
    group = services.focus_group_start(strawman=strawman, convening=step5_convening, round=1)
    tasks = list(strawman.tasks.order_by("order"))
    for i in range(6):
        person = services.participant_join(focus_group=group, name=f"P{i}", company="Acme")
        services.answers_save(participant=person, answers={
            t.pk: {"importance": str(1 + (i + j) % 5), "frequency": "weekly",
                   "underperformed": "yes" if j % 4 == 0 else "no"}
            for j, t in enumerate(tasks)
        })  # fmt: skip
        services.priorities_set(participant=person, task_ids=[tasks[1].pk, tasks[2].pk])
    services.task_detail_save(
        task=tasks[1], chosen=True, minimum_standard="the first part matches the print",
        mid_level="plans the setup and coaches newer operators", ksas="Reading blueprints\nShop math",
    )  # fmt: skip
    lead = CriticalOccupation.objects.create(
        partnership=machinists.partnership, soc_code="51-1011", onet_code="51-1011.00",
        title="Production supervisor", tier="advanced",
    )  # fmt: skip
    services.strawman_build(occupation=lead, actor=convener)
    AdvancementPath.objects.create(
        partnership=machinists.partnership, from_occupation=machinists, to_occupation=lead
    )
    return strawman


def _approve(strawman, convener, django_capture_on_commit_callbacks):
    with django_capture_on_commit_callbacks(execute=True):
        return services.strawman_approve(strawman=strawman, actor=convener)


def test_approval_renders_a_one_page_pdf_with_every_task(
    vetted, convener, client, django_capture_on_commit_callbacks
):
    version = _approve(vetted, convener, django_capture_on_commit_callbacks)
    version.refresh_from_db()
    render = version.renders.get()
    assert render.status == DescriptionRender.Status.SUCCEEDED, render.error
    assert version.pdf and default_storage.exists(version.pdf.name)
    client.force_login(convener)
    url = reverse("competencies:description_pdf", args=[vetted.partnership.slug, vetted.pk])
    response = client.get(url)
    assert response.status_code == 200 and response["Content-Type"] == "application/pdf"
    data = b"".join(response.streaming_content)
    reader = PdfReader(io.BytesIO(data))
    assert len(reader.pages) == 1
    text = " ".join(reader.pages[0].extract_text().split())
    packed = "".join(text.split())  # lines wrap anywhere in a PDF's text
    for task in vetted.tasks.filter(dropped=False):
        assert "".join(task.statement.split())[:60] in packed, task.statement
    assert "Version 1, approved by" in text and convener.get_full_name() in text
    assert "O*NET database 27.0" in text or "O*NET 27.0" in text
    assert "thefirstpartmatchestheprint" in packed  # minimum standard
    assert "CNCmachinist→Productionsupervisor" in packed  # the climb
    assert "6 participants" in text  # where the focus-group figures come from
    if shutil.which("pdftoppm"):
        path = SCREENSHOTS / "competencies-description.pdf"
        SCREENSHOTS.mkdir(parents=True, exist_ok=True)
        path.write_bytes(data)
        subprocess.run(["pdftoppm", "-png", "-r", "80", "-singlefile", str(path),
                        str(SCREENSHOTS / "competencies-description-pdf")], check=True)  # fmt: skip


def test_a_failed_render_keeps_the_last_good_pdf(
    vetted, convener, client, monkeypatch, django_capture_on_commit_callbacks
):
    first = _approve(vetted, convener, django_capture_on_commit_callbacks)
    first.refresh_from_db()
    good = first.pdf.name
    services.task_add(strawman=vetted, statement="Keep the shop floor clean", function=None)

    def broken(*args, **kwargs):
        raise RuntimeError("the renderer ran out of memory")

    monkeypatch.setattr(services.descriptions, "description_pdf", broken)
    second = _approve(vetted, convener, django_capture_on_commit_callbacks)
    render = selectors.latest_render(vetted)
    assert render.version == second and render.status == DescriptionRender.Status.FAILED
    client.force_login(convener)
    page = client.get(
        reverse("competencies:description", args=[vetted.partnership.slug, vetted.pk])
    )
    body = page.content.decode()
    assert "Rendering the PDF of version 2 failed" in body and "ran out of memory" in body
    response = client.get(reverse("competencies:description_pdf",
                                  args=[vetted.partnership.slug, vetted.pk]))  # fmt: skip
    assert response.status_code == 200
    assert "-v1.pdf" in response["Content-Disposition"]  # the last good one
    assert default_storage.exists(good)
    # Render again, now working: version 2's PDF replaces it as what people download.
    monkeypatch.undo()
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(reverse("competencies:description_render",
                                       args=[vetted.partnership.slug, vetted.pk]))  # fmt: skip
    assert response.status_code == 302
    response = client.get(reverse("competencies:description_pdf",
                                  args=[vetted.partnership.slug, vetted.pk]))  # fmt: skip
    assert "-v2.pdf" in response["Content-Disposition"]
    text = PdfReader(io.BytesIO(b"".join(response.streaming_content))).pages[0].extract_text()
    assert "Keep the shop floor clean" in " ".join(text.split())


def test_a_render_whose_worker_died_can_be_rendered_again(
    vetted, convener, client, settings, django_capture_on_commit_callbacks
):
    """A worker killed mid-render leaves the render "running" with no heartbeat: the page says
    it stopped and offers to render again, and asking for it starts a fresh render."""
    from datetime import timedelta

    from django.utils import timezone

    settings.JOB_DEAD_AFTER_SECONDS = 1
    version = _approve(vetted, convener, django_capture_on_commit_callbacks)
    stuck = DescriptionRender.objects.create(
        version=version, requested_by=convener, status=DescriptionRender.Status.RUNNING,
        started_at=timezone.now() - timedelta(minutes=5), progress=40,
    )  # fmt: skip
    client.force_login(convener)
    url = reverse("competencies:description", args=[vetted.partnership.slug, vetted.pk])
    body = client.get(url).content.decode()
    assert "The worker rendering the PDF of version 1 stopped" in body
    assert "Render the PDF again" in body
    with django_capture_on_commit_callbacks(execute=True):
        fresh = services.description_render_request(version=version, actor=convener)
    assert fresh.pk != stuck.pk
    fresh.refresh_from_db()
    stuck.refresh_from_db()
    assert stuck.status == DescriptionRender.Status.FAILED and "worker stopped" in stuck.error
    assert fresh.status == DescriptionRender.Status.SUCCEEDED, fresh.error
