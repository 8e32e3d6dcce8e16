"""The climb between levels: computed from the two occupations' O*NET levels in plain words,
editable by the convener before approval, and frozen into the approved version."""

from __future__ import annotations

import pytest
from django.urls import reverse

from occupations.competencies import selectors, services
from occupations.competencies.models import Climb
from occupations.models import AdvancementPath, CriticalOccupation
from tests.competencies.conftest import make_strawman


def _skill(id_, name, words, importance=3.5):
    return {"id": id_, "name": name, "words": words, "importance": importance}


@pytest.fixture
def path(strawman, machinists):
    lead = CriticalOccupation.objects.create(
        partnership=machinists.partnership, soc_code="51-1011", title="Shop lead", tier="advanced"
    )
    higher = make_strawman(lead, tasks=3)
    higher.tasks.update(onet_task_id=None)
    for i, task in enumerate(higher.tasks.all()):
        task.statement = f"Schedule the shop's work, part {i}."
        task.save()
    strawman.skills = [_skill("2.A.1.a", "Reading Comprehension", "basic"),
                       _skill("2.A.1.e", "Mathematics", "intermediate")]  # fmt: skip
    strawman.save()
    higher.skills = [
        _skill("2.A.1.a", "Reading Comprehension", "intermediate"),
        _skill("2.A.1.e", "Mathematics", "intermediate"),  # no rise: not mentioned
        _skill("2.B.5.d", "Management of Personnel Resources", "advanced", 4.0),
        _skill("2.B.4.e", "Judgment and Decision Making", "basic"),  # new but basic: noise
        _skill("2.B.1.a", "Social Perceptiveness", "level not reliable enough to show"),
    ]
    higher.save()
    return AdvancementPath.objects.create(
        partnership=machinists.partnership, from_occupation=machinists, to_occupation=lead
    )


def test_the_climb_is_computed_in_plain_words(path, strawman):
    (climb,) = selectors.climbs_for(strawman)
    assert climb["from"] == "CNC machinist" and climb["to"] == "Shop lead"
    assert climb["levels"] == [
        "Reading Comprehension: basic to intermediate",
        "Management of Personnel Resources: advanced (new at this level)",
    ]
    assert climb["tasks"] == [f"Schedule the shop's work, part {i}." for i in range(3)]
    assert not climb["edited"]


def test_the_convener_words_the_climb_and_approval_freezes_it(
    path, strawman, client, convener, counselor
):
    client.force_login(convener)
    url = reverse("competencies:climb_edit", args=[strawman.partnership.slug, strawman.pk, path.pk])
    page = reverse("competencies:description", args=[strawman.partnership.slug, strawman.pk])
    assert "Reading Comprehension: basic to intermediate" in client.get(page).content.decode()
    response = client.post(url, {"version": "0", "levels": "Reading blueprints: basic to intermediate\n\n",
                                 "tasks": "Plan the week's jobs\nTrain new machinists"}, follow=True)  # fmt: skip
    assert "Climb CNC machinist → Shop lead saved" in response.content.decode()
    climb = Climb.objects.get(path=path)
    assert climb.level_list == ["Reading blueprints: basic to intermediate"]
    assert climb.task_list == ["Plan the week's jobs", "Train new machinists"]
    # Someone who loaded the form before that save cannot overwrite it.
    response = client.post(url, {"version": "0", "levels": "Stale", "tasks": ""}, follow=True)
    assert "Someone changed this climb" in response.content.decode()
    assert Climb.objects.get(path=path).levels == "Reading blueprints: basic to intermediate"
    # Approval keeps the climb as worded; a later edit changes the draft, not the version.
    version = services.strawman_approve(strawman=strawman, actor=convener)
    frozen = version.content["climbs"]
    assert frozen == [{"from": "CNC machinist", "to": "Shop lead", "edited": True,
                       "levels": ["Reading blueprints: basic to intermediate"],
                       "tasks": ["Plan the week's jobs", "Train new machinists"]}]  # fmt: skip
    client.post(url, {"version": "1", "levels": "Shop math: basic to advanced", "tasks": ""})
    version.refresh_from_db()
    assert version.content["climbs"] == frozen
    status = next(s for s in selectors.occupation_statuses(strawman.partnership)
                  if s.strawman == strawman)  # fmt: skip
    assert status.changed_since_approved
    client.force_login(counselor)  # counselors read the approved climb
    body = client.get(page).content.decode()
    assert "Reading blueprints: basic to intermediate" in body
    assert "Shop math" not in body
    # Back to O*NET's numbers.
    client.force_login(convener)
    client.post(url, {"action": "reset"})
    assert not Climb.objects.exists()
    assert selectors.climbs_for(strawman)[0]["levels"][0].startswith("Reading Comprehension")
