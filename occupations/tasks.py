"""Celery entry points: thin, they take ids and call a service."""

from __future__ import annotations

from celery import shared_task

from occupations.services import ThrottledProgress, import_job_run, import_progress_set
from pathways.jobs import heartbeat


@shared_task(bind=True, acks_late=True, reject_on_worker_lost=True)
def import_data(self, job_id: int) -> dict:
    """Import one ImportJob's file; progress goes to the result backend and the cache."""

    def report(phase: str, done: int, total: int) -> None:
        import_progress_set(job_id=job_id, phase=phase, done=done, total=total)
        if self.request.id and not self.request.is_eager:
            self.update_state(state="PROGRESS", meta={"phase": phase, "done": done, "total": total})

    with heartbeat("import", job_id):  # lets the data page tell a dead worker from a slow one
        job = import_job_run(job_id=job_id, report=ThrottledProgress(report))
    return {
        "job_id": job.pk,
        "status": job.status,
        "release_id": job.release_id,
        "error": job.error,
    }
