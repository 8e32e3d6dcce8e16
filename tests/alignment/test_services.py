from __future__ import annotations

import pytest
from django.core.exceptions import ValidationError
from django.utils import timezone

from inventory.alignment import selectors, services, steps
from inventory.alignment.demand import openings_for
from inventory.alignment.importers.completers import build_plan
from inventory.alignment.models import AssetMapReview, ProgramCompleters
from inventory.alignment.questions import QUESTIONS
from inventory.importers.reader import read_table
from inventory.models import Linkage, ProgramChange, ProgramOccupation
from partnerships.models import Membership, Role
from pathways.concurrency import EditConflict
from tests.factories import ConveningFactory
from tests.inventory.factories import LinkageFactory


def _rows(sd):
    return {r.soc_code: r for r in sd.rows}


@pytest.fixture
def machining_years(world, convener):
    services.program_completers_set(
        program=world["machining"],
        actor=convener,
        years=[
            (2021, 100, "IPEDS"),
            (2022, 10, "IPEDS"),
            (2023, 20, "IPEDS"),
            (2024, 30, "College"),
        ],
    )


def test_openings_are_the_national_rate_applied_to_regional_jobs(world, partnership):
    openings = openings_for({"51-4121", "51-4041"}, ["19740"])
    assert openings["51-4121"].value == 100
    assert openings["51-4041"].value == 200
    assert openings["51-4041"].scope == "regional"
    assert "2024-34" in openings["51-4041"].source and "May 2024" in openings["51-4041"].source


def test_completers_average_the_latest_three_years(world, partnership, machining_years):
    inv = selectors.load_inventory(partnership)
    supply = selectors.completers_by_program(partnership, inv.programs)[world["machining"].pk]
    assert supply.annual == 20  # 2022-2024, not the old 100 of 2021
    assert supply.period == "2022-2024 average"
    assert supply.source == "College, IPEDS"
    # Without any recorded year, the inventory's typical year stands in.
    assert selectors.completers_by_program(partnership, inv.programs)[world["cnc"].pk].annual == 60


def test_counting_each_completer_for_every_occupation(world, partnership, machining_years):
    sd = selectors.supply_demand(partnership, method="count", match_award=True)
    rows = _rows(sd)
    assert rows["51-4121"].supply == pytest.approx(110)  # welding 30 + machining 20 + CNC 60
    assert rows["51-4121"].status == "balanced"
    assert rows["51-4041"].supply == pytest.approx(80)
    assert rows["51-4041"].gap == pytest.approx(-120)
    assert rows["51-4041"].status == "shortage"
    # The associate degree doesn't match "high school diploma" jobs and is left out, counted.
    assert rows["51-4041"].excluded_by_award == 1


def test_sharing_completers_by_openings(world, partnership, machining_years):
    rows = _rows(selectors.supply_demand(partnership, method="share", match_award=True))
    # 48.0501 leads to welders (100 openings) and machinists (200): shares 1/3 and 2/3.
    assert rows["51-4121"].supply == pytest.approx(30 + 80 / 3)
    assert rows["51-4041"].supply == pytest.approx(80 * 2 / 3)


def test_award_matching_can_be_switched_off(world, partnership, machining_years):
    rows = _rows(selectors.supply_demand(partnership, method="count", match_award=False))
    assert rows["51-4041"].supply == pytest.approx(100)
    assert rows["51-4041"].excluded_by_award == 0


def test_findings_of_each_kind_with_their_programs(world, partnership, machining_years):
    found = {f.key: f for f in selectors.findings(partnership)}
    assert {"uncovered-tier-entry", "uncovered-tier-mid", "uncovered-occupation-51-4041"} <= set(
        found
    )
    dup = found["duplication-cip-48.0501"]
    assert set(dup.programs) == {world["machining"].pk, world["cnc"].pk, world["aas"].pk}
    assert f"duplication-credential-{world['cert'].pk}" in found
    assert f"dead-end-{world['cert'].pk}" in found
    assert "articulation-48-entry-mid" in found
    assert found["shortage-51-4041"].kind == "shortage"
    assert "200 openings" in found["shortage-51-4041"].detail
    assert "2024-34" in found["shortage-51-4041"].detail  # source and period beside the figure


