"""Building the strawman: a readable number of functions from O*NET's work activities, in a
fixed number of queries; the strawman page costs the same queries at 6 tasks and at 300."""

from __future__ import annotations

from collections import Counter

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from occupations import demo
from occupations.competencies import selectors, services
from occupations.competencies.services import MAX_FUNCTIONS, MIN_FUNCTION_TASKS
from tests.competencies.conftest import make_strawman


def test_small_work_activities_fold_into_their_broader_category():
    # Nine work activities as O*NET gives them for some occupations; five gather one or two
    # tasks. 4.A.3.a.* share "Performing Physical and Manual Work Activities".
    activities = {}
    layout = [("4.A.3.a.3", 5), ("4.A.1.b.2", 4), ("4.A.3.a.2", 2), ("4.A.3.a.4", 1),
              ("4.A.2.b.1", 3), ("4.A.4.a.2", 2), ("4.A.4.a.3", 1), ("4.A.3.b.6", 1),
              ("4.A.2.a.2", 1)]  # fmt: skip
    for activity, n in layout:
        for _ in range(n):
            activities[len(activities) + 1] = {activity}
    activities[len(activities) + 1] = set()  # a task O*NET links to no work activity
    result = services.group_by_activity(activities)
    sizes = Counter(result.values())
    assert len(sizes) <= MAX_FUNCTIONS, sizes
    assert all(n >= MIN_FUNCTION_TASKS for k, n in sizes.items() if k), sizes
    assert sum(sizes.values()) == len(activities)  # no task lost
    # The machine operating tasks stay together with handling, under a broader name or
    # under the largest activity of that category.
    machine = {result[t] for t, a in activities.items() if a & {"4.A.3.a.3", "4.A.3.a.2"}}
    assert len(machine) == 1 and machine.pop().startswith("4.A.3")
    assert result[len(activities)] == ""  # other tasks


@pytest.fixture
def reference(db):
    demo.load()


def test_strawman_from_the_excerpt_has_readable_functions_in_ten_queries(
    reference, machinists, convener
):
    services.work_activities.__globals__["_ACTIVITIES"].clear()
    services.strawman_build(occupation=machinists, actor=convener)  # reads the hierarchy once
    other = type(machinists).objects.create(
        partnership=machinists.partnership, soc_code="51-4121", onet_code="51-4121.06",
        title="Welder", tier="entry",
    )  # fmt: skip
    with CaptureQueriesContext(connection) as queries:
        strawman = services.strawman_build(occupation=other, actor=convener)
    selects = [q["sql"] for q in queries if q["sql"].startswith("SELECT")]
    assert len(selects) <= 7, selects
    page = selectors.strawman_page(strawman)
    named = [f for f in page.functions if f.function.work_activity_id]
    assert 2 <= len(page.functions) <= MAX_FUNCTIONS
    assert all(len(f.tasks) >= MIN_FUNCTION_TASKS for f in named), [
        (f.name, len(f.tasks)) for f in page.functions
    ]


@pytest.mark.parametrize("tasks", [6, 300])
def test_strawman_page_queries_do_not_grow_with_tasks(client, convener, machinists, tasks):
    strawman = make_strawman(machinists, tasks=tasks, functions=6)
    client.force_login(convener)
    url = reverse("competencies:strawman", args=[strawman.partnership.slug, strawman.pk])
    with CaptureQueriesContext(connection) as queries:
        response = client.get(url)
    assert response.status_code == 200
    body = response.content.decode()
    assert f"{tasks} tasks in 6 functions" in body
    assert f"Do task number {tasks - 1}." in body
    assert len(queries) == 13, [q["sql"][:120] for q in queries]
