"""Step 3: the agreed list of critical occupations, advancement paths and quick wins.

Every view starts from `get_partnership_for`: TEAM (conveners, industry champions, support
partners) reads everything; counselors get 403 and non-members 404. Conveners change
anything; industry champions add cards and move their own (`services.can_add_cards`)."""

from __future__ import annotations

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.http import HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils.http import url_has_allowed_host_and_scheme
from django.views.decorators.http import require_GET, require_http_methods, require_POST

from occupations import forms as step3_forms
from occupations import selectors, services
from occupations.models import AdvancementPath, CriticalOccupation, QuickWin
from partnerships.access import Access, Need, get_partnership_for
from partnerships.models import Convening
from pathways.validation import error_text


def _step3_convenings(partnership) -> list[Convening]:
    return list(Convening.objects.filter(partnership=partnership, step=3).order_by("-held_on"))


def _back(request: HttpRequest, fallback: str) -> HttpResponse:
    target = request.POST.get("next", "")
    if target and url_has_allowed_host_and_scheme(
        target, allowed_hosts={request.get_host()}, require_https=request.is_secure()
    ):
        return redirect(target)
    return redirect(fallback)


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
