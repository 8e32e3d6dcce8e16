"""Publishing renders the PDFs in a real Celery worker over Redis; the page polls its progress."""

from __future__ import annotations

import time

from django.core.files.storage import default_storage

from pathways.maps import services
from pathways.maps.models import MapRender
from tests.factories import MembershipFactory, PartnershipFactory, UserFactory
from tests.maps.factories import CriticalOccupationFactory, program_for


def test_a_real_worker_renders_a_published_map(celery_worker):
    partnership = PartnershipFactory(slug="worker-map")
    convener = MembershipFactory(
        partnership=partnership, role="convener", user=UserFactory(username="worker-convener")
    ).user
    program_for(CriticalOccupationFactory(partnership=partnership, title="Welder"))

    version = services.map_publish(partnership=partnership, actor=convener)  # commits, enqueues
    render = MapRender.objects.get(version=version)
    deadline = time.monotonic() + 90
    while time.monotonic() < deadline:
        render.refresh_from_db()
        if not render.is_active:
            break
        time.sleep(0.3)
    assert render.status == MapRender.Status.SUCCEEDED, render.error
    assert render.task_id  # it went through the broker
    version.refresh_from_db()
    with default_storage.open(version.pdf.name) as pdf:  # written by the worker process
        assert pdf.read(5) == b"%PDF-"
    assert default_storage.exists(version.detail_pdf.name)
