"""The one place that decides who may see or change what in a partnership.

Every partnership view starts with `get_partnership_for(request.user, slug, needs=...)`.
A non-member gets a 404 (private partnerships are not acknowledged to exist); a member
whose role is not enough gets a 403.
"""

from __future__ import annotations

from dataclasses import dataclass
from enum import StrEnum

from django.core.exceptions import PermissionDenied
from django.http import Http404

from partnerships.models import Membership, Partnership, Role


class Need(StrEnum):
    VIEW = "view"  # every member: overview, tracker, step pages
    TEAM = "team"  # conveners, industry champions, support partners: people, meetings
    MANAGE = "manage"  # conveners: change anything


ROLES_FOR = {
    Need.VIEW: {Role.CONVENER, Role.CHAMPION, Role.PARTNER, Role.COUNSELOR},
    Need.TEAM: {Role.CONVENER, Role.CHAMPION, Role.PARTNER},
    Need.MANAGE: {Role.CONVENER},
}


@dataclass(frozen=True)
class Access:
    partnership: Partnership
    membership: Membership

    @property
    def role(self) -> str:
        return self.membership.role

    def can(self, needs: Need | str) -> bool:
        return self.role in ROLES_FOR[Need(needs)]

    @property
    def can_manage(self) -> bool:
        return self.can(Need.MANAGE)

    @property
    def can_team(self) -> bool:
        return self.can(Need.TEAM)


def get_partnership_for(user, slug: str, needs: Need | str = Need.VIEW) -> Access:
    if not user.is_authenticated:
        raise Http404
    membership = (
        Membership.objects.select_related("partnership", "organization")
        .filter(user=user, partnership__slug=slug)
        .first()
    )
    if membership is None:
        raise Http404("No such partnership, or you are not a member of it.")
    access = Access(partnership=membership.partnership, membership=membership)
    if not access.can(needs):
        raise PermissionDenied(
            f"Your role in {access.partnership.name} ({membership.get_role_display()}) "
            "does not allow this."
        )
    return access


# What each role may do, in a sentence a person reads on a page they may not open.
ROLE_CAN = {
    Role.CONVENER: "run the partnership: change its profile, people, steps and records",
    Role.CHAMPION: (
        "read everything in the partnership, see its people and meetings, nominate critical "
        "occupations and review the program inventory"
    ),
    Role.PARTNER: (
        "read everything in the partnership, see its people and meetings, and keep your own "
        "organization's programs and support-team record current"
    ),
    Role.COUNSELOR: (
        "read the partnership's overview, its tracker and step pages, the program inventory "
        "and the published pathway maps"
    ),
}


def conveners_of(partnership: Partnership) -> list:
    """The people to ask when a page is closed to someone's role."""
    return [
        m.user
        for m in Membership.objects.filter(partnership=partnership, role=Role.CONVENER)
        .select_related("user")
        .order_by("user__last_name", "user__first_name", "user__username")
    ]
