"""Fixtures for step 5: a critical occupation with a strawman (built from the shipped O*NET
excerpt, or made by hand where O*NET does not matter), a step-5 convening, focus groups."""

from __future__ import annotations

import datetime

import pytest
from django.utils import timezone

from occupations.competencies import services
from occupations.competencies.models import JobFunction, Strawman, Task, TaskSource
from occupations.models import CriticalOccupation, Tier
from tests.factories import ConveningFactory


@pytest.fixture
def machinists(partnership):
    return CriticalOccupation.objects.create(
        partnership=partnership, soc_code="51-4041", onet_code="51-4041.00",
        title="CNC machinist", tier=Tier.MID,
    )  # fmt: skip


@pytest.fixture
def step5_convening(partnership, convener):
    return ConveningFactory(
        partnership=partnership, step=5, title="Machinist focus group",
        held_on=datetime.date(2026, 6, 3), created_by=convener,
    )  # fmt: skip


def make_strawman(occupation, tasks: int = 6, functions: int = 2) -> Strawman:
    """A strawman without O*NET: for pages and permissions, where the data does not matter."""
    strawman = Strawman.objects.create(
        partnership=occupation.partnership, occupation=occupation, onet_code="51-4041.00",
        onet_release="O*NET database 27.0", edited_at=timezone.now(),
        skills=[{"id": "2.A.1.a", "name": "Reading Comprehension", "importance": 3.8,
                 "level": 3.9, "words": "intermediate"}],
    )  # fmt: skip
    made = [JobFunction.objects.create(strawman=strawman, name=f"Function {i}", order=i)
            for i in range(functions)]  # fmt: skip
    Task.objects.bulk_create(
        Task(strawman=strawman, function=made[i % functions], statement=f"Do task number {i}.",
             order=i, source=TaskSource.ONET, onet_task_id=1000 + i)
        for i in range(tasks)
    )  # fmt: skip
    return strawman


@pytest.fixture
def strawman(machinists):
    return make_strawman(machinists)


@pytest.fixture
def round_one(strawman, step5_convening, convener):
    return services.focus_group_start(
        strawman=strawman, convening=step5_convening, round=1, actor=convener
    )
