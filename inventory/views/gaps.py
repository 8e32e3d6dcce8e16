"""Step 4: where the inventory falls short: coverage of the agreed occupations and
programs employers flag as missing."""

from __future__ import annotations

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.http import HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.views.decorators.http import require_POST

from inventory import forms, selectors, services
from inventory.views.common import _context, _inventory_url
from partnerships.access import Need, get_partnership_for

# --- flags: programs employers say are missing -------------------------------------------


@login_required
@require_POST
def flag_create(request: HttpRequest, slug: str) -> HttpResponse:
    access = get_partnership_for(request.user, slug, Need.TEAM)
    form = forms.MissingProgramForm(request.POST)
    if form.is_valid():
        services.missing_program_flag_raise(
            partnership=access.partnership, actor=request.user, **form.cleaned_data
        )
        messages.success(request, "Thanks: the missing program is flagged for the team.")
    else:
        messages.error(request, "Name the program that's missing.")
    return redirect(f"{_inventory_url(slug)}#flags")


@login_required
@require_POST
def flag_resolve(request: HttpRequest, slug: str, pk: int) -> HttpResponse:
    access = get_partnership_for(request.user, slug, Need.TEAM)
    if not services.can_add_programs(access.membership):
        raise PermissionDenied
    flag = get_object_or_404(access.partnership.missing_program_flags, pk=pk)
    services.missing_program_flag_resolve(flag=flag, actor=request.user)
    messages.success(request, f"Marked “{flag.program_name}” as dealt with.")
    return redirect(f"{_inventory_url(slug)}#flags")


# --- coverage ----------------------------------------------------------------------------


@login_required
def coverage(request: HttpRequest, slug: str) -> HttpResponse:
    access = get_partnership_for(request.user, slug, Need.VIEW)
    p = access.partnership
    return render(
        request,
        "inventory/coverage.html",
        _context(
            access,
            coverage=selectors.coverage_for(p),
            off_team=selectors.providers_off_the_team(p),
            flags=selectors.open_flags(p),
        ),
    )
