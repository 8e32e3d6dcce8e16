"""Issue 15, item 1: a spreadsheet bomb that reaches the worker (say, past an older form) is
refused there in words, and the worker's memory stays small. Needs PostgreSQL and Redis."""

from __future__ import annotations

import time
from pathlib import Path

from django.core.files.uploadedfile import SimpleUploadedFile

from inventory import services
from inventory.models import ParseStatus, ProgramImport
from tests.factories import MembershipFactory, PartnershipFactory, UserFactory
from tests.hardening.bombs import xlsx_bomb
from tests.occupations.test_tasks import _descendants


def _peak_rss_mb(pid: int) -> float:
    for line in Path(f"/proc/{pid}/status").read_text().splitlines():
        if line.startswith("VmHWM:"):
            return int(line.split()[1]) / 1024
    return 0.0


def test_the_worker_refuses_a_bomb_in_words_within_300_mb(celery_worker):
    partnership = PartnershipFactory(slug="bomb-site")
    partner = MembershipFactory(
        partnership=partnership, role="partner", user=UserFactory(username="bomber")
    ).user
    record = services.program_import_upload(  # commits, then the worker reads it
        partnership=partnership,
        actor=partner,
        upload=SimpleUploadedFile("programs.xlsx", xlsx_bomb(520)),
        layout=ProgramImport.Layout.INVENTORY,
    )
    deadline = time.monotonic() + 120
    while time.monotonic() < deadline:
        record.refresh_from_db()
        if record.status in (ParseStatus.READY, ParseStatus.FAILED):
            break
        time.sleep(0.2)
    assert record.status == ParseStatus.FAILED
    assert "too large once unpacked" in record.error
    assert not record.file  # the hostile file is not kept
    pool = _descendants(celery_worker.process.pid)
    assert pool, "the worker has a pool process"
    peaks = {pid: _peak_rss_mb(pid) for pid in [celery_worker.process.pid, *pool]}
    assert max(peaks.values()) < 300, peaks
