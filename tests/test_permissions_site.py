"""The pages outside one partnership's rooms, x every role: the home page and health check
(everyone), starting a partnership (anyone signed in), the occupation explorer (public),
the labor-market data page (site staff only)."""

from __future__ import annotations

import pytest
from django.urls import reverse

from occupations import demo as occupations_demo
from occupations.models import ImportJob, Source
from partnerships.models import Membership
from tests.factories import SupportPartnerFactory, UserFactory

ROLES = ["anonymous", "counselor", "partner", "champion", "convener", "outsider", "staff"]
EVERYONE = set(ROLES)
SIGNED_IN = EVERYONE - {"anonymous"}


@pytest.fixture
def users(role_users, db):
    return {**role_users, "staff": UserFactory(username="steward", is_staff=True)}


@pytest.fixture
def job(db):
    return ImportJob.objects.create(
        source=Source.OEWS, path="/nowhere/oews.xlsx", status=ImportJob.Status.FAILED
    )


# (url name, args, roles allowed, status when allowed)
PAGES = [
    ("home", [], EVERYONE, 200),
    ("healthz", [], EVERYONE, 200),
    ("partnerships:create", [], SIGNED_IN, 200),
    ("occupations:search", [], EVERYONE, 200),
    ("occupations:profile", ["51-4041.00"], EVERYONE, 200),
    ("occupations:wages", ["51-4041.00"], EVERYONE, 200),
    ("occupations:soc", ["51-4041"], EVERYONE, 302),
    ("occupations:data", [], {"staff"}, 200),
    ("occupations:job", ["job"], {"staff"}, 200),
]


@pytest.mark.parametrize("role", ROLES)
@pytest.mark.parametrize(("name", "args", "allowed", "ok"), PAGES)
def test_site_pages(client, users, job, role, name, args, allowed, ok):
    occupations_demo.load()
    if users[role] is not None:
        client.force_login(users[role])
    url = reverse(name, args=[job.pk if a == "job" else a for a in args])
    response = client.get(url)
    if role in allowed:
        assert response.status_code == ok, (role, url)
    elif role == "anonymous":
        assert response.status_code == 302 and response.url.startswith(reverse("login"))
    else:
        assert response.status_code == 403, (role, url)


@pytest.mark.parametrize("role", ROLES)
def test_only_staff_run_an_import_again(client, users, job, role):
    if users[role] is not None:
        client.force_login(users[role])
    response = client.post(reverse("occupations:job_retry", args=[job.pk]))
    expected = {"staff": 302, "anonymous": 302}.get(role, 403)
    assert response.status_code == expected, role
    if role == "anonymous":
        assert response.url.startswith(reverse("login"))


@pytest.mark.parametrize("role", ROLES)
def test_only_staff_map_a_state_oews_file(client, users, role, tmp_path, settings):
    """The column-mapping step of the data page: uploading a state's file, and its page."""
    from django.core.files.uploadedfile import SimpleUploadedFile

    from occupations.services import oews_upload_for_mapping

    settings.MEDIA_ROOT = str(tmp_path)
    waiting = oews_upload_for_mapping(
        upload=SimpleUploadedFile("state.csv", b"Area,SOC code,Occupational title,Median\r\n"
                                               b"08,51-4041,Machinists,56860\r\n")
    )  # fmt: skip
    if users[role] is not None:
        client.force_login(users[role])
    page = client.get(reverse("occupations:job_map", args=[waiting.pk]))
    upload = client.post(reverse("occupations:state_upload"))
    if role == "staff":
        assert page.status_code == 200 and upload.status_code == 302
    elif role == "anonymous":
        assert page.url.startswith(reverse("login")) and upload.url.startswith(reverse("login"))
    else:
        assert (page.status_code, upload.status_code) == (403, 403), role


@pytest.mark.parametrize("role", ROLES)
def test_accepting_the_expectations_for_a_partner(client, users, partnership, role):
    """The partner organization itself (its support partner) or a convener may accept."""
    partner = SupportPartnerFactory(partnership=partnership)
    Membership.objects.filter(user=users["partner"], partnership=partnership).update(
        organization=partner.organization
    )
    if users[role] is not None:
        client.force_login(users[role])
    url = reverse("partnerships:support_partner_accept", args=[partnership.slug, partner.pk])
    response = client.post(url)
    expected = {
        "anonymous": 302,
        "outsider": 404,
        "staff": 404,
        "counselor": 403,
        "champion": 403,
        "partner": 302,
        "convener": 302,
    }[role]
    assert response.status_code == expected, role
    partner.refresh_from_db()
    assert partner.expectations_accepted == (role in {"partner", "convener"})
