"""Step 3 services and selectors: the card sort, the tally, the agreed list in tiers, the
criteria the tracker uses, and the sector picture."""

from __future__ import annotations

import pytest
from django.core.exceptions import ValidationError

from occupations import selectors, services
from occupations.models import Card, CardSort, CriticalOccupation, Reason, Tier
from partnerships.models import Membership
from tests.occupations.step3.factories import (
    CardFactory,
    CriticalOccupationFactory,
    GuestEmployerFactory,
    Step3ConveningFactory,
)

pytestmark = pytest.mark.django_db


# --- the card sort ---------------------------------------------------------------------------


def test_starting_a_card_sort_seats_the_champions_and_guests_as_employers(card_sort, employers):
    assert sorted(employers) == [
        "Front Range Aerospace Components",
        "Rocky Mountain Fabrication",
        "Summit Precision Machining",
    ]
    assert employers["Summit Precision Machining"].user is not None
    assert [c.name for c in card_sort.categories.all()][:3] == [
        "Production",
        "Engineering",
        "Maintenance",
    ]


def test_a_card_sort_belongs_to_a_step_3_convening(partnership, convener):
    convening = Step3ConveningFactory(partnership=partnership, step=2)
    with pytest.raises(ValidationError, match="step 3"):
        services.card_sort_start(convening=convening, actor=convener)


def test_starting_twice_returns_the_same_card_sort(card_sort, convener):
    again = services.card_sort_start(convening=card_sort.convening, actor=convener)
    assert again.pk == card_sort.pk
    assert CardSort.objects.count() == 1


def test_two_cards_then_an_optional_third_then_no_more(card_sort, employers, convener):
    employer = employers["Rocky Mountain Fabrication"]
    for title in ["Welder", "Fitter", "Shop lead"]:
        services.card_add(card_sort=card_sort, employer=employer, actor=convener, title=title)
    assert list(employer.cards.order_by("number").values_list("number", "title")) == [
        (1, "Welder"),
        (2, "Fitter"),
        (3, "Shop lead"),
    ]
    with pytest.raises(ValidationError, match="three at most"):
        services.card_add(card_sort=card_sort, employer=employer, actor=convener, title="Fourth")


def test_a_card_can_stay_unmatched_and_be_matched_later(reference, card_sort, employers, convener):
    card = services.card_add(
        card_sort=card_sort,
        employer=employers["Rocky Mountain Fabrication"],
        actor=convener,
        title="Weld cell lead",
        reasons=[Reason.KINGPIN, Reason.NEED_MANY],
    )
    assert card.soc_code == "" and card.reasons == ["need_many", "kingpin"]
    services.card_update(card=card, soc_code="51-4121")
    card.refresh_from_db()
    assert (card.soc_code, card.onet_code) == ("51-4121", "51-4121.00")
    assert card.soc_title == "Welders, Cutters, Solderers, and Brazers"


def test_a_card_match_must_exist_in_the_reference_data(reference, card_sort, employers, convener):
    with pytest.raises(ValidationError):
        services.card_add(
            card_sort=card_sort,
            employer=employers["Rocky Mountain Fabrication"],
            actor=convener,
            title="Welder",
            soc_code="51-4121",
            onet_code="51-4041.00",
        )
    with pytest.raises(ValidationError, match="not in the loaded"):
        services.card_add(
            card_sort=card_sort,
            employer=employers["Rocky Mountain Fabrication"],
            actor=convener,
            title="Astronaut",
            soc_code="99-1234",
        )


def test_unknown_reasons_are_refused(card_sort, employers, convener):
    with pytest.raises(ValidationError, match="Unknown reason"):
        services.card_add(
            card_sort=card_sort,
            employer=employers["Rocky Mountain Fabrication"],
            actor=convener,
            title="Welder",
            reasons=["because"],
        )


def test_every_change_bumps_the_board_version(card_sort, employers, convener):
    def version():
        return CardSort.objects.get(pk=card_sort.pk).board_version

    start = version()
    card = services.card_add(
        card_sort=card_sort, employer=employers["Rocky Mountain Fabrication"], actor=convener,
        title="Welder",
    )  # fmt: skip
    assert version() == start + 1
    production = card_sort.categories.get(name="Production")
    services.card_move(card=card, category=production)
    assert version() == start + 2
    services.category_update(category=production, critical_skills="Blueprint reading")
    assert version() == start + 3
    services.card_delete(card=card)
    assert version() == start + 4


def test_removing_a_column_puts_its_cards_back_unsorted(card_sort, employers, convener):
    production = card_sort.categories.get(name="Production")
    card = services.card_add(
        card_sort=card_sort, employer=employers["Rocky Mountain Fabrication"], actor=convener,
        title="Welder", category=production,
    )  # fmt: skip
    services.category_delete(category=production)
    card.refresh_from_db()
    assert card.category is None


