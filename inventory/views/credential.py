"""Step 4: credentials and how they stack."""

from __future__ import annotations

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render

from inventory import forms, selectors, services
from inventory.views.common import _context
from partnerships.access import Need, get_partnership_for
from pathways.validation import add_errors, error_text


@login_required
def credentials(request: HttpRequest, slug: str) -> HttpResponse:
    access = get_partnership_for(request.user, slug, Need.VIEW)
    p = access.partnership
    can_edit = services.can_add_programs(access.membership)
    form = forms.CredentialForm(request.POST or None, partnership=p)
    if request.method == "POST":
        if not can_edit:
            raise PermissionDenied
        if form.is_valid():
            data = dict(form.cleaned_data)
            try:
                credential = services.credential_create(
                    partnership=p, stacks_into=data.pop("stacks_into"), **data
                )
            except ValidationError as error:
                add_errors(form, error)
            else:
                messages.success(request, f"Added {credential.name}.")
                return redirect("inventory:credentials", slug)
    items = list(selectors.credentials_for(p))
    shared = services.credential_ids_used_beyond(access.membership) if can_edit else set()
    return render(
        request,
        "inventory/credentials.html",
        _context(
            access,
            form=form,
            credentials=[
                (c, can_edit and services.can_edit_credential(access.membership, c, shared=shared))
                for c in items
            ],
            can_edit=can_edit,
        ),
    )


@login_required
def credential_edit(request: HttpRequest, slug: str, pk: int) -> HttpResponse:
    access = get_partnership_for(request.user, slug, Need.TEAM)
    if not services.can_add_programs(access.membership):
        raise PermissionDenied
    credential = get_object_or_404(access.partnership.credentials, pk=pk)
    if not services.can_edit_credential(access.membership, credential):
        raise PermissionDenied(
            "Other organizations' programs use this credential: the convener, or the "
            "organization that issues it, changes it."
        )
    form = forms.CredentialForm(
        request.POST or None, instance=credential, partnership=access.partnership
    )
    if request.method == "POST":
        if request.POST.get("delete"):
            try:
                services.credential_delete(credential=credential, membership=access.membership)
            except ValidationError as error:
                messages.error(request, error_text(error))
                return redirect("inventory:credential_edit", slug, pk)
            messages.success(request, f"Deleted {credential.name}.")
            return redirect("inventory:credentials", slug)
        if form.is_valid():
            data = dict(form.cleaned_data)
            try:
                services.credential_update(
                    credential=credential,
                    membership=access.membership,
                    stacks_into=data.pop("stacks_into"),
                    **data,
                )
            except ValidationError as error:
                add_errors(form, error)
            else:
                messages.success(request, f"Saved {credential.name}.")
                return redirect("inventory:credentials", slug)
    return render(
        request,
        "inventory/credential_form.html",
        _context(access, form=form, credential=credential),
    )
