"""Step 5 pages. Thin: check access (partnership pages ask `get_partnership_for`; phone
pages ask for the round's token and the participant's own key), call one service, answer."""

from __future__ import annotations

import io
import secrets

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.views.decorators.http import require_GET, require_http_methods, require_POST

from occupations.competencies import selectors, services
from occupations.competencies.importers.job_descriptions import MAX_UPLOAD_BYTES, extract_text
from occupations.competencies.models import (
    MAX_PRIORITIES,
    Accuracy,
    FocusGroup,
    Frequency,
    JobFunction,
    Participant,
    Strawman,
    Task,
    TaskSuggestion,
)
from occupations.models import CriticalOccupation
from partnerships.access import Access, Need, get_partnership_for
from partnerships.models import Convening
from pathways.validation import error_text


def _strawman_or_404(access: Access, pk: int) -> Strawman:
    strawman = selectors.strawman_for(access.partnership, pk)
    if strawman is None:
        raise Http404("No such strawman in this partnership.")
    return strawman


def _group_or_404(access: Access, pk: int) -> FocusGroup:
    group = selectors.focus_group_for(access.partnership, pk)
    if group is None:
        raise Http404("No such focus group in this partnership.")
    return group


def _back(strawman: Strawman, anchor: str = "") -> HttpResponse:
    url = reverse("competencies:strawman", args=[strawman.partnership.slug, strawman.pk])
    return redirect(url + (f"#{anchor}" if anchor else ""))


def _refused(request: HttpRequest, error: ValidationError) -> None:
    messages.error(request, error_text(error))


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


# --- the vetted description: on screen and as a spreadsheet ----------------------------


def _description(access: Access, item: Strawman) -> tuple[dict, object]:
    """Team members see the description as it reads now; counselors the approved one."""
    versions = selectors.versions_for(item)
    if access.can_team:
        return selectors.description_content(item), versions
    if not versions:
        raise PermissionDenied("This description is not approved yet.")
    return versions[0].content, versions


@login_required
@require_GET
def description(request: HttpRequest, slug: str, pk: int) -> HttpResponse:
    access = get_partnership_for(request.user, slug, Need.VIEW)
    item = _strawman_or_404(access, pk)
    content, versions = _description(access, item)
    latest = versions[0] if versions else None
    context = {
        "partnership": access.partnership,
        "access": access,
        "strawman": item,
        "content": content,
        "versions": versions,
        "latest": latest,
        "changed": bool(latest and item.edited_at > latest.approved_at),
        "climbs": _climbs(item) if access.can_team else [],
    }
    return render(request, "competencies/description.html", context)


def _climbs(item: Strawman) -> list[dict]:
    """The climb to and from the occupations step 3 connects to this one."""
    from occupations.models import AdvancementPath

    paths = AdvancementPath.objects.filter(partnership_id=item.partnership_id).filter(
        from_occupation=item.occupation_id
    ) | AdvancementPath.objects.filter(
        partnership_id=item.partnership_id, to_occupation=item.occupation_id
    )
    pairs = list(paths.select_related("from_occupation__strawman", "to_occupation__strawman"))
    result = []
    for path in pairs:
        low = getattr(path.from_occupation, "strawman", None)
        high = getattr(path.to_occupation, "strawman", None)
        if low is None or high is None:
            continue
        result.append(
            {"from": path.from_occupation.title, "to": path.to_occupation.title,
             **selectors.climb(low, high)}
        )  # fmt: skip
    return result


