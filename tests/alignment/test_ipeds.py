"""IPEDS in step 6: which institution each provider is (suggested, then confirmed by a
person), and completers pulled from the completions files as a preview that never replaces a
recorded count unless asked."""

from __future__ import annotations

import pytest
from django.urls import reverse

from inventory.alignment import ipeds, services
from inventory.alignment.models import ProgramCompleters, ProviderInstitution
from inventory.models import Credential, ProgramChange, ProgramType
from occupations.models import DataRelease, IpedsCompletion, IpedsInstitution, Source
from partnerships.models import RegionArea
from tests.alignment.conftest import release as _release
from tests.inventory.factories import CredentialFactory, ProgramFactory, ProviderFactory

pytestmark = pytest.mark.django_db

# unitid, name, alias, city, state, county fips, county
INSTITUTIONS = [
    (990001, "Red Rocks Community College", "RRCC", "Lakewood", "CO", "08059", "Jefferson County"),
    (990002, "Mesa Ridge Technical College", "", "Thornton", "CO", "08001", "Adams County"),
    (990003, "Red Rocks Beauty Academy", "", "Grand Junction", "CO", "08077", "Mesa County"),
    (990004, "Red Rocks Community College", "", "Laramie", "WY", "56001", "Albany County"),
    (990005, "Red Rock Community College", "", "Pueblo", "CO", "08101", "Pueblo County"),
]  # fmt: skip


def release(source: str, version: str):
    """A release of its own each time (the shared helper keys the checksum on the version)."""
    made = _release(source, version)
    DataRelease.objects.filter(pk=made.pk).update(checksum=f"{source}-{made.pk}")
    return made


def directory(rows=INSTITUTIONS):
    hd = release(Source.IPEDS_INSTITUTIONS, "2023")
    for line, (unitid, name, alias, city, state, fips, county) in enumerate(rows, start=1):
        IpedsInstitution.objects.create(
            release=hd, line=line, unitid=unitid, name=name, alias=alias, city=city,
            state=state, county_fips=fips, county_name=county,
        )  # fmt: skip
    return hd


def completions(year: int, rows: list[tuple[int, str, int, int]], version: str = ""):
    made = release(Source.IPEDS_COMPLETIONS, version or f"{year - 1}-{str(year)[-2:]}")
    for line, (unitid, cip, level, count) in enumerate(rows, start=1):
        IpedsCompletion.objects.create(
            release=made, line=line, year=year, unitid=unitid, cip_code=cip, award_level=level,
            completers=count,
        )  # fmt: skip
    return made


@pytest.fixture
def national(setting):
    directory()
    completions(2022, [(990001, "48.0501", 21, 7), (990001, "48.0508", 2, 30)])
    completions(2023, [
        (990001, "48.0501", 21, 10), (990001, "48.0501", 2, 5),  # certificate levels: 15
        (990001, "48.0501", 3, 8),                                # associate
        (990001, "48.0501", 5, 99),                               # a level no program awards
        (990002, "48.0501", 2, 40),
    ])  # fmt: skip
    return setting


def confirm(world, convener):
    services.provider_institution_confirm(provider=world["college"], actor=convener, unitid=990001)
    services.provider_institution_confirm(provider=world["tech"], actor=convener, unitid=990002)


def test_the_region_counties_of_each_kind_of_area(partnership):
    RegionArea.objects.create(partnership=partnership, kind="metro", name="Denver",
                              oews_area_codes=["19740"], counties=[])  # fmt: skip
    RegionArea.objects.create(partnership=partnership, kind="counties", name="North",
                              oews_area_codes=["22660"], counties=["Larimer"])  # fmt: skip
    fips = ipeds.region_county_fips(partnership)
    assert {"08059", "08001", "08031", "08069"} <= fips and "08077" not in fips
    RegionArea.objects.create(partnership=partnership, kind="statewide", name="Colorado",
                              oews_area_codes=["08"])  # fmt: skip
    assert "08077" in ipeds.region_county_fips(partnership)


