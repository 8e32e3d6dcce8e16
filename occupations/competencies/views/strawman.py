"""Step 5 pages for the strawman: the work page, building and editing a strawman, starting
a focus group, offering paths to step 3, approving."""

from __future__ import annotations

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.http import HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.views.decorators.http import require_GET, require_POST

from occupations.competencies import selectors, services
from occupations.competencies.importers.job_descriptions import MAX_UPLOAD_BYTES, extract_text
from occupations.competencies.models import (
    FocusGroup,
    JobFunction,
    Strawman,
    Task,
    TaskSuggestion,
)
from occupations.competencies.views.common import _back, _refused, _strawman_or_404
from occupations.models import CriticalOccupation
from partnerships.access import Need, get_partnership_for
from partnerships.models import Convening

# --- the step-5 work page ---------------------------------------------------------------


@login_required
@require_GET
def index(request: HttpRequest, slug: str) -> HttpResponse:
    access = get_partnership_for(request.user, slug, Need.VIEW)
    statuses = selectors.occupation_statuses(access.partnership)
    if not access.can_team:  # counselors read approved descriptions only
        statuses = [s for s in statuses if s.latest is not None]
    context = {
        "partnership": access.partnership,
        "access": access,
        "statuses": statuses,
        "convenings": list(
            Convening.objects.filter(partnership=access.partnership, step=5).order_by("-held_on")
        )
        if access.can_manage
        else [],
        "gaps": selectors.skills_gaps(access.partnership) if access.can_team else [],
    }
    return render(request, "competencies/index.html", context)


@login_required
@require_POST
def strawman_build(request: HttpRequest, slug: str, occupation_pk: int) -> HttpResponse:
    access = get_partnership_for(request.user, slug, Need.MANAGE)
    occupation = get_object_or_404(
        CriticalOccupation, pk=occupation_pk, partnership=access.partnership
    )
    try:
        strawman = services.strawman_build(occupation=occupation, actor=request.user)
    except ValidationError as error:
        _refused(request, error)
        return redirect("competencies:index", slug)
    messages.success(
        request, f"Strawman for {occupation.title} built from {strawman.onet_release}."
    )
    return redirect("competencies:strawman", slug, strawman.pk)


# --- the strawman -----------------------------------------------------------------------


@login_required
@require_GET
def strawman(request: HttpRequest, slug: str, pk: int) -> HttpResponse:
    access = get_partnership_for(request.user, slug, Need.TEAM)
    item = _strawman_or_404(access, pk)
    page = selectors.strawman_page(item)
    others = list(
        CriticalOccupation.objects.filter(partnership=access.partnership)
        .exclude(pk=item.occupation_id)
        .order_by("tier", "order")
    )
    context = {
        "partnership": access.partnership,
        "access": access,
        "strawman": item,
        "page": page,
        "others": others,
        "convenings": list(
            Convening.objects.filter(partnership=access.partnership, step=5).order_by("-held_on")
        ),
        "rounds": FocusGroup.Round.choices,
        "max_upload_mb": MAX_UPLOAD_BYTES // (1024 * 1024),
    }
    return render(request, "competencies/strawman.html", context)


def _function(strawman: Strawman, pk) -> JobFunction | None:
    try:
        return strawman.functions.filter(pk=int(pk)).first()
    except (TypeError, ValueError):
        return None


def _task(strawman: Strawman, pk: int) -> Task:
    return get_object_or_404(Task, pk=pk, strawman=strawman)


@login_required
@require_POST
def function_add(request: HttpRequest, slug: str, pk: int) -> HttpResponse:
    access = get_partnership_for(request.user, slug, Need.MANAGE)
    item = _strawman_or_404(access, pk)
    try:
        services.function_add(strawman=item, name=request.POST.get("name", ""))
    except ValidationError as error:
        _refused(request, error)
    return _back(item, "functions")


@login_required
@require_POST
def function_edit(request: HttpRequest, slug: str, pk: int, function_pk: int) -> HttpResponse:
    """Rename, merge into another, or split some tasks off into a new function."""
    access = get_partnership_for(request.user, slug, Need.MANAGE)
    item = _strawman_or_404(access, pk)
    function = get_object_or_404(JobFunction, pk=function_pk, strawman=item)
    action = request.POST.get("action", "rename")
    try:
        if action == "rename":
            services.function_rename(
                function=function,
                name=request.POST.get("name", ""),
                expected=request.POST.get("was"),
            )
        elif action == "merge":
            into = _function(item, request.POST.get("into"))
            if into is None:
                raise ValidationError("Pick the function to merge into.")
            services.function_merge(source=function, into=into)
        elif action == "split":
            ids = [int(v) for v in request.POST.getlist("tasks") if v.isdigit()]
            tasks = list(Task.objects.filter(strawman=item, pk__in=ids))
            services.function_split(
                function=function, tasks=tasks, name=request.POST.get("name", "")
            )
        else:
            raise ValidationError("Unknown action.")
    except ValidationError as error:
        _refused(request, error)
    return _back(item, f"function-{function_pk}" if action != "merge" else "functions")


@login_required
@require_POST
def task_add(request: HttpRequest, slug: str, pk: int) -> HttpResponse:
    access = get_partnership_for(request.user, slug, Need.MANAGE)
    item = _strawman_or_404(access, pk)
    try:
        task = services.task_add(
            strawman=item,
            statement=request.POST.get("statement", ""),
            function=_function(item, request.POST.get("function")),
        )
    except ValidationError as error:
        _refused(request, error)
        return _back(item, "functions")
    return _back(item, f"task-{task.pk}")


