"""The demo partnership, built from data kept in the repo through the same services users hit.

Safe to run twice: everything is looked up by its natural key before it is created.
"""

from __future__ import annotations

import json
from datetime import date
from pathlib import Path

from django.contrib.auth import get_user_model
from django.db import transaction

from partnerships import services
from partnerships.models import Membership, Partnership

DEMO_FILE = Path(__file__).parent / "demo" / "front_range.json"
DEMO_PASSWORD = "pathways-demo"


@transaction.atomic
def load() -> Partnership:
    data = json.loads(DEMO_FILE.read_text())
    User = get_user_model()
    users = {}
    for spec in data["users"]:
        user, created = User.objects.get_or_create(
            username=spec["username"],
            defaults={k: spec[k] for k in ("first_name", "last_name", "email")},
        )
        if created:
            user.set_password(DEMO_PASSWORD)
            user.save()
        users[spec["username"]] = user
    admin, created = User.objects.get_or_create(
        username="admin",
        defaults={
            "first_name": "Site",
            "last_name": "Admin",
            "is_staff": True,
            "is_superuser": True,
        },
    )
    if created:
        admin.set_password(DEMO_PASSWORD)
        admin.save()

    spec = data["partnership"]
    partnership = Partnership.objects.filter(slug=spec["slug"]).first()
    if partnership is None:
        partnership = services.partnership_create(actor=users["convener"], **spec)

    for code, title in data["industries"]:
        if not partnership.industries.filter(naics_code=code).exists():
            services.industry_add(partnership=partnership, naics_code=code, title=title)
    for area in data["areas"]:
        if not partnership.areas.filter(name=area["name"]).exists():
            services.area_add(partnership=partnership, **area)

    orgs = {}
    for org in data["organizations"]:
        orgs[org["name"]] = partnership.organizations.filter(
            name=org["name"]
        ).first() or services.organization_create(partnership=partnership, **org)

    for u in data["users"]:
        Membership.objects.update_or_create(
            user=users[u["username"]],
            partnership=partnership,
            defaults={"role": u["role"], "organization": orgs[u["organization"]]},
        )

    for member in data["committee"]:
        if not partnership.committee_members.filter(name=member["name"]).exists():
            services.committee_member_add(
                partnership=partnership,
                **{**member, "organization": orgs[member["organization"]]},
            )

    for sp in data["support_team"]:
        org = orgs[sp["organization"]]
        if partnership.support_partners.filter(organization=org).exists():
            continue
        partner = services.support_partner_add(
            partnership=partnership,
            organization=org,
            system=sp["system"],
            roles=sp["roles"],
            point_of_contact=sp["point_of_contact"],
            mou_status=sp["mou_status"],
            mou_date=date.fromisoformat(sp["mou_date"]) if sp["mou_date"] else None,
        )
        if sp["accepted"]:
            services.support_partner_accept_expectations(
                support_partner=partner, actor=users["convener"]
            )

    for c in data["convenings"]:
        if partnership.convenings.filter(title=c["title"]).exists():
            continue
        convening = services.convening_create(
            partnership=partnership,
            actor=users["convener"],
            attendees=[users[name] for name in c["attendees"]],
            title=c["title"],
            held_on=date.fromisoformat(c["held_on"]),
            step=c["step"],
            location=c["location"],
            purpose=c["purpose"],
            notes=c["notes"],
            decisions=c["decisions"],
        )
        for name, company in c["guests"]:
            services.convening_guest_add(convening=convening, name=name, company=company)

    for number in data["completed_steps"]:
        if not partnership.step_records.filter(number=number).exists():
            services.step_complete(partnership=partnership, actor=users["convener"], number=number)

    partnership.refresh_from_db()
    return partnership


STEP3_OVERRIDE = (
    "Employers were ready to sort cards in April; vocational rehabilitation joins the support "
    "team this summer."
)


def complete_step3(partnership: Partnership) -> None:
    """The demo's employers agreed on their occupations before the support team was whole,
    so step 3 is complete by a recorded override while step 2 stays open."""
    if partnership.step_records.filter(number=3).exists():
        return
    convener = partnership.memberships.filter(role="convener").select_related("user").first()
    services.step_complete(
        partnership=partnership, actor=convener.user, number=3, override_reason=STEP3_OVERRIDE
    )
