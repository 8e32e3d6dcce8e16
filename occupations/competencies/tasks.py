"""Celery entry points for step 5: thin, they take ids and call a service."""

from __future__ import annotations

from celery import shared_task

from occupations.competencies.models import DescriptionRender
from occupations.competencies.services import description_render_run
from pathways.jobs import heartbeat


@shared_task(bind=True, acks_late=True, reject_on_worker_lost=True, soft_time_limit=120)
def render_description_pdf(self, render_id: int) -> dict:
    """Render an approved description's one-page PDF into storage, reporting progress. A
    failed render is recorded for the convener to see and not retried: the same content
    would fail the same way."""

    def report(percent: int, phase: str) -> None:
        if self.request.id and not self.request.is_eager:
            self.update_state(state="PROGRESS", meta={"percent": percent, "phase": phase})

    with heartbeat(DescriptionRender.heartbeat_kind, render_id):  # a dead worker shows as such
        render = description_render_run(render_id=render_id, progress=report)
    return {"render_id": render.pk, "status": render.status, "error": render.error}
