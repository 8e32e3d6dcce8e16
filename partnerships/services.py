"""Every write to a partnership goes through here: one transaction per user action."""

from __future__ import annotations

import secrets
from collections.abc import Iterable

from django.conf import settings
from django.contrib.auth.models import AbstractBaseUser
from django.core.exceptions import ValidationError
from django.core.mail import EmailMultiAlternatives
from django.db import transaction
from django.template.loader import render_to_string
from django.urls import reverse
from django.utils import timezone

from partnerships import steps
from partnerships.models import (
    SYSTEM_FOR_KIND,
    Convening,
    ConveningGuest,
    Invitation,
    Membership,
    Organization,
    Partnership,
    PartnershipIndustry,
    RegionArea,
    Role,
    StepRecord,
    SupportPartner,
    TalentCommitteeMember,
)
from pathways.concurrency import save_versioned

PARTNERSHIP_FIELDS = ["name", "description", "state", "status", "contact_name", "contact_email"]
CONVENING_FIELDS = ["title", "held_on", "step", "location", "purpose", "notes", "decisions"]
SUPPORT_PARTNER_FIELDS = [
    "system",
    "roles",
    "point_of_contact",
    "mou_status",
    "mou_date",
    "mou_file",
]


def _validated(instance):
    instance.full_clean()
    instance.save()
    return instance


# --- the partnership -----------------------------------------------------------------


@transaction.atomic
def partnership_create(*, actor: AbstractBaseUser, **fields) -> Partnership:
    """A new partnership; whoever creates it is its first convener."""
    partnership = _validated(Partnership(**fields))
    Membership.objects.create(user=actor, partnership=partnership, role=Role.CONVENER)
    return partnership


@transaction.atomic
def partnership_update(*, partnership: Partnership, expected_version: int, **fields) -> Partnership:
    for name, value in fields.items():
        setattr(partnership, name, value)
    partnership.full_clean(exclude=["slug"])
    save_versioned(partnership, expected_version=expected_version, fields=list(fields))
    return partnership


@transaction.atomic
def industry_add(*, partnership: Partnership, naics_code: str, title: str) -> PartnershipIndustry:
    if partnership.industries.filter(naics_code=naics_code).exists():
        raise ValidationError({"naics_code": f"NAICS {naics_code} is already listed."})
    return _validated(
        PartnershipIndustry(partnership=partnership, naics_code=naics_code, title=title)
    )


def industry_remove(*, industry: PartnershipIndustry) -> None:
    industry.delete()


@transaction.atomic
def area_add(
    *,
    partnership: Partnership,
    kind: str,
    name: str,
    oews_area_codes: Iterable[str],
    counties: Iterable[str] = (),
) -> RegionArea:
    return _validated(
        RegionArea(
            partnership=partnership,
            kind=kind,
            name=name,
            oews_area_codes=list(oews_area_codes),
            counties=list(counties),
        )
    )


def area_remove(*, area: RegionArea) -> None:
    area.delete()


# --- organizations and the talent committee ------------------------------------------


@transaction.atomic
def organization_create(*, partnership: Partnership, **fields) -> Organization:
    return _validated(Organization(partnership=partnership, **fields))


@transaction.atomic
def organization_update(*, organization: Organization, **fields) -> Organization:
    for name, value in fields.items():
        setattr(organization, name, value)
    return _validated(organization)


@transaction.atomic
def organization_delete(*, organization: Organization) -> None:
    if organization.support_roles.exists():
        raise ValidationError(
            f"{organization.name} is on the support team; remove it from the team first."
        )
    # The inventory keeps a provider's programs; they must go (or move) before the provider.
    if organization.__class__.objects.filter(
        pk=organization.pk, provider__programs__isnull=False
    ).exists():
        raise ValidationError(
            f"{organization.name} still has programs in the inventory; remove or move them first."
        )
    organization.delete()


@transaction.atomic
def committee_member_add(*, partnership: Partnership, **fields) -> TalentCommitteeMember:
    member = TalentCommitteeMember(partnership=partnership, **fields)
    if member.organization.partnership_id != partnership.pk:
        raise ValidationError({"organization": "Choose one of this partnership's organizations."})
    return _validated(member)


@transaction.atomic
def committee_member_update(*, member: TalentCommitteeMember, **fields) -> TalentCommitteeMember:
    for name, value in fields.items():
        setattr(member, name, value)
    return _validated(member)


def committee_member_remove(*, member: TalentCommitteeMember) -> None:
    member.delete()


# --- people: invitations and memberships ---------------------------------------------


