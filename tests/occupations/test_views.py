"""The occupation explorer (public) and the staff data page."""

from __future__ import annotations

import time

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse

from occupations import selectors
from occupations.models import DataRelease, ImportJob, Source
from occupations.services import import_job_create, import_progress_set
from tests.factories import UserFactory

pytestmark = pytest.mark.django_db


# --- permissions ---------------------------------------------------------------------------


@pytest.mark.parametrize(
    "name,args",
    [("occupations:data", []), ("occupations:job", [1]), ("occupations:job_retry", [1])],
)
def test_data_pages_are_for_staff_only(client, name, args):
    url = reverse(name, args=args)
    method = client.post if name.endswith("retry") else client.get
    response = method(url)
    assert response.status_code == 302 and "/accounts/login/" in response["Location"]
    client.force_login(UserFactory(username="counselor"))
    assert method(url).status_code == 403


def test_explorer_is_public(client, loaded_demo):
    assert client.get(reverse("occupations:search")).status_code == 200
    assert client.get(reverse("occupations:profile", args=["51-4041.00"])).status_code == 200


def test_navbar_links(client, staff):
    page = client.get(reverse("occupations:search")).content.decode()
    assert reverse("occupations:search") in page and reverse("occupations:data") not in page
    client.force_login(staff)
    page = client.get(reverse("occupations:search")).content.decode()
    assert reverse("occupations:data") in page


# --- explorer -------------------------------------------------------------------------------


def htmx_search(client, query):
    return client.get(reverse("occupations:search"), {"q": query}, HTTP_HX_REQUEST="true")


def test_search_by_title_code_and_alternate_title(client, loaded_demo):
    response = htmx_search(client, "machin")
    html = response.content.decode()
    assert "<html" not in html  # a fragment for htmx
    assert "Machinists" in html and "51-4041.00" in html
    assert "search;dur=" in response["Server-Timing"]
    assert "Machinists" in htmx_search(client, "51-4041").content.decode()
    assert "Machinists" in htmx_search(client, "51-4041.00").content.decode()
    # "CNC Machinist" is an O*NET alternate title.
    hits = selectors.search_occupations("cnc machinist")
    assert any(h.code == "51-4041.00" and h.matched_title for h in hits)
    assert "No occupation matches" in htmx_search(client, "astronaut").content.decode()


def test_full_search_page_without_htmx(client, loaded_demo):
    html = client.get(reverse("occupations:search"), {"q": "weld"}).content.decode()
    assert "<html" in html and "Welders, Cutters, Solderers, and Brazers" in html
    assert "CC BY 4.0" in html and "USDOL/ETA" in html


def test_search_query_count_does_not_grow_with_results(
    client, loaded_demo, django_assert_max_num_queries
):
    htmx_search(client, "warm")  # the first search builds the release's title index once
    # Then a search costs the same few release lookups, however many titles match.
    with django_assert_max_num_queries(3):
        htmx_search(client, "a")
    with django_assert_max_num_queries(3):
        htmx_search(client, "operator")


def test_profile_shows_every_section(client, loaded_demo):
    html = client.get(reverse("occupations:profile", args=["51-4041.00"])).content.decode()
    for text in [
        "Machinists",  # title
        "Set up and operate a variety of machine tools",  # description
        "Tasks",
        "Top skills",
        "Top knowledge",
        "Hot technologies",
        "Tools",
        "Job Zone",
        "Related occupations",
        "Projections, 2024–2034",
        "299.5 thousand",
        "Long-term on-the-job training",
        "Colorado",  # the default area
        "U.S.",  # beside the nation
        "OEWS May 2025",
        "OEWS May 2023",
        "wage-chart-data",
        "CC BY 4.0",
        "public domain",
    ]:
        assert text in html, text


def test_profile_area_choice_and_markers(client, loaded_demo):
    # Pueblo publishes no employment for 51-2090 ("**"): "not available", wages still shown.
    response = client.get(
        reverse("occupations:wages", args=["51-2092.00"]), {"area": "39380"}, HTTP_HX_REQUEST="true"
    )
    html = response.content.decode()
    assert "Pueblo, CO" in html and ">not available<" in html and "$45,560" in html
    assert "51-2090 Miscellaneous Assemblers and Fabricators" in html  # the OEWS aggregate


def test_wages_for_prefers_detailed_rows_and_latest_release(loaded_demo):
    rows = selectors.wages_for("51-2092", ["08"])
    assert [r.area_code for r in rows] == ["08", "99"]
    nation = rows[1]
    assert nation.period == "May 2023" and nation.estimate.o_group == "detailed"
    assert nation.occ_code == "51-2090"


def test_profile_of_unknown_code_is_404(client, loaded_demo):
    assert client.get(reverse("occupations:profile", args=["99-0000.00"])).status_code == 404


def test_soc_code_redirects_to_the_profile(client, loaded_demo):
    response = client.get(reverse("occupations:soc", args=["51-4041"]))
    assert response.status_code == 302
    assert response["Location"] == reverse("occupations:profile", args=["51-4041.00"])


