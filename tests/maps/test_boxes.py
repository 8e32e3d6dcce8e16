"""What each occupation's box shows: the tools a student will learn (employers' picks, else
O*NET's), the program a newcomer can enter first, and nothing employers have not reviewed
unless the convener publishes it knowingly."""

from __future__ import annotations

import pytest
from django.core.exceptions import ValidationError
from django.urls import reverse
from django.utils import timezone

from occupations.importers import onet as onet_importer
from occupations.models import DataRelease, Source, TechnologySkill, Tier, ToolUsed
from pathways.maps import selectors, services
from tests.maps.factories import CriticalOccupationFactory, program_for


def _programs(data: dict, soc: str) -> list[str]:
    for tier in data["tiers"]:
        for occupation in tier["occupations"]:
            if occupation["soc_code"] == soc:
                return [p["name"] for p in occupation["programs"]]
    raise AssertionError(soc)


def _box(data: dict, soc: str) -> dict:
    return next(o for t in data["tiers"] for o in t["occupations"] if o["soc_code"] == soc)


@pytest.fixture
def operator(partnership):
    return CriticalOccupationFactory(
        partnership=partnership, soc_code="51-9161", title="CNC Machine Operator", tier=Tier.ENTRY
    )


def _reviewed(program):
    program.reviewed_at = timezone.now()
    program.save(update_fields=["reviewed_at"])
    return program


def test_the_short_evening_course_comes_before_the_four_year_apprenticeship(partnership, operator):
    _reviewed(program_for(operator, name="Registered Apprenticeship: CNC Machinist",
                          program_type="apprenticeship", clock_hours=8000, tuition=1200))  # fmt: skip
    _reviewed(program_for(operator, name="CNC Operator Evening Fast Track",
                          program_type="non_credit", clock_hours=240, tuition=3750))  # fmt: skip
    _reviewed(program_for(operator, name="Frontline Leadership for Current Staff",
                          program_type="incumbent", clock_hours=16, tuition=0))  # fmt: skip
    data = selectors.map_data(partnership)
    assert _programs(data, "51-9161") == [
        "CNC Operator Evening Fast Track",
        "Registered Apprenticeship: CNC Machinist",
        # shortest and free, but only for a company's current employees
        "Frontline Leadership for Current Staff",
    ]


def test_cheaper_wins_between_programs_of_the_same_length(partnership, operator):
    _reviewed(program_for(operator, name="Dear", clock_hours=240, tuition=6000))
    _reviewed(program_for(operator, name="Cheap", clock_hours=240, tuition=900))
    assert _programs(selectors.map_data(partnership), "51-9161") == ["Cheap", "Dear"]


def test_the_convener_pins_a_program_first(partnership, operator, convener):
    _reviewed(program_for(operator, name="Short course", clock_hours=100))
    long = _reviewed(program_for(operator, name="The employers' favorite", clock_hours=2000))
    services.map_occupation_update(
        partnership=partnership, actor=convener, soc_code="51-9161", tools=[],
        pinned_program=long,
    )  # fmt: skip
    assert _programs(selectors.map_data(partnership), "51-9161")[0] == "The employers' favorite"


def test_a_pin_must_prepare_for_the_occupation(partnership, operator, convener):
    other = CriticalOccupationFactory(partnership=partnership, soc_code="51-4121")
    elsewhere = program_for(other, name="Welding")
    with pytest.raises(ValidationError, match="prepares for the occupation"):
        services.map_occupation_update(
            partnership=partnership, actor=convener, soc_code="51-9161", tools=[],
            pinned_program=elsewhere,
        )  # fmt: skip


def test_unreviewed_programs_stay_off_unless_the_convener_includes_them(
    partnership, operator, convener
):
    _reviewed(program_for(operator, name="Reviewed course", clock_hours=300))
    program_for(operator, name="Absurd course", clock_hours=240)  # nobody reviewed it
    version = services.map_publish(partnership=partnership, actor=convener)
    assert _programs(version.snapshot, "51-9161") == ["Reviewed course"]
    assert [p["name"] for p in version.snapshot["unreviewed"]] == ["Absurd course"]

    knowingly = services.map_publish(
        partnership=partnership, actor=convener, include_unreviewed=True
    )
    assert _programs(knowingly.snapshot, "51-9161") == ["Reviewed course", "Absurd course"]
    assert knowingly.snapshot["unreviewed_included"] is True


