"""Providers, their contacts, and inviting a provider onto the support team."""

from __future__ import annotations

from django.core.exceptions import ValidationError
from django.db import transaction

from inventory.models import (
    ORGANIZATION_KIND_FOR,
    Provider,
    ProviderContact,
    ProviderKind,
)
from inventory.services.common import _validated
from partnerships import services as partnership_services
from partnerships.models import Organization, Partnership, System

SYSTEM_FOR_PROVIDER_KIND = {
    ProviderKind.COMMUNITY_COLLEGE: System.POSTSECONDARY,
    ProviderKind.TECHNICAL_COLLEGE: System.POSTSECONDARY,
    ProviderKind.UNIVERSITY: System.POSTSECONDARY,
    ProviderKind.SCHOOL_DISTRICT: System.SECONDARY,
    ProviderKind.WORKFORCE_CENTER: System.WORKFORCE,
    ProviderKind.ADULT_EDUCATION: System.POSTSECONDARY,
    ProviderKind.APPRENTICESHIP_SPONSOR: System.WORKFORCE,
    ProviderKind.COMMUNITY_ORGANIZATION: System.COMMUNITY,
    ProviderKind.OTHER: System.COMMUNITY,
}


@transaction.atomic
def provider_create(
    *,
    partnership: Partnership,
    kind: str,
    name: str = "",
    organization: Organization | None = None,
    city: str = "",
    website: str = "",
    notes: str = "",
) -> Provider:
    """A provider for one of the partnership's organizations, adding the organization if new."""
    if organization is None:
        name = name.strip()
        if not name:
            raise ValidationError({"name": "Give the provider's name."})
        organization = partnership.organizations.filter(name__iexact=name).first()
        if organization is None:
            organization = partnership_services.organization_create(
                partnership=partnership,
                name=name,
                kind=ORGANIZATION_KIND_FOR[ProviderKind(kind)],
                city=city,
                website=website,
            )
    if organization.partnership_id != partnership.pk:
        raise ValidationError({"organization": "Choose one of this partnership's organizations."})
    if Provider.objects.filter(organization=organization).exists():
        raise ValidationError({"name": f"{organization.name} is already a provider."})
    return _validated(
        Provider(partnership=partnership, organization=organization, kind=kind, notes=notes)
    )


@transaction.atomic
def provider_update(*, provider: Provider, **fields) -> Provider:
    for name, value in fields.items():
        setattr(provider, name, value)
    return _validated(provider)


@transaction.atomic
def provider_delete(*, provider: Provider) -> None:
    if provider.programs.exists():
        raise ValidationError(
            f"{provider.name} still has programs in the inventory; remove them first."
        )
    provider.delete()


@transaction.atomic
def provider_contact_add(*, provider: Provider, **fields) -> ProviderContact:
    contact = _validated(ProviderContact(provider=provider, **fields))
    if contact.is_primary:
        provider.contacts.exclude(pk=contact.pk).update(is_primary=False)
    return contact


def provider_contact_remove(*, contact: ProviderContact) -> None:
    contact.delete()


@transaction.atomic
def provider_invite_to_support_team(*, provider: Provider):
    """Put a provider's organization on the support team (step 2), in its usual system."""
    system = SYSTEM_FOR_PROVIDER_KIND.get(ProviderKind(provider.kind), "")
    if provider.kind == ProviderKind.EMPLOYER:
        raise ValidationError(
            f"{provider.name} is an employer: employers sit on the talent committee, "
            "not the support team."
        )
    contact = provider.contacts.first()
    return partnership_services.support_partner_add(
        partnership=provider.partnership,
        organization=provider.organization,
        system=system,
        point_of_contact=contact.name if contact else "",
    )
