"""A convener signs in, invites a vocational rehabilitation partner who accepts, and the
partnership completes steps 1 and 2. Every page visited is kept as a screenshot."""

from __future__ import annotations

import re

import pytest

from partnerships import demo
from partnerships.models import Invitation

pytestmark = pytest.mark.browser

SLUG = "front-range-manufacturing"


def sign_in(page, username, password=demo.DEMO_PASSWORD):
    page.goto("/accounts/login/")
    page.get_by_label("Username").fill(username)
    page.get_by_label("Password").fill(password)
    page.get_by_role("button", name="Sign in").click()
    page.get_by_role("heading", name="My partnerships").wait_for()


def test_invite_accept_and_complete_steps_1_and_2(
    transactional_db, live_server, new_page, settings
):
    settings.SITE_URL = live_server.url
    partnership = demo.load()
    partnership.step_records.all().delete()  # start with step 1 open

    convener = new_page()
    sign_in(convener, "convener")
    convener.shot("steps-01-dashboard")

    # Step 1: its checklist is met by the partnership's data, so it completes without override.
    convener.goto(f"/p/{SLUG}/steps/1/")
    convener.shot("steps-02-step1-ready")
    convener.get_by_role("button", name="Mark step 1 complete").click()
    convener.get_by_text("Step 1 is complete.").wait_for()
    convener.shot("steps-03-step1-complete")

    # Step 2 needs vocational rehabilitation on the team.
    convener.goto(f"/p/{SLUG}/support-team/")
    convener.get_by_text("Still missing:").wait_for()
    convener.shot("steps-04-support-team-missing")
    convener.goto(f"/p/{SLUG}/organizations/")
    convener.get_by_label("Name").fill("Colorado Division of Vocational Rehabilitation")
    convener.get_by_label("Kind").select_option(label="Vocational rehabilitation")
    convener.get_by_label("City").fill("Denver")
    convener.get_by_role("button", name="Add", exact=True).click()
    convener.get_by_text("Added Colorado Division of Vocational Rehabilitation.").wait_for()
    convener.shot("steps-05-organizations")

    convener.goto(f"/p/{SLUG}/support-team/")
    convener.locator("#id_organization").select_option(
        label="Colorado Division of Vocational Rehabilitation"
    )
    convener.get_by_role("button", name="Add to team").click()
    convener.get_by_text("Every key system is represented on the team.").wait_for()

    # Invite the new partner's staff member.
    convener.goto(f"/p/{SLUG}/members/")
    invite = convener.locator("section", has_text="Invite someone")
    invite.get_by_label("Email").fill("rosa.vega@dvr.example.gov")
    invite.get_by_label("Role").select_option(label="Support partner")
    invite.get_by_label("Organization").select_option(
        label="Colorado Division of Vocational Rehabilitation"
    )
    invite.get_by_role("button", name="Send invitation").click()
    convener.get_by_text("Invitation sent to rosa.vega@dvr.example.gov.").wait_for()
    convener.shot("steps-06-invited")

    from django.core import mail

    link = re.search(r"https?://\S+/invitations/\S+/", mail.outbox[-1].body).group(0)
    assert Invitation.objects.get(email="rosa.vega@dvr.example.gov").sent_at is not None

    # The invited person opens the link and creates an account.
    rosa = new_page()
    rosa.goto(link)
    rosa.shot("steps-07-invitation")
    rosa.get_by_label("First name").fill("Rosa")
    rosa.get_by_label("Last name").fill("Vega")
    rosa.get_by_label("Username").fill("rosa")
    rosa.locator("#id_password1").fill("vocational-rehab-2026")
    rosa.locator("#id_password2").fill("vocational-rehab-2026")
    rosa.get_by_role("button", name="Create account and join").click()
    rosa.get_by_text(f"Welcome to {partnership.name}.").wait_for()
    rosa.shot("steps-08-joined")

    # She accepts the team's expectations for her own organization (and only hers).
    rosa.goto(f"/p/{SLUG}/support-team/")
    assert rosa.get_by_role("button", name="Accept for Community Bridges Network").count() == 0
    rosa.get_by_role(
        "button", name="Accept for Colorado Division of Vocational Rehabilitation"
    ).click()
    rosa.get_by_text(
        "Colorado Division of Vocational Rehabilitation accepted the team's expectations."
    ).wait_for()
    rosa.shot("steps-09-accepted")

    # The convener records the remaining acceptances and roles, then completes step 2.
    for name in ["Colorado Adult Learning Center", "Community Bridges Network"]:
        convener.goto(f"/p/{SLUG}/support-team/")
        convener.get_by_role("button", name=f"Accept for {name}").click()
        convener.get_by_text(f"{name} accepted").wait_for()
    for name, roles in [
        (
            "Community Bridges Network",
            "Recruits participants from neighborhoods the colleges rarely reach.",
        ),
        (
            "Colorado Division of Vocational Rehabilitation",
            "Funds training and job coaching for people with disabilities.",
        ),
    ]:
        convener.goto(f"/p/{SLUG}/support-team/")
        card = convener.locator("div.border-top", has_text=name)
        card.get_by_role("link", name="Edit").click()
        convener.get_by_label("Roles and responsibilities").fill(roles)
        convener.shot("steps-10-partner-roles")
        convener.get_by_role("button", name="Save").click()
        convener.get_by_text(f"Saved {name}.").wait_for()

    convener.goto(f"/p/{SLUG}/steps/2/")
    convener.shot("steps-11-step2-ready")
    convener.get_by_role("button", name="Mark step 2 complete").click()
    convener.get_by_text("Step 2 is complete.").wait_for()
    convener.goto(f"/p/{SLUG}/steps/")
    convener.shot("steps-12-tracker")
    assert convener.locator(".badge", has_text="Complete").count() == 2
    assert partnership.step_records.count() == 2
