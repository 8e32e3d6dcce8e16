"""Step 3: the card sort, its board, tally and summary.

Every view starts from `get_partnership_for`: TEAM (conveners, industry champions, support
partners) reads everything; counselors get 403 and non-members 404. Conveners change
anything; industry champions add cards and move their own (`services.can_add_cards`)."""

from __future__ import annotations

from django.conf import settings
from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.cache import cache
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.template.defaultfilters import pluralize
from django.template.loader import render_to_string
from django.urls import reverse
from django.utils import timezone
from django.views.decorators.http import require_GET, require_POST

from occupations import forms as step3_forms
from occupations import selectors, services
from occupations.models import Card, CardCategory, CardSort, CriticalOccupation, RoomEmployer, Tier
from occupations.views.common import _is_htmx
from partnerships.access import Access, Need, get_partnership_for
from partnerships.models import Convening, Role
from pathways.validation import error_text


def _card_sort_or_404(access: Access, pk: int) -> CardSort:
    card_sort = selectors.card_sort_for(access.partnership, pk)
    if card_sort is None:
        raise Http404("No such card sort in this partnership.")
    return card_sort


def _refresh(response: HttpResponse) -> HttpResponse:
    """Tell the page's board to poll now rather than in two seconds."""
    response["HX-Trigger"] = "board-refresh"
    return response


def _saved(request: HttpRequest) -> HttpResponse:
    return HttpResponse(f"Saved {timezone.localtime():%H:%M:%S}", content_type="text/plain")


def _not_saved(error: ValidationError) -> HttpResponse:
    return HttpResponse(error_text(error), status=422, content_type="text/plain")


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
