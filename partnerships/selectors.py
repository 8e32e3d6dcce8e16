"""Named read queries for partnerships. Each owns its select_related / prefetch_related."""

from __future__ import annotations

from django.db.models import Count, QuerySet

from partnerships.models import (
    Convening,
    Invitation,
    Membership,
    Organization,
    Partnership,
)


def dashboard_for(user) -> list[dict]:
    from partnerships import steps

    return [steps.dashboard_card(p) for p in Partnership.objects.for_dashboard(user)]


def partnership_overview(p: Partnership) -> dict:
    return {
        "industries": list(p.industries.all()),
        "areas": list(p.areas.all()),
        "committee": list(p.committee_members.select_related("organization")),
        "support_partners": list(p.support_partners.select_related("organization")),
        "recent_convenings": list(p.convenings.all()[:3]),
        "member_count": p.memberships.count(),
    }


def organizations_for(p: Partnership) -> QuerySet[Organization]:
    return p.organizations.annotate(
        member_count=Count("members", distinct=True),
        committee_count=Count("committee_members", distinct=True),
        support_count=Count("support_roles", distinct=True),
    ).order_by("kind", "name")


def memberships_for(p: Partnership) -> QuerySet[Membership]:
    return p.memberships.select_related("user", "organization").order_by(
        "role", "user__first_name", "user__last_name"
    )


def invitations_for(p: Partnership) -> QuerySet[Invitation]:
    return p.invitations.filter(accepted_at=None, revoked_at=None).select_related(
        "organization", "invited_by"
    )


def convenings_for(p: Partnership) -> QuerySet[Convening]:
    return (
        p.convenings.select_related("created_by")
        .prefetch_related("guests", "attendees")
        .annotate(
            guest_count=Count("guests", distinct=True),
            attendee_count=Count("attendees", distinct=True),
        )
    )
