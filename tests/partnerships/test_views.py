from __future__ import annotations

from django.core import mail
from django.urls import reverse

from partnerships.models import Invitation, Membership, Partnership, Role
from tests.factories import (
    ConveningFactory,
    MembershipFactory,
    PartnershipFactory,
    SupportPartnerFactory,
    UserFactory,
)


def test_anyone_signed_in_can_start_a_partnership_and_becomes_its_convener(client, db):
    user = UserFactory()
    client.force_login(user)
    response = client.post(
        reverse("partnerships:create"),
        {
            "name": "Pueblo Health Careers",
            "slug": "pueblo-health",
            "state": "CO",
            "description": "",
        },
    )
    assert response.status_code == 302
    partnership = Partnership.objects.get(slug="pueblo-health")
    assert Membership.objects.get(user=user, partnership=partnership).role == Role.CONVENER


def test_dashboard_shows_where_each_partnership_stands(client, convener, partnership):
    client.force_login(convener)
    response = client.get("/")
    assert response.status_code == 200
    assert partnership.name in response.content.decode()
    assert "Step 1: Organize an industry-led sector partnership" in response.content.decode()


def test_dashboard_queries_do_not_grow_with_partnerships(client, db, django_assert_max_num_queries):
    user = UserFactory()
    client.force_login(user)

    def join(n):
        for _ in range(n):
            p = PartnershipFactory()
            MembershipFactory(user=user, partnership=p, role=Role.CONVENER)
            SupportPartnerFactory(partnership=p)
            ConveningFactory(partnership=p)

    join(1)
    with django_assert_max_num_queries(20) as one:
        assert client.get("/").status_code == 200
    join(9)
    with django_assert_max_num_queries(len(one.captured_queries)):
        page = client.get("/").content.decode()
    assert page.count("Now:") == 10


def test_editing_over_someone_elses_save_shows_both_versions_and_keeps_yours(
    client, convener, partnership
):
    client.force_login(convener)
    url = reverse("partnerships:edit", args=[partnership.slug])
    form = {
        "name": partnership.name, "state": "CO", "status": "active", "contact_name": "",
        "contact_email": "", "version": partnership.version,
    }  # fmt: skip
    client.post(url, {**form, "description": "Saved first by a colleague"})
    response = client.post(url, {**form, "description": "My late edit"})
    page = response.content.decode()
    assert response.status_code == 200
    assert "Someone else changed this while you were editing" in page
    assert "Saved first by a colleague" in page and "My late edit" in page
    partnership.refresh_from_db()
    assert partnership.description == "Saved first by a colleague"
    # Saving again from the conflict page is a deliberate overwrite.
    assert 'name="version" value="2"' in page
    client.post(url, {**form, "version": 2, "description": "My late edit"})
    partnership.refresh_from_db()
    assert partnership.description == "My late edit"


def test_inviting_emails_the_person_and_lists_the_open_invitation(
    client, convener, partnership, django_capture_on_commit_callbacks
):
    client.force_login(convener)
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(
            reverse("partnerships:members", args=[partnership.slug]),
            {"email": "sam@college.example.edu", "role": "partner"},
            follow=True,
        )
    assert "Invitation sent to sam@college.example.edu" in response.content.decode()
    assert mail.outbox[0].subject == f"You're invited to {partnership.name} on Sector Pathways"
    assert "sam@college.example.edu" in response.content.decode()


def test_a_new_person_accepts_an_invitation_by_creating_an_account(client, convener, partnership):
    client.force_login(convener)
    client.post(
        reverse("partnerships:members", args=[partnership.slug]),
        {"email": "sam@example.edu", "role": "partner"},
    )
    client.logout()
    token = Invitation.objects.get(email="sam@example.edu").token
    response = client.post(
        reverse("invitation_accept", args=[token]),
        {
            "first_name": "Sam",
            "last_name": "Lee",
            "username": "samlee",
            "password1": "a-long-pass-phrase-42",
            "password2": "a-long-pass-phrase-42",
        },
    )
    assert response.status_code == 302
    membership = Membership.objects.get(user__username="samlee")
    assert membership.role == Role.PARTNER
    assert membership.user.email == "sam@example.edu"
    assert client.get(reverse("partnerships:detail", args=[partnership.slug])).status_code == 200


