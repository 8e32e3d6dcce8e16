"""Step 5 services: the strawman from the real O*NET excerpt, edits that keep a task's
source, job-description suggestions, answers from phones, the tally and approval."""

from __future__ import annotations

import shutil

import pytest
from django.core.exceptions import ValidationError
from django.urls import reverse

from occupations import demo
from occupations.competencies import selectors, services
from occupations.competencies.importers.job_descriptions import extract_text, task_sentences
from occupations.competencies.models import Answer, FocusGroup, Participant, TaskSource
from occupations.models import OnetTask
from tests.competencies.conftest import make_strawman


@pytest.fixture
def reference(db):
    demo.load()


def test_strawman_groups_onet_tasks_into_functions_named_after_work_activities(
    reference, machinists, convener
):
    strawman = services.strawman_build(occupation=machinists, actor=convener)
    page = selectors.strawman_page(strawman)
    onet_ids = set(
        OnetTask.objects.filter(onet_code="51-4041.00").values_list("task_id", flat=True)
    )
    tasks = [t for f in page.functions for t in f.tasks]
    assert {t.onet_task_id for t in tasks} == onet_ids  # every O*NET task, once
    assert all(t.source == TaskSource.ONET for t in tasks)
    names = [f.name for f in page.functions]
    assert 2 <= len(names) <= len(tasks) // 2, names  # few, broad functions
    assert "Controlling Machines and Processes" in names
    first = page.functions[0].tasks
    assert first[0].task_type == "Core"  # core tasks first, most-answered first
    assert strawman.onet_release.endswith("27.0")
    skills = {s["name"]: s["words"] for s in strawman.skills}
    assert skills and set(skills.values()) <= {
        "awareness", "basic", "intermediate", "advanced", "expert", "level not reliable enough to show"
    }  # fmt: skip
    assert any(t["hot"] for t in strawman.technology)
    with pytest.raises(ValidationError, match="already has a strawman"):
        services.strawman_build(occupation=machinists, actor=convener)


def test_task_ratings_are_imported_and_shown_when_the_release_has_them(
    db, tmp_path, machinists, convener
):
    release = tmp_path / "db_27_0_text"
    shutil.copytree(demo.DEMO_DATA / "onet_27_0_excerpt", release)
    first = (release / "Task Statements.txt").read_text().splitlines()[1].split("\t")
    code, tid = first[0], first[1]
    header = "O*NET-SOC Code\tTask ID\tScale ID\tCategory\tData Value\tN\tStandard Error\t"
    header += "Lower CI Bound\tUpper CI Bound\tRecommend Suppress\tDate\tDomain Source"
    rows = [
        f"{code}\t{tid}\tIM\tn/a\t4.40\t50\t0.10\t4.2\t4.6\tN\t08/2022\tIncumbent",
        f"{code}\t{tid}\tRT\tn/a\t96.00\t50\t1.00\t94\t98\tN\t08/2022\tIncumbent",
        f"{code}\t{tid}\tFT\t7\t60.00\t50\t5.00\t50\t70\tN\t08/2022\tIncumbent",
        f"{code}\t{tid}\tFT\t2\t5.00\t50\t1.00\t3\t7\tN\t08/2022\tIncumbent",
    ]
    (release / "Task Ratings.txt").write_text("\n".join([header, *rows]) + "\n")
    from occupations.services import import_job_create, import_job_run

    job = import_job_run(job_id=import_job_create(source="onet", path=str(release),
                                                  enqueue=False).pk)  # fmt: skip
    assert job.status == "succeeded", job.error
    assert job.release.row_counts["task ratings"] == 4
    machinists.onet_code = code
    machinists.save()
    strawman = services.strawman_build(occupation=machinists, actor=convener)
    task = strawman.tasks.get(onet_task_id=int(tid))
    assert task.ratings == {"importance": 4.4, "relevance": 96, "frequency": "daily"}
    assert strawman.has_task_ratings