def test_suggestions_are_alike_names_in_the_state_the_region_first(national):
    data = ipeds.matching(national["college"].partnership)
    rows = {r.provider.name: r for r in data.rows}
    college = [(c.institution.unitid, c.in_region) for c in rows["Red Rocks CC"].suggestions]
    # The Wyoming namesake is never offered; the one in the region's counties comes first,
    # though the Pueblo college's name is nearly the same.
    assert college[0] == (990001, True)
    assert 990004 not in [u for u, _ in college]
    assert (990005, False) in college
    tech = rows["Mesa Ridge TC"].suggestions
    assert tech[0].institution.unitid == 990002 and tech[0].percent == 100
    assert ipeds.likeness("Red Rocks CC", "Red Rocks Community College") == 1.0
    assert ipeds.likeness("Summit Precision Machining", "Red Rocks Community College") < 0.5
    assert ipeds.likeness("Mesa Ridge Technical College", "Aurora Technical School") < 0.5


def test_a_convener_confirms_and_removes_a_match(client, national, convener):
    client.force_login(convener)
    url = reverse("alignment:ipeds_match", args=[national["college"].partnership.slug,
                                                 national["college"].pk])  # fmt: skip
    response = client.post(url, {"unitid": "990001"})
    assert response.status_code == 302
    match = ProviderInstitution.objects.get(provider=national["college"])
    assert (match.unitid, match.name, match.city, match.confirmed_by) == (
        990001, "Red Rocks Community College", "Lakewood", convener)  # fmt: skip
    page = client.get(reverse("alignment:ipeds", args=[national["college"].partnership.slug]))
    assert "IPEDS 990001 · Red Rocks Community College, Lakewood CO" in page.content.decode()
    client.post(url, {"remove": "990001"})
    assert not ProviderInstitution.objects.exists()


ARVADA = (990006, "Red Rocks Community College Arvada Campus", "", "Arvada", "CO", "08059",
          "Jefferson County")  # fmt: skip


def second_campus():
    """The college's Arvada campus reports to IPEDS under a UNITID of its own (2022-23 only)."""
    directory([*INSTITUTIONS, ARVADA])
    c2023 = DataRelease.objects.filter(source=Source.IPEDS_COMPLETIONS, version="2022-23").get()
    for line, (cip, level, count) in enumerate([("48.0501", 21, 6), ("48.0501", 3, 2)], 100):
        IpedsCompletion.objects.create(release=c2023, line=line, year=2023, unitid=990006,
                                       cip_code=cip, award_level=level, completers=count)  # fmt: skip


def test_a_convener_adds_a_second_campus_and_removes_one(client, national, convener):
    second_campus()
    college = national["college"]
    client.force_login(convener)
    slug = college.partnership.slug
    url = reverse("alignment:ipeds_match", args=[slug, college.pk])
    client.post(url, {"unitid": "990001"})
    page = client.get(reverse("alignment:ipeds", args=[slug])).content.decode()
    # Matched, the college is still offered its other campus, under "Add another campus".
    assert "Add another campus" in page
    assert (
        'aria-label="Confirm: Red Rocks CC also counts Red Rocks Community College Arvada' in page
    )
    response = client.post(url, {"unitid": "990006"}, follow=True)
    assert "Red Rocks CC counts IPEDS institution 990006" in response.content.decode()
    client.post(url, {"unitid": "990006"})  # confirming it again adds nothing
    campuses = ProviderInstitution.objects.filter(provider=college).order_by("unitid")
    assert [(c.unitid, c.confirmed_by) for c in campuses] == [(990001, convener),
                                                              (990006, convener)]  # fmt: skip
    page = client.get(reverse("alignment:ipeds", args=[slug])).content.decode()
    assert "matched: 2 campuses" in page
    assert "IPEDS 990006 · Red Rocks Community College Arvada Campus, Arvada CO" in page
    providers = college.partnership.providers.count()
    assert f"1 of {providers} providers matched" in page  # a provider, however many campuses
    # Removing one campus keeps the other.
    response = client.post(url, {"remove": "990001"}, follow=True)
    assert "IPEDS institution 990001 is no longer counted for Red Rocks CC." in (
        response.content.decode()
    )
    assert list(ProviderInstitution.objects.values_list("unitid", flat=True)) == [990006]
    response = client.post(url, {"remove": "990001"}, follow=True)
    assert "Red Rocks CC is not matched to IPEDS 990001." in response.content.decode()


