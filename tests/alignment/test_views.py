from __future__ import annotations

import io

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from inventory.alignment.models import (
    GapAnswer,
    PathwayProgram,
    ProgramCompleters,
)
from inventory.models import Linkage
from tests.factories import ConveningFactory
from tests.inventory.test_query_counts import make_programs


def test_function_grid_marks_and_finding(client, setting, partnership, support_partner, convener):
    from inventory.alignment.models import ProgramFunction
    from inventory.alignment.selectors import findings

    url = reverse("alignment:functions", args=[partnership.slug])
    client.force_login(support_partner)
    page = client.get(url, {"occupation": "51-4041"}).content.decode()
    assert "Set up machines" in page and "Machining AAS" in page
    # The partner speaks for Red Rocks CC: the Mesa Ridge program's boxes are not theirs.
    assert 'aria-label="CNC Certificate teaches: Set up machines"  disabled' in page
    aas, cnc = setting["aas"], setting["cnc"]
    client.post(
        url,
        {
            "occupation": "51-4041",
            f"f|{aas.pk}|onet-task-101": "on",
            f"f|{cnc.pk}|onet-task-102": "on",
        },
    )
    assert set(ProgramFunction.objects.values_list("program_id", "function_key")) == {
        (aas.pk, "onet-task-101")
    }
    [finding] = [f for f in findings(partnership) if f.kind == "untaught_function"]
    assert finding.title == "2 of 3 functions of Machinist are taught by no program"
    assert "Measure parts" in finding.detail and "O*NET 27.0" in finding.source
    client.force_login(convener)
    client.post(url, {"occupation": "51-4041", f"f|{cnc.pk}|onet-task-102": "on"})
    assert set(ProgramFunction.objects.values_list("program_id", "function_key")) == {
        (cnc.pk, "onet-task-102")
    }


def test_supply_page_shows_formula_sources_and_switches(client, setting, partnership, convener):
    client.force_login(convener)
    url = reverse("alignment:supply", args=[partnership.slug])
    page = client.get(url).content.decode()
    assert "Machinist" in page and "shortage" in page
    assert "BLS Employment Projections 2024-34" in page and "OEWS May 2024" in page
    assert "Formula" in page
    shared = client.get(url, {"method": "share", "award": "0"}).content.decode()
    assert "proportion to their openings" in shared
    assert 'value="share" checked' in shared


def test_supply_row_lists_the_largest_programs_and_counts_the_rest(
    client, setting, world, partnership, convener
):
    from inventory.models import Program

    Program.objects.bulk_create(
        Program(
            partnership=partnership,
            provider=world["college"],
            name=f"Machining {i:02d}",
            program_type="credit",
            cip_code="48.0501",
            completions_per_year=100 + i,
        )  # fmt: skip
        for i in range(20)
    )
    client.force_login(convener)
    url = reverse("alignment:supply", args=[partnership.slug])
    page = client.get(url, {"award": "0"}).content.decode()
    assert "Machining 19" in page and "Machining 08" in page  # the twelve largest
    assert "Machining 07" not in page
    assert "smaller programs, counted in the total" in page


def test_gap_detail_puts_duplicates_side_by_side(client, setting, partnership, convener):
    client.force_login(convener)
    page = client.get(
        reverse("alignment:gap_detail", args=[partnership.slug, "duplication-cip-48.0501"])
    ).content.decode()
    assert "CNC Certificate" in page and "$5,200" in page and 'class="differs"' in page
    assert (
        client.get(
            reverse("alignment:gap_detail", args=[partnership.slug, "no-such-gap"])
        ).status_code
        == 404
    )


def test_completers_upload_preview_confirm(client, setting, partnership, convener):
    client.force_login(convener)
    body = f"Year,Completers,ID\n2023,7,{setting['cnc'].pk}\n".encode()
    response = client.post(
        reverse("alignment:completers_import", args=[partnership.slug]),
        {"file": SimpleUploadedFile("c.csv", body)},
    )
    preview = response.url
    page = client.get(preview).content.decode()
    assert "1 to add" in page and not ProgramCompleters.objects.exists()
    response = client.post(preview + "confirm/", follow=True)
    assert "1 year added" in response.content.decode()
    assert ProgramCompleters.objects.get().completers == 7
    # A broken file shows its problems and writes nothing.
    response = client.post(
        reverse("alignment:completers_import", args=[partnership.slug]),
        {"file": SimpleUploadedFile("bad.csv", b"Program,Completers\nx,1\n")},
    )
    page = client.get(response.url).content.decode()
    assert "the column “Year” is missing" in page


def test_program_completers_form(client, setting, partnership, support_partner):
    client.force_login(support_partner)
    url = reverse("alignment:program_completers", args=[partnership.slug, setting["welding"].pk])
    assert client.get(url).status_code == 200
    response = client.post(url, {"add_year": "2012", "add_count": "9", "add_source": "College"})
    assert response.status_code == 302
    assert ProgramCompleters.objects.get(program=setting["welding"]).year == 2012
    response = client.post(url, {"count_2012": "-3"})
    assert response.status_code == 200 and "greater than or equal to 0" in response.content.decode()


def test_worksheet_answer_and_conflict(client, setting, partnership, champion, convener):
    client.force_login(champion)
    convening = ConveningFactory(partnership=partnership, step=6)
    url = reverse("alignment:worksheet_answer", args=[partnership.slug, "k12"])
    client.post(
        url,
        {
            "k12-answer": "Only one district",
            "k12-decision": "Ask two more",
            "k12-convening": convening.pk,
        },
    )
    answer = GapAnswer.objects.get()
    assert answer.decision == "Ask two more" and answer.convening == convening
    client.post(url, {"k12-answer": "Two", "k12-version": answer.version})
    response = client.post(url, {"k12-answer": "Stale", "k12-version": answer.version}, follow=True)
    assert "Someone saved this answer" in response.content.decode()
    assert GapAnswer.objects.get().answer == "Two"
    page = client.get(reverse("alignment:worksheet", args=[partnership.slug])).content.decode()
    assert "Two" in page and "CIP 48.0501 is taught by 2 providers" in page


