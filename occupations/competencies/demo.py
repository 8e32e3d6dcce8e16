"""Step 5 of the demo partnership: two occupations through both focus-group rounds (about
eight participants each, answers that differ the way a real room does), one in round one,
the rest at the strawman. Idempotent: an occupation that has a strawman is left alone."""

from __future__ import annotations

import datetime
import random
from typing import TextIO

from django.db import transaction

from occupations.competencies import services
from occupations.competencies.models import Strawman
from occupations.models import CriticalOccupation
from partnerships.models import Convening, Partnership

ROUND_TITLES = {
    1: ("Focus group: hiring authorities", datetime.date(2026, 6, 3)),
    2: ("Focus group: high-performing employees", datetime.date(2026, 6, 24)),
}
HIRING = [("Dana Ortiz", "Summit Precision Machining"), ("Lena Hoffman", "Front Range Aerospace Components"),
          ("Marcus Reyes", "Rocky Mountain Fabrication"), ("Priya Natarajan", "Summit Precision Machining"),
          ("Tom Becker", "Centennial Controls"), ("Grace Liu", "Front Range Aerospace Components"),
          ("Sam Whitehorse", "Pueblo Steel Works"), ("Erin Walsh", "Rocky Mountain Fabrication")]  # fmt: skip
PERFORMERS = [("Luis Alvarez", "Summit Precision Machining"), ("Jordan Kim", "Pueblo Steel Works"),
              ("Aisha Bello", "Front Range Aerospace Components"), ("Kyle Novak", "Centennial Controls"),
              ("Maria Gonzales", "Rocky Mountain Fabrication"), ("Ben Carter", "Summit Precision Machining"),
              ("Hana Sato", "Front Range Aerospace Components"), ("Chris Dunn", "Pueblo Steel Works")]  # fmt: skip
FREQUENCIES = ["daily", "weekly", "monthly", "rarely"]


def _convening(partnership: Partnership, round: int, actor) -> Convening:
    title, held_on = ROUND_TITLES[round]
    convening, _ = Convening.objects.get_or_create(
        partnership=partnership, title=title, step=5,
        defaults={"held_on": held_on, "created_by": actor, "location": "Red Rocks CC, Lakewood",
                  "purpose": "Vet the strawman descriptions of the critical occupations."},
    )  # fmt: skip
    return convening


def _hold_round(strawman: Strawman, round: int, actor, rng: random.Random) -> None:
    group = services.focus_group_start(
        strawman=strawman, convening=_convening(strawman.partnership, round, actor),
        round=round, actor=actor,
    )  # fmt: skip
    tasks = list(strawman.tasks.filter(dropped=False).order_by("order"))
    # Each task has a "true" importance and a chance of being under-performed; people
    # differ around it, and a few tasks split the room.
    truth = {t.pk: (rng.choice([3, 4, 4, 5, 5]), rng.random() < 0.3, rng.random() < 0.15,
                    rng.choice(FREQUENCIES[:3])) for t in tasks}  # fmt: skip
    people = HIRING if round == 1 else PERFORMERS
    for name, company in people:
        person = services.participant_join(focus_group=group, name=name, company=company)
        answers = {}
        for task in tasks:
            importance, weak, split, often = truth[task.pk]
            spread = 2 if split else 1
            answers[task.pk] = {
                "accuracy": "drop" if split and rng.random() < 0.4
                else ("change" if rng.random() < 0.12 else "keep"),
                "importance": str(min(5, max(1, importance + rng.randint(-spread, spread)))),
                "frequency": often if rng.random() < 0.7 else rng.choice(FREQUENCIES),
                "underperformed": "yes" if (weak and rng.random() < 0.75) or rng.random() < 0.08
                else "no",
            }  # fmt: skip
        services.answers_save(participant=person, answers=answers)
        weak_tasks = [t.pk for t in tasks if truth[t.pk][1]] or [t.pk for t in tasks]
        picks = rng.sample(weak_tasks, min(3, len(weak_tasks)))
        services.priorities_set(participant=person, task_ids=picks)
    if round == 1:
        group.paths_in = (
            "Machine operator after a year on the floor\nCommunity-college CNC certificate"
        )
        group.paths_out = "Lead machinist or CNC programmer\nQuality inspector"
        group.save(update_fields=["paths_in", "paths_out"])
    services.focus_group_set_open(focus_group=group, is_open=False)


def load(partnership: Partnership, stdout: TextIO | None = None) -> None:
    occupations = list(
        CriticalOccupation.objects.filter(partnership=partnership).order_by("tier", "order")
    )
    if not occupations or Strawman.objects.filter(partnership=partnership).exists():
        return
    actor = partnership.memberships.filter(role="convener").select_related("user").first()
    actor = actor.user if actor else None
    rng = random.Random(5)
    # Mid-level first: the occupations the focus groups cared most about.
    occupations.sort(key=lambda o: (o.tier != "mid", o.tier != "entry", o.order))
    with transaction.atomic():
        for i, occupation in enumerate(occupations):
            try:
                strawman = services.strawman_build(occupation=occupation, actor=actor)
            except Exception:  # an occupation the excerpt lacks: left without a strawman
                continue
            if i < 3:
                _hold_round(strawman, 1, actor, rng)
            if i < 2:
                _hold_round(strawman, 2, actor, rng)
                first = strawman.tasks.filter(dropped=False).order_by("order").first()
                services.task_detail_save(
                    task=first, chosen=True,
                    minimum_standard="Meets the minimum when the work matches the print on "
                    "the first try and the checks are written down.",
                    mid_level="Plans the job, spots problems before they cost parts, and "
                    "coaches newer people through it.",
                    ksas="Reading blueprints\nMeasuring with micrometers and calipers\n"
                    "Shop math",
                )  # fmt: skip
            if i == 0:
                services.strawman_approve(strawman=strawman, actor=actor)
    if stdout is not None:
        stdout.write(f"Step 5: strawmen for {len(occupations)} occupations, focus groups held\n")
