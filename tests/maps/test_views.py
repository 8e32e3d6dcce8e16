"""The map's pages: the public list and its filters, the embed's framing headers, downloads
served from storage, the convener's settings, publishing and render progress."""

from __future__ import annotations

import pytest
from django.urls import reverse

from pathways.maps import selectors, services
from pathways.maps.models import MapRender, MapVersion
from tests.factories import IndustryFactory, PartnershipFactory
from tests.maps.factories import CriticalOccupationFactory

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def _quick_pdfs(monkeypatch):
    monkeypatch.setattr(
        services, "map_pdf", lambda data, edition, **kw: f"%PDF-1.7 {edition}".encode()
    )


def publish(partnership, actor, capture):
    with capture(execute=True):
        return services.map_publish(partnership=partnership, actor=actor)


def test_embed_can_be_framed_by_other_sites(client, partnership, convener, ladder,
                                            django_capture_on_commit_callbacks):  # fmt: skip
    publish(partnership, convener, django_capture_on_commit_callbacks)
    page = client.get(reverse("maps:map_public", args=[partnership.slug]))
    assert page["X-Frame-Options"] == "DENY"
    assert "frame-ancestors 'none'" in page["Content-Security-Policy"]
    embed = client.get(reverse("maps:map_embed", args=[partnership.slug]))
    assert embed.status_code == 200
    assert "X-Frame-Options" not in embed
    csp = embed["Content-Security-Policy"]
    assert (
        "frame-ancestors *" in csp and "'none'" not in csp.split("frame-ancestors")[1].split(";")[0]
    )
    assert "script-src 'self'" in csp  # the rest of the policy stays
    body = embed.content.decode()
    assert 'aria-label="Main"' not in body  # no site navigation
    assert "Welder" in body


def test_downloads_come_from_storage_and_the_newest_good_pdf_wins(
    client, partnership, convener, ladder, django_capture_on_commit_callbacks, monkeypatch
):
    publish(partnership, convener, django_capture_on_commit_callbacks)
    response = client.get(reverse("maps:map_pdf", args=[partnership.slug]))
    assert response.status_code == 200
    assert response["Content-Type"] == "application/pdf"
    assert b"".join(response.streaming_content) == b"%PDF-1.7 one_page"
    assert "front-range-career-pathway-map-v1.pdf" in response["Content-Disposition"]
    assert "public" in response["Cache-Control"]

    # Version 2 is published but its render hasn't run: downloads still get version 1.
    version2 = services.map_publish(partnership=partnership, actor=convener)
    response = client.get(reverse("maps:map_pdf", args=[partnership.slug]))
    assert "map-v1.pdf" in response["Content-Disposition"]
    pending = client.get(reverse("maps:map_version_pdf", args=[partnership.slug, 2]))
    assert pending.status_code == 503 and pending["Retry-After"]
    # The page already shows version 2.
    page = client.get(reverse("maps:map_public", args=[partnership.slug]))
    assert page.context["version"].number == version2.number
    detail = client.get(reverse("maps:map_version_detail_pdf", args=[partnership.slug, 1]))
    assert b"".join(detail.streaming_content) == b"%PDF-1.7 detail"


def test_old_versions_stay_available(client, partnership, convener, ladder,
                                     django_capture_on_commit_callbacks):  # fmt: skip
    publish(partnership, convener, django_capture_on_commit_callbacks)
    ladder["entry"].title = "Welder-Fitter"
    ladder["entry"].save()
    publish(partnership, convener, django_capture_on_commit_callbacks)
    old = client.get(reverse("maps:map_version", args=[partnership.slug, 1])).content.decode()
    assert "Welder-Fitter" not in old and "This is version 1" in old
    new = client.get(reverse("maps:map_public", args=[partnership.slug])).content.decode()
    assert "Welder-Fitter" in new
    assert client.get(reverse("maps:map_version", args=[partnership.slug, 3])).status_code == 404


