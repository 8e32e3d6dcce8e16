"""Step 4: the program inventory. Every view: check access, validate, call a service,
redirect (or render a table row for htmx)."""

from __future__ import annotations

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.paginator import Paginator
from django.http import FileResponse, Http404, HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.template.defaultfilters import pluralize
from django.urls import reverse
from django.utils import timezone
from django.views.decorators.http import require_POST

from inventory import exports, forms, selectors, services
from inventory.crosswalk import crosswalk_loaded, soc_for_cip
from inventory.models import (
    Linkage,
    Program,
    ProgramImport,
    ProgramType,
    Provider,
)
from partnerships.access import Access, Need, get_partnership_for
from partnerships.models import Role
from pathways.concurrency import EditConflict
from pathways.validation import add_errors, error_text


def _rebase_on_conflict(form, conflict: EditConflict) -> None:
    """Keep what the person typed, point the form at the newer version, and show both
    versions as people read them (labels for choices, yes/no, names)."""
    form.rebase(conflict.current)
    by_label = {str(f.verbose_name): f.name for f in Program._meta.fields}
    conflict.changed = [
        (
            label,
            services.display_value(by_label.get(str(label), ""), theirs),
            services.display_value(by_label.get(str(label), ""), yours),
        )
        for label, theirs, yours in conflict.changed
    ]


def _program_for(access: Access, pk: int, *, edit: bool = False) -> Program:
    """The one getter for a program: 404 outside the partnership, 403 without edit rights."""
    program = get_object_or_404(
        Program.objects.select_related("provider__organization", "partnership"),
        partnership=access.partnership,
        pk=pk,
    )
    if edit and not services.can_edit_program(access.membership, program):
        raise PermissionDenied("Only the convener or the provider's own team can change this.")
    return program


def _context(access: Access, **extra) -> dict:
    return {
        "access": access,
        "partnership": access.partnership,
        # Rows link to their program by appending the id: one reverse() per page, not per row.
        "programs_base": reverse("inventory:programs", args=[access.partnership.slug])
        + "programs/",
        **extra,
    }


def _providers_for_editing(access: Access):
    providers = selectors.provider_choices(access.partnership)
    if access.role == Role.PARTNER:
        providers = providers.filter(organization_id=access.membership.organization_id)
    return providers


# --- the inventory table -----------------------------------------------------------------


@login_required
def programs(request: HttpRequest, slug: str) -> HttpResponse:
    access = get_partnership_for(request.user, slug, Need.VIEW)
    p = access.partnership
    filters = selectors.InventoryFilters.from_query(request.GET)
    page = Paginator(selectors.programs_for_inventory(p, filters), selectors.PAGE_SIZE).get_page(
        request.GET.get("page")
    )
    query = request.GET.copy()
    query.pop("page", None)
    sort_query = query.copy()
    sort_query.pop("sort", None)
    return render(
        request,
        "inventory/programs.html",
        _context(
            access,
            page=page,
            page_numbers=page.paginator.get_elided_page_range(page.number, on_each_side=2),
            ellipsis=Paginator.ELLIPSIS,
            rows=[
                _row(access, program)
                for program in selectors.attach_occupations(list(page.object_list))
            ],
            filters=filters,
            query=query.urlencode(),
            sort_query=sort_query.urlencode(),
            summary=selectors.inventory_summary(p),
            providers=selectors.provider_choices(p),
            program_types=ProgramType.choices,
            statuses=Program.Status.choices,
            bulk_actions=services.BULK_ACTIONS,
            can_add=services.can_add_programs(access.membership),
            can_review=services.can_review(access.membership),
            flags=selectors.open_flags(p),
            name_sorts=[("name", "Program"), ("provider", "Provider")],
            columns=COLUMNS,
        ),
    )


COLUMNS = [
    ("type", "Type", False),
    ("status", "Status", False),
    ("hours", "Hours", True),
    ("tuition", "Tuition", True),
    ("completions", "Completions", True),
    ("capacity", "Seats", True),
    ("placement", "Placed", True),
]


