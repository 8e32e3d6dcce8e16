"""Celery entry points for the pathway map: thin, they take ids and call a service."""

from __future__ import annotations

from celery import shared_task

from pathways.jobs import heartbeat
from pathways.maps.models import MapRender
from pathways.maps.services import map_render_run


@shared_task(bind=True, acks_late=True, reject_on_worker_lost=True, soft_time_limit=300)
def render_map_pdf(self, render_id: int) -> dict:
    """Render a map's PDFs (a version's, or the draft's) into storage, reporting progress.
    A failed render is recorded on the MapRender for the convener to see; it is not retried,
    since the same data would fail the same way."""

    def report(percent: int, phase: str) -> None:
        if self.request.id and not self.request.is_eager:
            self.update_state(state="PROGRESS", meta={"percent": percent, "phase": phase})

    with heartbeat(
        MapRender.heartbeat_kind, render_id
    ):  # the map page can tell when the worker died
        render = map_render_run(render_id=render_id, progress=report)
    return {"render_id": render.pk, "status": render.status, "error": render.error}
