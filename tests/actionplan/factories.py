from __future__ import annotations

import factory

from occupations.models import QuickWin
from pathways.actionplan.models import Action, ActionRating, ProgressNote
from tests.factories import PartnershipFactory


class QuickWinFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = QuickWin

    partnership = factory.SubFactory(PartnershipFactory)
    text = factory.Sequence(lambda n: f"Shared job description number {n}")
    raised_by = "Plant manager"


class ActionFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Action

    partnership = factory.SubFactory(PartnershipFactory)
    title = factory.Sequence(lambda n: f"Action {n}")


class NoteFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = ProgressNote

    action = factory.SubFactory(ActionFactory)
    text = "Met with the dean."


class RatingFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = ActionRating

    action = factory.SubFactory(ActionFactory)
    group = "employer"
    impact = 4
    feasibility = 4
