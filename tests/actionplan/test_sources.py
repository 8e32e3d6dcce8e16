from __future__ import annotations

import pytest

from pathways.actionplan import services, sources
from pathways.actionplan.models import SourceKind, Status
from tests.actionplan.factories import ActionFactory, QuickWinFactory

pytestmark = pytest.mark.django_db


def test_quick_wins_are_needs_with_a_link_back(partnership, other_partnership):
    win = QuickWinFactory(partnership=partnership, text="A shared second-shift bus stop")
    QuickWinFactory(partnership=other_partnership, text="Someone else's")
    found = sources.needs(partnership)
    assert [(n.kind, n.key, n.title) for n in found] == [
        (SourceKind.QUICK_WIN, str(win.pk), "A shared second-shift bus stop")
    ]
    assert found[0].url == f"/p/{partnership.slug}/occupations/critical/#quick-wins"
    assert "raised by Plant manager" in found[0].detail


def test_steps_5_and_6_are_read_only_when_their_apps_are_installed(partnership):
    from django.apps import apps

    expected = [SourceKind.QUICK_WIN]
    if apps.is_installed("occupations.competencies"):
        expected.append(SourceKind.SKILLS_GAP)
    if apps.is_installed("inventory.alignment"):
        expected.append(SourceKind.GAP_FINDING)
    assert sources.available_kinds() == expected


def test_skills_gaps_and_findings_come_from_their_selectors(partnership, fake_sources):
    QuickWinFactory(partnership=partnership)
    found = sources.needs(partnership)
    assert [n.kind for n in found] == [
        SourceKind.QUICK_WIN, SourceKind.SKILLS_GAP, SourceKind.GAP_FINDING,
        SourceKind.GAP_FINDING,
    ]  # fmt: skip
    gap = found[1]
    assert gap.key == "gap-51-4041-gdt"
    assert gap.occupation == "Machinists"
    assert gap.url == "/p/front-range/competencies/51-4041/"
    # A finding with no detail falls back to its kind.
    assert found[3].detail == "program"


def test_unanswered_leaves_out_needs_with_a_live_action(partnership, convener, fake_sources):
    win = QuickWinFactory(partnership=partnership)
    assert len(sources.unanswered(partnership)) == 4
    services.action_create_for_need(
        partnership=partnership, actor=convener, kind=SourceKind.QUICK_WIN, key=str(win.pk)
    )
    services.action_create_for_need(
        partnership=partnership,
        actor=convener,
        kind=SourceKind.GAP_FINDING,
        key="finding-welding-capacity",
    )
    left = sources.unanswered(partnership)
    assert [n.key for n in left] == ["gap-51-4041-gdt", "finding-no-dual-enrollment"]


def test_a_dropped_action_puts_its_need_back_on_the_list(partnership, fake_sources):
    ActionFactory(
        partnership=partnership,
        source_kind=SourceKind.SKILLS_GAP,
        source_key="gap-51-4041-gdt",
        status=Status.DROPPED,
        dropped_reason="Folded into another action",
    )
    assert "gap-51-4041-gdt" in [n.key for n in sources.unanswered(partnership)]


def test_another_partnerships_action_does_not_answer_a_need(
    partnership, other_partnership, fake_sources
):
    ActionFactory(
        partnership=other_partnership,
        source_kind=SourceKind.SKILLS_GAP,
        source_key="gap-51-4041-gdt",
    )
    assert "gap-51-4041-gdt" in [n.key for n in sources.unanswered(partnership)]
