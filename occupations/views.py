"""The occupation explorer (public) and the staff data page. Views stay thin: they check
access, call a selector or a service, and render a page or an htmx fragment."""

from __future__ import annotations

import time
from datetime import timedelta
from functools import wraps

from django.conf import settings
from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils import timezone
from django.views.decorators.http import require_GET, require_http_methods, require_POST

from occupations import selectors, services
from occupations.forms import ImportForm
from occupations.models import ImportJob, Source

DEFAULT_AREA = "08"  # Colorado, where the demo partnership works


def staff_required(view):
    """Site staff only: anonymous users go to the login page, everyone else gets 403."""

    @wraps(view)
    @login_required
    def wrapped(request: HttpRequest, *args, **kwargs):
        if not request.user.is_staff:
            raise PermissionDenied
        return view(request, *args, **kwargs)

    return wrapped


def _is_htmx(request: HttpRequest) -> bool:
    return request.headers.get("HX-Request") == "true"


# --- explorer -------------------------------------------------------------------------


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
    chart = [
        {"label": row.area_title, "percentiles": row.annual_percentiles}
        for row in rows
        if any(v is not None for v in row.annual_percentiles)
    ]
    return {"areas": areas, "area": area, "wage_rows": rows, "chart": chart}


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


# --- the data page (staff) ------------------------------------------------------------------


@staff_required
@require_http_methods(["GET", "POST"])
def data(request: HttpRequest) -> HttpResponse:
    form = ImportForm(request.POST or None, request.FILES or None)
    if request.method == "POST" and form.is_valid():
        job = services.import_job_create(
            source=form.cleaned_data["source"],
            upload=form.cleaned_data.get("upload"),
            url=form.cleaned_data.get("url") or "",
            version=form.cleaned_data.get("version") or "",
            requested_by=request.user,
        )
        messages.success(request, f"Import #{job.pk} started.")
        return redirect("occupations:data")
    groups = selectors.releases_by_source()
    current = {s: selectors.current_release(s) for s, _ in groups}
    context = {
        "form": form,
        "jobs": [_job_context(job) for job in selectors.recent_import_jobs()],
        "groups": [(Source(s).label, s, releases, current[s]) for s, releases in groups],
        "official_urls": services.OFFICIAL_URLS,
    }
    return render(request, "occupations/data.html", context, status=400 if form.errors else 200)


def _job_context(job: ImportJob) -> dict:
    stale_after = timedelta(seconds=getattr(settings, "CELERY_TASK_TIME_LIMIT", 1800))
    stalled = (
        job.status == ImportJob.Status.RUNNING
        and job.started_at is not None
        and timezone.now() - job.started_at > stale_after
    )
    return {
        "job": job,
        "progress": selectors.import_progress(job),
        "stalled": stalled,
        "can_retry": job.status == ImportJob.Status.FAILED or stalled,
    }


@staff_required
@require_GET
def job_status(request: HttpRequest, job_id: int) -> HttpResponse:
    job = selectors.import_job(job_id)
    if job is None:
        raise Http404("No such import.")
    return render(request, "occupations/_job.html", _job_context(job))


@staff_required
@require_POST
def job_retry(request: HttpRequest, job_id: int) -> HttpResponse:
    job = selectors.import_job(job_id)
    if job is None:
        raise Http404("No such import.")
    try:
        services.import_job_retry(job=job)
        messages.success(request, f"Import #{job.pk} started again.")
    except ValidationError as exc:
        messages.error(request, " ".join(exc.messages))
    return redirect("occupations:data")
