"""The pages a person sees when something is refused, missing or broken (403, 404, 500).

The 403 page says what the person's role in that partnership lets them do and names the
conveners to ask. The 404 and 500 pages are Django's own views with our templates; the 500
page renders without touching the database (it may be the database that failed).
"""

from __future__ import annotations

from django.http import HttpRequest, HttpResponse
from django.shortcuts import render

from partnerships.access import ROLE_CAN, conveners_of
from partnerships.models import Membership


def permission_denied(request: HttpRequest, exception: Exception) -> HttpResponse:
    context = {"reason": str(exception) if str(exception) else ""}
    match = request.resolver_match
    slug = match.kwargs.get("slug") if match else None
    if slug and request.user.is_authenticated:
        membership = (
            Membership.objects.select_related("partnership")
            .filter(user=request.user, partnership__slug=slug)
            .first()
        )
        if membership is not None:
            context.update(
                partnership=membership.partnership,
                role=_with_article(membership.get_role_display().lower()),
                role_can=ROLE_CAN[membership.role],
                conveners=conveners_of(membership.partnership),
            )
    return render(request, "403.html", context, status=403)


def _with_article(noun: str) -> str:
    return f"{'an' if noun[:1] in 'aeiou' else 'a'} {noun}"
