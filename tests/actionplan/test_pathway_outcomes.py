"""Outcomes of a step-6 pathway program, not only of a program: a row belongs to exactly one
of the two (the database holds it), entered by hand or imported from the template (all or
nothing, a suppressed or missing cell stays empty), drawn on the trend charts, and aimed at
by actions."""

from __future__ import annotations

import io

import pytest
from django.core.exceptions import ValidationError
from django.core.files.uploadedfile import SimpleUploadedFile
from django.db import IntegrityError, transaction
from django.urls import reverse
from openpyxl import load_workbook

from inventory.alignment.models import PathwayProgram
from pathways.actionplan import importers, selectors, services
from pathways.actionplan.models import Action, ProgramOutcome
from tests.actionplan.factories import ActionFactory
from tests.inventory.factories import ProgramFactory

pytestmark = pytest.mark.django_db


@pytest.fixture
def pathway(partnership):
    return PathwayProgram.objects.create(partnership=partnership, name="Machining Pathway")


@pytest.fixture
def welding(partnership):
    return ProgramFactory(partnership=partnership, name="Welding Certificate")


def _filled_template(partnership, rows_by_name: dict) -> SimpleUploadedFile:
    """The downloaded template with some rows filled in (by the name in its Program column)."""
    content = importers.template_xlsx(
        selectors.partnership_programs(partnership), selectors.partnership_pathways(partnership)
    )
    book = load_workbook(io.BytesIO(content))
    sheet = book["Outcomes"]
    for row in sheet.iter_rows(min_row=2):
        values = rows_by_name.get(row[2].value)
        if values:
            for cell, value in zip(row[4:], values, strict=False):
                cell.value = value
    out = io.BytesIO()
    book.save(out)
    return SimpleUploadedFile("outcomes.xlsx", out.getvalue())


def test_a_row_belongs_to_a_program_or_a_pathway_never_both_nor_neither(
    partnership, pathway, welding
):
    with pytest.raises(IntegrityError), transaction.atomic():
        ProgramOutcome.objects.create(partnership=partnership, program=welding, pathway=pathway,
                                      year=2025, source="x")  # fmt: skip
    with pytest.raises(IntegrityError), transaction.atomic():
        ProgramOutcome.objects.create(partnership=partnership, year=2025, source="x")
    with pytest.raises(ValidationError, match="one of them"):
        services.outcome_save(partnership=partnership, actor=None, program=welding,
                              pathway=pathway, year=2025, source="x")  # fmt: skip
    services.outcome_save(partnership=partnership, actor=None, program=welding, year=2025,
                          source="x", completers=5)  # fmt: skip
    services.outcome_save(partnership=partnership, actor=None, pathway=pathway, year=2025,
                          source="x", completers=7)  # fmt: skip
    assert ProgramOutcome.objects.get(pathway=pathway).completers == 7
    assert ProgramOutcome.objects.get(program=welding).completers == 5


def test_a_pathway_of_another_partnership_is_refused(partnership, other_partnership, convener):
    foreign = PathwayProgram.objects.create(partnership=other_partnership, name="Theirs")
    with pytest.raises(ValidationError, match="partnership's pathway programs"):
        services.outcome_save(partnership=partnership, actor=convener, pathway=foreign,
                              year=2025, source="x")  # fmt: skip


def test_the_template_lists_pathway_programs_and_imports_them_all_or_nothing(
    client, partnership, champion, pathway, welding
):
    client.force_login(champion)
    response = client.get(reverse("actionplan:outcomes_template", args=[partnership.slug]))
    rows = list(load_workbook(io.BytesIO(response.content))["Outcomes"].values)
    assert (None, pathway.pk, "Machining Pathway", "Pathway program (step 6)") == rows[-1][:4]
    # Program year, participants, completers, credentials, Q2, Q4, earnings, source.
    upload = _filled_template(partnership, {
        "Machining Pathway": [2025, 48, 21, "*", "", 84, 10400, "Pathway partners' records"],
        "Welding Certificate": [2025, 30, 12, 10, 80, 78, 9800, "ETPL"],
    })  # fmt: skip
    page = client.post(reverse("actionplan:outcomes_import", args=[partnership.slug]),
                       {"file": upload}).content.decode()  # fmt: skip
    assert "2 program years will be saved" in page
    assert "Machining Pathway (pathway program)" in page
    assert not ProgramOutcome.objects.exists()  # a preview writes nothing
    client.post(reverse("actionplan:outcomes_import_confirm", args=[partnership.slug]))
    outcome = ProgramOutcome.objects.get(pathway=pathway)
    assert outcome.program is None and (outcome.participants, outcome.completers) == (48, 21)
    assert outcome.credentials is None and outcome.suppressed == ["credentials"]
    assert outcome.employed_q2 is None and "employed_q2" not in outcome.suppressed
    page = client.get(reverse("actionplan:outcomes", args=[partnership.slug])).content.decode()
    assert "Machining Pathway (pathway program)" in page and "suppressed" in page


