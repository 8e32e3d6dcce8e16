"""The room at once: 25 phones answering 30 tasks concurrently lose no answer, and the
facilitator's tally costs the same number of queries for 1 and for 25 participants."""

from __future__ import annotations

import threading

import pytest
from django.db import connection
from django.test import Client
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from occupations.competencies import services
from occupations.competencies.models import Answer, Participant, Priority
from tests.competencies.conftest import make_strawman

PEOPLE, TASKS = 25, 30


def _answer_all(strawman, group, count):
    tasks = list(strawman.tasks.all())
    for i in range(count):
        person = services.participant_join(focus_group=group, name=f"P{i}", company="Acme")
        services.answers_save(participant=person, answers={
            t.pk: {"accuracy": "keep", "importance": str(1 + (i + j) % 5),
                   "frequency": "weekly", "underperformed": "yes" if j % 3 == 0 else "no"}
            for j, t in enumerate(tasks)
        })  # fmt: skip
        services.priorities_set(
            participant=person, task_ids=[t.pk for t in tasks[i % 5 : i % 5 + 3]]
        )


@pytest.mark.parametrize("people", [1, PEOPLE])
def test_tally_queries_do_not_grow_with_participants(client, convener, machinists,
                                                     step5_convening, people):  # fmt: skip
    strawman = make_strawman(machinists, tasks=TASKS, functions=4)
    group = services.focus_group_start(strawman=strawman, convening=step5_convening, round=1)
    _answer_all(strawman, group, people)
    client.force_login(convener)
    url = reverse("competencies:tally_poll", args=[strawman.partnership.slug, group.pk])
    with CaptureQueriesContext(connection) as queries:
        response = client.get(url)
    assert response.status_code == 200
    assert f"<strong data-participants>{people}</strong>" in response.content.decode()
    # session + user + membership, version, focus group, tasks, answers, votes, participants
    assert len(queries) == 9, [q["sql"] for q in queries]


@pytest.mark.django_db(transaction=True)
def test_25_phones_answering_30_tasks_at_once_lose_nothing(partnership, convener):
    if connection.vendor != "postgresql":
        pytest.skip("needs DATABASE_URL on PostgreSQL: SQLite in memory has one connection")
    from occupations.models import CriticalOccupation
    from tests.factories import ConveningFactory

    occupation = CriticalOccupation.objects.create(
        partnership=partnership, soc_code="51-4041", title="Machinist", tier="mid"
    )
    strawman = make_strawman(occupation, tasks=TASKS, functions=3)
    convening = ConveningFactory(partnership=partnership, step=5)
    group = services.focus_group_start(strawman=strawman, convening=convening, round=1)
    url = reverse("competencies:answer", args=[group.token])
    tasks = list(strawman.tasks.values_list("pk", flat=True))
    phones = []
    for i in range(PEOPLE):
        phone = Client()
        phone.get(url)  # the phone's device token
        assert (
            phone.post(url, {"join": "1", "name": f"Person {i}", "company": "Acme"}).status_code
            == 302
        )
        phones.append(phone)
    start, errors = threading.Barrier(PEOPLE), []

    def answer(i, phone):
        try:
            start.wait()
            for j, task in enumerate(tasks):  # one request per tap, as the phone sends them
                response = phone.post(url, {f"t{task}-importance": str(1 + (i + j) % 5),
                                            f"t{task}-accuracy": "keep"},
                                      headers={"X-Autosave": "1"})  # fmt: skip
                if response.status_code != 200:
                    errors.append(response.content)
            phone.post(url, {"priorities": "1", "pick": tasks[:3]})
        except Exception as exc:  # noqa: BLE001 (reported below)
            errors.append(repr(exc))
        finally:
            connection.close()

    threads = [threading.Thread(target=answer, args=(i, p)) for i, p in enumerate(phones)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    assert errors == []
    assert Participant.objects.filter(focus_group=group).count() == PEOPLE
    assert Answer.objects.filter(participant__focus_group=group).count() == PEOPLE * TASKS
    for participant in Participant.objects.filter(focus_group=group):
        i = int(participant.name.split()[1])
        got = dict(
            Answer.objects.filter(participant=participant).values_list("task_id", "importance")
        )
        assert got == {task: 1 + (i + j) % 5 for j, task in enumerate(tasks)}
    assert Priority.objects.filter(participant__focus_group=group).count() == PEOPLE * 3
