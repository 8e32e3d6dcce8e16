"""Flows through the supporting pages: providers, credentials, linkages, flags, bulk, files."""

from __future__ import annotations

import io

from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse
from openpyxl import load_workbook

from inventory.importers.columns import COLUMNS
from inventory.models import Credential, Linkage, MissingProgramFlag, Program, Provider
from tests.inventory.factories import ProgramFactory


def _url(name, partnership, *args):
    return reverse(f"inventory:{name}", args=[partnership.slug, *args])


def test_template_downloads_have_every_column(client, partnership, counselor):
    client.force_login(counselor)
    xlsx = client.get(_url("template", partnership), {"format": "xlsx"})
    workbook = load_workbook(io.BytesIO(xlsx.content))
    assert [c.value for c in workbook["Programs"][1]] == [c.header for c in COLUMNS]
    assert workbook["How to fill it in"].max_row == len(COLUMNS) + 1
    csv = client.get(_url("template", partnership), {"format": "csv"})
    assert csv.content.decode("utf-8-sig").strip() == ",".join(
        f'"{c.header}"' if "," in c.header else c.header for c in COLUMNS
    )
    assert client.get(_url("template", partnership), {"format": "pdf"}).status_code == 404


def test_linkage_with_agreement_document(client, partnership, program, convener, counselor):
    other = ProgramFactory(partnership=partnership, name="Machining Certificate")
    client.force_login(convener)
    response = client.post(
        _url("linkages", partnership),
        {
            "from_program": other.pk,
            "to_program": program.pk,
            "kind": "articulation",
            "status": "existing",
            "credits": "12",
            "agreement": SimpleUploadedFile("agreement.pdf", b"%PDF-1.4 signed"),
        },
    )
    assert response.status_code == 302, response.context["form"].errors
    linkage = Linkage.objects.get()
    assert linkage.created_by == convener
    client.force_login(counselor)
    download = client.get(_url("linkage_document", partnership, linkage.pk))
    assert b"".join(download.streaming_content) == b"%PDF-1.4 signed"
    assert "agreement.pdf" in download["Content-Disposition"]


def test_partner_links_only_with_their_own_program(
    client, partnership, program, support_partner, partner_membership
):
    a = ProgramFactory(partnership=partnership)
    b = ProgramFactory(partnership=partnership)
    client.force_login(support_partner)
    response = client.post(
        _url("linkages", partnership),
        {"from_program": a.pk, "to_program": b.pk, "kind": "transfer", "status": "proposed"},
    )
    assert b"must be your organization" in response.content
    client.post(
        _url("linkages", partnership),
        {"from_program": a.pk, "to_program": program.pk, "kind": "transfer", "status": "proposed"},
    )
    assert Linkage.objects.count() == 1


def test_add_provider_with_contact_and_credential(client, partnership, convener):
    client.force_login(convener)
    response = client.post(
        _url("providers", partnership),
        {"name": "Poudre Valley State University", "kind": "university", "city": "Fort Collins"},
    )
    provider = Provider.objects.get()
    assert response["Location"] == _url("provider_detail", partnership, provider.pk)
    client.post(
        _url("provider_detail", partnership, provider.pk),
        {
            "contact-name": "Elena Sorensen",
            "contact-email": "es@pvsu.example.edu",
            "contact-is_primary": "on",
        },
    )
    assert provider.contacts.get().is_primary
    client.post(
        _url("credentials", partnership),
        {"name": "BS Mechanical Engineering", "kind": "bachelor", "issuer": "PVSU"},
    )
    bachelor = Credential.objects.get()
    client.post(
        _url("credentials", partnership),
        {"name": "Engineering Certificate", "kind": "certificate", "stacks_into": [bachelor.pk]},
    )
    assert list(Credential.objects.get(name="Engineering Certificate").stacks_into.all()) == [
        bachelor
    ]


def test_champion_reviews_in_bulk_and_flags_a_missing_program(
    client, partnership, program, champion, convener
):
    other = ProgramFactory(partnership=partnership)
    client.force_login(champion)
    client.post(
        _url("programs_bulk", partnership),
        {"program": [program.pk, other.pk], "action": "review"},
    )
    assert Program.objects.filter(reviewed_by=champion).count() == 2
    client.post(_url("programs_bulk", partnership), {"program": [program.pk], "action": "delete"})
    assert Program.objects.count() == 2  # champions vet; they don't delete
    client.post(
        _url("flag_create", partnership),
        {"program_name": "CMM programming", "note": "Nobody teaches it nearby."},
    )
    flag = MissingProgramFlag.objects.get()
    assert flag.raised_by == champion
    page = client.get(_url("programs", partnership))
    assert b"CMM programming" in page.content
    client.force_login(convener)
    client.post(_url("flag_resolve", partnership, flag.pk))
    flag.refresh_from_db()
    assert flag.resolved_by == convener


def test_partner_adds_a_program_for_another_provider_as_proposed(
    client, partnership, other_provider, support_partner, partner_membership
):
    client.force_login(support_partner)
    response = client.post(
        _url("program_create", partnership),
        {
            "provider": other_provider.pk,
            "name": "Welding I",
            "program_type": "non_credit",
            "status": "offered",
        },
    )
    program = Program.objects.get()
    assert response["Location"] == program.get_absolute_url()
    assert program.status == "proposed"
    assert program.changes.get().actor == support_partner
