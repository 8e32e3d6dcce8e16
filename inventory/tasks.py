"""Celery entry points for the inventory: thin, they take ids and call a service."""

from __future__ import annotations

from celery import shared_task

from inventory.services import program_import_read
from pathways.jobs import heartbeat


@shared_task(acks_late=True, reject_on_worker_lost=True, soft_time_limit=120, time_limit=180)
def read_program_import(import_id: int) -> dict:
    """Read an uploaded spreadsheet once, in a worker whose memory is capped, so that no
    upload can slow the web pages down; the preview plans from the rows kept."""
    with heartbeat("inventory-import", import_id):
        record = program_import_read(import_id=import_id)
    return {"import_id": record.pk, "status": record.status, "rows": record.rows_read}