def test_pathway_pages(client, setting, partnership, convener):
    client.force_login(convener)
    response = client.post(
        reverse("alignment:pathway_create", args=[partnership.slug]),
        {"name": "Welding to machining"},
    )
    pathway = PathwayProgram.objects.get(name="Welding to machining")
    assert response.url == reverse("alignment:pathway_detail", args=[partnership.slug, pathway.pk])
    add = reverse("alignment:pathway_step_add", args=[partnership.slug, pathway.pk])
    client.post(add, {"program": setting["welding"].pk, "exit_soc_code": "51-4121"})
    client.post(add, {"program": setting["aas"].pk, "exit_soc_code": "51-4041"})
    page = client.get(response.url).content.decode()
    assert "no linkage" in page
    services_link = Linkage.objects.create(
        partnership=partnership,
        from_program=setting["welding"],
        to_program=setting["aas"],
        kind="articulation",
    )
    page = client.get(response.url).content.decode()
    assert "no linkage" not in page and "Articulation agreement" in page
    assert services_link.pk
    # Same name twice: a message beside the field, not an error page.
    again = client.post(
        reverse("alignment:pathway_create", args=[partnership.slug]),
        {"name": "welding to machining"},
    )
    assert again.status_code == 200 and "already exists" in again.content.decode()


def test_asset_map_filters_and_table(client, setting, partnership, convener):
    client.force_login(convener)
    url = reverse("alignment:asset_map", args=[partnership.slug])
    page = client.get(url, {"provider": setting["tech"].pk}).content.decode()
    assert "CNC Certificate" in page and "Welding Certificate" not in page
    assert "<svg" in page and "<table" in page


def test_asset_map_draws_every_box_inside_the_drawing(client, world, partnership, convener):
    import re

    make_programs(partnership, 30)  # one level: eight rows of four boxes
    client.force_login(convener)
    page = client.get(reverse("alignment:asset_map", args=[partnership.slug])).content.decode()
    height = int(re.search(r'<svg viewBox="0 0 1100 (\d+)"', page).group(1))
    boxes = [
        (int(x), int(y)) for x, y in re.findall(r'<rect x="(\d+)" y="(\d+)" width="190"', page)
    ]
    assert len(boxes) == 34  # the 30 programs and the world's four
    assert all(y + 44 <= height for _, y in boxes)
    assert {x for x, _ in boxes} == {20, 224, 428, 632}  # four columns
    assert '<text x="26" y="' in page and "Program 00000</text>" in page


def _count(client, url) -> int:
    with CaptureQueriesContext(connection) as ctx:
        response = client.get(url)
    assert response.status_code == 200
    return len(ctx.captured_queries)


# Session, user and membership; the inventory in seven queries (credentials, stacks,
# awards, programs, confirmed occupations, linkages, critical occupations); the crosswalk
# release and rows; then per page: reviews and their convenings (asset map); pathway
# programs, completers, region, OEWS, projections release and rows (gaps, supply); the
# grid's marks (gaps, worksheet); answers and convenings (worksheet); for the grid: step 5's
# approved strawmen, the O*NET release and tasks, the page's marks and the occupation's.
PAGE_QUERIES = {"asset_map": 14, "gaps": 19, "supply": 17, "worksheet": 21, "functions": 17}


@pytest.mark.parametrize("name", list(PAGE_QUERIES))
def test_query_counts_do_not_grow(
    client, world, partnership, convener, name, django_assert_num_queries
):
    client.force_login(convener)
    url = reverse(f"alignment:{name}", args=[partnership.slug])
    make_programs(partnership, 10)
    client.get(url)
    small = _count(client, url)
    make_programs(partnership, 4990, start=10)  # 5,000 programs
    large = _count(client, url)
    assert small == large, (small, large)
    with django_assert_num_queries(PAGE_QUERIES[name]):
        client.get(url)


def test_nav_link(client, partnership, convener):
    client.force_login(convener)
    page = client.get(reverse("inventory:programs", args=[partnership.slug])).content.decode()
    assert reverse("alignment:asset_map", args=[partnership.slug]) in page
    assert io


def test_step_page_shows_checklist_findings_and_pathways(client, setting, partnership, counselor):
    client.force_login(counselor)
    page = client.get(reverse("partnerships:step", args=[partnership.slug, 6])).content.decode()
    assert "Asset map reviewed at a step-6 convening" in page
    assert "At least one pathway program for each critical tier" in page
    assert "Duplication: " in page  # the outcome's findings by kind
    assert "P1" in page  # the pathway program
    assert reverse("alignment:asset_map", args=[partnership.slug]) in page


def test_gaps_page_lists_25_of_a_kind_then_shows_all(client, world, partnership, convener):
    from inventory.models import Program

    Program.objects.bulk_create(
        Program(
            partnership=partnership,
            provider=provider,
            name=f"Course {i}",
            program_type="credit",
            cip_code=f"11.{1000 + i:04d}",
        )  # fmt: skip
        for i in range(30)
        for provider in (world["college"], world["tech"])
    )
    client.force_login(convener)
    url = reverse("alignment:gaps", args=[partnership.slug])
    page = client.get(url).content.decode()
    assert page.count("is taught by 2 providers") == 25
    assert "Show all 32" in page  # 30 new CIP codes, 48.0501, and the shared credential
    assert client.get(url, {"all": "duplication"}).content.decode().count("is taught by") == 31
