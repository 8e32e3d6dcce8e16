from __future__ import annotations

import pytest
from django.urls import reverse

from inventory.models import ParseStatus, Program, ProgramImport
from tests.inventory.factories import CredentialFactory, LinkageFactory, ProgramFactory

ROLES = ["anonymous", "counselor", "partner", "champion", "convener", "outsider"]


def _status(client, user, method, url, data=None):
    client.logout()
    if user is not None:
        client.force_login(user)
    response = client.post(url, data or {}) if method == "post" else client.get(url)
    if user is None and response.status_code == 302:
        return "login"
    return response.status_code


@pytest.fixture
def world(partnership, program, partner_membership, convener):
    credential = CredentialFactory(partnership=partnership)
    linkage = LinkageFactory(partnership=partnership, from_program=program)
    upload = ProgramImport.objects.create(
        partnership=partnership,
        uploaded_by=partner_membership.user,
        file_name="programs.csv",
        status=ParseStatus.READY,
        table={"file_name": "programs.csv", "headers": ["Provider", "Program"], "rows": []},
    )
    return {"program": program, "credential": credential, "linkage": linkage, "upload": upload}


# (name, method, kwargs-builder, expected per role: anonymous, counselor, partner, champion, convener, outsider)
# The partner speaks for the program's provider, so may edit it.
MATRIX = [
    ("programs", "get", lambda w: {}, ["login", 200, 200, 200, 200, 404]),
    ("program_detail", "get", lambda w: {"pk": w["program"].pk}, ["login", 200, 200, 200, 200, 404]),
    ("program_row", "get", lambda w: {"pk": w["program"].pk}, ["login", 200, 200, 200, 200, 404]),
    ("program_create", "get", lambda w: {}, ["login", 403, 200, 403, 200, 404]),
    ("program_edit", "get", lambda w: {"pk": w["program"].pk}, ["login", 403, 200, 403, 200, 404]),
    ("program_inline", "post", lambda w: {"pk": w["program"].pk}, ["login", 403, 200, 403, 200, 404]),
    ("program_review", "post", lambda w: {"pk": w["program"].pk}, ["login", 403, 403, 302, 302, 404]),
    ("program_comment", "post", lambda w: {"pk": w["program"].pk}, ["login", 403, 302, 302, 302, 404]),
    ("occupation_add", "post", lambda w: {"pk": w["program"].pk}, ["login", 403, 302, 403, 302, 404]),
    ("occupations_suggest", "post", lambda w: {"pk": w["program"].pk}, ["login", 403, 302, 403, 302, 404]),
    ("programs_bulk", "post", lambda w: {}, ["login", 403, 302, 302, 302, 404]),
    ("flag_create", "post", lambda w: {}, ["login", 403, 302, 302, 302, 404]),
    ("providers", "get", lambda w: {}, ["login", 200, 200, 200, 200, 404]),
    ("provider_detail", "get", lambda w: {"pk": w["program"].provider.pk}, ["login", 200, 200, 200, 200, 404]),
    ("provider_invite", "post", lambda w: {"pk": w["program"].provider.pk}, ["login", 403, 403, 403, 302, 404]),
    ("contact_remove", "post", lambda w: {"pk": w["program"].provider.pk, "contact_pk": w["program"].provider.contacts.create(name="Ana").pk}, ["login", 403, 302, 403, 302, 404]),
    ("credentials", "get", lambda w: {}, ["login", 200, 200, 200, 200, 404]),
    ("credential_edit", "get", lambda w: {"pk": w["credential"].pk}, ["login", 403, 200, 403, 200, 404]),
    ("linkages", "get", lambda w: {}, ["login", 200, 200, 200, 200, 404]),
    ("linkage_edit", "get", lambda w: {"pk": w["linkage"].pk}, ["login", 403, 200, 403, 200, 404]),
    ("linkage_document", "get", lambda w: {"pk": w["linkage"].pk}, ["login", 404, 404, 404, 404, 404]),
    ("template", "get", lambda w: {}, ["login", 200, 200, 200, 200, 404]),
    ("export", "get", lambda w: {}, ["login", 200, 200, 200, 200, 404]),
    ("import", "get", lambda w: {}, ["login", 403, 200, 403, 200, 404]),
    ("coverage", "get", lambda w: {}, ["login", 200, 200, 200, 200, 404]),
    ("import_preview", "get", lambda w: {"pk": w["upload"].pk}, ["login", 403, 200, 403, 200, 404]),
    ("import_retry", "post", lambda w: {"pk": w["upload"].pk}, ["login", 403, 302, 403, 302, 404]),
    ("program_delete", "post", lambda w: {"pk": ProgramFactory(partnership=w["program"].partnership, provider=w["program"].provider).pk}, ["login", 403, 302, 403, 302, 404]),
]  # fmt: skip


