"""Step 4: linkages between programs and their agreement documents."""

from __future__ import annotations

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import FileResponse, Http404, HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render

from inventory import forms, selectors, services
from inventory.models import Linkage
from inventory.views.common import _context
from partnerships.access import Need, get_partnership_for
from pathways.validation import add_errors


@login_required
def linkages(request: HttpRequest, slug: str) -> HttpResponse:
    access = get_partnership_for(request.user, slug, Need.VIEW)
    p = access.partnership
    can_add = services.can_add_programs(access.membership)
    form = forms.LinkageForm(request.POST or None, request.FILES or None, partnership=p)
    if request.method == "POST":
        if not can_add:
            raise PermissionDenied
        if form.is_valid():
            try:
                services.linkage_create(
                    partnership=p,
                    actor=request.user,
                    membership=access.membership,
                    **form.cleaned_data,
                )
            except ValidationError as error:
                add_errors(form, error)
            else:
                messages.success(request, "Linkage recorded.")
                return redirect("inventory:linkages", slug)
    items = list(selectors.linkages_for(p))
    return render(
        request,
        "inventory/linkages.html",
        _context(
            access,
            form=form,
            linkages=[(lk, services.can_edit_linkage(access.membership, lk)) for lk in items],
            can_add=can_add,
        ),
    )


@login_required
def linkage_edit(request: HttpRequest, slug: str, pk: int) -> HttpResponse:
    access = get_partnership_for(request.user, slug, Need.TEAM)
    linkage = get_object_or_404(selectors.linkages_for(access.partnership), pk=pk)
    if not services.can_edit_linkage(access.membership, linkage):
        raise PermissionDenied
    form = forms.LinkageForm(
        request.POST or None,
        request.FILES or None,
        instance=linkage,
        partnership=access.partnership,
    )
    if request.method == "POST":
        if request.POST.get("delete"):
            services.linkage_delete(linkage=linkage, membership=access.membership)
            messages.success(request, "Linkage deleted.")
            return redirect("inventory:linkages", slug)
        if form.is_valid():
            try:
                services.linkage_update(
                    linkage=Linkage.objects.select_related(
                        "from_program__provider", "to_program__provider"
                    ).get(pk=pk),
                    membership=access.membership,
                    **form.cleaned_data,
                )
            except ValidationError as error:
                add_errors(form, error)
            else:
                messages.success(request, "Linkage saved.")
                return redirect("inventory:linkages", slug)
    return render(
        request, "inventory/linkage_form.html", _context(access, form=form, linkage=linkage)
    )


@login_required
def linkage_document(request: HttpRequest, slug: str, pk: int) -> FileResponse:
    """Agreements are private to the partnership: served through this check, never as media."""
    access = get_partnership_for(request.user, slug, Need.VIEW)
    linkage = get_object_or_404(Linkage, partnership=access.partnership, pk=pk)
    if not linkage.agreement:
        raise Http404("No agreement document uploaded.")
    return FileResponse(
        linkage.agreement.open("rb"),
        as_attachment=True,
        filename=linkage.agreement.name.rsplit("/", 1)[-1],
    )
