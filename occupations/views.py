"""The occupation explorer (public) and the staff data page. Views stay thin: they check
access, call a selector or a service, and render a page or an htmx fragment."""

from __future__ import annotations

import time
from functools import wraps

from django.conf import settings
from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.template.defaultfilters import pluralize
from django.utils import timezone
from django.views.decorators.http import require_GET, require_http_methods, require_POST

from occupations import selectors, services
from occupations.forms import ImportForm, OewsMappingForm, StateOewsUploadForm
from occupations.importers import oews
from occupations.importers.base import ImportFileError
from occupations.models import ImportJob, Source
from pathways import jobs
from pathways.concurrency import EditConflict
from pathways.validation import error_text

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


# --- the data page (staff) ------------------------------------------------------------------


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


# --- Step 3: identify critical occupations ------------------------------------------------------
#
# Every view starts from `get_partnership_for`: TEAM (conveners, industry champions, support
# partners) reads everything; counselors get 403 and non-members 404. Conveners change
# anything; industry champions add cards and move their own (`services.can_add_cards`).

from django.core.cache import cache  # noqa: E402
from django.shortcuts import get_object_or_404  # noqa: E402
from django.template.loader import render_to_string  # noqa: E402
from django.urls import reverse  # noqa: E402
from django.utils.http import url_has_allowed_host_and_scheme  # noqa: E402

from occupations import forms as step3_forms  # noqa: E402
from occupations.models import (  # noqa: E402
    AdvancementPath,
    Card,
    CardCategory,
    CardSort,
    CriticalOccupation,
    QuickWin,
    RoomEmployer,
    Tier,
    WatchedOccupation,
)
from partnerships.access import Access, Need, get_partnership_for  # noqa: E402
from partnerships.models import Convening, Role  # noqa: E402


def _card_sort_or_404(access: Access, pk: int) -> CardSort:
    card_sort = selectors.card_sort_for(access.partnership, pk)
    if card_sort is None:
        raise Http404("No such card sort in this partnership.")
    return card_sort


def _step3_convenings(partnership) -> list[Convening]:
    return list(Convening.objects.filter(partnership=partnership, step=3).order_by("-held_on"))


def _refresh(response: HttpResponse) -> HttpResponse:
    """Tell the page's board to poll now rather than in two seconds."""
    response["HX-Trigger"] = "board-refresh"
    return response


def _saved(request: HttpRequest) -> HttpResponse:
    return HttpResponse(f"Saved {timezone.localtime():%H:%M:%S}", content_type="text/plain")


def _not_saved(error: ValidationError) -> HttpResponse:
    return HttpResponse(error_text(error), status=422, content_type="text/plain")


def _back(request: HttpRequest, fallback: str) -> HttpResponse:
    target = request.POST.get("next", "")
    if target and url_has_allowed_host_and_scheme(
        target, allowed_hosts={request.get_host()}, require_https=request.is_secure()
    ):
        return redirect(target)
    return redirect(fallback)


# --- the step-3 work page: the agreed list ---------------------------------------------------


@login_required
@require_GET
def critical(request: HttpRequest, slug: str) -> HttpResponse:
    access = get_partnership_for(request.user, slug, Need.TEAM)
    partnership = access.partnership
    agreed = selectors.agreed_list(partnership)
    convenings = _step3_convenings(partnership)
    card_sorts = selectors.card_sorts_for(partnership)
    sorted_ids = {c.convening_id for c in card_sorts}
    context = {
        "partnership": partnership,
        "access": access,
        "agreed": agreed,
        "criteria": selectors.step3_criteria(partnership),
        "card_sorts": card_sorts,
        "unsorted_convenings": [c for c in convenings if c.pk not in sorted_ids],
        "agree_form": step3_forms.AgreeForm(convenings=convenings),
        "path_form": step3_forms.PathForm(occupations=agreed.occupations),
        "quick_win_form": step3_forms.QuickWinForm(convenings=convenings),
        "min": selectors.AGREED_MIN,
        "max": selectors.AGREED_MAX,
    }
    return render(request, "occupations/step3/critical.html", context)


