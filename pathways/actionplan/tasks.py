from __future__ import annotations

from celery import shared_task

from pathways.actionplan import services
from pathways.actionplan.models import PlanDocument
from pathways.jobs import heartbeat


@shared_task(name="pathways.actionplan.tasks.send_action_reminders")
def send_action_reminders() -> int:
    """Weekly (Celery beat): each owner hears about their overdue and at-risk actions."""
    return services.reminders_send()


@shared_task(name="pathways.actionplan.tasks.compare_maps_with_release", acks_late=True)
def compare_maps_with_release(release_id: int) -> dict:
    """After a labor-market import: record what changed on each published map, then tell
    each convener."""
    from pathways.actionplan import release_watch

    reviews = release_watch.maps_compare(release_id=release_id)
    for review in reviews:
        release_watch.review_notify(review_id=review.pk)
    return {"release_id": release_id, "reviews": [r.pk for r in reviews]}


@shared_task(bind=True, acks_late=True, reject_on_worker_lost=True, soft_time_limit=120)
def render_plan_document(self, document_id: int) -> dict:
    """Render the plan's PDF for a meeting (or the annual report) into storage, reporting
    progress. A failure is recorded for the team to see and not retried: the same plan would
    fail the same way."""

    def report(percent: int, phase: str) -> None:
        if self.request.id and not self.request.is_eager:
            self.update_state(state="PROGRESS", meta={"percent": percent, "phase": phase})

    with heartbeat(PlanDocument.heartbeat_kind, document_id):  # a dead worker shows as such
        document = services.document_render_run(document_id=document_id, progress=report)
    return {"document_id": document.pk, "status": document.status, "error": document.error}
