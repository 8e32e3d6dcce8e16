"""Listening for new labor-market releases without the occupations app knowing about us:
a release is written in one transaction, so the comparison is queued once it commits."""

from __future__ import annotations

from django.db import transaction
from django.db.models.signals import post_save
from django.dispatch import receiver

from occupations.models import DataRelease


@receiver(post_save, sender=DataRelease, dispatch_uid="actionplan-release-watch")
def release_imported(sender, instance: DataRelease, created: bool, **kwargs) -> None:
    if not created or kwargs.get("raw"):
        return
    from pathways.actionplan.release_watch import WATCHED_SOURCES
    from pathways.actionplan.tasks import compare_maps_with_release

    if instance.source in WATCHED_SOURCES:
        release_id = instance.pk
        transaction.on_commit(lambda: compare_maps_with_release.delay(release_id))
