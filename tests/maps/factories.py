"""Factories for the pathway-map tests: critical occupations and their paths (step 3), and
programs linked to them (step 4), without needing the reference data."""

from __future__ import annotations

import factory
from django.utils import timezone

from inventory.models import ProgramOccupation
from occupations.models import AdvancementPath, CriticalOccupation, Tier
from tests.factories import PartnershipFactory
from tests.inventory.factories import CredentialFactory, ProgramFactory


class CriticalOccupationFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = CriticalOccupation

    partnership = factory.SubFactory(PartnershipFactory)
    soc_code = factory.Sequence(lambda n: f"51-{4000 + n:04d}")
    onet_code = factory.LazyAttribute(lambda o: f"{o.soc_code}.00")
    title = factory.Sequence(lambda n: f"Production Occupation {n}")
    tier = Tier.ENTRY
    order = factory.Sequence(lambda n: n)
    description = "Makes parts to drawings and checks them."


class AdvancementPathFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = AdvancementPath

    partnership = factory.SelfAttribute("from_occupation.partnership")
    from_occupation = factory.SubFactory(CriticalOccupationFactory)
    to_occupation = factory.SubFactory(
        CriticalOccupationFactory,
        partnership=factory.SelfAttribute("..from_occupation.partnership"),
        tier=Tier.MID,
    )
    note = "A year on the job"


def program_for(occupation: CriticalOccupation, **fields):
    """An offered program preparing for the occupation (a confirmed link), with a credential."""
    partnership = occupation.partnership
    program = ProgramFactory(partnership=partnership, **fields)
    program.credentials.add(CredentialFactory(partnership=partnership))
    ProgramOccupation.objects.create(
        program=program,
        soc_code=occupation.soc_code,
        title=occupation.title,
        confirmed_at=timezone.now(),
    )
    return program
