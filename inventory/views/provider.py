"""Step 4: providers, their contacts, and inviting one to the support team."""

from __future__ import annotations

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.views.decorators.http import require_POST

from inventory import forms, selectors, services
from inventory.models import Provider
from inventory.views.common import _context
from partnerships.access import Access, Need, get_partnership_for
from partnerships.models import Role
from pathways.validation import add_errors, error_text


@login_required
def providers(request: HttpRequest, slug: str) -> HttpResponse:
    access = get_partnership_for(request.user, slug, Need.VIEW)
    p = access.partnership
    form = forms.ProviderForm(request.POST or None)
    if request.method == "POST":
        if not services.can_add_programs(access.membership):
            raise PermissionDenied("Conveners and support partners add providers.")
        if form.is_valid():
            try:
                provider = services.provider_create(partnership=p, **form.cleaned_data)
            except ValidationError as error:
                add_errors(form, error)
            else:
                messages.success(request, f"Added {provider.name} as a provider.")
                return redirect("inventory:provider_detail", slug, provider.pk)
    on_team = set(p.support_partners.values_list("organization_id", flat=True))
    return render(
        request,
        "inventory/providers.html",
        _context(
            access,
            form=form,
            providers=selectors.providers_for(p),
            on_team=on_team,
            can_add=services.can_add_programs(access.membership),
        ),
    )


def _can_edit_provider(access: Access, provider: Provider) -> bool:
    return access.can_manage or (
        access.role == Role.PARTNER
        and access.membership.organization_id == provider.organization_id
    )


@login_required
def provider_detail(request: HttpRequest, slug: str, pk: int) -> HttpResponse:
    access = get_partnership_for(request.user, slug, Need.VIEW)
    provider = get_object_or_404(selectors.providers_for(access.partnership), pk=pk)
    can_edit = _can_edit_provider(access, provider)
    form = forms.ProviderEditForm(request.POST or None, instance=provider, prefix="provider")
    contact_form = forms.ContactForm(request.POST or None, prefix="contact")
    if request.method == "POST":
        if not can_edit:
            raise PermissionDenied
        if "provider-kind" in request.POST and form.is_valid():
            services.provider_update(provider=provider, **form.cleaned_data)
            messages.success(request, f"Saved {provider.name}.")
            return redirect("inventory:provider_detail", slug, pk)
        if "contact-name" in request.POST and contact_form.is_valid():
            try:
                services.provider_contact_add(provider=provider, **contact_form.cleaned_data)
            except ValidationError as error:
                add_errors(contact_form, error)
            else:
                messages.success(request, f"Added {contact_form.cleaned_data['name']}.")
                return redirect("inventory:provider_detail", slug, pk)
    if "contact-name" not in request.POST:
        contact_form = forms.ContactForm(prefix="contact")
    if "provider-kind" not in request.POST:
        form = forms.ProviderEditForm(instance=provider, prefix="provider")
    return render(
        request,
        "inventory/provider_detail.html",
        _context(
            access,
            provider=provider,
            form=form,
            contact_form=contact_form,
            can_edit=can_edit,
            programs=provider.programs.order_by("name"),
            on_team=access.partnership.support_partners.filter(
                organization_id=provider.organization_id
            ).exists(),
        ),
    )


@login_required
@require_POST
def contact_remove(request: HttpRequest, slug: str, pk: int, contact_pk: int) -> HttpResponse:
    access = get_partnership_for(request.user, slug, Need.TEAM)
    provider = get_object_or_404(Provider, partnership=access.partnership, pk=pk)
    if not _can_edit_provider(access, provider):
        raise PermissionDenied
    contact = get_object_or_404(provider.contacts, pk=contact_pk)
    services.provider_contact_remove(contact=contact)
    messages.success(request, f"Removed {contact.name}.")
    return redirect("inventory:provider_detail", slug, pk)


@login_required
@require_POST
def provider_invite(request: HttpRequest, slug: str, pk: int) -> HttpResponse:
    access = get_partnership_for(request.user, slug, Need.MANAGE)
    provider = get_object_or_404(
        Provider.objects.select_related("organization", "partnership"),
        partnership=access.partnership,
        pk=pk,
    )
    try:
        services.provider_invite_to_support_team(provider=provider)
    except ValidationError as error:
        messages.error(request, error_text(error))
    else:
        messages.success(
            request,
            f"{provider.name} is on the support team. Record their roles and MOU on the "
            "Support team page.",
        )
    back = request.POST.get("next")
    return redirect(
        back if back in ("inventory:providers", "inventory:coverage") else "inventory:coverage",
        slug,
    )
