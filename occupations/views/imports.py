"""The staff data page: releases, imports and their progress, a state OEWS file's column mapping."""

from __future__ import annotations

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.views.decorators.http import require_GET, require_http_methods, require_POST

from occupations import selectors, services
from occupations.forms import ImportForm, OewsMappingForm, StateOewsUploadForm
from occupations.importers import oews
from occupations.importers.base import ImportFileError
from occupations.models import ImportJob, Source
from occupations.views.common import staff_required
from pathways import jobs
from pathways.concurrency import EditConflict
from pathways.validation import error_text


@staff_required
@require_http_methods(["GET", "POST"])
def data(request: HttpRequest) -> HttpResponse:
    form = ImportForm(request.POST or None, request.FILES or None)
    if request.method == "POST" and form.is_valid():
        try:
            job = services.import_job_create(
                source=form.cleaned_data["source"],
                upload=form.cleaned_data.get("upload"),
                url=form.cleaned_data.get("url") or "",
                version=form.cleaned_data.get("version") or "",
                requested_by=request.user,
            )
        except ValidationError as error:
            form.add_error(None, error_text(error))
        else:
            messages.success(request, f"Import #{job.pk} started.")
            return redirect("occupations:data")
    groups = selectors.releases_by_source()
    current = {s: selectors.current_of(s, releases) for s, releases in groups}
    context = {
        "form": form,
        "state_form": StateOewsUploadForm(),
        "profiles": selectors.oews_profiles(),
        "jobs": [_job_context(job) for job in selectors.recent_import_jobs()],
        "groups": [(Source(s).label, s, releases, current[s]) for s, releases in groups],
        "official_urls": services.OFFICIAL_URLS,
    }
    return render(request, "occupations/data.html", context, status=400 if form.errors else 200)


@staff_required
@require_POST
def state_upload(request: HttpRequest) -> HttpResponse:
    """Keep a state's OEWS file and go to its column mapping."""
    form = StateOewsUploadForm(request.POST, request.FILES)
    if not form.is_valid():
        refused = form.errors.get("upload")
        messages.error(
            request, " ".join(refused) if refused else "Choose the state's OEWS file (csv or xlsx)."
        )
        return redirect("occupations:data")
    try:
        job = services.oews_upload_for_mapping(
            upload=form.cleaned_data["upload"], requested_by=request.user
        )
    except ValidationError as error:
        messages.error(request, error_text(error))
        return redirect("occupations:data")
    return redirect("occupations:job_map", job_id=job.pk)


@staff_required
@require_http_methods(["GET", "POST"])
def job_map(request: HttpRequest, job_id: int) -> HttpResponse:
    """Preview a state file's first rows and map its columns to the fields we keep."""
    job = selectors.import_job(job_id)
    if job is None or job.status != ImportJob.Status.MAPPING:
        raise Http404("No file waiting for a column mapping.")
    try:
        labels, sample, where = services.oews_preview(job=job)
    except (ImportFileError, OSError) as exc:
        services.import_job_refuse(job=job, error=str(exc))
        messages.error(request, str(exc))
        return redirect("occupations:data")
    profiles = selectors.oews_profiles()
    chosen = selectors.oews_profile_for(labels, request.GET.get("publisher", ""))
    initial = {"wage_unit": oews.guess_unit(labels), "version": oews.period_in_name(job.input_name)}
    guessed = oews.guess_mapping(labels)
    if chosen is not None:
        guessed = chosen.columns
        initial.update(publisher=chosen.publisher, wage_unit=chosen.wage_unit,
                       area_code=chosen.area_code, profile_version=chosen.version)  # fmt: skip
    initial.update({f"col_{k}": v for k, v in guessed.items() if v in labels})
    form = OewsMappingForm(request.POST or None, labels=labels, initial=initial)
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        try:
            profile = services.oews_profile_save(
                publisher=data["publisher"].strip(),
                columns=form.columns,
                wage_unit=data["wage_unit"],
                area_code=data["area_code"],
                actor=request.user,
                expected_version=data.get("profile_version"),
            )
            services.oews_mapping_apply(job=job, profile=profile, version=data["version"])
        except EditConflict:
            form.add_error(
                None,
                "Someone changed this publisher's mapping while you were choosing; the page "
                "now shows their mapping. Check it and import again.",
            )
        except ValidationError as error:
            form.add_error(None, error_text(error))
        else:
            messages.success(
                request, f"Import #{job.pk} started with the mapping saved for {profile}."
            )
            return redirect("occupations:data")
    context = {
        "job": job,
        "labels": labels,
        "sample": sample,
        "where": where,
        "form": form,
        "profiles": profiles,
        "chosen": chosen,
    }
    return render(request, "occupations/map.html", context, status=400 if form.errors else 200)


def _job_context(job: ImportJob) -> dict:
    stalled = jobs.is_dead(
        "import",
        job.pk,
        running=job.status == ImportJob.Status.RUNNING,
        started_at=job.started_at,
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
        job = services.import_job_retry(job=job)
    except ValidationError as exc:
        messages.error(request, " ".join(exc.messages))
        return redirect("occupations:data")
    if job.status == ImportJob.Status.MAPPING:
        return redirect("occupations:job_map", job_id=job.pk)
    if job.profile_id:
        messages.success(
            request, f"Import #{job.pk} started again with the mapping saved for {job.profile}."
        )
    else:
        messages.success(request, f"Import #{job.pk} started again.")
    return redirect("occupations:data")