def test_a_linkage_and_a_confirmed_occupation_close_gaps(world, partnership, machining_years):
    LinkageFactory(
        partnership=partnership, from_program=world["machining"], to_program=world["aas"],
        kind=Linkage.Kind.STACKABLE,
    )  # fmt: skip
    ProgramOccupation.objects.create(
        program=world["cnc"], soc_code="51-4041", confirmed_at=timezone.now()
    )
    keys = {f.key for f in selectors.findings(partnership)}
    assert "articulation-48-entry-mid" not in keys
    assert f"dead-end-{world['cert'].pk}" not in keys
    assert "uncovered-tier-mid" not in keys and "uncovered-occupation-51-4041" not in keys


def test_gap_findings_contract_for_the_action_plan(world, partnership):
    findings = selectors.gap_findings(partnership)
    assert findings
    for finding in findings:
        assert set(finding) == {"key", "kind", "title", "detail", "url"}
        assert finding["url"] == f"/p/{partnership.slug}/alignment/gaps/{finding['key']}/"
    # Keys are stable from one computation to the next.
    assert [f["key"] for f in findings] == [f["key"] for f in selectors.gap_findings(partnership)]


def test_duplicates_side_by_side_mark_differences(world, partnership):
    inv = selectors.load_inventory(partnership)
    [table] = selectors.comparison(inv, [world["machining"].pk, world["cnc"].pk])
    rows = {r["label"]: r for r in table["rows"]}
    assert rows["Cost to the student"]["differs"]
    assert rows["Cost to the student"]["values"] == ["$4,000", "$5,200"]
    assert not rows["Credentials awarded"]["differs"]


def test_completers_form_service_records_history(world, convener):
    program = world["welding"]
    services.program_completers_set(program=program, actor=convener, years=[(2024, 31, "College")])
    services.program_completers_set(program=program, actor=convener, years=[(2024, None, "")])
    assert not ProgramCompleters.objects.filter(program=program).exists()
    changes = [c.changes for c in ProgramChange.objects.filter(program=program)]
    assert [["Completers 2024", "", "31"]] in changes
    assert [["Completers 2024", "31", ""]] in changes


def _plan(partnership, text, editable=None):
    return build_plan(
        read_table(text.encode(), "completers.csv"), partnership=partnership, editable=editable
    )


def test_completers_import_is_all_or_nothing(world, partnership, convener):
    from inventory.alignment.models import CompletersImport

    good = f"ID,Year,Completers,Source\n{world['welding'].pk},2024,33,IPEDS\n"
    bad = good + f"{world['cnc'].pk},twenty,4,\n,2024,5,\n99999,2024,3,\n"
    plan = _plan(partnership, bad)
    assert not plan.ok
    problems = " ".join(p for r in plan.error_rows for p in r.problems)
    assert "Row 3, column “Year”" in problems
    assert "Row 4: say which program" in problems
    assert "no program 99999" in problems
    record = CompletersImport.objects.create(partnership=partnership, file_name="c.csv")
    with pytest.raises(ValidationError):
        services.completers_import_apply(record=record, plan=plan, actor=convener)
    assert not ProgramCompleters.objects.exists()
    counts = services.completers_import_apply(
        record=record, plan=_plan(partnership, good), actor=convener
    )
    assert counts["create"] == 1
    assert ProgramCompleters.objects.get().completers == 33


def test_completers_import_by_name_and_partner_limits(world, partnership, support_partner):
    text = "Provider,Program,Year,Completers\nMesa Ridge TC,CNC Certificate,2024,5\nRed Rocks CC,Welding Certificate,2024,6\n"
    membership = Membership.objects.get(user=support_partner, partnership=partnership)
    membership.organization = world["college"].organization
    membership.save()
    plan = _plan(partnership, text, editable=services.editable_program_ids(membership))
    assert [r.action for r in plan.rows] == ["error", "create"]
    assert "may not change CNC Certificate" in plan.rows[0].problems[0]


def test_export_reimports_unchanged(world, partnership, machining_years):
    from inventory.alignment.importers.completers import export

    plan = _plan(partnership, export(partnership, "csv").decode("utf-8-sig"))
    assert plan.ok and plan.counts["unchanged"] == 4 and plan.counts["create"] == 0


