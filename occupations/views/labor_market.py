"""Step 3: the sector's labor-market picture and the watch list.

Every view starts from `get_partnership_for`: TEAM (conveners, industry champions, support
partners) reads everything; counselors get 403 and non-members 404. Conveners change
anything; industry champions add cards and move their own (`services.can_add_cards`)."""

from __future__ import annotations

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.http import HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.views.decorators.http import require_GET, require_POST

from occupations import selectors, services
from occupations.models import WatchedOccupation
from partnerships.access import Access, Need, get_partnership_for
from pathways.validation import error_text


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