def _convening_or_none(access: Access, pk) -> Convening | None:
    """The partnership's convening a form names, if it names one."""
    if not pk:
        return None
    return get_object_or_404(Convening, pk=pk, partnership=access.partnership)


@login_required
@require_POST
def critical_add(request: HttpRequest, slug: str) -> HttpResponse:
    access = get_partnership_for(request.user, slug, Need.MANAGE)
    form = step3_forms.AgreeForm(request.POST, convenings=_step3_convenings(access.partnership))
    if form.is_valid():
        data = form.cleaned_data
        convening = _convening_or_none(access, data["convening"])
        try:
            occupation = services.critical_occupation_agree(
                partnership=access.partnership,
                actor=request.user,
                soc_code=data["soc_code"],
                onet_code=data["onet_code"],
                title=data["title"],
                tier=data["tier"],
                convening=convening,
            )
        except ValidationError as error:
            messages.error(request, error_text(error))
        else:
            messages.success(request, f"{occupation.title} is on the agreed list.")
    else:
        messages.error(request, "Choose an occupation and a tier.")
    return _back(request, reverse("occupations:critical", args=[slug]))


def _critical_or_404(access: Access, pk: int) -> CriticalOccupation:
    return get_object_or_404(CriticalOccupation, pk=pk, partnership=access.partnership)


@login_required
@require_http_methods(["GET", "POST"])
def critical_edit(request: HttpRequest, slug: str, pk: int) -> HttpResponse:
    access = get_partnership_for(request.user, slug, Need.MANAGE)
    occupation = _critical_or_404(access, pk)
    choices = selectors.onet_codes_for_soc(occupation.soc_code) or [
        (occupation.onet_code, occupation.title)
    ]
    form = step3_forms.CriticalOccupationForm(
        request.POST or None,
        onet_choices=choices,
        initial={
            "title": occupation.title,
            "tier": occupation.tier,
            "onet_code": occupation.onet_code,
            "description": occupation.description,
        },
    )
    if request.method == "POST" and form.is_valid():
        try:
            services.critical_occupation_update(occupation=occupation, **form.cleaned_data)
        except ValidationError as error:
            form.add_error(None, error_text(error))
        else:
            messages.success(request, f"{occupation.title} saved.")
            return redirect("occupations:critical", slug)
    context = {"partnership": access.partnership, "access": access, "occupation": occupation,
               "form": form}  # fmt: skip
    return render(request, "occupations/step3/critical_edit.html", context)


@login_required
@require_POST
def critical_move(request: HttpRequest, slug: str, pk: int) -> HttpResponse:
    access = get_partnership_for(request.user, slug, Need.MANAGE)
    occupation = _critical_or_404(access, pk)
    services.critical_occupation_move(occupation=occupation, up=request.POST.get("dir") == "up")
    return redirect("occupations:critical", slug)


@login_required
@require_POST
def critical_remove(request: HttpRequest, slug: str, pk: int) -> HttpResponse:
    access = get_partnership_for(request.user, slug, Need.MANAGE)
    occupation = _critical_or_404(access, pk)
    services.critical_occupation_remove(occupation=occupation)
    messages.success(request, f"{occupation.title} is off the list.")
    return redirect("occupations:critical", slug)