def test_pathway_flags_a_missing_link(world, partnership, convener):
    pathway = services.pathway_program_create(
        partnership=partnership, actor=convener, name="Machining"
    )
    services.pathway_step_add(
        pathway=pathway, actor=convener, program=world["machining"], exit_soc_code="51-4121"
    )
    services.pathway_step_add(
        pathway=pathway, actor=convener, program=world["aas"], exit_soc_code="51-4041"
    )
    route = selectors.pathway_routes(partnership)[0]
    assert route["steps"][0]["missing_link"] is True
    assert route["tiers"] == ["entry", "mid"]
    keys = {f.key for f in selectors.findings(partnership)}
    assert f"no-dual-enrollment-pathway-{pathway.pk}" in keys
    assert f"no-prior-learning-pathway-{pathway.pk}" in keys
    LinkageFactory(
        partnership=partnership, from_program=world["machining"], to_program=world["aas"]
    )
    assert selectors.pathway_routes(partnership)[0]["steps"][0]["missing_link"] is False
    step = pathway.steps.get(program=world["aas"])
    services.pathway_step_move(step=step, actor=convener, up=True)
    assert [s.program_id for s in pathway.steps.order_by("position")] == [
        world["aas"].pk,
        world["machining"].pk,
    ]


def test_gap_answer_refuses_a_stale_save(partnership, convener):
    first = services.gap_answer_save(
        partnership=partnership, actor=convener, question="k12", answer="One district",
        decision="", convening=None, expected_version=None,
    )  # fmt: skip
    services.gap_answer_save(
        partnership=partnership, actor=convener, question="k12", answer="Two districts",
        decision="", convening=None, expected_version=first.version,
    )  # fmt: skip
    with pytest.raises(EditConflict):
        services.gap_answer_save(
            partnership=partnership, actor=convener, question="k12", answer="Stale",
            decision="", convening=None, expected_version=first.version,
        )  # fmt: skip


def test_checklist(world, partnership, convener):
    criteria = steps.checklist(partnership)
    assert [c.met for c in criteria] == [False, False, False]
    convening = ConveningFactory(partnership=partnership, step=6)
    services.asset_map_review_record(partnership=partnership, actor=convener, convening=convening)
    for q in QUESTIONS:
        services.gap_answer_save(
            partnership=partnership, actor=convener, question=q.key, answer="Yes",
            decision="", convening=convening, expected_version=None,
        )  # fmt: skip
    pathway = services.pathway_program_create(partnership=partnership, actor=convener, name="P")
    services.pathway_step_add(
        pathway=pathway, actor=convener, program=world["welding"], exit_soc_code="51-4121"
    )
    criteria = steps.checklist(partnership)
    assert [c.met for c in criteria] == [True, True, False]
    assert "Mid" in criteria[2].detail
    services.pathway_step_add(
        pathway=pathway, actor=convener, program=world["aas"], exit_soc_code="51-4041"
    )
    assert all(c.met for c in steps.checklist(partnership))
    assert AssetMapReview.objects.count() == 1


def test_review_needs_a_step6_convening(partnership, convener):
    with pytest.raises(ValidationError):
        services.asset_map_review_record(
            partnership=partnership,
            actor=convener,
            convening=ConveningFactory(partnership=partnership, step=3),
        )


def test_roles_for_completers(world, partnership, champion, convener):
    assert services.editable_program_ids(Membership.objects.get(user=convener)) is None
    assert services.editable_program_ids(Membership.objects.get(user=champion)) == set()
    assert Role.CHAMPION


def test_functions_come_from_step5_once_its_description_is_approved(world, partnership):
    from inventory.alignment.functions import functions_for
    from occupations.competencies.models import DescriptionVersion, JobFunction, Strawman

    machinist = world["machinist"]
    before = functions_for([machinist])[machinist.soc_code]
    assert [f.label for f in before] == ["Set up machines", "Measure parts", "Program CNC"]
    strawman = Strawman.objects.create(
        partnership=partnership, occupation=machinist, edited_at=timezone.now()
    )
    JobFunction.objects.create(strawman=strawman, name="Set up and run CNC machines", order=1)
    JobFunction.objects.create(strawman=strawman, name="Inspect parts", order=2)
    # A strawman not yet approved is not vetted: still O*NET's tasks.
    assert functions_for([machinist])[machinist.soc_code] == before
    DescriptionVersion.objects.create(
        strawman=strawman, number=1, approved_at=timezone.now(), content={}
    )
    vetted = functions_for([machinist])[machinist.soc_code]
    assert [f.label for f in vetted] == ["Set up and run CNC machines", "Inspect parts"]
    assert vetted[0].source == "step 5 description v1 function"


def test_an_empty_partnership_has_no_findings(partnership):
    # Nothing recorded yet: nothing to say (the action plan lists findings as needs).
    assert selectors.gap_findings(partnership) == []