def _row(access: Access, program: Program) -> dict:
    can_edit = services.can_edit_program(access.membership, program)
    return {
        "program": program,
        "can_edit": can_edit,
        "can_select": can_edit or services.can_review(access.membership),
    }


@login_required
def program_row(request: HttpRequest, slug: str, pk: int) -> HttpResponse:
    """A table row for htmx: as shown, or (?edit=1) as in-place inputs."""
    access = get_partnership_for(request.user, slug, Need.VIEW)
    program = _program_for(access, pk, edit=request.GET.get("edit") == "1")
    if request.GET.get("edit") == "1":
        return _render_inline(request, access, program, forms.InlineProgramForm(instance=program))
    program = _table_program(access, program.pk)
    return render(
        request, "inventory/_program_row.html", _context(access, row=_row(access, program))
    )


def _table_program(access: Access, pk: int) -> Program:
    program = Program.objects.for_table(access.partnership).get(pk=pk)
    return selectors.attach_occupations([program])[0]


def _render_inline(request, access, program, form, conflict=None) -> HttpResponse:
    # Always 200: htmx swaps only successful responses, and errors belong in the row.
    return render(
        request,
        "inventory/_program_row_edit.html",
        _context(access, program=program, form=form, conflict=conflict),
    )


@login_required
@require_POST
def program_inline(request: HttpRequest, slug: str, pk: int) -> HttpResponse:
    access = get_partnership_for(request.user, slug, Need.TEAM)
    program = _program_for(access, pk, edit=True)
    form = forms.InlineProgramForm(request.POST, instance=program)
    if not form.is_valid():
        return _render_inline(request, access, program, form)
    try:
        services.program_update(
            program=Program.objects.select_related("provider__organization").get(pk=program.pk),
            actor=request.user,
            expected_version=form.cleaned_data["version"],
            via="in place",
            **form.changed_fields(),
        )
    except EditConflict as conflict:
        _rebase_on_conflict(form, conflict)
        return _render_inline(request, access, program, form, conflict=conflict)
    except ValidationError as error:
        add_errors(form, error)
        return _render_inline(request, access, program, form)
    program = _table_program(access, program.pk)
    return render(
        request,
        "inventory/_program_row.html",
        _context(access, row=_row(access, program), saved=True),
    )


@login_required
@require_POST
def programs_bulk(request: HttpRequest, slug: str) -> HttpResponse:
    access = get_partnership_for(request.user, slug, Need.TEAM)
    ids = [int(i) for i in request.POST.getlist("program") if i.isdigit()]
    chosen = list(
        Program.objects.filter(partnership=access.partnership, pk__in=ids).select_related(
            "provider__organization"
        )
    )
    if not chosen:
        messages.error(request, "Tick at least one program first.")
    else:
        try:
            done, skipped = services.programs_bulk(
                membership=access.membership,
                actor=request.user,
                programs=chosen,
                action=request.POST.get("action", ""),
            )
        except ValidationError as error:
            messages.error(request, error_text(error))
        except EditConflict:
            messages.error(
                request,
                "Someone changed one of those programs a moment ago; nothing was changed. "
                "Try again.",
            )
        else:
            label = services.BULK_ACTIONS[request.POST["action"]].lower()
            messages.success(request, f"{label.capitalize()}: {done} program{pluralize(done)}.")
            if skipped:
                messages.warning(
                    request,
                    f"Skipped {len(skipped)} program{pluralize(len(skipped))} you may not change: "
                    + ", ".join(skipped[:5])
                    + ("…" if len(skipped) > 5 else ""),
                )
    back = request.POST.get("next", "")
    return redirect(f"{_inventory_url(slug)}?{back}" if back else _inventory_url(slug))


def _inventory_url(slug: str) -> str:
    return reverse("inventory:programs", args=[slug])


# --- one program ---------------------------------------------------------------------------