@login_required
@require_POST
def path_add(request: HttpRequest, slug: str) -> HttpResponse:
    access = get_partnership_for(request.user, slug, Need.MANAGE)
    occupations = list(CriticalOccupation.objects.filter(partnership=access.partnership))
    form = step3_forms.PathForm(request.POST, occupations=occupations)
    if form.is_valid():
        by_id = {o.pk: o for o in occupations}
        try:
            services.advancement_path_add(
                partnership=access.partnership,
                from_occupation=by_id[form.cleaned_data["from_occupation"]],
                to_occupation=by_id[form.cleaned_data["to_occupation"]],
                note=form.cleaned_data["note"],
            )
        except ValidationError as error:
            messages.error(request, error_text(error))
    else:
        messages.error(request, "Choose two occupations on the list.")
    return redirect(reverse("occupations:critical", args=[slug]) + "#paths")


@login_required
@require_POST
def path_remove(request: HttpRequest, slug: str, pk: int) -> HttpResponse:
    access = get_partnership_for(request.user, slug, Need.MANAGE)
    path = get_object_or_404(AdvancementPath, pk=pk, partnership=access.partnership)
    services.advancement_path_remove(path=path)
    return redirect(reverse("occupations:critical", args=[slug]) + "#paths")


@login_required
@require_POST
def quick_win_add(request: HttpRequest, slug: str) -> HttpResponse:
    access = get_partnership_for(request.user, slug, Need.MANAGE)
    form = step3_forms.QuickWinForm(request.POST, convenings=_step3_convenings(access.partnership))
    if form.is_valid():
        data = form.cleaned_data
        convening = _convening_or_none(access, data["convening"])
        try:
            services.quick_win_add(
                partnership=access.partnership,
                actor=request.user,
                text=data["text"],
                kind=data["kind"],
                raised_by=data["raised_by"],
                convening=convening,
            )
        except ValidationError as error:
            messages.error(request, error_text(error))
    else:
        messages.error(request, "Write the quick win in a few words.")
    return _back(request, reverse("occupations:critical", args=[slug]) + "#quick-wins")


@login_required
@require_POST
def quick_win_remove(request: HttpRequest, slug: str, pk: int) -> HttpResponse:
    access = get_partnership_for(request.user, slug, Need.MANAGE)
    quick_win = get_object_or_404(QuickWin, pk=pk, partnership=access.partnership)
    services.quick_win_remove(quick_win=quick_win)
    return _back(request, reverse("occupations:critical", args=[slug]) + "#quick-wins")


@login_required
@require_GET
def occupation_search(request: HttpRequest, slug: str) -> HttpResponse:
    """Search-as-you-type for matching a card, agreeing an occupation or watching one."""
    access = get_partnership_for(request.user, slug, Need.TEAM)
    query = request.GET.get("q", "")[:100]
    purpose = request.GET.get("for", "card")
    hits = selectors.search_occupations(query, limit=8) if len(query.strip()) >= 2 else []
    context = {"partnership": access.partnership, "hits": hits, "query": query,
               "purpose": purpose, "access": access}  # fmt: skip
    return render(request, "occupations/step3/_search_results.html", context)


# --- the labor-market picture ------------------------------------------------------------------


def _picture_context(request: HttpRequest, access: Access) -> dict:
    picture = selectors.sector_picture(access.partnership, request.GET.get("level", "major"))
    detailed = picture.occupations
    chart = {
        "majors": [
            {"code": r.soc_code, "title": r.title, "now": round(r.employment),
             "projected": round(r.projected) if r.projected is not None else None,
             "change": round(r.change) if r.change is not None else None}
            for r in picture.majors
        ],
        "occupations": [
            {"code": r.soc_code, "title": r.title, "employment": round(r.employment),
             "growth": round(r.growth, 1) if r.growth is not None else None,
             "openings": round(r.openings) if r.openings is not None else None,
             "small": r.small_base}
            for r in detailed if r.employment_known
        ],
        "period": picture.projection_period,
        "smallBase": selectors.SMALL_BASE,
    }  # fmt: skip
    return {
        "partnership": access.partnership,
        "access": access,
        "picture": picture,
        "chart": chart,
        "levels": list(selectors.LEVEL_LABELS.items()),
        "watched": list(WatchedOccupation.objects.filter(partnership=access.partnership)),
        "small_base": selectors.SMALL_BASE,
    }