@transaction.atomic
def invitation_create(
    *,
    partnership: Partnership,
    actor: AbstractBaseUser,
    email: str,
    role: str,
    organization: Organization | None = None,
) -> Invitation:
    email = email.strip().lower()
    if Membership.objects.filter(partnership=partnership, user__email__iexact=email).exists():
        raise ValidationError({"email": f"{email} is already a member of this partnership."})
    now = timezone.now()
    # A fresh invitation replaces any open one for the same address.
    partnership.invitations.filter(email__iexact=email, accepted_at=None, revoked_at=None).update(
        revoked_at=now
    )
    invitation = _validated(
        Invitation(
            partnership=partnership,
            email=email,
            role=role,
            organization=organization,
            token=secrets.token_urlsafe(32),
            invited_by=actor,
            created_at=now,
            expires_at=now + settings.INVITATION_MAX_AGE,
        )
    )
    from partnerships.tasks import send_invitation

    transaction.on_commit(lambda: send_invitation.delay(invitation.pk))
    return invitation


def invitation_send(*, invitation: Invitation) -> None:
    """Email the invitation link and record when it went out."""
    url = settings.SITE_URL.rstrip("/") + reverse("invitation_accept", args=[invitation.token])
    context = {"invitation": invitation, "url": url, "partnership": invitation.partnership}
    subject = render_to_string("emails/invitation_subject.txt", context).strip()
    message = EmailMultiAlternatives(
        subject=subject,
        body=render_to_string("emails/invitation.txt", context),
        to=[invitation.email],
    )
    message.attach_alternative(render_to_string("emails/invitation.html", context), "text/html")
    message.send()
    Invitation.objects.filter(pk=invitation.pk).update(sent_at=timezone.now())


@transaction.atomic
def invitation_resend(*, invitation: Invitation) -> Invitation:
    if invitation.accepted_at or invitation.revoked_at:
        raise ValidationError("Only an open or expired invitation can be sent again.")
    invitation.expires_at = timezone.now() + settings.INVITATION_MAX_AGE
    invitation.save(update_fields=["expires_at"])
    from partnerships.tasks import send_invitation

    transaction.on_commit(lambda: send_invitation.delay(invitation.pk))
    return invitation


def invitation_revoke(*, invitation: Invitation) -> None:
    if invitation.accepted_at:
        raise ValidationError("This invitation has already been accepted.")
    invitation.revoked_at = timezone.now()
    invitation.save(update_fields=["revoked_at"])


@transaction.atomic
def invitation_accept(*, invitation: Invitation, user: AbstractBaseUser) -> Membership:
    """Join the partnership the invitation names, as the invited address only.

    An invitation is tied to the email it went to: another account holding the link gets
    nothing. It only ever creates a membership; roles of existing members change on the
    members page, where the last-convener guard applies.
    """
    invitation = Invitation.objects.select_for_update().get(pk=invitation.pk)
    if not invitation.is_open:
        raise ValidationError(f"This invitation is {invitation.status}; ask for a new one.")
    if (user.email or "").strip().lower() != invitation.email.strip().lower():
        raise ValidationError(
            f"This invitation was sent to {invitation.email}, and you are signed in with "
            "another address. Sign out and open the link again to create the account for "
            "that address, or ask the convener to invite the address you use."
        )
    existing = Membership.objects.filter(user=user, partnership=invitation.partnership).first()
    if existing is not None:
        raise ValidationError(
            f"You are already a member of {invitation.partnership.name} as "
            f"{existing.get_role_display().lower()}. An invitation does not change a role: "
            "ask a convener to change it on the members page."
        )
    membership = _validated(
        Membership(
            user=user,
            partnership=invitation.partnership,
            role=invitation.role,
            organization=invitation.organization,
        )
    )
    invitation.accepted_at = timezone.now()
    invitation.accepted_by = user
    invitation.save(update_fields=["accepted_at", "accepted_by"])
    return membership


@transaction.atomic
def invitation_accept_as_new_user(*, invitation: Invitation, user: AbstractBaseUser) -> Membership:
    """Create the invited person's account (its email is the invited address) and join."""
    user.email = invitation.email
    user.full_clean(exclude=["password"])
    user.save()
    return invitation_accept(invitation=invitation, user=user)


def _guard_last_convener(membership: Membership) -> None:
    if membership.role != Role.CONVENER:
        return
    others = Membership.objects.filter(
        partnership_id=membership.partnership_id, role=Role.CONVENER
    ).exclude(pk=membership.pk)
    if not others.exists():
        raise ValidationError(
            "A partnership needs at least one convener. Make someone else a convener first."
        )


@transaction.atomic
def membership_change_role(
    *, membership: Membership, role: str, organization: Organization | None = None
) -> Membership:
    if role != membership.role:
        _guard_last_convener(membership)
    membership.role = role
    membership.organization = organization
    return _validated(membership)


@transaction.atomic
def membership_remove(*, membership: Membership) -> None:
    _guard_last_convener(membership)
    membership.delete()


# --- convenings ----------------------------------------------------------------------


@transaction.atomic
def convening_create(
    *, partnership: Partnership, actor: AbstractBaseUser, attendees=(), **fields
) -> Convening:
    convening = _validated(Convening(partnership=partnership, created_by=actor, **fields))
    convening.attendees.set(_members_only(partnership, attendees))
    return convening


