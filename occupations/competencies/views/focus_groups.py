"""The facilitator's live tally and a participant's phone (no account: the round's link
and the phone's device token)."""

from __future__ import annotations

import secrets

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.views.decorators.http import require_GET, require_http_methods, require_POST

from occupations.competencies import selectors, services
from occupations.competencies.models import (
    MAX_PRIORITIES,
    Accuracy,
    FocusGroup,
    Frequency,
    Participant,
)
from occupations.competencies.views.common import _group_or_404, _refused
from partnerships.access import Access, Need, get_partnership_for
from pathways.validation import error_text

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
