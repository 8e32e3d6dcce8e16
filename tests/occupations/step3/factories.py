"""Factories for step 3: card sorts, employers in the room, cards, agreed occupations."""

from __future__ import annotations

import datetime

import factory

from occupations.models import (
    Card,
    CardCategory,
    CardSort,
    CriticalOccupation,
    RoomEmployer,
    Tier,
)
from partnerships.models import ConveningGuest
from tests.factories import ConveningFactory


class Step3ConveningFactory(ConveningFactory):
    title = "Employer card sort"
    step = 3
    held_on = datetime.date(2026, 4, 15)


class CardSortFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = CardSort

    convening = factory.SubFactory(Step3ConveningFactory)
    partnership = factory.SelfAttribute("convening.partnership")


class CategoryFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = CardCategory

    card_sort = factory.SubFactory(CardSortFactory)
    name = factory.Sequence(lambda n: f"Column {n}")
    order = factory.Sequence(lambda n: n)


class GuestEmployerFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = RoomEmployer

    card_sort = factory.SubFactory(CardSortFactory)
    name = factory.Sequence(lambda n: f"Guest {n}")
    company = factory.Sequence(lambda n: f"Company {n}")
    guest = factory.LazyAttribute(
        lambda o: ConveningGuest.objects.create(
            convening=o.card_sort.convening, name=o.name, company=o.company
        )
    )


class CardFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Card

    employer = factory.SubFactory(GuestEmployerFactory)
    card_sort = factory.SelfAttribute("employer.card_sort")
    number = 1
    title = "Machinist"
    soc_code = "51-4041"
    onet_code = "51-4041.00"
    soc_title = "Machinists"
    reasons = factory.LazyFunction(lambda: ["hardest_to_fill"])


class CriticalOccupationFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = CriticalOccupation

    soc_code = factory.Sequence(lambda n: f"51-{4000 + n:04d}")
    onet_code = factory.LazyAttribute(lambda o: f"{o.soc_code}.00")
    title = factory.Sequence(lambda n: f"Occupation {n}")
    tier = Tier.ENTRY
