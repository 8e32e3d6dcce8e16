"""Which stored PDF answers a download, cached briefly."""

from __future__ import annotations

from django.core.cache import cache
from django.db.models import Q

from pathways.maps.models import MapVersion

PDF_CACHE_SECONDS = 60


def _pdf_cache_key(slug: str, number: int | None, detail: bool, language: str = "en") -> str:
    edition = "detail" if detail else "map"
    return f"maps:pdf:{slug}:{number or 'current'}:{edition}:{language}"


def pdf_to_serve(
    slug: str, number: int | None, detail: bool, language: str = "en"
) -> tuple[str, int] | None:
    """The stored file (name, version number) that answers a download. For the current map,
    the newest version that has one: while a new version renders, people get the last good
    PDF. Cached briefly: downloads are the busiest thing the site serves."""
    key = _pdf_cache_key(slug, number, detail, language)
    found = cache.get(key)
    if found is not None:
        return tuple(found)
    field = ("detail_pdf" if detail else "pdf") + ("" if language == "en" else f"_{language}")
    versions = MapVersion.objects.filter(pathway_map__partnership__slug=slug).exclude(
        Q(**{field: ""})
    )
    if number is not None:
        versions = versions.filter(number=number)
    row = versions.order_by("-number").values_list(field, "number").first()
    if row is not None:
        cache.set(key, list(row), PDF_CACHE_SECONDS)
    return row


def forget_pdfs(slug: str, number: int | None = None) -> None:
    keys = [
        _pdf_cache_key(slug, n, d, language)
        for n in {None, number}
        for d in (False, True)
        for language in ("en", "es")
    ]
    cache.delete_many(keys)