def test_counselors_list_filters_by_industry_and_state(client, convener,
                                                       django_capture_on_commit_callbacks):  # fmt: skip
    made = {}
    for slug, state, naics, title in [
        ("metal-co", "CO", "332", "Fabricated Metal Product Manufacturing"),
        ("care-co", "CO", "622", "Hospitals"),
        ("metal-ks", "KS", "333", "Machinery Manufacturing"),
    ]:
        p = PartnershipFactory(slug=slug, name=f"Partnership {slug}", state=state)
        IndustryFactory(partnership=p, naics_code=naics, title=title)
        CriticalOccupationFactory(partnership=p)
        made[slug] = publish(p, convener, django_capture_on_commit_callbacks)
    unpublished = PartnershipFactory(slug="quiet", name="Partnership quiet")
    CriticalOccupationFactory(partnership=unpublished)

    def listed(**params):
        body = client.get(reverse("maps:map_list"), params).content.decode()
        return {
            slug
            for slug in ["metal-co", "care-co", "metal-ks", "quiet"]
            if f"Partnership {slug}" in body
        }

    assert listed() == {"metal-co", "care-co", "metal-ks"}
    assert listed(industry="Manufacturing") == {"metal-co", "metal-ks"}
    assert listed(state="CO") == {"metal-co", "care-co"}
    assert listed(industry="Manufacturing", state="KS") == {"metal-ks"}
    assert listed(q="hospital") == {"care-co"}
    body = client.get(reverse("maps:map_list")).content.decode()
    assert reverse("maps:map_pdf", args=["metal-ks"]) in body
    assert reverse("maps:map_detail_pdf", args=["metal-ks"]) in body
    # htmx asks for the results only.
    fragment = client.get(reverse("maps:map_list"), {"state": "KS"}, headers={"HX-Request": "true"})
    assert (
        "<nav" not in fragment.content.decode()
        and "Partnership metal-ks" in fragment.content.decode()
    )


def test_list_query_count_does_not_grow(client, convener, django_assert_max_num_queries,
                                        django_capture_on_commit_callbacks):  # fmt: skip
    def add(n):
        for _ in range(n):
            p = PartnershipFactory()
            CriticalOccupationFactory(partnership=p)
            publish(p, convener, django_capture_on_commit_callbacks)

    add(3)
    with django_assert_max_num_queries(4):
        client.get(reverse("maps:map_list"))
    add(12)
    with django_assert_max_num_queries(4):
        assert client.get(reverse("maps:map_list")).context["versions"].__len__() == 15


def test_convener_edits_previews_and_publishes(client, partnership, convener, ladder,
                                               django_capture_on_commit_callbacks):  # fmt: skip
    client.force_login(convener)
    edit = reverse("maps:map_edit", args=[partnership.slug])
    form = client.get(edit)
    assert "Welder (51-4121)" in form.content.decode()
    response = client.post(
        edit,
        {
            "title": "Build things in the Front Range",
            "introduction": "Jobs that start with a diploma.",
            "entry_requirements_entry": "Diploma or GED",
            "entry_requirements_mid": "",
            "entry_requirements_advanced": "",
            "show_working_conditions": "on",
            "conditions_51_4121": "Sparks and heat",
        },
    )
    assert response.status_code == 302
    draft = client.get(reverse("maps:map_draft", args=[partnership.slug])).content.decode()
    assert "Build things in the Front Range" in draft and "Sparks and heat" in draft
    assert "Draft preview" in draft and "Publish as version 1" in draft
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(reverse("maps:map_publish", args=[partnership.slug]), follow=True)
    assert "Version 1 is published" in response.content.decode()
    version = MapVersion.objects.get()
    assert version.snapshot["title"] == "Build things in the Front Range"
    assert version.published_by == convener


def test_render_progress_fragment_polls_until_done(client, partnership, convener, ladder):
    client.force_login(convener)
    # Without running the task (no on-commit execution), the render stays queued.
    response = client.post(
        reverse("maps:map_render", args=[partnership.slug]), headers={"HX-Request": "true"}
    )
    body = response.content.decode()
    render = MapRender.objects.get()
    assert 'hx-trigger="every 1s"' in body and "Rendering the draft" in body
    services.map_render_run(render_id=render.pk)
    status = client.get(reverse("maps:map_render_status", args=[partnership.slug, render.pk]))
    body = status.content.decode()
    assert "every 1s" not in body and "PDFs of the draft are ready" in body
    assert reverse("maps:map_draft_pdf", args=[partnership.slug]) in body


def test_a_failed_render_shows_its_error(client, partnership, convener, ladder, monkeypatch):
    client.force_login(convener)
    render = services.map_render_request(partnership=partnership, actor=convener)

    def broken(*args, **kwargs):
        raise ValueError("font missing")

    monkeypatch.setattr(services, "map_pdf", broken)
    services.map_render_run(render_id=render.pk)
    page = client.get(reverse("maps:map_draft", args=[partnership.slug])).content.decode()
    assert "failed" in page and "font missing" in page and "last good PDF stays in place" in page
    assert selectors.map_for(partnership).draft_pdf.name == ""


def test_public_map_query_count_does_not_grow_with_versions(
    client, partnership, convener, ladder, django_assert_max_num_queries,
    django_capture_on_commit_callbacks,
):  # fmt: skip
    for _ in range(2):
        publish(partnership, convener, django_capture_on_commit_callbacks)
    url = reverse("maps:map_public", args=[partnership.slug])
    with django_assert_max_num_queries(6):
        client.get(url)
    for _ in range(6):
        publish(partnership, convener, django_capture_on_commit_callbacks)
    with django_assert_max_num_queries(6):
        assert "Version 8, published" in client.get(url).content.decode()