def test_the_pull_sums_a_programs_campuses_and_names_them(client, national, convener):
    second_campus()
    confirm(national, convener)
    services.provider_institution_confirm(provider=national["college"], actor=convener,
                                          unitid=990006)  # fmt: skip
    pull = ipeds.pull_plan(national["college"].partnership)
    rows = {(r.program.name, r.year): r for r in pull.plan.rows}
    # 2022-23: the Lakewood campus's 15 certificates (levels 2 and 21) and Arvada's 6.
    cert = rows[("Machining Certificate", 2023)]
    assert cert.completers == 21
    assert cert.campuses == [(990001, "Red Rocks Community College", 15),
                             (990006, "Red Rocks Community College Arvada Campus", 6)]  # fmt: skip
    assert rows[("Machining AAS", 2023)].completers == 10
    # 2021-22: Arvada has no file row, so Lakewood's count alone, and the row says so.
    earlier = rows[("Machining Certificate", 2022)]
    assert (earlier.completers, earlier.institution) == (7, "Red Rocks Community College")
    assert earlier.campuses_matched == 2
    assert rows[("CNC Certificate", 2023)].completers == 40  # another provider: untouched
    client.force_login(convener)
    page = client.get(reverse("alignment:ipeds_pull", args=[national["college"].partnership.slug]))
    text = page.content.decode()
    assert "Sum of 2 campuses:" in text
    assert "Red Rocks Community College Arvada Campus (IPEDS 990006): 6" in text
    assert "Red Rocks Community College (IPEDS 990001): 15" in text
    assert "1 of 2 matched campuses reports this program" in text
    services.ipeds_completers_pull(pull=pull, actor=convener, expected=pull.fingerprint,
                                   include_updates=False)  # fmt: skip
    assert ProgramCompleters.objects.get(program=national["machining"], year=2023).completers == 21


def test_an_unknown_institution_is_refused_in_words(client, national, convener):
    client.force_login(convener)
    slug = national["college"].partnership.slug
    url = reverse("alignment:ipeds_match", args=[slug, national["college"].pk])
    response = client.post(url, {"unitid": "123"}, follow=True)
    assert (
        "No institution 123 in the imported IPEDS directory (HD) file." in response.content.decode()
    )
    response = client.post(url, {"unitid": ""}, follow=True)
    assert "Choose the institution Red Rocks CC is." in response.content.decode()
    assert not ProviderInstitution.objects.exists()


