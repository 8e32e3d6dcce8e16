from __future__ import annotations

from celery import shared_task

from pathways.actionplan import services


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