def test_edits_keep_each_tasks_source(strawman, convener):
    functions = list(strawman.functions.all())
    task = strawman.tasks.first()
    services.task_reword(task=task, statement="Set up CNC mills from the print.",
                         expected=task.statement)  # fmt: skip
    task.refresh_from_db()
    assert task.source == TaskSource.ONET and task.onet_task_id == 1000
    assert task.onet_statement == "Do task number 0."
    with pytest.raises(ValidationError, match="Someone changed this task"):
        services.task_reword(task=task, statement="Something else.", expected="Do task number 0.")
    room = services.task_add(strawman=strawman, statement="Train new hires on the floor",
                             function=functions[1])  # fmt: skip
    assert room.source == TaskSource.ROOM
    new = services.function_split(function=functions[0], tasks=[task], name="Setup")
    task.refresh_from_db()
    assert task.function == new
    services.function_rename(function=new, name="Machine setup", expected="Setup")
    services.function_merge(source=functions[1], into=new)
    assert set(strawman.tasks.values_list("function_id", flat=True)) <= {functions[0].pk, new.pk}
    services.task_set_dropped(task=room, dropped=True)
    page = selectors.strawman_page(strawman)
    assert room in page.dropped
    assert room not in [t for f in page.functions for t in f.tasks]


def test_job_description_sentences_become_suggestions(strawman, convener):
    text = (
        "Machinist, Summit Precision\nWhat you'll do:\n"
        "- Sets up and operates CNC mills to produce parts to print.\n"
        "• Inspects first articles with micrometers.\nGreat benefits and a 401k.\n"
    )
    document = services.job_description_add(strawman=strawman, text=text, employer="Summit",
                                            actor=convener)  # fmt: skip
    sentences = list(document.suggestions.values_list("sentence", flat=True))
    assert sentences == [
        "Set up and operate CNC mills to produce parts to print.",
        "Inspect first articles with micrometers.",
    ]
    first, second = document.suggestions.all()
    services.suggestion_decide(suggestion=first, accept=True, function=None)
    services.suggestion_decide(suggestion=second, accept=False)
    added = strawman.tasks.get(statement=sentences[0])
    assert added.source == TaskSource.JOB_DESCRIPTION and added.job_description == document
    assert not strawman.tasks.filter(statement=sentences[1]).exists()


def test_uploaded_files_are_read_or_refused_in_words():
    import docx

    doc = docx.Document()
    doc.add_paragraph("Calibrates gauges every week.")
    import io

    buffer = io.BytesIO()
    doc.save(buffer)
    assert "Calibrates gauges" in extract_text("posting.docx", buffer.getvalue())
    assert task_sentences(extract_text("posting.txt", b"Operates a lathe safely.")) == [
        "Operate a lathe safely."
    ]
    with pytest.raises(ValidationError, match="could not be read"):
        extract_text("posting.pdf", b"%PDF-1.4 not really a pdf")
    with pytest.raises(ValidationError, match="old Word file"):
        extract_text("posting.doc", b"\xd0\xcf")
    with pytest.raises(ValidationError, match="larger than 2 MB"):
        extract_text("big.txt", b"x" * (2 * 1024 * 1024 + 1))


def test_answers_tally_disagreement_and_round_two_changes(strawman, round_one, step5_convening):
    tasks = list(strawman.tasks.order_by("order"))
    people = [services.participant_join(focus_group=round_one, name=f"P{i}", company="Acme")
              for i in range(4)]  # fmt: skip
    for i, person in enumerate(people):
        services.answers_save(participant=person, answers={
            tasks[0].pk: {"accuracy": "keep", "importance": "5", "frequency": "daily",
                          "underperformed": "yes"},
            tasks[1].pk: {"accuracy": "drop" if i < 2 else "keep", "importance": str(1 + i),
                          "underperformed": "no"},
        })  # fmt: skip
        services.priorities_set(participant=person, task_ids=[tasks[0].pk, tasks[2].pk])
    result = selectors.tally(round_one)
    rows = {r.task.pk: r for r in result.rows}
    assert result.participants == 4
    assert rows[tasks[0].pk].mean_importance == 5.0 and rows[tasks[0].pk].is_gap
    assert rows[tasks[0].pk].common_frequency == "Daily"
    assert not rows[tasks[0].pk].disagreement
    assert rows[tasks[1].pk].disagreement == [
        "importance ranges from 1 to 4",
        "2 of 4 would drop it",
    ]
    assert [r.task.pk for r in result.top_three] == [tasks[0].pk, tasks[2].pk]
    with pytest.raises(ValidationError, match="at most 3"):
        services.priorities_set(participant=people[0], task_ids=[t.pk for t in tasks[:4]])
    # Round two: high performers rate the first task lower.
    round_two = services.focus_group_start(strawman=strawman, convening=step5_convening,
                                           round=2)  # fmt: skip
    performer = services.participant_join(focus_group=round_two, name="Ana", company="Acme")
    services.answers_save(participant=performer, answers={tasks[0].pk: {"importance": "3"}})
    row = next(r for r in selectors.tally(round_two).rows if r.task.pk == tasks[0].pk)
    assert "importance 5.0 → 3.0" in row.change
    gaps = selectors.skills_gaps(strawman.partnership)
    assert [g["key"] for g in gaps] == [f"step5-task-{tasks[0].pk}", f"step5-task-{tasks[2].pk}"]
    assert gaps[0]["url"].endswith(f"/focus-groups/{round_two.pk}/")  # the latest round
    services.focus_group_set_open(focus_group=round_two, is_open=False)
    with pytest.raises(ValidationError, match="closed"):
        services.answers_save(participant=performer, answers={tasks[0].pk: {"importance": "4"}})