def test_search_is_fast(loaded_demo):
    started = time.perf_counter()
    for query in ["mach", "weld", "51-41", "inspector", "cnc"]:
        selectors.search_occupations(query)
    assert (time.perf_counter() - started) / 5 < 0.1


# --- data page --------------------------------------------------------------------------------


def test_staff_upload_starts_an_import_and_lists_the_release(
    client, staff, demo_data, django_capture_on_commit_callbacks
):
    client.force_login(staff)
    upload = SimpleUploadedFile(
        "soc_structure_2018.xlsx", (demo_data / "soc_structure_2018_excerpt.xlsx").read_bytes()
    )
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(reverse("occupations:data"), {"source": "soc", "upload": upload})
    assert response.status_code == 302
    job = ImportJob.objects.get()
    assert job.status == ImportJob.Status.SUCCEEDED, job.error
    assert job.requested_by == staff and job.release.imported_by == staff
    html = client.get(reverse("occupations:data")).content.decode()
    assert "soc_structure_2018.xlsx" in html and "SOC codes" in html and "current" in html


def test_staff_url_import(client, staff, demo_data, http_files, django_capture_on_commit_callbacks):
    url = http_files(demo_data)("oews_national_M2023_excerpt.xlsx")
    client.force_login(staff)
    with django_capture_on_commit_callbacks(execute=True):
        client.post(reverse("occupations:data"), {"source": "oews", "url": url})
    release = DataRelease.objects.get()
    assert (release.source, release.version, release.source_url) == ("oews", "May 2023", url)


def test_blank_url_means_the_official_file(client, staff):
    client.force_login(staff)
    client.post(reverse("occupations:data"), {"source": "projections"})
    job = ImportJob.objects.get()
    assert job.url == "https://www.bls.gov/emp/ind-occ-matrix/occupation.xlsx"


def test_file_and_url_together_is_an_error(client, staff):
    client.force_login(staff)
    upload = SimpleUploadedFile("a.csv", b"x")
    response = client.post(
        reverse("occupations:data"),
        {"source": "oews", "upload": upload, "url": "https://example.org/a.xlsx"},
    )
    assert response.status_code == 400 and "not both" in response.content.decode()
    assert not ImportJob.objects.exists()


def test_failed_import_shows_its_message_on_the_page(
    client, staff, django_capture_on_commit_callbacks
):
    client.force_login(staff)
    upload = SimpleUploadedFile("occupation.xlsx", b"not a workbook at all")
    with django_capture_on_commit_callbacks(execute=True):
        client.post(reverse("occupations:data"), {"source": "projections", "upload": upload})
    html = client.get(reverse("occupations:data")).content.decode()
    assert "Failed" in html and "occupation.xlsx" in html and "Run again" in html


def test_progress_fragment_polls_while_running_and_stops_when_done(client, staff, tmp_path):
    client.force_login(staff)
    job = import_job_create(source=Source.SOC, path=str(tmp_path / "x.xlsx"), enqueue=False)
    ImportJob.objects.filter(pk=job.pk).update(status=ImportJob.Status.RUNNING)
    import_progress_set(job_id=job.pk, phase="loading SOC codes", done=250, total=1000)
    html = client.get(reverse("occupations:job", args=[job.pk])).content.decode()
    assert 'hx-trigger="every 1s"' in html
    assert 'data-percent="25"' in html and "250 of 1,000" in html
    ImportJob.objects.filter(pk=job.pk).update(status=ImportJob.Status.FAILED, error="bad")
    html = client.get(reverse("occupations:job", args=[job.pk])).content.decode()
    assert "hx-trigger" not in html and "bad" in html


def test_retry_runs_a_failed_job_again(
    client, staff, demo_data, django_capture_on_commit_callbacks
):
    client.force_login(staff)
    job = import_job_create(
        source=Source.SOC, path=str(demo_data / "soc_structure_2018_excerpt.xlsx"), enqueue=False
    )
    ImportJob.objects.filter(pk=job.pk).update(status=ImportJob.Status.FAILED, error="worker lost")
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(reverse("occupations:job_retry", args=[job.pk]))
    assert response.status_code == 302
    job.refresh_from_db()
    assert job.status == ImportJob.Status.SUCCEEDED and job.release is not None


def test_data_page_query_count_is_flat(
    client, staff, loaded_demo, django_assert_max_num_queries, tmp_path
):
    client.force_login(staff)
    with django_assert_max_num_queries(12):
        client.get(reverse("occupations:data"))
    for n in range(40):
        job = import_job_create(source=Source.OEWS, path=str(tmp_path / f"{n}.xlsx"), enqueue=False)
        ImportJob.objects.filter(pk=job.pk).update(status=ImportJob.Status.FAILED, error="bad")
    with django_assert_max_num_queries(12):
        response = client.get(reverse("occupations:data"))
    assert response.content.decode().count("Run again") == 20  # the latest twenty imports
