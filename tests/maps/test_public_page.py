"""The public map page in the reader's language, the text-only version, the share panel for
conveners, and the cache: a published version never changes, so its page is rendered once
per language and answers conditional requests."""

from __future__ import annotations

import pytest
from django.urls import reverse

from pathways.maps import services


@pytest.fixture(autouse=True)
def _quick_pdfs(monkeypatch):
    monkeypatch.setattr(services, "map_pdf", lambda data, edition, **kw: b"%PDF-1.7 test")


@pytest.fixture
def published(partnership, convener, ladder, django_capture_on_commit_callbacks):
    services.map_settings_update(
        partnership=partnership,
        actor=convener,
        title="Careers in making things",
        title_es="Carreras en manufactura",
        introduction="Start with a short course.",
        entry_requirements_entry="A diploma.",
        entry_requirements_entry_es="Un diploma.",
    )
    services.map_occupation_update(
        partnership=partnership, actor=convener, soc_code="51-4121", tools=[],
        pinned_program=None, title_es="Soldador", description_es="Une piezas de metal.",
    )  # fmt: skip
    with django_capture_on_commit_callbacks(execute=True):
        version = services.map_publish(partnership=partnership, actor=convener)
    return version


def _page(client, slug, **headers):
    return client.get(reverse("maps:map_public", args=[slug]), **headers)


def test_english_by_default(client, partnership, published):
    content = _page(client, partnership.slug).content.decode()
    assert '<html lang="en">' in content
    assert '<h1 id="pm-title" class="pm-title" lang="en">Careers in making things</h1>' in content
    assert "Entry level" in content


def test_the_browsers_language_chooses_spanish(client, partnership, published):
    response = _page(client, partnership.slug, HTTP_ACCEPT_LANGUAGE="es-US,es;q=0.9,en;q=0.5")
    content = response.content.decode()
    assert '<html lang="es">' in content
    assert 'lang="es">Carreras en manufactura</h1>' in content
    assert "Nivel inicial" in content and "Cómo avanzar" in content
    assert "Accept-Language" in response["Vary"]


def test_the_readers_choice_wins_over_the_browser(client, partnership, published):
    url = reverse("maps:map_public", args=[partnership.slug])
    content = client.get(url + "?lang=en", HTTP_ACCEPT_LANGUAGE="es").content.decode()
    assert '<html lang="en">' in content
    content = client.get(url + "?lang=es").content.decode()
    assert '<html lang="es">' in content
    # The switch links to the other language.
    assert f'href="{url}?lang=en" hreflang="en"' in content


def test_untranslated_texts_fall_back_to_english_marked_as_english(client, partnership, published):
    content = client.get(
        reverse("maps:map_public", args=[partnership.slug]) + "?lang=es"
    ).content.decode()
    # The convener wrote no Spanish introduction: the English one, marked for screen readers.
    assert '<p class="pm-intro" lang="en">Start with a short course.</p>' in content
    assert '<span lang="es">Soldador</span>' in content
    assert '<span lang="en">Machinist</span>' in content  # no Spanish title for this one
    assert '<span lang="es">Un diploma.</span>' in content


def test_publishing_freezes_both_editions(client, partnership, published, convener):
    services.map_settings_update(partnership=partnership, actor=convener, title_es="Otro título")
    content = client.get(
        reverse("maps:map_public", args=[partnership.slug]) + "?lang=es"
    ).content.decode()
    assert "Carreras en manufactura" in content and "Otro título" not in content


def test_the_page_links_the_text_only_version_which_reads_from_the_entry_level_up(
    client, partnership, published
):
    page = _page(client, partnership.slug).content.decode()
    text_url = reverse("maps:map_text", args=[partnership.slug])
    assert f'href="{text_url}"' in page
    text = client.get(text_url).content.decode()
    assert text.index("Welder") < text.index("Machinist") < text.index("CNC Programmer")
    assert "<svg" not in text
    spanish = client.get(text_url + "?lang=es").content.decode()
    assert "Versión solo texto" in spanish and "Soldador" in spanish