@login_required
@require_GET
def picture(request: HttpRequest, slug: str) -> HttpResponse:
    access = get_partnership_for(request.user, slug, Need.TEAM)
    return render(request, "occupations/step3/picture.html", _picture_context(request, access))


@login_required
@require_GET
def picture_present(request: HttpRequest, slug: str) -> HttpResponse:
    access = get_partnership_for(request.user, slug, Need.TEAM)
    return render(request, "occupations/step3/present.html", _picture_context(request, access))


@login_required
@require_POST
def watch_add(request: HttpRequest, slug: str) -> HttpResponse:
    access = get_partnership_for(request.user, slug, Need.MANAGE)
    try:
        watched = services.watched_occupation_add(
            partnership=access.partnership,
            actor=request.user,
            soc_code=request.POST.get("soc_code", ""),
        )
    except ValidationError as error:
        messages.error(request, error_text(error))
    else:
        messages.success(request, f"{watched.title} is on the watch list.")
    return redirect("occupations:picture", slug)


@login_required
@require_POST
def watch_remove(request: HttpRequest, slug: str, pk: int) -> HttpResponse:
    access = get_partnership_for(request.user, slug, Need.MANAGE)
    watched = get_object_or_404(WatchedOccupation, pk=pk, partnership=access.partnership)
    services.watched_occupation_remove(watched=watched)
    return redirect("occupations:picture", slug)


# --- the card sort ---------------------------------------------------------------------------------


@login_required
@require_POST
def card_sort_start(request: HttpRequest, slug: str, convening_pk: int) -> HttpResponse:
    access = get_partnership_for(request.user, slug, Need.MANAGE)
    convening = get_object_or_404(Convening, pk=convening_pk, partnership=access.partnership)
    try:
        card_sort = services.card_sort_start(convening=convening, actor=request.user)
    except ValidationError as error:
        messages.error(request, error_text(error))
        return redirect(convening)
    return redirect("occupations:board", slug, card_sort.pk)


def _own_employer(card_sort: CardSort, user) -> RoomEmployer | None:
    return RoomEmployer.objects.filter(card_sort=card_sort, user=user).first()


def _card_form(access: Access, card_sort: CardSort, board_data, data=None):
    is_convener = access.role == Role.CONVENER
    employers = [e.employer for e in board_data.employers] if is_convener else []
    form = step3_forms.CardForm(data, employers=employers, categories=board_data.categories)
    if access.role != Role.CONVENER:
        del form.fields["employer"]  # a champion writes their own cards
    return form


def _board_context(request: HttpRequest, access: Access, card_sort: CardSort) -> dict:
    board = selectors.board(card_sort)
    return {
        "partnership": access.partnership,
        "access": access,
        "card_sort": card_sort,
        "convening": card_sort.convening,
        "board": board,
        "is_convener": access.role == Role.CONVENER,
        "can_add": services.can_add_cards(access.role),
        "user_id": request.user.pk,
    }


@login_required
@require_GET
def board(request: HttpRequest, slug: str, pk: int) -> HttpResponse:
    access = get_partnership_for(request.user, slug, Need.TEAM)
    card_sort = _card_sort_or_404(access, pk)
    context = _board_context(request, access, card_sort)
    context["card_form"] = _card_form(access, card_sort, context["board"])
    context["guest_form"] = step3_forms.GuestEmployerForm()
    context["frequency_choices"] = RoomEmployer.Frequency.choices
    context["own_employer"] = _own_employer(card_sort, request.user)
    return render(request, "occupations/step3/board.html", context)


