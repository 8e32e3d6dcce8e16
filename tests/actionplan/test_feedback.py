from __future__ import annotations

import pytest
from django.urls import reverse

from partnerships.models import Organization
from pathways.actionplan.models import HireFeedback
from tests.factories import OrganizationFactory
from tests.inventory.factories import ProgramFactory

pytestmark = pytest.mark.django_db


@pytest.fixture
def program(partnership):
    return ProgramFactory(partnership=partnership, name="Welding Certificate")


def test_employer_feedback_per_program(client, partnership, champion, program):
    employer = OrganizationFactory(partnership=partnership, name="Rocky Mountain Fabrication",
                                   kind=Organization.Kind.EMPLOYER)  # fmt: skip
    college = OrganizationFactory(partnership=partnership, kind=Organization.Kind.COMMUNITY_COLLEGE)
    client.force_login(champion)
    url = reverse("actionplan:feedback", args=[partnership.slug])
    page = client.post(url, {"program": program.pk, "employer": college.pk, "prepared": "well",
                             "given_on": "2026-01-10"})  # fmt: skip
    assert "Select a valid choice" in page.content.decode()  # not an employer
    client.post(url, {"program": program.pk, "employer": employer.pk, "prepared": "mostly",
                      "hires": 3, "skills_lacking": "blueprint reading",
                      "given_on": "2026-01-10"})  # fmt: skip
    client.post(url, {"program": program.pk, "employer": employer.pk, "prepared": "well",
                      "given_on": "2026-02-10"})  # fmt: skip
    body = client.get(url).content.decode()
    assert "Well prepared: 1 · Mostly prepared: 1 · 3 hires reported" in body
    assert "lacked: blueprint reading" in body
    assert HireFeedback.objects.count() == 2