def test_embed_in_spanish(client, partnership, published):
    content = client.get(
        reverse("maps:map_embed", args=[partnership.slug]) + "?lang=es"
    ).content.decode()
    assert '<html lang="es">' in content and "Nivel inicial" in content
    assert "map.pdf?lang=es" in content


def test_the_public_page_has_no_embed_code_the_convener_has_a_share_panel(
    client, partnership, published, convener, counselor
):
    public = _page(client, partnership.slug).content.decode()
    assert "&lt;iframe" not in public and "Share this map" not in public
    client.force_login(counselor)
    assert "&lt;iframe" not in _page(client, partnership.slug).content.decode()
    client.force_login(convener)
    share = _page(client, partnership.slug).content.decode()
    assert "Share this map" in share
    embed = reverse("maps:map_embed", args=[partnership.slug])
    assert f"&lt;iframe src=&quot;http://testserver{embed}&quot;" in share or (
        f'&lt;iframe src="http://testserver{embed}"' in share
    )
    assert f"{embed}?lang=es" in share


def test_the_page_answers_conditional_requests(client, partnership, published):
    first = _page(client, partnership.slug)
    assert first.status_code == 200
    etag, modified = first["ETag"], first["Last-Modified"]
    assert "public" in first["Cache-Control"]
    again = _page(client, partnership.slug, HTTP_IF_NONE_MATCH=etag)
    assert again.status_code == 304
    assert _page(client, partnership.slug, HTTP_IF_MODIFIED_SINCE=modified).status_code == 304
    spanish = client.get(
        reverse("maps:map_public", args=[partnership.slug]) + "?lang=es",
        HTTP_IF_NONE_MATCH=etag,
    )
    assert spanish.status_code == 200 and spanish["ETag"] != etag  # each language its own


def test_the_page_is_rendered_once_then_served_from_the_cache(
    client, partnership, published, django_assert_max_num_queries
):
    _page(client, partnership.slug)
    with django_assert_max_num_queries(0):
        response = _page(client, partnership.slug)
    assert response.status_code == 200 and b"Careers in making things" in response.content


def test_publishing_a_new_version_replaces_the_cached_page(
    client, partnership, published, convener, django_capture_on_commit_callbacks
):
    assert b"Version 1, published" in _page(client, partnership.slug).content
    services.map_settings_update(partnership=partnership, actor=convener, title="New headline")
    with django_capture_on_commit_callbacks(execute=True):
        services.map_publish(partnership=partnership, actor=convener)
    content = _page(client, partnership.slug).content
    assert b"New headline" in content and b"Version 2, published" in content
    old = client.get(reverse("maps:map_version", args=[partnership.slug, 1])).content
    assert b"A newer map exists" in old or b"See the current version (2)" in old


def test_conveners_never_get_the_cached_public_copy(client, partnership, published, convener):
    _page(client, partnership.slug)  # cached for the public
    client.force_login(convener)
    response = _page(client, partnership.slug)
    assert "private" in response["Cache-Control"]
    assert b"Share this map" in response.content


def test_pdf_downloads_in_spanish(client, partnership, published):
    response = client.get(reverse("maps:map_pdf", args=[partnership.slug]) + "?lang=es")
    assert response.status_code == 200
    assert response["Content-Disposition"].endswith('-map-v1-es.pdf"')


def test_a_flash_message_is_never_cached_for_everyone(client, partnership, published):
    from django.contrib.messages import constants
    from django.contrib.messages.storage.base import Message
    from django.contrib.messages.storage.cookie import CookieStorage
    from django.test import RequestFactory

    storage = CookieStorage(RequestFactory().get("/"))
    client.cookies[storage.cookie_name] = storage._encode([Message(constants.INFO, "Only you")])
    assert b"Only you" in _page(client, partnership.slug).content
    del client.cookies[storage.cookie_name]
    assert b"Only you" not in _page(client, partnership.slug).content
