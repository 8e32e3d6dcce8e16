"""The project's own pages: the home page (landing or dashboard) and the health check."""

from __future__ import annotations

from django.db import connection
from django.http import HttpRequest, HttpResponse, JsonResponse
from django.shortcuts import render
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_GET

from partnerships import registry, selectors


def home(request: HttpRequest) -> HttpResponse:
    """Signed in: the dashboard of one's partnerships. Otherwise: what the product is."""
    if not request.user.is_authenticated:
        return render(request, "pathways/landing.html", {"steps": registry.all_steps()})
    return render(
        request,
        "pathways/dashboard.html",
        {"cards": selectors.dashboard_for(request.user)},
    )


@never_cache
@require_GET
def healthz(request: HttpRequest) -> JsonResponse:
    with connection.cursor() as cursor:
        cursor.execute("SELECT 1")
    return JsonResponse({"status": "ok"})
