from __future__ import annotations

from datetime import timedelta

import pytest
from django.core import mail
from django.core.exceptions import ValidationError
from django.utils import timezone

from partnerships import services, steps
from partnerships.models import Invitation, Membership, Organization, Role, System
from pathways.concurrency import EditConflict
from tests.factories import (
    AreaFactory,
    CommitteeMemberFactory,
    ConveningFactory,
    IndustryFactory,
    MembershipFactory,
    OrganizationFactory,
    SupportPartnerFactory,
    UserFactory,
)


@pytest.fixture
def step1_done(partnership, convener):
    IndustryFactory(partnership=partnership)
    AreaFactory(partnership=partnership)
    for _ in range(3):
        CommitteeMemberFactory(partnership=partnership)
    ConveningFactory(partnership=partnership, step=1)
    return partnership


# --- invitations ---------------------------------------------------------------------


def test_invitation_emails_a_link_that_makes_the_person_a_member(
    partnership, convener, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=True):
        invitation = services.invitation_create(
            partnership=partnership, actor=convener, email="Ana@Example.org", role=Role.CHAMPION
        )
    assert len(mail.outbox) == 1
    assert mail.outbox[0].to == ["ana@example.org"]
    assert invitation.token in mail.outbox[0].body
    invitation.refresh_from_db()
    assert invitation.sent_at is not None

    ana = UserFactory(username="ana", email="ana@example.org")
    membership = services.invitation_accept(invitation=invitation, user=ana)
    assert membership.role == Role.CHAMPION
    invitation.refresh_from_db()
    assert invitation.status == "accepted"
    with pytest.raises(ValidationError, match="accepted"):
        services.invitation_accept(invitation=invitation, user=UserFactory(email=invitation.email))


def test_expired_invitation_cannot_be_used(partnership, convener):
    invitation = services.invitation_create(
        partnership=partnership, actor=convener, email="late@example.org", role=Role.PARTNER
    )
    Invitation.objects.filter(pk=invitation.pk).update(
        expires_at=timezone.now() - timedelta(minutes=1)
    )
    invitation.refresh_from_db()
    with pytest.raises(ValidationError, match="expired"):
        services.invitation_accept(invitation=invitation, user=UserFactory(email=invitation.email))
    assert not Membership.objects.filter(
        user__username__startswith="user", partnership=partnership, role=Role.PARTNER
    ).exists()


def test_a_new_invitation_replaces_the_open_one(partnership, convener):
    first = services.invitation_create(
        partnership=partnership, actor=convener, email="x@example.org", role=Role.PARTNER
    )
    second = services.invitation_create(
        partnership=partnership, actor=convener, email="x@example.org", role=Role.COUNSELOR
    )
    first.refresh_from_db()
    assert first.status == "revoked"
    assert second.is_open


def test_members_cannot_be_invited_twice(partnership, convener):
    with pytest.raises(ValidationError, match="already a member"):
        services.invitation_create(
            partnership=partnership, actor=convener, email=convener.email, role=Role.PARTNER
        )


def test_the_last_convener_cannot_leave_or_be_demoted(partnership, convener):
    membership = Membership.objects.get(user=convener, partnership=partnership)
    with pytest.raises(ValidationError, match="at least one convener"):
        services.membership_remove(membership=membership)
    with pytest.raises(ValidationError, match="at least one convener"):
        services.membership_change_role(membership=membership, role=Role.PARTNER)
    MembershipFactory(partnership=partnership, role=Role.CONVENER)
    services.membership_change_role(membership=membership, role=Role.PARTNER)
    membership.refresh_from_db()
    assert membership.role == Role.PARTNER


def test_a_person_can_hold_different_roles_in_different_partnerships(
    partnership, other_partnership
):
    person = UserFactory()
    MembershipFactory(user=person, partnership=partnership, role=Role.CHAMPION)
    MembershipFactory(user=person, partnership=other_partnership, role=Role.COUNSELOR)
    roles = dict(person.memberships.values_list("partnership__slug", "role"))
    assert roles == {"front-range": "champion", "pikes-peak": "counselor"}


# --- region and industry -------------------------------------------------------------


def test_region_areas_must_use_oews_codes(partnership):
    with pytest.raises(ValidationError, match="2, 5 or 7 digits"):
        services.area_add(
            partnership=partnership, kind="metro", name="Denver", oews_area_codes=["1974"]
        )
    with pytest.raises(ValidationError, match="Name the counties"):
        services.area_add(
            partnership=partnership, kind="counties", name="North", oews_area_codes=["22660"]
        )
    area = services.area_add(
        partnership=partnership,
        kind="counties",
        name="North",
        oews_area_codes=["22660", "24540"],
        counties=["Larimer", "Weld"],
    )
    assert area.oews_area_codes == ["22660", "24540"]


def test_an_industry_is_listed_once(partnership):
    services.industry_add(partnership=partnership, naics_code="332", title="Fabricated Metal")
    with pytest.raises(ValidationError, match="already listed"):
        services.industry_add(partnership=partnership, naics_code="332", title="Again")