def test_the_pull_adds_new_years_and_shows_recorded_counts_it_would_change(national, convener):
    machining, aas, cnc, welding = (national[k] for k in ("machining", "aas", "cnc", "welding"))
    services.program_completers_set(program=machining, actor=convener,
                                    years=[(2023, 12, "College records")])  # fmt: skip
    confirm(national, convener)
    pull = ipeds.pull_plan(machining.partnership)
    rows = {(r.program.name, r.year): r for r in pull.plan.rows}
    assert {k: (r.action, r.before, r.completers) for k, r in rows.items()} == {
        ("Machining Certificate", 2022): ("create", None, 7),
        ("Machining Certificate", 2023): ("update", 12, 15),
        ("Machining AAS", 2023): ("create", None, 8),
        ("CNC Certificate", 2023): ("create", None, 40),
    }
    assert rows[("Machining Certificate", 2023)].before_source == "College records"
    assert rows[("Machining AAS", 2023)].source == "IPEDS C2023_A"
    skipped = {s.program.name: s.reason for s in pull.skipped}
    assert "no credential recorded" in skipped["Welding Certificate"]
    # Only what was previewed is written; the recorded count stays.
    counts = services.ipeds_completers_pull(pull=pull, actor=convener,
                                            expected=pull.fingerprint, include_updates=False)  # fmt: skip
    assert counts == {"create": 3, "update": 0, "kept": 1}
    recorded = {
        (r.program_id, r.year): (r.completers, r.source) for r in ProgramCompleters.objects.all()
    }
    assert recorded[(machining.pk, 2023)] == (12, "College records")
    assert recorded[(machining.pk, 2022)] == (7, "IPEDS C2022_A")
    assert recorded[(cnc.pk, 2023)] == (40, "IPEDS C2023_A")
    assert recorded[(aas.pk, 2023)] == (8, "IPEDS C2023_A")
    # Asked to, it replaces the recorded count, and the program's history says so.
    pull = ipeds.pull_plan(machining.partnership)
    assert pull.plan.counts["create"] == 0 and pull.plan.counts["update"] == 1
    services.ipeds_completers_pull(pull=pull, actor=convener, expected=pull.fingerprint,
                                   include_updates=True)  # fmt: skip
    assert ProgramCompleters.objects.get(program=machining, year=2023).completers == 15
    change = ProgramChange.objects.filter(program=machining, via="IPEDS").first()
    assert ["Completers 2023", "12", "15"] in change.changes


def test_a_confirm_on_a_stale_preview_writes_nothing(national, convener):
    confirm(national, convener)
    pull = ipeds.pull_plan(national["machining"].partnership)
    seen = pull.fingerprint
    services.program_completers_set(program=national["aas"], actor=convener,
                                    years=[(2023, 9, "College records")])  # fmt: skip
    fresh = ipeds.pull_plan(national["machining"].partnership)
    with pytest.raises(services.ValidationError, match="changed since the preview"):
        services.ipeds_completers_pull(pull=fresh, actor=convener, expected=seen,
                                       include_updates=True)  # fmt: skip
    assert ProgramCompleters.objects.count() == 1  # the hand-entered AAS year only


def test_programs_ipeds_cannot_tell_apart_or_count_are_left_out(national, convener):
    college = national["college"]
    twin = ProgramFactory(partnership=college.partnership, provider=college,
                          name="Machining Evening Certificate", cip_code="48.0501")  # fmt: skip
    twin.credentials.add(national["cert"])
    short = ProgramFactory(partnership=college.partnership, provider=college, name="CNC Boot Camp",
                           cip_code="48.0501", program_type=ProgramType.NON_CREDIT)  # fmt: skip
    short.credentials.add(national["cert"])
    confirm(national, convener)
    pull = ipeds.pull_plan(college.partnership)
    skipped = {s.program.name: s.reason for s in pull.skipped}
    assert (
        "counts it together with Machining Evening Certificate" in skipped["Machining Certificate"]
    )
    assert "credit programs" in skipped["CNC Boot Camp"]
    assert "Machining Certificate" not in {r.program.name for r in pull.plan.rows}


def test_no_completers_at_the_level_is_said_not_written_as_zero(national, convener):
    grad = ProgramFactory(partnership=national["college"].partnership,
                          provider=national["college"], name="Machining MS", cip_code="48.0501")  # fmt: skip
    grad.credentials.add(CredentialFactory(partnership=grad.partnership, name="MS",
                                           kind=Credential.Kind.GRADUATE))  # fmt: skip
    confirm(national, convener)
    pull = ipeds.pull_plan(grad.partnership)
    skipped = {s.program.name: s.reason for s in pull.skipped}
    assert "reports no first-major completers for CIP 48.0501" in skipped["Machining MS"]