def test_a_bad_pathway_row_refuses_the_whole_file(
    client, partnership, other_partnership, champion, pathway, welding
):
    foreign = PathwayProgram.objects.create(partnership=other_partnership, name="Theirs")
    headers = list(importers.HEADERS.values())
    from openpyxl import Workbook

    book = Workbook()
    sheet = book.active
    sheet.append(headers)
    sheet.append([welding.pk, None, "", "", 2025, 30, 12, 10, 80, 78, 9800, "ETPL"])
    sheet.append([None, foreign.pk, "", "", 2025, 10, 5, 5, 80, 78, 9800, "ETPL"])
    sheet.append([welding.pk, pathway.pk, "", "", 2024, 10, 5, 5, 80, 78, 9800, "ETPL"])
    out = io.BytesIO()
    book.save(out)
    rows, errors = importers.read(SimpleUploadedFile("o.xlsx", out.getvalue()))
    assert errors == [
        "Row 4: “Program ID” and “Pathway program ID” are both filled in: a row is one "
        "program's or one pathway program's."
    ]
    with pytest.raises(ValidationError) as refused:
        services.outcomes_import(partnership=partnership, actor=champion,
                                 rows=[r.as_json() for r in rows])  # fmt: skip
    assert f"pathway program {foreign.pk} is not one of this partnership's" in str(refused.value)
    assert not ProgramOutcome.objects.exists()


def test_entering_a_pathway_year_by_hand(client, partnership, champion, pathway, welding):
    client.force_login(champion)
    url = reverse("actionplan:outcome_create", args=[partnership.slug])
    page = client.post(url, {"program": welding.pk, "pathway": pathway.pk, "year": 2025,
                             "source": "Records"}).content.decode()  # fmt: skip
    assert "Choose a program or a pathway program (one of them)." in page
    client.post(url, {"pathway": pathway.pk, "year": 2025, "completers": "", "participants": 20,
                      "source": "Records"})  # fmt: skip
    outcome = ProgramOutcome.objects.get()
    assert outcome.pathway == pathway and outcome.completers is None
    edit = client.get(reverse("actionplan:outcome_edit", args=[partnership.slug, outcome.pk]))
    assert "Machining Pathway (pathway program), 2025" in edit.content.decode()


def test_trend_charts_and_actions_aiming_at_a_pathway_figure(
    client, partnership, champion, pathway, welding
):
    for year, completers in ((2024, 15), (2025, 21)):
        ProgramOutcome.objects.create(partnership=partnership, pathway=pathway, year=year,
                                      completers=completers, source="Partners")  # fmt: skip
    ProgramOutcome.objects.create(partnership=partnership, program=welding, year=2025,
                                  completers=12, source="ETPL")  # fmt: skip
    ActionFactory(partnership=partnership, title="Bridge class", aims_pathway=pathway,
                  aims_measure="completers")  # fmt: skip
    overview = selectors.outcomes_overview(partnership)
    chart = next(c for c in overview["charts"] if c["measure"] == "completers")
    assert chart["datasets"] == [
        {"label": "Welding Certificate", "data": [None, 12.0]},
        {"label": "Machining Pathway (pathway program)", "data": [15.0, 21.0]},
    ]
    assert [a.title for a in chart["actions"]] == ["Bridge class"]
    client.force_login(champion)
    page = client.get(reverse("actionplan:outcomes", args=[partnership.slug])).content.decode()
    assert "Bridge class</a> (Machining Pathway, pathway program)" in page


def test_an_action_aims_at_one_program_or_one_pathway(partnership, convener, pathway, welding):
    action = ActionFactory(partnership=partnership, title="Bridge class")
    with pytest.raises(ValidationError, match="choose one"):
        services.action_update(action=action, actor=convener, expected_version=action.version,
                               aims_program=welding, aims_pathway=pathway,
                               aims_measure="completers")  # fmt: skip
    with pytest.raises(IntegrityError), transaction.atomic():
        Action.objects.filter(pk=action.pk).update(aims_program=welding, aims_pathway=pathway)
    action.refresh_from_db()
    services.action_update(action=action, actor=convener, expected_version=action.version,
                           aims_pathway=pathway, aims_measure="completers")  # fmt: skip
    action.refresh_from_db()
    assert action.aims_pathway == pathway and action.aims_program is None