@login_required
@require_GET
def board_poll(request: HttpRequest, slug: str, pk: int) -> HttpResponse:
    """204 while the board is unchanged (one small query), else the board."""
    access = get_partnership_for(request.user, slug, Need.TEAM)
    version = selectors.board_version(access.partnership, pk)
    if version is None:
        raise Http404("No such card sort in this partnership.")
    if request.GET.get("v") == str(version):
        return HttpResponse(status=204)
    card_sort = _card_sort_or_404(access, pk)
    return render(
        request, "occupations/step3/_board.html", _board_context(request, access, card_sort)
    )


@login_required
@require_POST
def card_add(request: HttpRequest, slug: str, pk: int) -> HttpResponse:
    access = get_partnership_for(request.user, slug, Need.TEAM)
    if not services.can_add_cards(access.role):
        raise PermissionDenied("Industry champions and conveners add cards.")
    card_sort = _card_sort_or_404(access, pk)
    board_data = selectors.board(card_sort)
    form = _card_form(access, card_sort, board_data, request.POST)
    status = 200
    added = None
    nonce = request.POST.get("nonce", "")[:40]
    if nonce and not cache.add(f"step3-card:{card_sort.pk}:{nonce}", 1, 3600):
        # A retry of a card already saved (the answer was lost on the way back).
        form = _card_form(access, card_sort, board_data)
    elif form.is_valid():
        data = form.cleaned_data
        if access.role == Role.CONVENER:
            employer = next(
                (e.employer for e in board_data.employers if e.employer.pk == data["employer"]),
                None,
            )
        else:
            employer = services.room_employer_for_member(
                card_sort=card_sort, membership=access.membership
            )
        category = next((c for c in board_data.categories if c.pk == data["category"]), None)
        try:
            card = services.card_add(
                card_sort=card_sort,
                employer=employer,
                actor=request.user,
                title=data["title"],
                soc_code=data["soc_code"],
                onet_code=data["onet_code"],
                reasons=data["reasons"],
                other_reason=data["other_reason"],
                category=category,
            )
        except ValidationError as error:
            cache.delete(f"step3-card:{card_sort.pk}:{nonce}")
            form.add_error(None, error_text(error))
            status = 422
        else:
            initial = {"employer": employer.pk, "category": data["category"]}
            form = _card_form(access, card_sort, selectors.board(card_sort))
            form.initial = initial
            added = card
    else:
        cache.delete(f"step3-card:{card_sort.pk}:{nonce}")
        status = 422
    if not _is_htmx(request):
        if status == 200:
            return redirect("occupations:board", slug, pk)
        context = _board_context(request, access, card_sort)
        context.update(card_form=form, frequency_choices=RoomEmployer.Frequency.choices,
                       own_employer=_own_employer(card_sort, request.user))  # fmt: skip
        return render(request, "occupations/step3/board.html", context, status=status)
    context = {"partnership": access.partnership, "card_sort": card_sort, "card_form": form,
               "access": access, "is_convener": access.role == Role.CONVENER,
               "added": added}  # fmt: skip
    response = render(request, "occupations/step3/_card_form.html", context, status=status)
    return _refresh(response)


def _card_or_404(access: Access, card_sort: CardSort, card_pk: int, user) -> Card:
    card = get_object_or_404(
        Card.objects.select_related("employer"), pk=card_pk, card_sort=card_sort
    )
    if not services.can_change_card(role=access.role, user=user, card=card):
        raise PermissionDenied("Conveners move any card; champions their own.")
    return card


@login_required
@require_POST
def card_move(request: HttpRequest, slug: str, pk: int, card_pk: int) -> HttpResponse:
    access = get_partnership_for(request.user, slug, Need.TEAM)
    card_sort = _card_sort_or_404(access, pk)
    card = _card_or_404(access, card_sort, card_pk, request.user)
    category_pk = request.POST.get("category", "")
    category = None
    if category_pk:
        category = get_object_or_404(CardCategory, pk=category_pk, card_sort=card_sort)
    services.card_move(card=card, category=category)
    if _is_htmx(request):
        return _refresh(HttpResponse(status=204))
    return redirect("occupations:board", slug, pk)