@login_required
def program_create(request: HttpRequest, slug: str) -> HttpResponse:
    access = get_partnership_for(request.user, slug, Need.TEAM)
    if not services.can_add_programs(access.membership):
        raise PermissionDenied("Conveners and support partners add programs.")
    p = access.partnership
    form = forms.ProgramForm(request.POST or None, partnership=p)
    if request.method == "POST" and form.is_valid():
        data = dict(form.cleaned_data)
        data.pop("confirm_unusual", None)
        try:
            program = services.program_create(
                partnership=p,
                actor=request.user,
                membership=access.membership,
                credentials=data.pop("credentials"),
                entry_credentials=data.pop("entry_credentials"),
                **data,
            )
        except ValidationError as error:
            add_errors(form, error)
        else:
            if program.status == Program.Status.PROPOSED and data.get("status") != "proposed":
                messages.info(
                    request,
                    f"{program.name} is listed as proposed: {program.provider.name} or the "
                    "convener will confirm it.",
                )
            messages.success(request, f"Added {program.name}.")
            return redirect(program)
    return render(request, "inventory/program_form.html", _context(access, form=form))


@login_required
def program_detail(request: HttpRequest, slug: str, pk: int) -> HttpResponse:
    access = get_partnership_for(request.user, slug, Need.VIEW)
    program = selectors.program_for_page(access.partnership, pk)
    if program is None:
        raise Http404("No such program in this inventory.")
    suggestions_pending = [o for o in program.occupations.all() if not o.confirmed]
    return render(
        request,
        "inventory/program_detail.html",
        _context(
            access,
            program=program,
            can_edit=services.can_edit_program(access.membership, program),
            can_review=services.can_review(access.membership),
            confirmed=[o for o in program.occupations.all() if o.confirmed],
            suggestions=suggestions_pending,
            crosswalk_loaded=crosswalk_loaded(),
            history=selectors.program_history(program),
            comment_form=forms.CommentForm(),
            occupation_form=forms.OccupationForm(),
        ),
    )


@login_required
def program_edit(request: HttpRequest, slug: str, pk: int) -> HttpResponse:
    access = get_partnership_for(request.user, slug, Need.TEAM)
    program = _program_for(access, pk, edit=True)
    form = forms.ProgramForm(
        request.POST or None,
        instance=program,
        partnership=access.partnership,
        providers=_providers_for_editing(access),
    )
    conflict = None
    if request.method == "POST" and form.is_valid():
        data = form.changed_fields()
        try:
            services.program_update(
                program=Program.objects.select_related("provider__organization").get(pk=pk),
                actor=request.user,
                expected_version=form.cleaned_data["version"],
                credentials=form.changed_credentials("credentials"),
                entry_credentials=form.changed_credentials("entry_credentials"),
                **data,
            )
        except EditConflict as error:
            conflict = error
            _rebase_on_conflict(form, error)
            form.add_error(
                None,
                "Someone else saved this program while you were editing. Your changes are "
                "still in the form, the fields you did not change now show theirs, and nothing "
                "was overwritten. Compare the two versions, then save again to keep yours and "
                "theirs.",
            )
        except ValidationError as error:
            add_errors(form, error)
        else:
            messages.success(request, f"Saved {form.cleaned_data['name']}.")
            return redirect("inventory:program_detail", slug, pk)
    return render(
        request,
        "inventory/program_form.html",
        _context(access, form=form, program=program, conflict=conflict),
    )


@login_required
@require_POST
def program_delete(request: HttpRequest, slug: str, pk: int) -> HttpResponse:
    access = get_partnership_for(request.user, slug, Need.TEAM)
    program = _program_for(access, pk, edit=True)
    services.program_delete(program=program, actor=request.user)
    messages.success(request, f"Deleted {program.name}. Its history is kept.")
    return redirect("inventory:programs", slug)


@login_required
@require_POST
def program_review(request: HttpRequest, slug: str, pk: int) -> HttpResponse:
    access = get_partnership_for(request.user, slug, Need.TEAM)
    if not services.can_review(access.membership):
        raise PermissionDenied("Industry champions review the inventory.")
    program = _program_for(access, pk)
    services.program_mark_reviewed(program=program, actor=request.user)
    messages.success(request, f"Marked {program.name} as reviewed.")
    return redirect("inventory:program_detail", slug, pk)


