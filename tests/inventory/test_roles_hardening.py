"""Issue 15, items 3 and 4: linkage edits re-check what creation checks; shared credentials
belong to the convener (or the organization that issues them)."""

from __future__ import annotations

from django.urls import reverse

from inventory.models import Credential, Linkage
from tests.inventory.factories import CredentialFactory, LinkageFactory, ProgramFactory


def test_a_partner_cannot_repoint_a_linkage_between_other_organizations_programs(
    client, partnership, program, other_provider, partner_membership, support_partner
):
    linkage = LinkageFactory(partnership=partnership, from_program=program)
    theirs_a = ProgramFactory(partnership=partnership, provider=other_provider, name="Welding I")
    theirs_b = ProgramFactory(partnership=partnership, provider=other_provider, name="Welding II")
    client.force_login(support_partner)
    response = client.post(
        reverse("inventory:linkage_edit", args=[partnership.slug, linkage.pk]),
        {
            "from_program": theirs_a.pk,
            "to_program": theirs_b.pk,
            "kind": Linkage.Kind.ARTICULATION,
            "status": linkage.status,
        },
    )
    assert response.status_code == 200
    assert "must be your organization&#x27;s program" in response.content.decode()
    linkage.refresh_from_db()
    assert (linkage.from_program_id, linkage.to_program_id) == (program.pk, linkage.to_program_id)
    assert linkage.from_program_id == program.pk


def test_a_partner_still_edits_a_linkage_that_keeps_their_program(
    client, partnership, program, other_provider, partner_membership, support_partner
):
    theirs = ProgramFactory(partnership=partnership, provider=other_provider, name="Welding I")
    linkage = LinkageFactory(partnership=partnership, from_program=program, to_program=theirs)
    client.force_login(support_partner)
    response = client.post(
        reverse("inventory:linkage_edit", args=[partnership.slug, linkage.pk]),
        {
            "from_program": theirs.pk,
            "to_program": program.pk,
            "kind": Linkage.Kind.DUAL_ENROLLMENT,
            "status": linkage.status,
        },
    )
    assert response.status_code == 302, response.content.decode()[:2000]
    linkage.refresh_from_db()
    assert linkage.to_program_id == program.pk


def test_a_partner_may_not_rename_or_delete_a_credential_other_programs_award(
    client, partnership, program, other_provider, partner_membership, support_partner, convener
):
    shared = CredentialFactory(partnership=partnership, name="NIMS Machining Level I")
    ProgramFactory(partnership=partnership, provider=other_provider).credentials.add(shared)
    program.credentials.add(shared)
    own = CredentialFactory(partnership=partnership, name="Red Rocks CNC Certificate")
    program.credentials.add(own)
    client.force_login(support_partner)
    url = reverse("inventory:credential_edit", args=[partnership.slug, shared.pk])
    assert client.get(url).status_code == 403
    assert client.post(url, {"name": "Renamed", "kind": shared.kind}).status_code == 403
    assert client.post(url, {"delete": "1"}).status_code == 403
    assert Credential.objects.get(pk=shared.pk).name == "NIMS Machining Level I"
    page = client.get(reverse("inventory:credentials", args=[partnership.slug])).content.decode()
    assert f'href="{url}"' not in page
    own_url = reverse("inventory:credential_edit", args=[partnership.slug, own.pk])
    assert f'href="{own_url}"' in page
    # Their own credential stays theirs to change.
    response = client.post(own_url, {"name": "Red Rocks CNC Operator", "kind": own.kind})
    assert response.status_code == 302
    assert Credential.objects.get(pk=own.pk).name == "Red Rocks CNC Operator"
    # The convener changes the shared one.
    client.force_login(convener)
    assert client.post(url, {"name": "NIMS Level I", "kind": shared.kind}).status_code == 302
    assert Credential.objects.get(pk=shared.pk).name == "NIMS Level I"


def test_the_issuing_organization_may_change_its_own_credential(
    client, partnership, program, other_provider, partner_membership, support_partner
):
    issued = CredentialFactory(
        partnership=partnership, name="RRCC Welding", issuer=program.provider.organization.name
    )
    ProgramFactory(partnership=partnership, provider=other_provider).credentials.add(issued)
    client.force_login(support_partner)
    url = reverse("inventory:credential_edit", args=[partnership.slug, issued.pk])
    response = client.post(
        url, {"name": "RRCC Welding I", "kind": issued.kind, "issuer": issued.issuer}
    )
    assert response.status_code == 302
