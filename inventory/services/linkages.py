"""Linkages between programs, with their agreements."""

from __future__ import annotations

from django.contrib.auth.models import AbstractBaseUser
from django.db import transaction

from inventory.models import (
    Linkage,
)
from inventory.services.permissions import _check_linkage
from partnerships.models import Membership, Partnership


def _agreement(fields: dict) -> dict:
    # A form's "clear" box gives False and an empty upload None: both mean no document.
    if fields.get("agreement") in (False, None) and "agreement" in fields:
        fields["agreement"] = ""
    return fields


@transaction.atomic
def linkage_create(
    *,
    partnership: Partnership,
    actor: AbstractBaseUser | None,
    membership: Membership | None = None,
    **fields,
) -> Linkage:
    linkage = Linkage(partnership=partnership, created_by=actor, **_agreement(fields))
    _check_linkage(membership, linkage)
    linkage.full_clean()
    if linkage.agreement and not linkage.agreement._committed:
        linkage.agreement.save(linkage.agreement.name, linkage.agreement, save=False)
    linkage.save()
    return linkage


@transaction.atomic
def linkage_update(*, linkage: Linkage, membership: Membership | None = None, **fields) -> Linkage:
    """Change a linkage: the person must be allowed to edit it as it was and as it will be."""
    _check_linkage(membership, linkage)
    for name, value in _agreement(fields).items():
        setattr(linkage, name, value)
    _check_linkage(membership, linkage)
    linkage.full_clean()
    if linkage.agreement and not linkage.agreement._committed:
        linkage.agreement.save(linkage.agreement.name, linkage.agreement, save=False)
    linkage.save()
    return linkage


def linkage_delete(*, linkage: Linkage, membership: Membership | None = None) -> None:
    _check_linkage(membership, linkage)
    linkage.delete()