@login_required
@require_POST
def program_comment(request: HttpRequest, slug: str, pk: int) -> HttpResponse:
    access = get_partnership_for(request.user, slug, Need.TEAM)
    program = _program_for(access, pk)
    form = forms.CommentForm(request.POST)
    if form.is_valid():
        services.program_comment_add(
            program=program, actor=request.user, body=form.cleaned_data["body"]
        )
        messages.success(request, "Comment added.")
    else:
        messages.error(request, "Write a comment first.")
    return redirect(f"{program.get_absolute_url()}#comments")


# --- occupations a program prepares for ---------------------------------------------------


@login_required
@require_POST
def occupation_add(request: HttpRequest, slug: str, pk: int) -> HttpResponse:
    access = get_partnership_for(request.user, slug, Need.TEAM)
    program = _program_for(access, pk, edit=True)
    form = forms.OccupationForm(request.POST)
    if form.is_valid():
        try:
            services.program_occupation_add(
                program=program, actor=request.user, **form.cleaned_data
            )
            messages.success(request, f"Added {form.cleaned_data['soc_code']}.")
        except ValidationError as error:
            messages.error(request, error_text(error))
    else:
        messages.error(request, " ".join(e for errs in form.errors.values() for e in errs))
    return redirect(f"{program.get_absolute_url()}#occupations")


@login_required
@require_POST
def occupation_confirm(
    request: HttpRequest, slug: str, pk: int, occupation_pk: int
) -> HttpResponse:
    access = get_partnership_for(request.user, slug, Need.TEAM)
    program = _program_for(access, pk, edit=True)
    occupation = get_object_or_404(program.occupations, pk=occupation_pk)
    services.program_occupation_confirm(occupation=occupation, actor=request.user)
    messages.success(request, f"Confirmed {occupation}.")
    return redirect(f"{program.get_absolute_url()}#occupations")


@login_required
@require_POST
def occupation_remove(request: HttpRequest, slug: str, pk: int, occupation_pk: int) -> HttpResponse:
    access = get_partnership_for(request.user, slug, Need.TEAM)
    program = _program_for(access, pk, edit=True)
    occupation = get_object_or_404(program.occupations, pk=occupation_pk)
    services.program_occupation_remove(occupation=occupation, actor=request.user)
    messages.success(request, f"Removed {occupation}.")
    return redirect(f"{program.get_absolute_url()}#occupations")


@login_required
@require_POST
def occupations_suggest(request: HttpRequest, slug: str, pk: int) -> HttpResponse:
    access = get_partnership_for(request.user, slug, Need.TEAM)
    program = _program_for(access, pk, edit=True)
    if soc_for_cip(program.cip_code) is None:
        messages.info(
            request,
            "The CIP to SOC crosswalk isn't imported yet, so there is nothing to suggest; add "
            "occupations by SOC code instead.",
        )
    else:
        added = services.program_occupations_suggest(program=program)
        messages.success(request, f"{added} new suggestion{pluralize(added)} from the crosswalk.")
    return redirect(f"{program.get_absolute_url()}#occupations")


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


# --- providers ---------------------------------------------------------------------------


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


# --- credentials -------------------------------------------------------------------------


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


# --- linkages ----------------------------------------------------------------------------


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


# --- spreadsheets ------------------------------------------------------------------------


def _format(request: HttpRequest) -> str:
    fmt = request.GET.get("format", "xlsx")
    if fmt not in exports.CONTENT_TYPES:
        raise Http404("Choose xlsx or csv.")
    return fmt


@login_required
def spreadsheet_template(request: HttpRequest, slug: str) -> HttpResponse:
    get_partnership_for(request.user, slug, Need.VIEW)
    fmt = _format(request)
    response = HttpResponse(exports.template(fmt), content_type=exports.CONTENT_TYPES[fmt])
    response["Content-Disposition"] = f'attachment; filename="program-inventory-template.{fmt}"'
    return response


