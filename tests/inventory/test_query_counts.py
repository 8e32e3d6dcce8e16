from __future__ import annotations

from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from inventory.models import Credential, Program, ProgramOccupation, ProgramType
from tests.inventory.factories import ProviderFactory

# The inventory page's queries: session, user, membership, summary (3), providers for the
# filter, open flags, page count, page rows, and the rows' confirmed occupations.
INVENTORY_PAGE_QUERIES = 11


def make_programs(partnership, count: int, start: int = 0) -> None:
    providers = [ProviderFactory(partnership=partnership) for _ in range(3)]
    credential = Credential.objects.create(partnership=partnership, name=f"Cert {start}")
    programs = Program.objects.bulk_create(
        Program(
            partnership=partnership,
            provider=providers[i % 3],
            name=f"Program {start + i:05d}",
            program_type=ProgramType.values[i % len(ProgramType.values)],
            clock_hours=100 + i,
            tuition=1000 + i,
        )
        for i in range(count)
    )
    Program.credentials.through.objects.bulk_create(
        Program.credentials.through(program=p, credential=credential) for p in programs
    )
    ProgramOccupation.objects.bulk_create(
        ProgramOccupation(program=p, soc_code="51-4041", title="Machinists") for p in programs
    )


def _queries(client, url) -> int:
    with CaptureQueriesContext(connection) as ctx:
        response = client.get(url)
    assert response.status_code == 200
    return len(ctx.captured_queries)


def test_inventory_page_query_count_does_not_grow(
    client, partnership, convener, django_assert_max_num_queries
):
    client.force_login(convener)
    url = reverse("inventory:programs", args=[partnership.slug])
    make_programs(partnership, 10)
    client.get(url)  # warm the session
    at_10 = _queries(client, url)
    make_programs(partnership, 490, start=10)
    at_500 = _queries(client, url)
    assert at_10 == at_500, (at_10, at_500)
    with django_assert_max_num_queries(INVENTORY_PAGE_QUERIES):
        response = client.get(url, {"sort": "-tuition", "q": "Program", "page": 3})
    assert len(response.context["rows"]) == 50