@pytest.mark.parametrize("name,method,kwargs,expected", MATRIX, ids=[m[0] for m in MATRIX])
def test_permission_matrix(client, partnership, role_users, world, name, method, kwargs, expected):
    for role, want in zip(ROLES, expected, strict=True):
        url = reverse(f"inventory:{name}", kwargs={"slug": partnership.slug, **kwargs(world)})
        got = _status(client, role_users[role], method, url)
        assert got == want, f"{name} as {role}: {got}, expected {want}"


def test_partner_cannot_edit_another_organizations_program(
    client, partnership, support_partner, partner_membership
):
    from tests.inventory.factories import ProgramFactory

    other = ProgramFactory(partnership=partnership)
    client.force_login(support_partner)
    url = reverse("inventory:program_edit", args=[partnership.slug, other.pk])
    assert client.get(url).status_code == 403


def _inline_data(program, **changes):
    data = {
        "name": program.name,
        "program_type": program.program_type,
        "status": program.status,
        "clock_hours": program.clock_hours or "",
        "tuition": program.tuition or "",
        "completions_per_year": program.completions_per_year or "",
        "capacity": program.capacity or "",
        "placement_rate": program.placement_rate or "",
        "version": program.version,
    }
    data.update(changes)
    return data


def test_in_place_edit_saves_and_returns_the_row(client, partnership, program, convener):
    client.force_login(convener)
    url = reverse("inventory:program_inline", args=[partnership.slug, program.pk])
    response = client.post(url, _inline_data(program, tuition=4800), HTTP_HX_REQUEST="true")
    assert response.status_code == 200
    assert b"$4,800" in response.content
    assert b"Saved" in response.content
    program.refresh_from_db()
    assert program.tuition == 4800
    change = program.changes.get(action="updated")
    assert change.via == "in place" and change.changes == [["tuition ($)", "4200", "4800"]]


def test_in_place_edit_conflict_shows_both_versions(
    client, partnership, program, convener, support_partner, partner_membership
):
    url = reverse("inventory:program_inline", args=[partnership.slug, program.pk])
    stale = _inline_data(program)
    client.force_login(convener)
    client.post(url, {**stale, "tuition": 5100})
    client.force_login(support_partner)
    response = client.post(url, {**stale, "tuition": 3900})
    content = response.content.decode()
    assert "Someone else changed this while you were editing" in content
    assert "5100" in content and "3900" in content
    program.refresh_from_db()
    assert program.tuition == 5100
    # The form now carries the newer version: saving again keeps the partner's value.
    assert f'value="{program.version}"' in content
    client.post(url, {**stale, "version": program.version, "tuition": 3900})
    program.refresh_from_db()
    assert program.tuition == 3900


def test_in_place_edit_rejects_bad_numbers(client, partnership, program, convener):
    client.force_login(convener)
    url = reverse("inventory:program_inline", args=[partnership.slug, program.pk])
    response = client.post(url, _inline_data(program, placement_rate="140"))
    assert b"less than or equal to 100" in response.content
    program.refresh_from_db()
    assert program.placement_rate is None