def test_a_card_cannot_move_to_another_boards_column(card_sort, employers, convener):
    other = CardFactory().card_sort
    column = other.categories.create(name="Elsewhere")
    card = CardFactory(employer=employers["Rocky Mountain Fabrication"])
    with pytest.raises(ValidationError):
        services.card_move(card=card, category=column)


def test_champions_change_only_their_own_cards(card_sort, employers, champion, convener):
    own = CardFactory(employer=employers["Summit Precision Machining"])
    theirs = CardFactory(employer=employers["Rocky Mountain Fabrication"])
    assert services.can_change_card(role="champion", user=champion, card=own)
    assert not services.can_change_card(role="champion", user=champion, card=theirs)
    assert services.can_change_card(role="convener", user=convener, card=theirs)
    assert not services.can_change_card(role="partner", user=convener, card=theirs)
    assert services.can_add_cards("champion") and services.can_add_cards("convener")
    assert not services.can_add_cards("partner") and not services.can_add_cards("counselor")


def test_a_guest_added_at_the_board_is_a_guest_of_the_convening(card_sort):
    employer = services.room_employer_add_guest(
        card_sort=card_sort, name="Kevin Duarte", company="Centennial Gear Works"
    )
    assert employer.guest.convening == card_sort.convening
    assert card_sort.convening.guests.filter(company="Centennial Gear Works").exists()


def test_sourcing_fields_save_one_at_a_time(card_sort, employers):
    employer = employers["Rocky Mountain Fabrication"]
    services.room_employer_update(employer=employer, local_programs="Mesa Ridge welding")
    services.room_employer_update(employer=employer, out_of_state="often")
    employer.refresh_from_db()
    assert (employer.local_programs, employer.out_of_state) == ("Mesa Ridge welding", "often")
    with pytest.raises(ValidationError):
        services.room_employer_update(employer=employer, out_of_state="always")
    with pytest.raises(ValidationError):
        services.room_employer_update(employer=employer, company="Someone else")


# --- the tally ----------------------------------------------------------------------------------


def test_tally_counts_cards_companies_and_reasons_and_shows_disagreement(card_sort, employers):
    production = card_sort.categories.get(name="Production")
    maintenance = card_sort.categories.get(name="Maintenance")
    rmf = employers["Rocky Mountain Fabrication"]
    fra = employers["Front Range Aerospace Components"]
    spm = employers["Summit Precision Machining"]
    CardFactory(
        employer=rmf, number=1, title="Machinist", reasons=["need_many"], category=production
    )
    CardFactory(
        employer=fra, number=1, title="CNC machinist", reasons=["turnover"], category=maintenance
    )
    CardFactory(employer=spm, number=1, title="Machinist", reasons=["cost"], category=production)
    CardFactory(employer=spm, number=2, title="Quality guy", soc_code="", onet_code="",
                soc_title="", reasons=[])  # fmt: skip
    tally = selectors.card_tally(card_sort)
    assert (tally.card_count, tally.employer_count) == (4, 3)
    top = tally.rows[0]
    assert top.soc_code == "51-4041"
    assert len(top.cards) == 3 and len(top.companies) == 3
    assert top.titles == ["CNC machinist", "Machinist"]
    assert top.split_columns and top.no_shared_reason
    assert "placed in 2 columns: Maintenance, Production" in top.disagreement
    unmatched = tally.rows[1]
    assert not unmatched.matched and unmatched.label == "Quality guy"


def test_the_same_title_typed_differently_tallies_together_until_matched(card_sort, employers):
    CardFactory(employer=employers["Rocky Mountain Fabrication"], title="Shop  Lead",
                soc_code="", onet_code="", soc_title="")  # fmt: skip
    CardFactory(employer=employers["Front Range Aerospace Components"], title="shop lead",
                soc_code="", onet_code="", soc_title="")  # fmt: skip
    rows = selectors.card_tally(card_sort).rows
    assert len(rows) == 1 and len(rows[0].companies) == 2


# --- the agreed list ----------------------------------------------------------------------------


def test_agreeing_crosswalks_to_soc_and_onet_and_stacks_in_tiers(reference, partnership, convener):
    machinist = services.critical_occupation_agree(
        partnership=partnership, actor=convener, soc_code="51-4041", tier=Tier.MID
    )
    assert machinist.onet_code == "51-4041.00"
    assert machinist.title == "Machinists" and machinist.agreed_by == convener
    assemblers = services.critical_occupation_agree(
        partnership=partnership, actor=convener, soc_code="51-2090", tier=Tier.ENTRY,
        title="Assembler",
    )  # fmt: skip
    assert assemblers.onet_code.startswith("51-209")
    with pytest.raises(ValidationError, match="already on the agreed list"):
        services.critical_occupation_agree(
            partnership=partnership, actor=convener, soc_code="51-4041", tier=Tier.MID
        )
    with pytest.raises(ValidationError):
        services.critical_occupation_agree(
            partnership=partnership, actor=convener, soc_code="51-4041", tier="expert"
        )
    agreed = selectors.agreed_list(partnership)
    assert [(t, [o.soc_code for o in items]) for t, _, items in agreed.tiers] == [
        ("entry", ["51-2090"]),
        ("mid", ["51-4041"]),
        ("advanced", []),
    ]