def test_draft_names_the_programs_left_off_and_publish_can_include_them(
    client, partnership, operator, convener
):
    program_for(operator, name="Unvetted evening course")
    client.force_login(convener)
    draft = client.get(reverse("maps:map_draft", args=[partnership.slug])).content.decode()
    assert "1 program not yet reviewed by employers is left off this map" in draft
    assert "Unvetted evening course" in draft
    assert 'name="include_unreviewed"' in draft
    client.post(reverse("maps:map_publish", args=[partnership.slug]), {"include_unreviewed": "on"})
    page = client.get(reverse("maps:map_public", args=[partnership.slug])).content.decode()
    assert "Unvetted evening course" in page
    assert "Not yet reviewed by employers" in page


@pytest.fixture
def onet(db):
    release = DataRelease.objects.create(
        source=Source.ONET, version="27.0", checksum="0" * 64, file_name="db_27_0_text.zip",
        imported_at=timezone.now(),
    )  # fmt: skip
    # PostgreSQL keeps each O*NET release in its own partition, made by the importer.
    onet_importer.release_partitions_create(release.pk)
    rows = [  # an inspector's O*NET lists: the hot ones are about databases and email
        ("Apache Hive", 43232304, "Data base management system software", True),
        ("Atlassian JIRA", 43232201, "Content workflow software", True),
        ("Minitab", 43232605, "Analytical or scientific software", False),
        ("SAS", 43232605, "Analytical or scientific software", True),
    ]
    for line, (example, code, title, hot) in enumerate(rows):
        TechnologySkill.objects.create(
            release=release, onet_code="51-9061.00", line=line, example=example,
            commodity_code=code, commodity_title=title, hot_technology=hot, in_demand=None,
        )  # fmt: skip
    for line, (example, code, title) in enumerate([
        ("Digital calipers", 41111604, "Calipers"),
        ("Vernier calipers", 41111604, "Calipers"),
        ("Outside micrometers", 41111638, "Micrometers"),
        ("Accelerometers", 41113639, "Accelerometers"),
    ]):  # fmt: skip
        ToolUsed.objects.create(
            release=release, onet_code="51-9061.00", line=line, example=example,
            commodity_code=code, commodity_title=title,
        )  # fmt: skip
    return release


def test_tools_default_to_what_the_job_is_built_around_not_hot_software(partnership, onet):
    CriticalOccupationFactory(partnership=partnership, soc_code="51-9061", tier=Tier.MID)
    box = _box(selectors.map_data(partnership), "51-9061")
    assert box["technologies"][0] == "Analytical or scientific software"
    assert "Calipers" in box["technologies"]
    assert "Apache Hive" not in box["technologies"]
    assert "Atlassian JIRA" not in box["technologies"]
    assert box["technologies_by"] == "onet"


def test_in_demand_technology_leads_where_the_release_flags_it(partnership, onet):
    TechnologySkill.objects.filter(example="Minitab").update(in_demand=True)
    CriticalOccupationFactory(partnership=partnership, soc_code="51-9061", tier=Tier.MID)
    assert _box(selectors.map_data(partnership), "51-9061")["technologies"][0] == "Minitab"


def test_employers_pick_the_tools_from_onet_or_typed(client, partnership, onet, convener):
    inspector = CriticalOccupationFactory(
        partnership=partnership, soc_code="51-9061", tier=Tier.MID, title="Quality Inspector"
    )
    client.force_login(convener)
    url = reverse("maps:map_occupations", args=[partnership.slug])
    page = client.get(url).content.decode()
    assert "Apache Hive (technology, hot technology)" in page  # the list shows O*NET's flags
    prefix = f"o{inspector.pk}"
    response = client.post(
        url,
        {
            "occupation": inspector.pk,
            f"{prefix}-onet_tools": ["Minitab", "Digital calipers"],
            f"{prefix}-typed_tools": "Coordinate measuring machines (CMM)\nHeight gauges",
            f"{prefix}-title_es": "Inspector de calidad",
        },
    )
    assert response.status_code == 302
    box = _box(selectors.map_data(partnership), "51-9061")
    assert box["technologies"] == [
        "Minitab", "Digital calipers", "Coordinate measuring machines (CMM)", "Height gauges"
    ]  # fmt: skip
    assert box["technologies_by"] == "employers"
    again = client.get(url).content.decode()
    assert "Height gauges" in again  # typed tools come back in the text box


def test_at_most_four_tools(client, partnership, onet, convener):
    inspector = CriticalOccupationFactory(partnership=partnership, soc_code="51-9061")
    client.force_login(convener)
    prefix = f"o{inspector.pk}"
    response = client.post(
        reverse("maps:map_occupations", args=[partnership.slug]),
        {"occupation": inspector.pk, f"{prefix}-typed_tools": "a\nb\nc\nd\ne"},
    )
    assert response.status_code == 200
    assert "room for 4 tools" in response.content.decode()