def test_a_bad_invitation_link_is_a_404(client, db):
    assert client.get(reverse("invitation_accept", args=["nope"])).status_code == 404


def test_convener_changes_a_role_and_removes_a_member(client, convener, partnership, champion):
    client.force_login(convener)
    membership = Membership.objects.get(user=champion)
    client.post(
        reverse("partnerships:membership_role", args=[partnership.slug, membership.pk]),
        {"role": "counselor"},
    )
    membership.refresh_from_db()
    assert membership.role == Role.COUNSELOR
    client.post(reverse("partnerships:membership_remove", args=[partnership.slug, membership.pk]))
    assert not Membership.objects.filter(pk=membership.pk).exists()


def test_support_partner_accepts_expectations_for_their_own_organization(
    client, partnership, support_partner
):
    sp = SupportPartnerFactory(partnership=partnership)
    url = reverse("partnerships:support_partner_accept", args=[partnership.slug, sp.pk])
    client.force_login(support_partner)
    assert client.post(url).status_code == 403
    Membership.objects.filter(user=support_partner).update(organization=sp.organization)
    assert client.post(url).status_code == 302
    sp.refresh_from_db()
    assert sp.expectations_accepted


def test_support_team_page_names_missing_systems(client, convener, partnership):
    SupportPartnerFactory(partnership=partnership)
    client.force_login(convener)
    page = client.get(
        reverse("partnerships:support_team", args=[partnership.slug])
    ).content.decode()
    assert "Still missing:" in page
    assert "Vocational rehabilitation" in page


def test_convening_records_guests_and_decisions(client, convener, partnership):
    client.force_login(convener)
    response = client.post(
        reverse("partnerships:convening_create", args=[partnership.slug]),
        {
            "title": "Card sort",
            "held_on": "2026-04-02",
            "step": 3,
            "decisions": "Pick six occupations\nMeet in May",
            "attendees": [convener.pk],
        },
    )
    assert response.status_code == 302
    convening = partnership.convenings.get(title="Card sort")
    client.post(convening.get_absolute_url(), {"name": "Rita Gomez", "company": "Acme Tool"})
    page = client.get(convening.get_absolute_url()).content.decode()
    assert "Rita Gomez" in page and "Acme Tool" in page
    assert "<li>Pick six occupations</li>" in page


def test_attendees_must_be_members(client, convener, partnership):
    stranger = UserFactory()
    client.force_login(convener)
    response = client.post(
        reverse("partnerships:convening_create", args=[partnership.slug]),
        {"title": "X", "held_on": "2026-04-02", "step": 1, "attendees": [stranger.pk]},
    )
    assert response.status_code == 200
    assert not partnership.convenings.exists()


def test_every_step_page_shows_a_computed_checklist(client, counselor, partnership):
    """Every step now has an app that computes its checklist: no page falls back to a list
    of needs, and counselors read without a button to complete."""
    client.force_login(counselor)
    for number in range(1, 9):
        page = client.get(reverse("partnerships:step", args=[partnership.slug, number]))
        html = page.content.decode()
        assert "doesn't track this step's work yet" not in html, number
        assert 'class="criteria' in html, number
        assert "Mark step" not in html  # counselors read; they don't complete steps


def test_completing_out_of_order_shows_why_and_an_override_is_shown_on_the_tracker(
    client, convener, partnership
):
    client.force_login(convener)
    response = client.post(
        reverse("partnerships:step_complete", args=[partnership.slug, 2]), follow=True
    )
    assert "step 1 is not complete yet" in response.content.decode()
    client.post(
        reverse("partnerships:step_complete", args=[partnership.slug, 1]),
        {"override_reason": "Committee formed before we used this tool"},
    )
    page = client.get(reverse("partnerships:tracker", args=[partnership.slug])).content.decode()
    assert "Committee formed before we used this tool" in page