def test_moving_within_a_tier_and_changing_tier(reference, partnership, convener):
    made = [
        services.critical_occupation_agree(
            partnership=partnership, actor=convener, soc_code=code, tier=Tier.ENTRY
        )
        for code in ["51-4121", "51-2090", "51-9161"]
    ]
    services.critical_occupation_move(occupation=made[2], up=True)
    order = list(
        CriticalOccupation.objects.filter(tier=Tier.ENTRY)
        .order_by("order")
        .values_list("soc_code", flat=True)
    )
    assert order == ["51-4121", "51-9161", "51-2090"]
    services.critical_occupation_update(occupation=made[0], tier=Tier.MID)
    made[0].refresh_from_db()
    assert made[0].tier == Tier.MID and made[0].version == 2


def test_paths_lead_between_two_occupations_of_the_same_partnership(partnership, other_partnership):
    a = CriticalOccupationFactory(partnership=partnership)
    b = CriticalOccupationFactory(partnership=partnership, tier=Tier.MID)
    elsewhere = CriticalOccupationFactory(partnership=other_partnership)
    path = services.advancement_path_add(
        partnership=partnership, from_occupation=a, to_occupation=b, note="A year"
    )
    assert str(path) == f"{a.title} → {b.title}"
    with pytest.raises(ValidationError, match="already"):
        services.advancement_path_add(partnership=partnership, from_occupation=a, to_occupation=b)
    with pytest.raises(ValidationError):
        services.advancement_path_add(partnership=partnership, from_occupation=a, to_occupation=a)
    with pytest.raises(ValidationError):
        services.advancement_path_add(
            partnership=partnership, from_occupation=a, to_occupation=elsewhere
        )


def test_related_occupations_are_suggested_as_sources_of_workers(reference, partnership, convener):
    for code in ["51-4041", "51-9161"]:
        services.critical_occupation_agree(
            partnership=partnership, actor=convener, soc_code=code, tier=Tier.ENTRY
        )
    suggestions = selectors.agreed_list(partnership).suggestions
    assert suggestions, "O*NET relates machinists to other production occupations"
    codes = [s["code"][:7] for s in suggestions]
    assert "51-4041" not in codes and "51-9161" not in codes
    assert all(s["title"] for s in suggestions)
    assert suggestions[0]["for"]


# --- the tracker ---------------------------------------------------------------------------------


def _criteria(partnership):
    return {c.label: c for c in selectors.step3_criteria(partnership)}


def test_step3_criteria_follow_the_cards_and_the_agreed_list(reference, partnership, convener,
                                                            card_sort, employers):  # fmt: skip
    criteria = _criteria(partnership)
    assert not any(c.met for c in criteria.values())
    assert "at least 3" in criteria["3 to 10 agreed critical occupations"].detail
    CardFactory(employer=employers["Rocky Mountain Fabrication"])
    for code in ["51-4121", "51-2090", "51-9161"]:
        services.critical_occupation_agree(
            partnership=partnership, actor=convener, soc_code=code, tier=Tier.ENTRY
        )
    criteria = _criteria(partnership)
    assert all(c.met for c in criteria.values()), criteria
    assert criteria["A card-sort convening with cards from employers"].detail == (
        "1 cards from 1 employers."
    )


def test_step3_criteria_say_when_the_list_is_too_long_or_not_crosswalked(partnership):
    for _ in range(11):
        CriticalOccupationFactory(partnership=partnership)
    criteria = _criteria(partnership)
    assert not criteria["3 to 10 agreed critical occupations"].met
    assert "more than 10" in criteria["3 to 10 agreed critical occupations"].detail
    CriticalOccupation.objects.filter(partnership=partnership).delete()
    for _ in range(3):
        CriticalOccupationFactory(partnership=partnership, onet_code="")
    crosswalk = criteria_label = (
        "Each agreed occupation in a tier and crosswalked to SOC 2018 and O*NET-SOC"
    )
    assert not _criteria(partnership)[crosswalk].met
    assert "Missing a tier or code" in _criteria(partnership)[criteria_label].detail


# --- quick wins and the watch list --------------------------------------------------------------