def test_answers_are_checked(strawman, round_one, machinists):
    person = services.participant_join(focus_group=round_one, name="Lee", company="")
    task = strawman.tasks.first()
    for bad in ({"importance": "9"}, {"accuracy": "maybe"}, {"frequency": "hourly"}):
        with pytest.raises(ValidationError):
            services.answers_save(participant=person, answers={task.pk: bad})
    other = make_strawman(
        type(machinists).objects.create(partnership=machinists.partnership, soc_code="51-4121",
                                        title="Welder", tier="entry")
    )  # fmt: skip
    with pytest.raises(ValidationError, match="not in this session"):
        services.answers_save(
            participant=person, answers={other.tasks.first().pk: {"importance": 3}}
        )
    assert not Answer.objects.exists()
    with pytest.raises(ValidationError, match="round one"):
        services.focus_group_start(strawman=other, convening=round_one.convening, round=2)


def test_skills_gaps_contract(strawman, round_one):
    task = strawman.tasks.first()
    person = services.participant_join(focus_group=round_one, name="Kim", company="Acme")
    services.answers_save(participant=person, answers={task.pk: {"underperformed": "yes"}})
    gaps = selectors.skills_gaps(strawman.partnership)
    assert gaps == [
        {
            "key": f"step5-task-{task.pk}",
            "title": task.statement,
            "detail": "1 of 1 answers say it is commonly under-performed.",
            "occupation": "CNC machinist",
            "url": reverse("competencies:tally", args=[strawman.partnership.slug, round_one.pk]),
        }
    ]


def test_approval_numbers_versions_and_notices_later_edits(strawman, convener):
    first = services.strawman_approve(strawman=strawman, actor=convener)
    status = selectors.occupation_statuses(strawman.partnership)[0]
    assert first.number == 1 and status.status == "Approved (version 1)"
    assert [f["name"] for f in first.content["functions"]] == ["Function 0", "Function 1"]
    services.task_add(strawman=strawman, statement="Keep the shop clean", function=None)
    status = selectors.occupation_statuses(strawman.partnership)[0]
    assert status.changed_since_approved
    assert status.status == "Approved (version 1), changed since approved"
    second = services.strawman_approve(strawman=strawman, actor=convener)
    assert second.number == 2
    assert not selectors.occupation_statuses(strawman.partnership)[0].changed_since_approved


def test_paths_offered_to_step_3(strawman, machinists):
    lead = type(machinists).objects.create(partnership=machinists.partnership,
                                           soc_code="51-1011", title="Lead", tier="advanced")  # fmt: skip
    path, created = services.advancement_path_offer(strawman=strawman, other=lead, outward=True)
    assert created and path.from_occupation == machinists and path.to_occupation == lead
    _, created = services.advancement_path_offer(strawman=strawman, other=lead, outward=True)
    assert not created


def test_participant_join_needs_a_name_and_an_open_session(round_one):
    with pytest.raises(ValidationError, match="Type your name"):
        services.participant_join(focus_group=round_one, name="  ", company="")
    FocusGroup.objects.filter(pk=round_one.pk).update(is_open=False)
    with pytest.raises(ValidationError, match="closed"):
        services.participant_join(focus_group=round_one, name="Al", company="")
    assert not Participant.objects.exists()
