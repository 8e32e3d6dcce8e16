"""Every inventory URL x every role, against the status that role should get.

anonymous -> sent to sign in; a convener of another partnership -> 404; a member whose role
is not enough -> 403. The support partner here speaks for the program's provider, so it may
edit that provider's programs; finer rules (whose programs, whose linkages) have their own
tests in test_services.py and test_views.py.
"""

from __future__ import annotations

import pytest
from django.core.files.base import ContentFile
from django.urls import reverse

from inventory.models import (
    MissingProgramFlag,
    ProgramImport,
    ProgramOccupation,
    ProviderContact,
)
from tests.inventory.factories import CredentialFactory, LinkageFactory

ROLES = ["anonymous", "counselor", "partner", "champion", "convener", "outsider"]
ALL = {"counselor", "partner", "champion", "convener"}
TEAM = {"partner", "champion", "convener"}
MANAGE = {"convener"}
# Champions vet programs; the people who keep them are partners (their own) and conveners.
EDITORS = {"partner", "convener"}


@pytest.fixture
def world(partnership, role_users, program, provider, partner_membership, convener):
    linkage = LinkageFactory(partnership=partnership, from_program=program)
    linkage.agreement.save("agreement.pdf", ContentFile(b"%PDF-1.4 signed"), save=True)
    upload = ProgramImport.objects.create(
        partnership=partnership, file=ContentFile(b"x", name="programs.csv"),
        file_name="programs.csv", uploaded_by=convener,
    )  # fmt: skip
    return {
        "slug": partnership.slug,
        "program": program.pk,
        "provider": provider.pk,
        "credential": CredentialFactory(partnership=partnership).pk,
        "linkage": linkage.pk,
        "contact": ProviderContact.objects.create(provider=provider, name="Pat Lee").pk,
        "flag": MissingProgramFlag.objects.create(
            partnership=partnership, program_name="Evening welding", raised_by=convener
        ).pk,
        "import": upload.pk,
        "link": ProgramOccupation.objects.create(
            program=program, soc_code="51-4041", title="Machinists"
        ).pk,
    }


# (url name, method, kwargs from the world, roles allowed, status when allowed)
PAGES = [
    ("inventory:programs", "get", [], ALL, 200),
    ("inventory:program_detail", "get", ["pk=program"], ALL, 200),
    ("inventory:program_row", "get", ["pk=program"], ALL, 200),
    ("inventory:program_create", "get", [], EDITORS, 200),
    ("inventory:program_edit", "get", ["pk=program"], EDITORS, 200),
    ("inventory:providers", "get", [], ALL, 200),
    ("inventory:provider_detail", "get", ["pk=provider"], ALL, 200),
    ("inventory:credentials", "get", [], ALL, 200),
    ("inventory:credential_edit", "get", ["pk=credential"], EDITORS, 200),
    ("inventory:linkages", "get", [], ALL, 200),
    ("inventory:linkage_document", "get", ["pk=linkage"], ALL, 200),
    ("inventory:template", "get", [], ALL, 200),
    ("inventory:export", "get", [], ALL, 200),
    ("inventory:import", "get", [], EDITORS, 200),
    ("inventory:coverage", "get", [], ALL, 200),
    # Writes: refused before anything changes for roles that may not write.
    ("inventory:program_inline", "post", ["pk=program"], EDITORS, None),
    ("inventory:programs_bulk", "post", [], TEAM, None),
    ("inventory:program_delete", "post", ["pk=program"], EDITORS, None),
    ("inventory:program_review", "post", ["pk=program"], {"champion", "convener"}, None),
    ("inventory:program_comment", "post", ["pk=program"], TEAM, None),
    ("inventory:occupation_add", "post", ["pk=program"], EDITORS, None),
    ("inventory:occupations_suggest", "post", ["pk=program"], EDITORS, None),
    ("inventory:flag_create", "post", [], TEAM, None),
    ("inventory:flag_resolve", "post", ["pk=flag"], EDITORS, None),
    ("inventory:contact_remove", "post", ["pk=provider", "contact_pk=contact"], EDITORS, None),
    ("inventory:provider_invite", "post", ["pk=provider"], MANAGE, None),
    ("inventory:occupation_confirm", "post", ["pk=program", "occupation_pk=link"], EDITORS, None),
    ("inventory:occupation_remove", "post", ["pk=program", "occupation_pk=link"], EDITORS, None),
    ("inventory:linkage_edit", "get", ["pk=linkage"], EDITORS, 200),
    ("inventory:import_preview", "get", ["pk=import"], {"convener"}, None),  # the uploader
    ("inventory:import_confirm", "post", ["pk=import"], {"convener"}, None),
    ("inventory:import_retry", "post", ["pk=import"], {"convener"}, None),
]


def _url(world, name, kwargs):
    resolved = {"slug": world["slug"]}
    for item in kwargs:
        key, _, value = item.partition("=")
        resolved[key] = world[value or key]
    return reverse(name, kwargs=resolved)


@pytest.mark.parametrize("role", ROLES)
@pytest.mark.parametrize(("name", "method", "kwargs", "allowed", "ok"), PAGES)
def test_inventory_permission_matrix(client, world, role_users, role, name, method, kwargs,
                                     allowed, ok):  # fmt: skip
    user = role_users[role]
    if user is not None:
        client.force_login(user)
    url = _url(world, name, kwargs)
    response = getattr(client, method)(url)
    if role == "anonymous":
        assert response.status_code == 302, url
        assert response.url.startswith(reverse("login"))
    elif role == "outsider":
        assert response.status_code == 404, url
    elif role not in allowed:
        assert response.status_code == 403, f"{role} {method} {url}"
    elif ok is not None:
        assert response.status_code == ok, f"{role} {method} {url}"
    else:
        # A permitted write answers with the page (form errors), a redirect, or a fragment.
        assert response.status_code in (200, 302, 204), f"{role} {method} {url}"