def test_the_latest_file_of_a_year_is_read(national, convener):
    completions(2023, [(990002, "48.0501", 2, 44)], version="2022-23")  # a revised file
    confirm(national, convener)
    rows = {
        (r.program.name, r.year): r.completers
        for r in ipeds.pull_plan(national["cnc"].partnership).plan.rows
    }
    assert rows[("CNC Certificate", 2023)] == 44


def test_a_partner_pulls_and_matches_only_their_own_programs(
    client, national, convener, support_partner
):
    confirm(national, convener)
    client.force_login(support_partner)
    slug = national["college"].partnership.slug
    page = client.get(reverse("alignment:ipeds_pull", args=[slug])).content.decode()
    assert "Machining AAS" in page and "CNC Certificate" not in page
    assert client.post(reverse("alignment:ipeds_match", args=[slug, national["tech"].pk]),
                       {"remove": "990002"}).status_code == 403  # fmt: skip
    assert client.post(reverse("alignment:ipeds_match", args=[slug, national["tech"].pk]),
                       {"unitid": "990001"}).status_code == 403  # fmt: skip
    assert ProviderInstitution.objects.count() == 2


def test_the_pull_page_confirms_what_it_showed(client, national, convener):
    confirm(national, convener)
    client.force_login(convener)
    url = reverse("alignment:ipeds_pull", args=[national["college"].partnership.slug])
    page = client.get(url)
    fingerprint = page.context["pull"].fingerprint
    assert "4 to add" in page.content.decode()
    response = client.post(url, {"fingerprint": "stale", "include_updates": "1"}, follow=True)
    assert "changed since the preview" in response.content.decode()
    assert not ProgramCompleters.objects.exists()
    response = client.post(url, {"fingerprint": fingerprint, "include_updates": "0"}, follow=True)
    assert "From IPEDS: 4 years added, 0 changed." in response.content.decode()
    assert ProgramCompleters.objects.count() == 4


def test_without_files_or_matches_the_pull_says_what_to_do_first(client, setting, convener):
    client.force_login(convener)
    page = client.get(reverse("alignment:ipeds_pull", args=[setting["college"].partnership.slug]))
    text = page.content.decode()
    assert "No IPEDS completions file is imported yet" in text
    assert "No provider is matched to an IPEDS institution yet" in text


def _providers(partnership, n: int):
    for i in range(n):
        ProviderFactory(partnership=partnership, organization__name=f"Provider {i:03d}")


@pytest.mark.parametrize("extra", [2, 60])
def test_the_matching_page_queries_do_not_grow(
    client, national, convener, django_assert_num_queries, extra
):
    second_campus()
    confirm(national, convener)
    partnership = national["college"].partnership
    services.provider_institution_confirm(provider=national["college"], actor=convener,
                                          unitid=990006)  # fmt: skip
    _providers(partnership, extra)
    directory([(991000 + i, f"Provider {i:03d} College", "", "Denver", "CO", "08031", "Denver County")
               for i in range(extra)])  # fmt: skip
    client.force_login(convener)
    url = reverse("alignment:ipeds", args=[partnership.slug])
    client.get(url)
    with django_assert_num_queries(10):  # the campuses: one prefetch for every provider
        response = client.get(url)
    assert response.status_code == 200


@pytest.mark.parametrize("extra", [1, 40])
def test_the_pull_preview_queries_do_not_grow(
    client, national, convener, django_assert_num_queries, extra
):
    second_campus()
    confirm(national, convener)
    college = national["college"]
    services.provider_institution_confirm(provider=college, actor=convener, unitid=990006)
    for i in range(extra):
        program = ProgramFactory(partnership=college.partnership, provider=college,
                                 name=f"Program {i:03d}", cip_code=f"48.{i:04d}")  # fmt: skip
        program.credentials.add(national["cert"])
    client.force_login(convener)
    url = reverse("alignment:ipeds_pull", args=[college.partnership.slug])
    client.get(url)
    with django_assert_num_queries(12):
        response = client.get(url)
    assert response.status_code == 200
