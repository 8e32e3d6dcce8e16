from __future__ import annotations

import factory

from inventory.models import Credential, Linkage, Program, ProgramType, Provider, ProviderKind
from partnerships.models import Organization
from tests.factories import OrganizationFactory, PartnershipFactory


class ProviderFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Provider

    partnership = factory.SubFactory(PartnershipFactory)
    organization = factory.SubFactory(
        OrganizationFactory,
        partnership=factory.SelfAttribute("..partnership"),
        kind=Organization.Kind.COMMUNITY_COLLEGE,
        name=factory.Sequence(lambda n: f"Test Community College {n}"),
    )
    kind = ProviderKind.COMMUNITY_COLLEGE


class CredentialFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Credential

    partnership = factory.SubFactory(PartnershipFactory)
    name = factory.Sequence(lambda n: f"Certificate {n}")
    kind = Credential.Kind.CERTIFICATE


class ProgramFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Program

    partnership = factory.SubFactory(PartnershipFactory)
    provider = factory.SubFactory(
        ProviderFactory, partnership=factory.SelfAttribute("..partnership")
    )
    name = factory.Sequence(lambda n: f"Machining Technology {n}")
    program_type = ProgramType.CREDIT
    cip_code = "48.0501"
    clock_hours = 480
    tuition = 4200
    completions_per_year = 24
    capacity = 40


class LinkageFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Linkage

    partnership = factory.SubFactory(PartnershipFactory)
    from_program = factory.SubFactory(
        ProgramFactory, partnership=factory.SelfAttribute("..partnership")
    )
    to_program = factory.SubFactory(
        ProgramFactory, partnership=factory.SelfAttribute("..partnership")
    )
    kind = Linkage.Kind.ARTICULATION