@login_required
@require_POST
def card_delete(request: HttpRequest, slug: str, pk: int, card_pk: int) -> HttpResponse:
    access = get_partnership_for(request.user, slug, Need.TEAM)
    card_sort = _card_sort_or_404(access, pk)
    card = _card_or_404(access, card_sort, card_pk, request.user)
    services.card_delete(card=card)
    if _is_htmx(request):
        return _refresh(HttpResponse(status=204))
    return redirect("occupations:board", slug, pk)


@login_required
@require_POST
def category_add(request: HttpRequest, slug: str, pk: int) -> HttpResponse:
    access = get_partnership_for(request.user, slug, Need.MANAGE)
    card_sort = _card_sort_or_404(access, pk)
    try:
        services.category_add(card_sort=card_sort, name=request.POST.get("name", ""))
    except ValidationError as error:
        messages.error(request, error_text(error))
    return redirect(reverse("occupations:board", args=[slug, pk]) + "#notes")


@login_required
@require_POST
def category_save(request: HttpRequest, slug: str, pk: int, category_pk: int) -> HttpResponse:
    """Autosave of a column's name or critical skills, one field at a time."""
    access = get_partnership_for(request.user, slug, Need.MANAGE)
    card_sort = _card_sort_or_404(access, pk)
    category = get_object_or_404(CardCategory, pk=category_pk, card_sort=card_sort)
    fields = {k: request.POST[k] for k in ("name", "critical_skills") if k in request.POST}
    try:
        services.category_update(category=category, **fields)
    except ValidationError as error:
        return _not_saved(error)
    return _saved(request)


@login_required
@require_POST
def category_delete(request: HttpRequest, slug: str, pk: int, category_pk: int) -> HttpResponse:
    access = get_partnership_for(request.user, slug, Need.MANAGE)
    card_sort = _card_sort_or_404(access, pk)
    category = get_object_or_404(CardCategory, pk=category_pk, card_sort=card_sort)
    services.category_delete(category=category)
    return redirect(reverse("occupations:board", args=[slug, pk]) + "#notes")


@login_required
@require_POST
def card_sort_save(request: HttpRequest, slug: str, pk: int) -> HttpResponse:
    """Autosave of the convener's notes: advancement paths heard, next steps, reply date."""
    access = get_partnership_for(request.user, slug, Need.MANAGE)
    card_sort = _card_sort_or_404(access, pk)
    fields = {k: request.POST[k] for k in services.CARD_SORT_FIELDS if k in request.POST}
    if "hear_back_by" in fields:
        fields["hear_back_by"] = fields["hear_back_by"] or None
    try:
        services.card_sort_update(card_sort=card_sort, **fields)
    except ValidationError as error:
        return _not_saved(error)
    return _saved(request)


@login_required
@require_POST
def employer_add(request: HttpRequest, slug: str, pk: int) -> HttpResponse:
    access = get_partnership_for(request.user, slug, Need.MANAGE)
    card_sort = _card_sort_or_404(access, pk)
    form = step3_forms.GuestEmployerForm(request.POST)
    if form.is_valid():
        try:
            employer = services.room_employer_add_guest(card_sort=card_sort, **form.cleaned_data)
        except ValidationError as error:
            messages.error(request, error_text(error))
        else:
            messages.success(request, f"{employer.name} ({employer.company}) is in the room.")
    else:
        messages.error(request, "Give the employer's name and company.")
    return redirect(reverse("occupations:board", args=[slug, pk]) + "#employers")


