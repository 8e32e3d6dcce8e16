"""The partnership's credentials and how they stack."""

from __future__ import annotations

from collections.abc import Iterable

from django.core.exceptions import ValidationError
from django.db import transaction

from inventory.models import (
    Credential,
)
from inventory.services.common import _validated
from inventory.services.permissions import _check_credential
from partnerships.models import Membership, Partnership


@transaction.atomic
def credential_create(
    *, partnership: Partnership, stacks_into: Iterable[Credential] = (), **fields
) -> Credential:
    if partnership.credentials.filter(name__iexact=fields.get("name", "").strip()).exists():
        raise ValidationError({"name": "A credential with this name is already listed."})
    credential = _validated(Credential(partnership=partnership, **fields))
    credential.stacks_into.set(_stackable(credential, stacks_into))
    return credential


@transaction.atomic
def credential_update(
    *,
    credential: Credential,
    membership: Membership | None = None,
    stacks_into: Iterable[Credential] | None = None,
    **fields,
) -> Credential:
    credential = Credential.objects.select_for_update().get(pk=credential.pk)
    _check_credential(membership, credential)
    for name, value in fields.items():
        setattr(credential, name, value)
    _validated(credential)
    if stacks_into is not None:
        credential.stacks_into.set(_stackable(credential, stacks_into))
    return credential


def _stackable(credential: Credential, targets: Iterable[Credential]) -> list[Credential]:
    targets = list(targets)
    for target in targets:
        if target.pk == credential.pk:
            raise ValidationError({"stacks_into": "A credential can't stack into itself."})
        if target.partnership_id != credential.partnership_id:
            raise ValidationError({"stacks_into": "Choose this partnership's credentials."})
    return targets


@transaction.atomic
def credential_delete(*, credential: Credential, membership: Membership | None = None) -> None:
    _check_credential(membership, credential)
    if credential.programs.exists():
        raise ValidationError(
            f"Programs still award {credential.name}; take it off those programs first."
        )
    credential.delete()


def _same_partnership(partnership: Partnership, credentials: Iterable[Credential]):
    credentials = list(credentials)
    if any(c.partnership_id != partnership.pk for c in credentials):
        raise ValidationError({"credentials": "Choose this partnership's credentials."})
    return credentials