def test_quick_wins_and_watch_list(reference, partnership, convener, convening):
    win = services.quick_win_add(
        partnership=partnership, actor=convener, text="Shared job description for operators",
        kind="non_training", convening=convening,
    )  # fmt: skip
    assert selectors.agreed_list(partnership).quick_wins == [win]
    with pytest.raises(ValidationError):
        services.quick_win_add(partnership=partnership, actor=convener, text="", kind="short_term")
    watched = services.watched_occupation_add(
        partnership=partnership, actor=convener, soc_code="51-4041"
    )
    again = services.watched_occupation_add(
        partnership=partnership, actor=convener, soc_code="51-4041"
    )
    assert watched.pk == again.pk and watched.title == "Machinists"


# --- the labor-market picture ---------------------------------------------------------------------


@pytest.fixture
def region(partnership):
    from tests.factories import AreaFactory, IndustryFactory

    IndustryFactory(partnership=partnership, naics_code="332")
    AreaFactory(partnership=partnership, oews_area_codes=["19740"])
    AreaFactory(partnership=partnership, name="Boulder", oews_area_codes=["14500"])


def test_sector_picture_from_the_watch_list_one_level_at_a_time(
    reference, partnership, convener, region
):
    for code in ["51-4041", "51-9162", "49-9041", "51-2090"]:
        services.watched_occupation_add(partnership=partnership, actor=convener, soc_code=code)
    picture = selectors.sector_picture(partnership, "detailed")
    assert picture.source == "watch"  # the excerpts hold no industry-specific OEWS rows
    rows = {r.soc_code: r for r in picture.rows}
    assert set(rows) == {"51-4041", "51-9162", "49-9041", "51-2090"}
    machinists = rows["51-4041"]
    from occupations.models import OewsEstimate

    published = OewsEstimate.objects.filter(
        occ_code="51-4041", area_code__in=["19740", "14500"], naics="000000"
    ).values_list("tot_emp", flat=True)
    assert machinists.employment == sum(published) == 1050 + 240  # Denver + Boulder, May 2025
    assert machinists.nation_median is not None and machinists.region_median is not None
    mechanics = rows["49-9041"]
    assert mechanics.change_percent == 16.1 and mechanics.growth == pytest.approx(16.1)
    assert rows["51-2090"].employment > 0  # the aggregate OEWS publishes for the broad code
    majors = selectors.sector_picture(partnership, "major").rows
    assert {r.soc_code for r in majors} == {"51-0000", "49-0000"}
    production = next(r for r in majors if r.soc_code == "51-0000")
    assert production.employment == sum(
        r.employment for r in picture.rows if r.soc_code.startswith("51-")
    )
    assert production.title == "Production Occupations"
    minors = selectors.sector_picture(partnership, "minor").rows
    assert all(r.soc_code.endswith("000") and not r.soc_code.endswith("0000") for r in minors)


def test_small_employment_bases_are_marked(reference, partnership, convener, region):
    services.watched_occupation_add(partnership=partnership, actor=convener, soc_code="51-9162")
    services.watched_occupation_add(partnership=partnership, actor=convener, soc_code="49-9041")
    rows = {r.soc_code: r for r in selectors.sector_picture(partnership, "detailed").rows}
    assert rows["51-9162"].small_base  # a few hundred jobs: big percentages, few people
    assert not rows["49-9041"].small_base


def test_industry_specific_rows_are_used_when_present(reference, partnership, region):
    from occupations.models import DataRelease, OewsEstimate

    release = DataRelease.objects.filter(source="oews").first()
    for line, (area, code, emp) in enumerate(
        [("19740", "51-4041", 400), ("14500", "51-4041", 50), ("19740", "51-4121", 300)]
    ):
        OewsEstimate.objects.create(
            release=release, line=90000 + line, area_code=area, naics="332000",
            i_group="3-digit", occ_code=code, occ_title="x", o_group="detailed", tot_emp=emp,
            a_median=55000,
        )  # fmt: skip
    picture = selectors.sector_picture(partnership, "detailed")
    assert picture.source == "industry"
    assert {r.soc_code: r.employment for r in picture.rows} == {"51-4041": 450, "51-4121": 300}


def test_a_membership_without_an_organization_still_gets_a_company(card_sort, champion):
    Membership.objects.filter(user=champion).update(organization=None)
    card_sort.employers.filter(user=champion).delete()
    membership = Membership.objects.get(user=champion)
    employer = services.room_employer_for_member(card_sort=card_sort, membership=membership)
    assert employer.company


def test_cards_are_removed_with_their_employer(card_sort):
    employer = GuestEmployerFactory(card_sort=card_sort)
    CardFactory(employer=employer)
    employer.delete()
    assert not Card.objects.filter(card_sort=card_sort).exists()