@transaction.atomic
def convening_update(
    *, convening: Convening, expected_version: int, attendees=None, **fields
) -> Convening:
    for name, value in fields.items():
        setattr(convening, name, value)
    convening.full_clean()
    save_versioned(convening, expected_version=expected_version, fields=list(fields))
    if attendees is not None:
        convening.attendees.set(_members_only(convening.partnership, attendees))
    return convening


def _members_only(partnership: Partnership, users) -> list:
    ids = {u.pk for u in users}
    member_ids = set(
        Membership.objects.filter(partnership=partnership, user_id__in=ids).values_list(
            "user_id", flat=True
        )
    )
    if ids - member_ids:
        raise ValidationError({"attendees": "Attendees must be members of the partnership."})
    return list(users)


@transaction.atomic
def convening_guest_add(*, convening: Convening, name: str, company: str = "") -> ConveningGuest:
    return _validated(ConveningGuest(convening=convening, name=name, company=company))


def convening_guest_remove(*, guest: ConveningGuest) -> None:
    guest.delete()


def convening_delete(*, convening: Convening) -> None:
    convening.delete()


# --- the support team ----------------------------------------------------------------


@transaction.atomic
def support_partner_add(
    *, partnership: Partnership, organization: Organization, system: str = "", **fields
) -> SupportPartner:
    if organization.partnership_id != partnership.pk:
        raise ValidationError({"organization": "Choose one of this partnership's organizations."})
    if organization.is_employer:
        raise ValidationError(
            {"organization": "Employers sit on the talent committee, not the support team."}
        )
    if partnership.support_partners.filter(organization=organization).exists():
        raise ValidationError({"organization": f"{organization.name} is already on the team."})
    system = system or SYSTEM_FOR_KIND.get(organization.kind, "")
    return _validated(
        SupportPartner(partnership=partnership, organization=organization, system=system, **fields)
    )


@transaction.atomic
def support_partner_update(
    *, support_partner: SupportPartner, expected_version: int, **fields
) -> SupportPartner:
    for name, value in fields.items():
        setattr(support_partner, name, value)
    support_partner.full_clean()
    # A new upload is written to storage before the row is updated.
    document = support_partner.mou_file
    if "mou_file" in fields and document and not document._committed:
        document.save(fields["mou_file"].name, fields["mou_file"], save=False)
    save_versioned(support_partner, expected_version=expected_version, fields=list(fields))
    return support_partner


@transaction.atomic
def support_partner_accept_expectations(
    *, support_partner: SupportPartner, actor: AbstractBaseUser
) -> SupportPartner:
    support_partner.expectations_accepted_at = timezone.now()
    support_partner.expectations_accepted_by = actor
    support_partner.save(update_fields=["expectations_accepted_at", "expectations_accepted_by"])
    return support_partner


def support_partner_remove(*, support_partner: SupportPartner) -> None:
    support_partner.delete()


def can_accept_for(membership: Membership, support_partner: SupportPartner) -> bool:
    """Conveners, or a support partner speaking for their own organization."""
    if membership.role == Role.CONVENER:
        return True
    return (
        membership.role == Role.PARTNER
        and membership.organization_id == support_partner.organization_id
    )


# --- the tracker ---------------------------------------------------------------------


@transaction.atomic
def step_complete(
    *, partnership: Partnership, actor: AbstractBaseUser, number: int, override_reason: str = ""
) -> StepRecord:
    """Mark a step done. Out of order, or with criteria unmet, it needs a stated reason."""
    state = steps.step_state(partnership, number)
    if state.complete:
        raise ValidationError(f"Step {number} is already complete.")
    override_reason = override_reason.strip()
    if not state.ready and not override_reason:
        problems = []
        if state.blocked_by:
            problems.append(f"{steps_phrase(state.blocked_by)} not complete yet")
        unmet = [c.label.lower() for c in state.criteria if not c.met]
        if unmet:
            problems.append("not yet met: " + "; ".join(unmet))
        raise ValidationError(
            f"Step {number} can't be marked complete: {' and '.join(problems)}. "
            "Finish those first, or give a reason to override."
        )
    return _validated(
        StepRecord(
            partnership=partnership,
            number=number,
            completed_by=actor,
            override_reason=override_reason if not state.ready else "",
        )
    )


@transaction.atomic
def step_reopen(*, partnership: Partnership, number: int) -> None:
    later = partnership.step_records.filter(number__gt=number).values_list("number", flat=True)
    if later:
        raise ValidationError(
            f"Reopen step {max(later)} first: later steps that are complete stay in order."
        )
    partnership.step_records.filter(number=number).delete()


def steps_phrase(numbers) -> str:
    """[2] -> "step 2 is"; [1, 2] -> "steps 1 and 2 are"; [1, 2, 3] -> "steps 1, 2 and 3 are"."""
    numbers = [str(n) for n in numbers]
    if len(numbers) == 1:
        return f"step {numbers[0]} is"
    return f"steps {', '.join(numbers[:-1])} and {numbers[-1]} are"