@login_required
def export(request: HttpRequest, slug: str) -> HttpResponse:
    access = get_partnership_for(request.user, slug, Need.VIEW)
    fmt = _format(request)
    filters = selectors.InventoryFilters.from_query(request.GET)
    programs_qs = selectors.programs_for_inventory(access.partnership, filters, for_export=True)
    stamp = timezone.localdate().isoformat()
    name = f"{slug}-programs{'-filtered' if filters.active else ''}-{stamp}.{fmt}"
    response = HttpResponse(
        exports.export_programs(programs_qs, fmt), content_type=exports.CONTENT_TYPES[fmt]
    )
    response["Content-Disposition"] = f'attachment; filename="{name}"'
    return response


@login_required
def import_upload(request: HttpRequest, slug: str) -> HttpResponse:
    access = get_partnership_for(request.user, slug, Need.TEAM)
    if not services.can_add_programs(access.membership):
        raise PermissionDenied("Conveners and support partners import programs.")
    form = forms.ImportForm(
        request.POST or None, request.FILES or None, allow_etpl=access.can_manage
    )
    if request.method == "POST" and form.is_valid():
        record = services.program_import_upload(
            partnership=access.partnership,
            actor=request.user,
            upload=form.cleaned_data["file"],
            layout=form.cleaned_data["layout"],
        )
        return redirect("inventory:import_preview", slug, record.pk)
    return render(request, "inventory/import.html", _context(access, form=form))


def _import_for(access: Access, pk: int) -> ProgramImport:
    record = selectors.program_import_for(access.partnership, pk)
    if record is None:
        raise Http404
    if not access.can_manage and record.uploaded_by_id != access.membership.user_id:
        raise PermissionDenied
    return record


@login_required
def import_preview(request: HttpRequest, slug: str, pk: int) -> HttpResponse:
    access = get_partnership_for(request.user, slug, Need.TEAM)
    record = _import_for(access, pk)
    if record.is_reading or record.is_dead:
        # A worker is reading the file (or stopped): the page polls this fragment.
        partial = request.headers.get("HX-Request")
        template = "inventory/_import_reading.html" if partial else "inventory/import_preview.html"
        return render(request, template, _context(access, record=record))
    plan = services.program_import_plan(program_import=record, membership=access.membership)
    request.session[f"inventory-import-{record.pk}"] = plan.versions()
    if request.headers.get("HX-Request"):
        # Read while the person watched: reload the whole preview.
        response = HttpResponse("")
        response["HX-Refresh"] = "true"
        return response
    return render(
        request,
        "inventory/import_preview.html",
        _context(access, record=record, plan=plan),
    )


@login_required
@require_POST
def import_retry(request: HttpRequest, slug: str, pk: int) -> HttpResponse:
    """Read an upload again after the worker reading it stopped."""
    access = get_partnership_for(request.user, slug, Need.TEAM)
    record = _import_for(access, pk)
    try:
        services.program_import_retry(program_import=record)
    except ValidationError as error:
        messages.error(request, error_text(error))
    return redirect("inventory:import_preview", slug, pk)


@login_required
@require_POST
def import_confirm(request: HttpRequest, slug: str, pk: int) -> HttpResponse:
    access = get_partnership_for(request.user, slug, Need.TEAM)
    record = _import_for(access, pk)
    versions = request.session.get(f"inventory-import-{record.pk}")
    if versions is None:
        messages.error(request, "Look at the preview before confirming.")
        return redirect("inventory:import_preview", slug, pk)
    try:
        summary = services.program_import_confirm(
            program_import=record,
            actor=request.user,
            membership=access.membership,
            previewed_versions=versions,
            unusual_confirmed=request.POST.get("confirm_unusual") == "on",
        )
    except ValidationError as error:
        messages.error(request, error_text(error))
        return redirect("inventory:import_preview", slug, pk)
    request.session.pop(f"inventory-import-{record.pk}", None)
    messages.success(
        request,
        f"Imported {record.file_name}: {summary['created']} program{pluralize(summary['created'])} added, "
        f"{summary['updated']} updated, {summary['unchanged']} unchanged"
        + (
            f", {summary['providers']} new provider{pluralize(summary['providers'])}"
            if summary.get("providers")
            else ""
        )
        + ".",
    )
    return redirect("inventory:programs", slug)


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