@login_required
@require_GET
def description_xlsx(request: HttpRequest, slug: str, pk: int) -> HttpResponse:
    import openpyxl
    from openpyxl.styles import Alignment, Font

    access = get_partnership_for(request.user, slug, Need.VIEW)
    item = _strawman_or_404(access, pk)
    content, _ = _description(access, item)
    book = openpyxl.Workbook()
    sheet = book.active
    sheet.title = "Task matrix"
    sheet.append([f"{content['occupation']} (SOC {content['soc_code']}): function and task matrix"])
    sheet.append([f"Source: {content['source']} tasks, vetted by employer focus groups"])
    sheet.append([])
    header = ["Function", "Task", "Source", "O*NET task ID", "Importance (1-5, mean)",
              "How often (most said)", "Commonly under-performed", "Top-three votes",
              "Minimum standard", "Mid-level does differently", "Knowledge, skills, abilities"]  # fmt: skip
    sheet.append(header)
    for cell in sheet[4]:
        cell.font = Font(bold=True)
    for function in content["functions"]:
        for task in function["tasks"]:
            sheet.append([
                function["name"], task["statement"], task["source"], task["onet_task_id"],
                task["importance"], task["frequency"], "yes" if task["underperformed"] else "",
                task["priority_votes"], task["minimum_standard"], task["mid_level"],
                "; ".join(task["ksas"]),
            ])  # fmt: skip
    for column, width in zip("ABCDEFGHIJK", [30, 60, 22, 12, 12, 12, 12, 10, 40, 40, 40],
                             strict=True):  # fmt: skip
        sheet.column_dimensions[column].width = width
    for row in sheet.iter_rows(min_row=5):
        for cell in row:
            cell.alignment = Alignment(wrap_text=True, vertical="top")
    buffer = io.BytesIO()
    book.save(buffer)
    response = HttpResponse(
        buffer.getvalue(),
        content_type="application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
    )
    name = "".join(c if c.isalnum() else "-" for c in content["occupation"].lower())
    response["Content-Disposition"] = f'attachment; filename="task-matrix-{name}.xlsx"'
    return response


# --- the facilitator's live tally -------------------------------------------------------


def _tally_context(access: Access, group: FocusGroup) -> dict:
    return {
        "partnership": access.partnership,
        "access": access,
        "group": group,
        "strawman": group.strawman,
        "tally": selectors.tally(group),
    }


@login_required
@require_GET
def tally(request: HttpRequest, slug: str, pk: int) -> HttpResponse:
    import segno

    access = get_partnership_for(request.user, slug, Need.TEAM)
    group = _group_or_404(access, pk)
    context = _tally_context(access, group)
    link = request.build_absolute_uri(reverse("competencies:answer", args=[group.token]))
    context["link"] = link
    context["qr"] = segno.make(link, error="m").svg_inline(scale=5, dark="#111")
    return render(request, "competencies/tally.html", context)


@login_required
@require_GET
def tally_poll(request: HttpRequest, slug: str, pk: int) -> HttpResponse:
    """204 while nothing changed (one small query), else the tally."""
    access = get_partnership_for(request.user, slug, Need.TEAM)
    version = selectors.tally_version(access.partnership, pk)
    if version is None:
        raise Http404("No such focus group in this partnership.")
    if request.GET.get("v") == str(version):
        return HttpResponse(status=204)
    group = _group_or_404(access, pk)
    return render(request, "competencies/_tally.html", _tally_context(access, group))


@login_required
@require_POST
def focus_group_open(request: HttpRequest, slug: str, pk: int) -> HttpResponse:
    access = get_partnership_for(request.user, slug, Need.MANAGE)
    group = _group_or_404(access, pk)
    services.focus_group_set_open(focus_group=group, is_open=request.POST.get("open") == "1")
    return redirect("competencies:tally", slug, pk)


@login_required
@require_POST
def focus_group_paths(request: HttpRequest, slug: str, pk: int) -> HttpResponse:
    access = get_partnership_for(request.user, slug, Need.MANAGE)
    group = _group_or_404(access, pk)
    try:
        services.focus_group_paths_save(
            focus_group=group,
            paths_in=request.POST.get("paths_in", "")[:4000],
            paths_out=request.POST.get("paths_out", "")[:4000],
        )
    except ValidationError as error:
        _refused(request, error)
    else:
        messages.success(request, "Paths saved.")
    return redirect(reverse("competencies:tally", args=[slug, pk]) + "#paths")


# --- a participant's phone (no account: the round's link and the phone's device token) ------

DEVICE_COOKIE = "sp_focus_device"
DEVICE_MAX_AGE = 60 * 60 * 24 * 90  # a season of focus groups


