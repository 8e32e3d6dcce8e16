"""Who may open every step-6 page: each URL x each role (anonymous, counselor, support
partner, industry champion, convener, member of another partnership)."""

from __future__ import annotations

import pytest
from django.urls import reverse

ROLES = ["anonymous", "counselor", "partner", "champion", "convener", "outsider"]


def _status(client, user, method, url, data=None):
    client.logout()
    if user is not None:
        client.force_login(user)
    response = client.post(url, data or {}) if method == "post" else client.get(url)
    if user is None and response.status_code == 302 and "/login/" in response.url:
        return "login"
    return response.status_code


# name, method, kwargs, expected: anonymous, counselor, partner, champion, convener, outsider.
# The partner speaks for Red Rocks CC (the welding program's provider), not Mesa Ridge (CNC).
MATRIX = [
    ("alignment:asset_map", "get", lambda w: {}, ["login", 200, 200, 200, 200, 404]),
    ("alignment:asset_map_review", "post", lambda w: {}, ["login", 403, 403, 403, 302, 404]),
    ("alignment:gaps", "get", lambda w: {}, ["login", 200, 200, 200, 200, 404]),
    ("alignment:gap_detail", "get", lambda w: {"key": "duplication-cip-48.0501"}, ["login", 200, 200, 200, 200, 404]),
    ("alignment:supply", "get", lambda w: {}, ["login", 200, 200, 200, 200, 404]),
    ("alignment:worksheet", "get", lambda w: {}, ["login", 200, 200, 200, 200, 404]),
    ("alignment:worksheet_answer", "post", lambda w: {"question": "k12"}, ["login", 403, 302, 302, 302, 404]),
    ("alignment:completers", "get", lambda w: {}, ["login", 200, 200, 200, 200, 404]),
    ("alignment:completers_template", "get", lambda w: {}, ["login", 200, 200, 200, 200, 404]),
    ("alignment:completers_export", "get", lambda w: {}, ["login", 200, 200, 200, 200, 404]),
    ("alignment:completers_import", "get", lambda w: {}, ["login", 403, 200, 403, 200, 404]),
    ("alignment:completers_preview", "get", lambda w: {"pk": w["upload"].pk}, ["login", 403, 403, 403, 200, 404]),
    ("alignment:completers_confirm", "post", lambda w: {"pk": w["upload"].pk}, ["login", 403, 403, 403, 302, 404]),
    ("alignment:program_completers", "get", lambda w: {"pk": w["welding"].pk}, ["login", 403, 200, 403, 200, 404]),
    ("alignment:program_completers", "get", lambda w: {"pk": w["cnc"].pk}, ["login", 403, 403, 403, 200, 404]),
    ("alignment:ipeds", "get", lambda w: {}, ["login", 403, 200, 200, 200, 404]),
    ("alignment:ipeds_match", "post", lambda w: {"pk": w["college"].pk}, ["login", 403, 302, 403, 302, 404]),
    ("alignment:ipeds_match", "post", lambda w: {"pk": w["tech"].pk}, ["login", 403, 403, 403, 302, 404]),
    ("alignment:ipeds_pull", "get", lambda w: {}, ["login", 403, 200, 403, 200, 404]),
    ("alignment:ipeds_pull", "post", lambda w: {}, ["login", 403, 302, 403, 302, 404]),
    ("alignment:functions", "get", lambda w: {}, ["login", 200, 200, 200, 200, 404]),
    ("alignment:functions", "post", lambda w: {}, ["login", 403, 302, 403, 302, 404]),
    ("alignment:pathways", "get", lambda w: {}, ["login", 200, 200, 200, 200, 404]),
    ("alignment:pathway_create", "post", lambda w: {}, ["login", 403, 403, 403, 200, 404]),
    ("alignment:pathway_detail", "get", lambda w: {"pk": w["pathway"].pk}, ["login", 200, 200, 200, 200, 404]),
    ("alignment:pathway_step_add", "post", lambda w: {"pk": w["pathway"].pk}, ["login", 403, 403, 403, 302, 404]),
    ("alignment:pathway_step_move", "post", lambda w: {"pk": w["pathway"].pk, "step_pk": w["step"].pk}, ["login", 403, 403, 403, 302, 404]),
    ("alignment:pathway_step_remove", "post", lambda w: {"pk": w["pathway"].pk, "step_pk": w["step"].pk}, ["login", 403, 403, 403, 302, 404]),
    ("alignment:pathway_delete", "post", lambda w: {"pk": w["pathway"].pk}, ["login", 403, 403, 403, 302, 404]),
]  # fmt: skip


@pytest.mark.parametrize(
    "name,method,kwargs,expected", MATRIX, ids=[f"{m[0]}-{i}" for i, m in enumerate(MATRIX)]
)
def test_permission_matrix(
    client, setting, role_users, partnership, name, method, kwargs, expected
):
    url = reverse(name, kwargs={"slug": partnership.slug, **kwargs(setting)})
    got = [_status(client, role_users[role], method, url) for role in ROLES]
    assert got == expected, dict(zip(ROLES, got, strict=True))


def test_every_url_is_in_the_matrix():
    from inventory.alignment.urls import urlpatterns

    assert {f"alignment:{p.name}" for p in urlpatterns} == {m[0] for m in MATRIX}
