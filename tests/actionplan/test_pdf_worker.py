"""The plan's PDF for a meeting renders in a real Celery worker over Redis, not in the
request: the request only queues it, and the page's poll sees it finish."""

from __future__ import annotations

import time

from django.core.files.storage import default_storage

from pathways.actionplan import services
from pathways.actionplan.models import PlanDocument
from tests.actionplan.factories import ActionFactory
from tests.factories import MembershipFactory, PartnershipFactory, UserFactory


def test_a_real_worker_renders_the_plan_for_a_meeting(celery_worker):
    partnership = PartnershipFactory(slug="worker-plan")
    convener = MembershipFactory(
        partnership=partnership, role="convener", user=UserFactory(username="worker-plan-c")
    ).user
    ActionFactory(partnership=partnership, title="Plant tours for counselors")

    document = services.document_render_request(
        partnership=partnership, kind="plan", actor=convener
    )  # commits, enqueues
    deadline = time.monotonic() + 90
    while time.monotonic() < deadline:  # poll as the page does, until the job settles
        document.refresh_from_db()
        if not document.is_active:
            break
        time.sleep(0.3)
    assert document.status == PlanDocument.Status.SUCCEEDED, document.error
    assert document.task_id  # it went through the broker
    with default_storage.open(document.pdf.name) as pdf:  # written by the worker process
        assert pdf.read(5) == b"%PDF-"