# --- concurrent edits ----------------------------------------------------------------


def test_a_stale_save_is_refused_and_says_what_changed(partnership):
    services.partnership_update(partnership=partnership, expected_version=1, description="Theirs")
    with pytest.raises(EditConflict) as conflict:
        services.partnership_update(
            partnership=partnership.__class__.objects.get(pk=partnership.pk),
            expected_version=1,
            description="Mine",
        )
    assert conflict.value.changed == [("description", "Theirs", "Mine")]
    partnership.refresh_from_db()
    assert partnership.description == "Theirs"
    assert partnership.version == 2


# --- support team --------------------------------------------------------------------


def test_support_team_coverage_names_the_missing_systems(partnership):
    SupportPartnerFactory(partnership=partnership, system=System.WORKFORCE)
    coverage = {row["system"]: row["partners"] for row in steps.support_team_coverage(partnership)}
    assert len(coverage[System.WORKFORCE]) == 1
    assert [s for s, partners in coverage.items() if not partners] == [
        System.SECONDARY, System.POSTSECONDARY, System.HUMAN_SERVICES, System.VOC_REHAB,
        System.COMMUNITY, System.ECONOMIC_DEVELOPMENT,
    ]  # fmt: skip


def test_system_is_suggested_from_the_organization_kind(partnership):
    college = OrganizationFactory(partnership=partnership, kind=Organization.Kind.COMMUNITY_COLLEGE)
    partner = services.support_partner_add(partnership=partnership, organization=college)
    assert partner.system == System.POSTSECONDARY


def test_employers_belong_on_the_committee_not_the_support_team(partnership):
    employer = OrganizationFactory(partnership=partnership, kind=Organization.Kind.EMPLOYER)
    with pytest.raises(ValidationError, match="talent committee"):
        services.support_partner_add(partnership=partnership, organization=employer)


def test_only_the_partner_itself_or_a_convener_accepts_expectations(
    partnership, support_partner, champion, convener
):
    sp = SupportPartnerFactory(partnership=partnership)
    partner_membership = Membership.objects.get(user=support_partner)
    assert not services.can_accept_for(partner_membership, sp)
    partner_membership.organization = sp.organization
    assert services.can_accept_for(partner_membership, sp)
    assert not services.can_accept_for(Membership.objects.get(user=champion), sp)
    assert services.can_accept_for(Membership.objects.get(user=convener), sp)


# --- the tracker ---------------------------------------------------------------------


def test_step_one_criteria_follow_the_data(partnership, convener):
    unmet = [c.label for c in steps.criteria_for(partnership, 1) if not c.met]
    assert "Industry named with NAICS codes" in unmet
    assert "Talent committee with at least 3 employers" in unmet
    IndustryFactory(partnership=partnership)
    AreaFactory(partnership=partnership)
    for _ in range(3):
        CommitteeMemberFactory(partnership=partnership)
    ConveningFactory(partnership=partnership, step=1)
    assert all(c.met for c in steps.criteria_for(partnership, 1))


def test_steps_complete_in_order_unless_overridden_with_a_reason(step1_done, convener):
    p = step1_done
    with pytest.raises(ValidationError, match="step 1 is not complete"):
        services.step_complete(partnership=p, actor=convener, number=2)
    services.step_complete(partnership=p, actor=convener, number=1)
    with pytest.raises(ValidationError, match="not yet met: every key public system"):
        services.step_complete(partnership=p, actor=convener, number=2)
    record = services.step_complete(
        partnership=p, actor=convener, number=2, override_reason="Voc rehab joins next month"
    )
    assert record.override_reason == "Voc rehab joins next month"
    states = steps.step_states(p)
    assert states[1].overridden
    assert states[2].is_current


def test_a_ready_step_records_no_override(step1_done, convener):
    record = services.step_complete(
        partnership=step1_done, actor=convener, number=1, override_reason="not needed"
    )
    assert record.override_reason == ""


def test_steps_reopen_from_the_latest(step1_done, convener):
    services.step_complete(partnership=step1_done, actor=convener, number=1)
    services.step_complete(
        partnership=step1_done, actor=convener, number=2, override_reason="later"
    )
    with pytest.raises(ValidationError, match="Reopen step 2 first"):
        services.step_reopen(partnership=step1_done, number=1)
    services.step_reopen(partnership=step1_done, number=2)
    services.step_reopen(partnership=step1_done, number=1)
    assert steps.current_step(step1_done).number == 1


def test_an_organization_with_programs_in_the_inventory_is_not_deleted(partnership):
    from tests.inventory.factories import ProgramFactory

    program = ProgramFactory(partnership=partnership)
    organization = program.provider.organization
    with pytest.raises(ValidationError, match="still has programs in the inventory"):
        services.organization_delete(organization=organization)
    assert Organization.objects.filter(pk=organization.pk).exists()