def test_convenings_list_is_constant_in_queries(
    client, convener, partnership, django_assert_max_num_queries
):
    client.force_login(convener)
    url = reverse("partnerships:convenings", args=[partnership.slug])
    ConveningFactory.create_batch(2, partnership=partnership)
    with django_assert_max_num_queries(12) as few:
        client.get(url)
    ConveningFactory.create_batch(40, partnership=partnership)
    with django_assert_max_num_queries(len(few.captured_queries)):
        client.get(url)


def _support_form(partner, **extra):
    return {
        "system": partner.system, "roles": "Runs the CTE pathway", "point_of_contact": "Ana",
        "mou_status": "signed", "mou_date": "2026-04-01", "version": partner.version, **extra,
    }  # fmt: skip


def test_convener_uploads_a_signed_mou_that_team_members_can_download(
    client, convener, partnership, champion
):
    from django.core.files.uploadedfile import SimpleUploadedFile

    partner = SupportPartnerFactory(partnership=partnership)
    client.force_login(convener)
    url = reverse("partnerships:support_partner_edit", args=[partnership.slug, partner.pk])
    upload = SimpleUploadedFile("mou.pdf", b"%PDF-1.4 signed", content_type="application/pdf")
    assert client.post(url, _support_form(partner, mou_file=upload)).status_code == 302
    partner.refresh_from_db()
    assert partner.mou_status == "signed" and partner.mou_file.name.endswith(".pdf")

    # Saving again without a new file keeps the document.
    client.post(url, _support_form(partner, roles="Also hosts tours"))
    partner.refresh_from_db()
    assert partner.roles == "Also hosts tours" and partner.mou_file

    client.force_login(champion)
    response = client.get(
        reverse("partnerships:support_partner_mou", args=[partnership.slug, partner.pk])
    )
    assert b"".join(response.streaming_content) == b"%PDF-1.4 signed"


def test_an_mou_must_be_a_document(client, convener, partnership):
    from django.core.files.uploadedfile import SimpleUploadedFile

    partner = SupportPartnerFactory(partnership=partnership)
    client.force_login(convener)
    url = reverse("partnerships:support_partner_edit", args=[partnership.slug, partner.pk])
    upload = SimpleUploadedFile("mou.exe", b"MZ", content_type="application/octet-stream")
    response = client.post(url, _support_form(partner, mou_file=upload))
    assert "Upload the MOU as a PDF or Word document." in response.content.decode()
    partner.refresh_from_db()
    assert not partner.mou_file and partner.mou_status == "none"


def test_statewide_area_takes_the_state_code(client, convener, partnership):
    client.force_login(convener)
    client.post(reverse("partnerships:area_add", args=[partnership.slug]), {"kind": "statewide"})
    area = partnership.areas.get()
    assert (area.name, area.oews_area_codes) == ("Colorado", ["08"])


def test_a_known_naics_code_fills_its_title(client, convener, partnership):
    client.force_login(convener)
    client.post(
        reverse("partnerships:industry_add", args=[partnership.slug]), {"naics_code": "336"}
    )
    assert partnership.industries.get().title == "Transportation Equipment Manufacturing"
    response = client.post(
        reverse("partnerships:industry_add", args=[partnership.slug]),
        {"naics_code": "3369"},
        follow=True,
    )
    assert (
        "We don&#x27;t know NAICS 3369&#x27;s title; please type it." in response.content.decode()
    )


def test_step_pages_link_to_the_work_only_for_those_who_may_open_it(
    client, partnership, counselor, champion
):
    url = reverse("partnerships:step", args=[partnership.slug, 2])
    client.force_login(counselor)
    assert "Go to the work" not in client.get(url).content.decode()
    client.force_login(champion)
    assert "Go to the work: Support team" in client.get(url).content.decode()
