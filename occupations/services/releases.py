"""Removing a release with its rows."""

from __future__ import annotations

from django.db import connection, transaction

from occupations.models import DataRelease, ImportJob


def release_delete(*, release: DataRelease) -> None:
    """Remove a release and all its rows (row tables carry no database cascade)."""
    from occupations.importers.onet import ONET_MODELS, partition_name
    from occupations.models import ReleaseRow

    with transaction.atomic():
        for model in _row_models(ReleaseRow):
            if connection.vendor == "postgresql" and model in ONET_MODELS:
                with connection.cursor() as cursor:
                    cursor.execute(f"DROP TABLE IF EXISTS {partition_name(model, release.pk)}")
            else:
                model.objects.filter(release_id=release.pk).delete()
        ImportJob.objects.filter(release=release).update(release=None)
        release.delete()


def _row_models(base: type) -> list[type]:
    found = []
    for sub in base.__subclasses__():
        if sub._meta.abstract:
            found += _row_models(sub)
        else:
            found.append(sub)
    return found
