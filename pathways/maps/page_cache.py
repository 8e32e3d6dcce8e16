"""Published map pages never change (a version is frozen), so the public renders them once
per language and serves them from the cache, answering conditional requests with 304.

Only anonymous visitors get the cached page: a signed-in convener sees a share panel the
public does not. The key carries the version number, the newest version's number (older
versions say a newer one exists) and a digest of the templates and translations, so a
deploy that changes how maps look never serves a stale page."""

from __future__ import annotations

import hashlib
from collections.abc import Callable
from datetime import datetime
from functools import cache as memoize
from pathlib import Path

from django.conf import settings
from django.core.cache import cache
from django.http import HttpRequest, HttpResponse
from django.utils.cache import get_conditional_response, patch_cache_control, patch_vary_headers
from django.utils.http import http_date, quote_etag

PAGE_SECONDS = 24 * 3600
CURRENT_SECONDS = 60  # how long a process trusts its idea of a map's newest version
BROWSER_SECONDS = 60


@memoize
def digest() -> str:
    """What the cached pages depend on besides the version: the templates and catalogs."""
    base = Path(settings.BASE_DIR)
    files = sorted(
        [
            *(base / "templates").rglob("*.html"),
            *(base / "locale").rglob("*.mo"),
            *(base / "static" / "maps").rglob("*.css"),
        ]
    )
    h = hashlib.sha256()
    for path in files:
        h.update(str(path.relative_to(base)).encode())
        h.update(path.read_bytes())
    return h.hexdigest()[:16]


def current_key(slug: str) -> str:
    return f"maps:current:{slug}"


def current_version(slug: str, lookup: Callable[[], tuple | None]) -> tuple | None:
    """(number, published_at) of the map's newest version, remembered briefly: the public
    page is the busiest thing the site serves and publishing forgets it at once."""
    key = current_key(slug)
    found = cache.get(key)
    if found is None:
        found = lookup()
        cache.set(key, found or (), CURRENT_SECONDS)
    return found or None


def forget_current(slug: str) -> None:
    cache.delete(current_key(slug))


def serve(
    request: HttpRequest,
    *,
    parts: tuple,
    last_modified: datetime,
    negotiated: bool,
    render: Callable[[], HttpResponse],
) -> HttpResponse:
    """The page for `parts` from the cache (rendering it the first time), or 304."""
    key = "maps:page:" + ":".join(str(p) for p in (*parts, digest()))
    etag = quote_etag(hashlib.sha256(key.encode()).hexdigest()[:24])
    stamp = int(last_modified.timestamp())  # HTTP dates have whole seconds
    response = get_conditional_response(request, etag=etag, last_modified=stamp)
    if response is None:
        stored = cache.get(key)
        if stored is None:
            rendered = render()
            if rendered.status_code != 200:
                return rendered
            stored = (rendered.content, rendered["Content-Type"])
            cache.set(key, stored, PAGE_SECONDS)
        response = HttpResponse(stored[0], content_type=stored[1])
    response["ETag"] = etag
    response["Last-Modified"] = http_date(stamp)
    patch_cache_control(response, public=True, max_age=BROWSER_SECONDS)
    if negotiated:
        patch_vary_headers(response, ["Accept-Language"])
    return response
