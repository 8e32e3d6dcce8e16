"""Every step-5 URL x every role. Conveners run sessions and approve; champions and support
partners see everything and listen in; counselors read approved descriptions only; members of
another partnership get 404; anonymous visitors are sent to sign in. A participant's link
answers only inside its own round, and only while the round is open."""

from __future__ import annotations

import pytest
from django.core.files.base import ContentFile
from django.core.files.storage import default_storage
from django.urls import reverse

from occupations.competencies import services
from occupations.competencies.models import (
    Answer,
    Climb,
    DescriptionRender,
    DescriptionVersion,
    FocusGroup,
    JobDescription,
    JobFunction,
    Participant,
    Strawman,
    Task,
)
from occupations.models import AdvancementPath, CriticalOccupation
from tests.competencies.conftest import make_strawman

TEAM = {"partner", "champion", "convener"}
VIEW = TEAM | {"counselor"}
MANAGE = {"convener"}
ROLES = ["anonymous", "counselor", "partner", "champion", "convener", "outsider"]


@pytest.fixture
def world(partnership, role_users, strawman, round_one, machinists, convener):
    version = services.strawman_approve(strawman=strawman, actor=convener)  # counselors read it
    # Its PDF as a render would have stored it (rendering for every case would be slow).
    version.pdf = default_storage.save("competencies/test/v1.pdf", ContentFile(b"%PDF-1.4\n"))
    version.save(update_fields=["pdf"])
    other = CriticalOccupation.objects.create(
        partnership=partnership, soc_code="51-4121", title="Welder", tier="entry"
    )
    document = services.job_description_add(
        strawman=strawman, text="Operates the press brake daily.", actor=convener
    )
    path = AdvancementPath.objects.create(
        partnership=partnership, from_occupation=machinists,
        to_occupation=CriticalOccupation.objects.create(
            partnership=partnership, soc_code="51-1011", title="Lead", tier="advanced"),
    )  # fmt: skip
    make_strawman(path.to_occupation)
    person = services.participant_join(focus_group=round_one, name="Dana", company="Summit")
    services.answers_save(participant=person,
                          answers={strawman.tasks.first().pk: {"importance": "4"}})  # fmt: skip
    return {
        "participant_pk": person.pk,
        "path_pk": path.pk,
        "render_id": strawman.versions.get().renders.get().pk,
        "slug": partnership.slug,
        "pk": strawman.pk,
        "occupation_pk": other.pk,
        "function_pk": strawman.functions.first().pk,
        "task_pk": strawman.tasks.first().pk,
        "suggestion_pk": document.suggestions.first().pk,
        "group": round_one.pk,
    }


# (url name, method, kwargs from the world, roles allowed)
PAGES = [
    ("competencies:index", "get", [], VIEW),
    ("competencies:strawman", "get", ["pk"], TEAM),
    ("competencies:description", "get", ["pk"], VIEW),
    ("competencies:description_xlsx", "get", ["pk"], VIEW),
    ("competencies:description_pdf", "get", ["pk"], VIEW),
    ("competencies:description_render_status", "get", ["pk", "render_id"], TEAM),
    ("competencies:tally", "get", ["pk=group"], TEAM),
    ("competencies:tally_poll", "get", ["pk=group"], TEAM),
    # Writes: a POST from a role that may not write must change nothing.
    ("competencies:build", "post", ["occupation_pk"], MANAGE),
    ("competencies:function_add", "post", ["pk"], MANAGE),
    ("competencies:function_edit", "post", ["pk", "function_pk"], MANAGE),
    ("competencies:task_add", "post", ["pk"], MANAGE),
    ("competencies:task_edit", "post", ["pk", "task_pk"], MANAGE),
    ("competencies:task_detail", "post", ["pk", "task_pk"], MANAGE),
    ("competencies:job_description_add", "post", ["pk"], MANAGE),
    ("competencies:suggestion", "post", ["pk", "suggestion_pk"], MANAGE),
    ("competencies:focus_group_start", "post", ["pk"], MANAGE),
    ("competencies:path_offer", "post", ["pk"], MANAGE),
    ("competencies:approve", "post", ["pk"], MANAGE),
    ("competencies:focus_group_open", "post", ["pk=group"], MANAGE),
    ("competencies:focus_group_paths", "post", ["pk=group"], MANAGE),
    ("competencies:participant_remove", "post", ["pk=group", "participant_pk"], MANAGE),
    ("competencies:climb_edit", "post", ["pk", "path_pk"], MANAGE),
    ("competencies:description_render", "post", ["pk"], MANAGE),
]
POST_DATA = {"name": "Renamed", "statement": "Deburr parts by hand.", "action": "drop",
             "text": "Operates a lathe.", "round": "2", "paths_in": "Operator", "open": "0",
             "minimum_standard": "Meets the print", "direction": "out",
             "version": "0", "levels": "Shop math: basic to advanced"}  # fmt: skip


