"""A task really travels through Redis to a separate Celery worker process and back."""

from __future__ import annotations

from datetime import timedelta

from django.utils import timezone

from partnerships.models import Invitation, Role
from partnerships.tasks import send_invitation
from tests.factories import PartnershipFactory


def test_a_real_worker_sends_an_invitation(celery_worker):
    partnership = PartnershipFactory()
    invitation = Invitation.objects.create(
        partnership=partnership,
        email="sam@example.org",
        role=Role.PARTNER,
        token="worker-test-token",
        expires_at=timezone.now() + timedelta(days=7),
    )
    result = send_invitation.delay(invitation.pk)
    assert celery_worker.wait_for(result) == "sent to sam@example.org"
    invitation.refresh_from_db()
    assert invitation.sent_at is not None  # written by the worker process
