"""The step registry: every step is registered by the app that implements it, and the tracker
reads only the registry, so `partnerships` never imports an app above it."""

from __future__ import annotations

import ast
from pathlib import Path

import pytest
from django.core.exceptions import ImproperlyConfigured
from django.urls import reverse

from partnerships import registry, services, steps
from partnerships.models import Role
from tests.factories import MembershipFactory, OrganizationFactory

PARTNERSHIPS = Path(__file__).resolve().parents[2] / "partnerships"
# The project package's helpers every app shares; any other pathways module is an app above.
SHARED_HELPERS = {"pathways.concurrency", "pathways.validation", "pathways.widgets"}
ABOVE = ("occupations", "inventory", "pathways")


def _imports(path: Path) -> set[str]:
    names: set[str] = set()
    for node in ast.walk(ast.parse(path.read_text(), filename=str(path))):
        if isinstance(node, ast.Import):
            names.update(alias.name for alias in node.names)
        elif isinstance(node, ast.ImportFrom) and node.module and node.level == 0:
            names.add(node.module)
            names.update(f"{node.module}.{alias.name}" for alias in node.names)
    return names


def test_partnerships_imports_no_app_above_it():
    offenders = []
    for path in sorted(PARTNERSHIPS.rglob("*.py")):
        for name in _imports(path):
            top = name.split(".")[0]
            if top not in ABOVE:
                continue
            if name in SHARED_HELPERS or any(name.startswith(h + ".") for h in SHARED_HELPERS):
                continue
            offenders.append(f"{path.relative_to(PARTNERSHIPS.parent)} imports {name}")
    assert offenders == []


def test_every_step_is_registered_once_in_order():
    numbers = [s.number for s in registry.all_steps()]
    assert numbers == list(range(1, 9))
    titles = {s.number: s.title for s in registry.all_steps()}
    assert titles[8] == "Continuous improvement: the action plan"


def test_a_second_registration_of_a_step_is_refused():
    step3 = registry.get_step(3)
    impostor = registry.Step(
        number=3,
        title="Something else",
        short="x",
        goal="",
        business_role="",
        public_role="",
        outcome="",
        needs=(),
    )
    with pytest.raises(ImproperlyConfigured, match="registered twice"):
        registry.register_step(impostor)
    assert registry.get_step(3) is step3


@pytest.mark.django_db
def test_a_met_step_behind_an_open_one_says_it_is_waiting(partnership, convener):
    """Step 3's checklist can be met before step 2 is done: it reads "waiting", not "not started"."""
    state = steps.StepState(
        step=registry.get_step(3),
        criteria=[registry.Criterion("x", True)],
        record=None,
        blocked_by=[2],
    )
    assert state.status == "waiting"
    assert state.status_label == "Ready; waiting for step 2"
    fresh = steps.step_states(partnership)
    assert fresh[0].status == "current"
    assert fresh[4].status == "not_started"
    assert fresh[4].status_label == "Not started"


@pytest.mark.django_db
def test_step_names_are_the_same_on_tracker_and_step_page(client, partnership, convener):
    client.force_login(convener)
    tracker = client.get(reverse("partnerships:tracker", args=[partnership.slug])).content.decode()
    page = client.get(reverse("partnerships:step", args=[partnership.slug, 8])).content.decode()
    name = "Step 8: Continuous improvement: the action plan"
    assert name in tracker
    assert name in page


@pytest.mark.django_db
@pytest.mark.parametrize("number", range(1, 9))
def test_every_step_page_opens_for_every_member(client, partnership, convener, number):
    for role in Role:
        member = MembershipFactory(partnership=partnership, role=role).user
        client.force_login(member)
        response = client.get(reverse("partnerships:step", args=[partnership.slug, number]))
        assert response.status_code == 200, (number, role)


@pytest.mark.django_db
def test_step_1_page_shows_what_the_step_left_behind(client, partnership, convener):
    employer = OrganizationFactory(partnership=partnership, name="Acme Machining")
    services.committee_member_add(partnership=partnership, name="Dana Ruiz", organization=employer)
    client.force_login(convener)
    html = client.get(reverse("partnerships:step", args=[partnership.slug, 1])).content.decode()
    assert "What this step has left behind so far" in html
    assert "Dana Ruiz" in html
    assert "Acme Machining" in html


@pytest.mark.django_db
def test_step_2_page_shows_coverage_by_system(client, partnership, convener):
    client.force_login(convener)
    html = client.get(reverse("partnerships:step", args=[partnership.slug, 2])).content.decode()
    assert "Support team coverage by public system" in html
    assert "Nobody yet" in html


def _grow(partnership, occupations: int):
    from tests.maps.factories import AdvancementPathFactory, CriticalOccupationFactory, program_for

    made = [CriticalOccupationFactory(partnership=partnership) for _ in range(occupations)]
    for occupation in made:
        program_for(occupation)
    for low, high in zip(made, made[1:], strict=False):
        AdvancementPathFactory(from_occupation=low, to_occupation=high)


@pytest.mark.django_db
@pytest.mark.parametrize("url_name, args", [("partnerships:tracker", []), ("home", None)])
def test_tracker_and_dashboard_queries_do_not_grow_with_the_work(
    client, partnership, convener, django_assert_max_num_queries, url_name, args
):
    client.force_login(convener)
    url = reverse(url_name, args=[partnership.slug] if args is not None else None)
    _grow(partnership, 1)
    with django_assert_max_num_queries(60) as small:
        assert client.get(url).status_code == 200
    _grow(partnership, 12)
    with django_assert_max_num_queries(len(small.captured_queries)):
        assert client.get(url).status_code == 200


@pytest.mark.django_db
@pytest.mark.parametrize("number", [1, 2, 3, 4, 7, 8])
def test_step_page_queries_do_not_grow_with_the_work(
    client, partnership, convener, django_assert_max_num_queries, number
):
    client.force_login(convener)
    url = reverse("partnerships:step", args=[partnership.slug, number])
    _grow(partnership, 1)
    with django_assert_max_num_queries(50) as small:
        assert client.get(url).status_code == 200
    _grow(partnership, 12)
    with django_assert_max_num_queries(len(small.captured_queries)):
        assert client.get(url).status_code == 200