def _url(world, name, kwargs):
    resolved = {"slug": world["slug"]}
    for item in kwargs:
        key, _, value = item.partition("=")
        resolved[key] = world[value or key]
    return reverse(name, kwargs=resolved)


def _snapshot():
    return (
        Strawman.objects.count(),
        list(Strawman.objects.values_list("version", "edited_at")),
        list(JobFunction.objects.values_list("pk", "name")),
        list(Task.objects.values_list("pk", "statement", "dropped", "function_id", "minimum_standard")),
        JobDescription.objects.count(),
        list(FocusGroup.objects.values_list("pk", "is_open", "paths_in")),
        DescriptionVersion.objects.count(),
        AdvancementPath.objects.count(),
        list(Participant.objects.values_list("pk", "removed_at")),
        Answer.objects.count(),
        list(Climb.objects.values_list("path_id", "levels")),
        DescriptionRender.objects.count(),
    )  # fmt: skip


@pytest.mark.parametrize("role", ROLES)
@pytest.mark.parametrize(("name", "method", "kwargs", "allowed"), PAGES)
def test_permission_matrix(client, world, role_users, role, name, method, kwargs, allowed):
    user = role_users[role]
    if user is not None:
        client.force_login(user)
    url = _url(world, name, kwargs)
    before = _snapshot()
    response = getattr(client, method)(url, POST_DATA if method == "post" else None)
    if role == "anonymous":
        assert response.status_code == 302, url
        assert response.url.startswith(reverse("login"))
    elif role == "outsider":
        assert response.status_code == 404, url
    elif role not in allowed:
        assert response.status_code == 403, f"{role} {method} {url}"
    elif method == "get":
        assert response.status_code == 200, f"{role} {url}"
    else:
        assert response.status_code in (200, 204, 302), f"{role} {method} {url}"
    if method == "post" and role not in allowed:
        assert _snapshot() == before, f"{role} changed something through {url}"


def test_counselors_read_only_approved_descriptions(client, counselor, partnership, machinists):
    draft = make_strawman(machinists)
    client.force_login(counselor)
    url = reverse("competencies:description", args=[partnership.slug, draft.pk])
    assert client.get(url).status_code == 403
    index = client.get(reverse("competencies:index", args=[partnership.slug]))
    assert machinists.title not in index.content.decode()


def test_a_participant_link_rates_only_its_own_open_round(client, strawman, round_one,
                                                          partnership):  # fmt: skip
    url = reverse("competencies:answer", args=[round_one.token])
    assert client.get(reverse("competencies:answer", args=["not-a-token"])).status_code == 404
    client.get(url)  # the phone gets its device token
    response = client.post(url, {"join": "1", "name": "Dana Ortiz", "company": "Summit"})
    assert response.status_code == 302
    task = strawman.tasks.first()
    assert client.post(url, {f"t{task.pk}-importance": "4"}).status_code == 302
    assert Answer.objects.get().importance == 4
    # A task of another occupation cannot be rated through this round's link.
    other = make_strawman(CriticalOccupation.objects.create(
        partnership=partnership, soc_code="51-4121", title="Welder", tier="entry"))  # fmt: skip
    foreign = other.tasks.first()
    response = client.post(url, {f"t{foreign.pk}-importance": "2"})
    assert response.status_code == 422 and "not in this session" in response.content.decode()
    assert not Answer.objects.filter(task=foreign).exists()
    # Closed: nothing more is taken, and the page says so.
    services.focus_group_set_open(focus_group=round_one, is_open=False)
    response = client.post(url, {f"t{task.pk}-importance": "1"})
    assert response.status_code == 422
    assert Answer.objects.get().importance == 4
    assert "closed" in client.get(url).content.decode()
    # Another browser without the participant's key cannot answer as them.
    services.focus_group_set_open(focus_group=round_one, is_open=True)
    client.cookies.clear()
    assert client.post(url, {f"t{task.pk}-importance": "1"}).status_code == 422
    assert Participant.objects.count() == 1 and Answer.objects.get().importance == 4