@login_required
@require_POST
def sourcing_save(request: HttpRequest, slug: str, pk: int, employer_pk: int) -> HttpResponse:
    """Autosave of where an employer finds applicants (the convener, or the champion for
    their own company)."""
    access = get_partnership_for(request.user, slug, Need.TEAM)
    card_sort = _card_sort_or_404(access, pk)
    employer = get_object_or_404(RoomEmployer, pk=employer_pk, card_sort=card_sort)
    if not (access.role == Role.CONVENER or (
        access.role == Role.CHAMPION and employer.user_id == request.user.pk
    )):  # fmt: skip
        raise PermissionDenied("Only the convener or the employer can change this.")
    fields = {k: request.POST[k] for k in services.SOURCING_FIELDS if k in request.POST}
    try:
        services.room_employer_update(employer=employer, **fields)
    except ValidationError as error:
        return _not_saved(error)
    return _saved(request)


@login_required
@require_GET
def tally(request: HttpRequest, slug: str, pk: int) -> HttpResponse:
    access = get_partnership_for(request.user, slug, Need.TEAM)
    card_sort = _card_sort_or_404(access, pk)
    context = {
        "partnership": access.partnership,
        "access": access,
        "card_sort": card_sort,
        "convening": card_sort.convening,
        "tally": selectors.card_tally(card_sort),
        "agreed_count": CriticalOccupation.objects.filter(partnership=access.partnership).count(),
        "tiers": Tier.choices,
        "min": selectors.AGREED_MIN,
        "max": selectors.AGREED_MAX,
    }
    return render(request, "occupations/step3/tally.html", context)


@login_required
@require_POST
def tally_match(request: HttpRequest, slug: str, pk: int) -> HttpResponse:
    """Match every unmatched card of one title to a SOC occupation at once."""
    access = get_partnership_for(request.user, slug, Need.MANAGE)
    card_sort = _card_sort_or_404(access, pk)
    title_key = request.POST.get("key", "").removeprefix("title:")
    cards = [
        c for c in Card.objects.filter(card_sort=card_sort, soc_code="")
        if " ".join(c.title.lower().split()) == title_key
    ]  # fmt: skip
    try:
        for card in cards:
            services.card_update(
                card=card,
                soc_code=request.POST.get("soc_code", ""),
                onet_code=request.POST.get("onet_code", ""),
            )
    except ValidationError as error:
        messages.error(request, error_text(error))
    else:
        messages.success(request, f"{len(cards)} card{pluralize(len(cards))} matched.")
    return redirect("occupations:tally", slug, pk)


def _summary_context(access: Access, card_sort: CardSort) -> dict:
    tally_data = selectors.card_tally(card_sort)
    agreed = selectors.agreed_list(access.partnership)
    return {
        "partnership": access.partnership,
        "access": access,
        "card_sort": card_sort,
        "convening": card_sort.convening,
        "tally": tally_data,
        "board": selectors.board(card_sort),
        "agreed": agreed,
        "quick_wins": [
            q for q in agreed.quick_wins if q.convening_id in (None, card_sort.convening_id)
        ],
    }


@login_required
@require_GET
def summary(request: HttpRequest, slug: str, pk: int) -> HttpResponse:
    access = get_partnership_for(request.user, slug, Need.TEAM)
    card_sort = _card_sort_or_404(access, pk)
    return render(request, "occupations/step3/summary.html", _summary_context(access, card_sort))


@login_required
@require_GET
def summary_pdf(request: HttpRequest, slug: str, pk: int) -> HttpResponse:
    """The one-page summary for employers as a PDF (small: rendered in the request)."""
    from weasyprint import HTML

    access = get_partnership_for(request.user, slug, Need.TEAM)
    card_sort = _card_sort_or_404(access, pk)
    html = render_to_string(
        "occupations/step3/summary_pdf.html", _summary_context(access, card_sort)
    )
    pdf = HTML(string=html, base_url=str(settings.BASE_DIR)).write_pdf()
    response = HttpResponse(pdf, content_type="application/pdf")
    name = f"{access.partnership.slug}-card-sort-{card_sort.convening.held_on:%Y-%m-%d}.pdf"
    response["Content-Disposition"] = f'inline; filename="{name}"'
    return response
