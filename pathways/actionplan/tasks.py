from __future__ import annotations

from celery import shared_task

from pathways.actionplan import services


@shared_task(name="pathways.actionplan.tasks.send_action_reminders")
def send_action_reminders() -> int:
    """Weekly (Celery beat): each owner hears about their overdue and at-risk actions."""
    return services.reminders_send()
