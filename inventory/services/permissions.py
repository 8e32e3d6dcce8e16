"""Who may do what in the inventory: programs, reviews, linkages, shared credentials."""

from __future__ import annotations

from django.core.exceptions import PermissionDenied, ValidationError
from django.db.models import Q

from inventory.models import (
    Credential,
    Linkage,
    Program,
)
from partnerships.models import Membership, Role


def can_edit_program(membership: Membership, program: Program) -> bool:
    """Conveners edit everything; support partners edit their own organization's programs."""
    if membership.role == Role.CONVENER:
        return True
    return (
        membership.role == Role.PARTNER
        and membership.organization_id is not None
        and membership.organization_id == program.provider.organization_id
    )


def can_add_programs(membership: Membership) -> bool:
    return membership.role in (Role.CONVENER, Role.PARTNER)


def can_review(membership: Membership) -> bool:
    """Industry champions vet the inventory; conveners can record a review on their behalf."""
    return membership.role in (Role.CHAMPION, Role.CONVENER)


def can_edit_linkage(membership: Membership, linkage: Linkage) -> bool:
    return can_edit_program(membership, linkage.from_program) or can_edit_program(
        membership, linkage.to_program
    )


LINKAGE_REFUSED = "One of the two programs must be your organization's program."


def _check_linkage(membership: Membership | None, linkage: Linkage) -> None:
    """The one rule for creating and re-pointing a linkage (None: a trusted caller)."""
    if membership is not None and not can_edit_linkage(membership, linkage):
        raise ValidationError(LINKAGE_REFUSED)


def can_edit_credential(
    membership: Membership, credential: Credential, *, shared: set[int] | None = None
) -> bool:
    """A credential is shared by the partnership: the convener changes it, and a support
    partner only while no other organization's program awards or requires it, or when the
    partner's organization is the one that issues it."""
    if membership.role == Role.CONVENER:
        return True
    if membership.role != Role.PARTNER or membership.organization_id is None:
        return False
    issuer = (credential.issuer or "").strip().lower()
    if issuer and issuer == membership.organization.name.strip().lower():
        return True
    if credential.pk is None:
        return True
    if shared is None:
        shared = credential_ids_used_beyond(membership, [credential.pk])
    return credential.pk not in shared


def credential_ids_used_beyond(membership: Membership, ids=None) -> set[int]:
    """Credentials that programs of organizations other than the member's award or require
    (one query for a whole list)."""
    programs = Program.objects.filter(partnership_id=membership.partnership_id).exclude(
        provider__organization_id=membership.organization_id
    )
    awarded = Credential.objects.filter(Q(programs__in=programs) | Q(required_by__in=programs))
    if ids is not None:
        awarded = awarded.filter(pk__in=ids)
    return set(awarded.values_list("pk", flat=True).distinct())


def _check_credential(membership: Membership | None, credential: Credential) -> None:
    if membership is not None and not can_edit_credential(membership, credential):
        raise PermissionDenied(
            f"Other organizations' programs use {credential.name}: the convener, or the "
            "organization that issues it, changes it."
        )