@login_required
@require_POST
def task_edit(request: HttpRequest, slug: str, pk: int, task_pk: int) -> HttpResponse:
    """Reword, move to another function, drop or restore a task."""
    access = get_partnership_for(request.user, slug, Need.MANAGE)
    item = _strawman_or_404(access, pk)
    task = _task(item, task_pk)
    action = request.POST.get("action", "reword")
    try:
        if action == "reword":
            services.task_reword(
                task=task,
                statement=request.POST.get("statement", ""),
                expected=request.POST.get("was"),
            )
        elif action == "move":
            function = _function(item, request.POST.get("function"))
            if function is None:
                raise ValidationError("Pick a function.")
            services.task_move(task=task, function=function)
        elif action in ("drop", "restore"):
            services.task_set_dropped(task=task, dropped=action == "drop")
        else:
            raise ValidationError("Unknown action.")
    except ValidationError as error:
        _refused(request, error)
    return _back(item, f"task-{task.pk}")


@login_required
@require_POST
def task_detail(request: HttpRequest, slug: str, pk: int, task_pk: int) -> HttpResponse:
    access = get_partnership_for(request.user, slug, Need.MANAGE)
    item = _strawman_or_404(access, pk)
    task = _task(item, task_pk)
    try:
        services.task_detail_save(
            task=task,
            chosen=request.POST.get("chosen") == "on",
            minimum_standard=request.POST.get("minimum_standard", "")[:2000],
            mid_level=request.POST.get("mid_level", "")[:2000],
            ksas=request.POST.get("ksas", "")[:2000],
        )
    except ValidationError as error:
        _refused(request, error)
    return _back(item, f"task-{task.pk}")


@login_required
@require_POST
def job_description_add(request: HttpRequest, slug: str, pk: int) -> HttpResponse:
    access = get_partnership_for(request.user, slug, Need.MANAGE)
    item = _strawman_or_404(access, pk)
    upload = request.FILES.get("file")
    try:
        if upload is not None:
            if upload.size > MAX_UPLOAD_BYTES:
                raise ValidationError(
                    f"{upload.name} is larger than {MAX_UPLOAD_BYTES // (1024 * 1024)} MB."
                )
            text = extract_text(upload.name, upload.read(MAX_UPLOAD_BYTES + 1))
            name = upload.name
        else:
            text, name = request.POST.get("text", "")[:40_000], ""
        document = services.job_description_add(
            strawman=item,
            text=text,
            employer=request.POST.get("employer", ""),
            title=request.POST.get("title", ""),
            file_name=name,
            actor=request.user,
        )
    except ValidationError as error:
        _refused(request, error)
        return _back(item, "job-descriptions")
    found = document.suggestions.count()
    messages.success(
        request,
        f"Job description kept; {found} sentence{'s' if found != 1 else ''} "
        "read like tasks and wait below for you to accept or drop.",
    )
    return _back(item, "job-descriptions")


@login_required
@require_POST
def suggestion_decide(request: HttpRequest, slug: str, pk: int, suggestion_pk: int):
    access = get_partnership_for(request.user, slug, Need.MANAGE)
    item = _strawman_or_404(access, pk)
    suggestion = get_object_or_404(TaskSuggestion, pk=suggestion_pk, job_description__strawman=item)
    try:
        services.suggestion_decide(
            suggestion=suggestion,
            accept=request.POST.get("action") == "accept",
            function=_function(item, request.POST.get("function")),
        )
    except ValidationError as error:
        _refused(request, error)
    return _back(item, "job-descriptions")


@login_required
@require_POST
def focus_group_start(request: HttpRequest, slug: str, pk: int) -> HttpResponse:
    access = get_partnership_for(request.user, slug, Need.MANAGE)
    item = _strawman_or_404(access, pk)
    convening = Convening.objects.filter(
        partnership=access.partnership, pk=request.POST.get("convening") or 0
    ).first()
    try:
        if convening is None:
            raise ValidationError("Pick the step-5 convening where the focus group meets.")
        group = services.focus_group_start(
            strawman=item,
            convening=convening,
            round=int(request.POST.get("round") or 0),
            actor=request.user,
        )
    except (ValidationError, ValueError) as error:
        _refused(request, error if isinstance(error, ValidationError) else ValidationError(
            "Pick round one or round two."))  # fmt: skip
        return _back(item, "focus-groups")
    return redirect("competencies:tally", slug, group.pk)


@login_required
@require_POST
def path_offer(request: HttpRequest, slug: str, pk: int) -> HttpResponse:
    access = get_partnership_for(request.user, slug, Need.MANAGE)
    item = _strawman_or_404(access, pk)
    other = CriticalOccupation.objects.filter(
        partnership=access.partnership, pk=request.POST.get("other") or 0
    ).first()
    try:
        if other is None:
            raise ValidationError("Pick the other critical occupation.")
        _, created = services.advancement_path_offer(
            strawman=item, other=other, outward=request.POST.get("direction") == "out"
        )
    except ValidationError as error:
        _refused(request, error)
    else:
        messages.success(
            request,
            "Added to step 3's advancement paths." if created else "Step 3 already has this path.",
        )
    return _back(item, "paths")


@login_required
@require_POST
def approve(request: HttpRequest, slug: str, pk: int) -> HttpResponse:
    access = get_partnership_for(request.user, slug, Need.MANAGE)
    item = _strawman_or_404(access, pk)
    try:
        version = services.strawman_approve(strawman=item, actor=request.user)
    except ValidationError as error:
        _refused(request, error)
        return _back(item)
    messages.success(request, f"Approved as version {version.number}.")
    return redirect("competencies:description", slug, item.pk)