def test_full_form_conflict(client, partnership, program, convener):
    client.force_login(convener)
    url = reverse("inventory:program_edit", args=[partnership.slug, program.pk])
    page = client.get(url)
    form = page.context["form"]
    data = {
        k: v
        for k, v in form.initial.items()
        if v is not None and k not in ("credentials", "entry_credentials")
    }
    data.update(
        {"provider": program.provider.pk, "version": 1, "name": "Machining AAS", "credits": ""}
    )
    for key in ("evening", "weekend", "online", "open_entry", "non_semester", "childcare",
                "transportation", "tutoring", "advising"):  # fmt: skip
        data.pop(key, None)
    Program.objects.filter(pk=program.pk).update(version=2, name="Machining Technology (AAS)")
    response = client.post(url, data)
    assert response.status_code == 200
    content = response.content.decode()
    assert "Someone else saved this program while you were editing" in content
    assert "Machining Technology (AAS)" in content and "Machining AAS" in content
    response = client.post(url, {**data, "version": 2})
    assert response.status_code == 302
    program.refresh_from_db()
    assert program.name == "Machining AAS"


def test_history_is_shown_on_the_program_page(client, partnership, program, convener):
    from inventory import services

    services.program_update(program=program, actor=convener, expected_version=1, capacity=60)
    client.force_login(convener)
    response = client.get(reverse("inventory:program_detail", args=[partnership.slug, program.pk]))
    content = response.content.decode()
    assert "History" in content and "Capacity" in content and "60" in content


def test_list_filters_sorts_and_searches(client, partnership, program, convener):
    from tests.inventory.factories import ProgramFactory

    ProgramFactory(
        partnership=partnership, name="Welding Basics", program_type="non_credit", tuition=900
    )
    client.force_login(convener)
    url = reverse("inventory:programs", args=[partnership.slug])
    names = lambda r: [row["program"].name for row in r.context["rows"]]  # noqa: E731
    assert names(client.get(url, {"q": "weld"})) == ["Welding Basics"]
    assert names(client.get(url, {"type": "credit"})) == ["Machining Technology AAS"]
    assert names(client.get(url, {"sort": "-tuition"}))[0] == "Machining Technology AAS"
    assert names(client.get(url, {"sort": "tuition"}))[0] == "Welding Basics"


def test_filtered_export_has_only_the_filtered_programs(client, partnership, program, convener):
    from tests.inventory.factories import ProgramFactory

    ProgramFactory(partnership=partnership, name="Welding Basics")
    client.force_login(convener)
    response = client.get(
        reverse("inventory:export", args=[partnership.slug]), {"format": "csv", "q": "weld"}
    )
    text = response.content.decode("utf-8-sig")
    assert "Welding Basics" in text and "Machining Technology AAS" not in text
    assert "filtered" in response["Content-Disposition"]


def test_upload_preview_and_confirm(client, partnership, provider, convener):
    from django.core.files.uploadedfile import SimpleUploadedFile

    client.force_login(convener)
    csv = (
        "Provider,Program,Program type\n"
        f"{provider.name},Industrial Maintenance Certificate,Credit program\n"
    ).encode()
    response = client.post(
        reverse("inventory:import", args=[partnership.slug]),
        {"file": SimpleUploadedFile("new.csv", csv), "layout": "inventory"},
    )
    preview_url = response["Location"]
    preview = client.get(preview_url)
    assert b"1 to add" in preview.content
    assert not Program.objects.exists()
    confirm = client.post(preview_url + "confirm/")
    assert confirm.status_code == 302
    assert Program.objects.get().name == "Industrial Maintenance Certificate"
    again = client.post(preview_url + "confirm/")
    assert again.status_code == 302
    assert Program.objects.count() == 1


def test_invite_from_coverage(client, partnership, provider, convener):
    client.force_login(convener)
    page = client.get(reverse("inventory:coverage", args=[partnership.slug]))
    assert b"Invite to the support team" in page.content
    client.post(reverse("inventory:provider_invite", args=[partnership.slug, provider.pk]))
    assert partnership.support_partners.filter(organization=provider.organization).exists()


def test_conflict_shows_values_as_people_read_them(client, partnership, program, convener):
    client.force_login(convener)
    url = reverse("inventory:program_inline", args=[partnership.slug, program.pk])
    stale = _inline_data(program)
    client.post(url, {**stale, "status": "paused"})
    response = client.post(url, {**stale, "status": "discontinued"})
    content = response.content.decode()
    assert "<td>Paused</td>" in content and "<td>Discontinued</td>" in content
