from __future__ import annotations

from datetime import timedelta

from celery import shared_task
from django.db.models import Q
from django.utils import timezone

from partnerships import services
from partnerships.models import Invitation


@shared_task(bind=True, autoretry_for=(OSError,), retry_backoff=True, max_retries=5)
def send_invitation(self, invitation_id: int) -> str:
    """Email one invitation. SMTP hiccups are retried with backoff."""
    invitation = Invitation.objects.select_related("partnership", "invited_by").get(
        pk=invitation_id
    )
    if not invitation.is_open:
        return f"skipped: invitation is {invitation.status}"
    services.invitation_send(invitation=invitation)
    return f"sent to {invitation.email}"


@shared_task
def invitations_purge() -> int:
    """Housekeeping: forget invitations that ended (expired or revoked) over 90 days ago."""
    cutoff = timezone.now() - timedelta(days=90)
    deleted, _ = (
        Invitation.objects.filter(accepted_at=None)
        .filter(Q(expires_at__lt=cutoff) | Q(revoked_at__lt=cutoff))
        .delete()
    )
    return deleted
