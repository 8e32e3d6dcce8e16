"""The occupation explorer (public): search, an occupation's profile and its wages."""

from __future__ import annotations

import time

from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.views.decorators.http import require_GET

from occupations import selectors
from occupations.models import Source
from occupations.views.common import _is_htmx

DEFAULT_AREA = "08"  # Colorado, where the demo partnership works


@require_GET
def search(request: HttpRequest) -> HttpResponse:
    query = request.GET.get("q", "")[:100]
    started = time.perf_counter()
    hits = selectors.search_occupations(query, limit=25)
    elapsed = (time.perf_counter() - started) * 1000
    context = {"query": query, "hits": hits, "release": selectors.current_release(Source.ONET)}
    template = (
        "occupations/_search_results.html" if _is_htmx(request) else "occupations/search.html"
    )
    response = render(request, template, context)
    response["Server-Timing"] = f"search;dur={elapsed:.1f}"
    return response


@require_GET
def soc_redirect(request: HttpRequest, soc_code: str) -> HttpResponse:
    codes = selectors.onet_codes_for_soc(soc_code)
    if not codes:
        raise Http404("No O*NET occupation for this SOC code.")
    return redirect("occupations:profile", onet_code=codes[0][0])


def _wages_context(request: HttpRequest, soc_code: str) -> dict:
    areas = [a for a in selectors.oews_areas() if a[0] != selectors.NATION]
    codes = [code for code, _ in areas]
    area = request.GET.get("area") or (DEFAULT_AREA if DEFAULT_AREA in codes else "")
    if area not in codes:
        area = codes[0] if codes else ""
    rows = selectors.wages_for(soc_code, [area] if area else [])
    chart = []
    for row in rows:
        figures = row.annual_percentiles
        if all(f.state == "not_available" for f in figures):
            continue
        chart.append(
            {
                "label": row.area_title,
                # Only published amounts are drawn; "at least" values are marked apart.
                "values": [f.value if f.is_number else None for f in figures],
                "at_least": [f.value if f.state == "at_least" else None for f in figures],
                "texts": [f.text for f in figures],
            }
        )
    return {
        "areas": areas,
        "area": area,
        "wage_rows": rows,
        "chart": chart,
        "periods_differ": selectors.wage_periods_differ(rows),
    }


@require_GET
def profile(request: HttpRequest, onet_code: str) -> HttpResponse:
    profile = selectors.onet_profile(onet_code)
    if profile is None:
        raise Http404("No such occupation in the current O*NET release.")
    context = {
        "profile": profile,
        "projection": selectors.projection_for(profile.soc_code),
        "programs": selectors.cip_for_soc(profile.soc_code)[:12],
        **_wages_context(request, profile.soc_code),
    }
    return render(request, "occupations/profile.html", context)


@require_GET
def wages(request: HttpRequest, onet_code: str) -> HttpResponse:
    occupation = selectors.onet_occupation(onet_code)
    if occupation is None:
        raise Http404("No such occupation in the current O*NET release.")
    context = {"occupation": occupation, **_wages_context(request, occupation.soc_code)}
    return render(request, "occupations/_wages.html", context)