def _device(request: HttpRequest) -> str:
    """The phone's device token from its cookie ("" when it has none, or a forged one)."""
    token = request.COOKIES.get(DEVICE_COOKIE, "")
    return (
        token
        if 20 <= len(token) <= 64 and token.replace("-", "").replace("_", "").isalnum()
        else ""
    )


def _participant(request: HttpRequest, group: FocusGroup) -> Participant | None:
    """Who this phone answers as in this round, removed or not."""
    device = _device(request)
    if not device:
        return None
    digest = services.device_digest(device)
    return Participant.objects.filter(focus_group=group, device=digest).first()


def _group_by_token(token: str) -> FocusGroup:
    group = selectors.focus_group_by_token(token[:64])
    if group is None:
        raise Http404("This link is not a focus-group session.")
    return group


def _answers_from(post) -> dict[int, dict]:
    """`t<task id>-<question>` fields -> {task id: {question: value}}."""
    answers: dict[int, dict] = {}
    for name in post:
        head, _, question = name.partition("-")
        if head.startswith("t") and head[1:].isdigit() and question in services.ANSWER_FIELDS:
            answers.setdefault(int(head[1:]), {})[question] = post.get(name)
    return answers


@require_http_methods(["GET", "POST"])
def answer(request: HttpRequest, token: str) -> HttpResponse:
    group = _group_by_token(token)
    participant = _participant(request, group)
    removed = participant is not None and participant.removed_at is not None
    status = 200
    if request.method == "POST":
        try:
            if "join" in request.POST:
                device = _device(request)
                if not device:
                    raise ValidationError(
                        "This browser did not keep the session's cookie, which ties your "
                        "answers to this phone. Allow cookies for this site and open the "
                        "link again."
                    )
                services.participant_join(
                    focus_group=group,
                    name=request.POST.get("name", ""),
                    company=request.POST.get("company", ""),
                    device=device,
                )
                return redirect("competencies:answer", token)
            if participant is None:
                raise ValidationError("Type your name first: your answers need a name.")
            if "priorities" in request.POST:
                ids = [int(v) for v in request.POST.getlist("pick") if v.isdigit()]
                services.priorities_set(participant=participant, task_ids=ids)
            else:
                saved = services.answers_save(
                    participant=participant, answers=_answers_from(request.POST)
                )
                if request.headers.get("X-Autosave") == "1":
                    return HttpResponse(f"Saved {saved}", content_type="text/plain")
            messages.success(request, "Your answers are saved. Thank you!")
            return redirect(reverse("competencies:answer", args=[token]) + "#priorities")
        except ValidationError as error:
            if request.headers.get("X-Autosave") == "1":
                return HttpResponse(error_text(error), status=422, content_type="text/plain")
            messages.error(request, error_text(error))
            status = 422
    active = participant if participant is not None and not removed else None
    context = {
        "group": group,
        "occupation": group.strawman.occupation,
        "participant": active,
        "removed": removed,
        "sheet": selectors.participant_sheet(active) if active else [],
        "picked": selectors.participant_priorities(active) if active else set(),
        "accuracy_choices": Accuracy.choices,
        "frequency_choices": Frequency.choices,
        "max_priorities": MAX_PRIORITIES,
        "token": token,
    }
    response = render(request, "competencies/answer.html", context, status=status)
    if not _device(request):
        response.set_cookie(
            DEVICE_COOKIE, secrets.token_urlsafe(24), max_age=DEVICE_MAX_AGE,
            httponly=True, samesite="Lax", secure=request.is_secure(),
        )  # fmt: skip
    return response


@login_required
@require_POST
def participant_remove(request: HttpRequest, slug: str, pk: int, participant_pk: int):
    access = get_partnership_for(request.user, slug, Need.MANAGE)
    group = _group_or_404(access, pk)
    participant = get_object_or_404(Participant, pk=participant_pk, focus_group=group)
    removed = services.participant_remove(participant=participant, actor=request.user)
    messages.success(
        request,
        f"{participant.name}'s answers are removed ({removed} task{'s' if removed != 1 else ''}) "
        "and their phone no longer answers in this session.",
    )
    return redirect(reverse("competencies:tally", args=[slug, pk]) + "#participants")
