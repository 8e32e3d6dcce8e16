"""Step 4: one program (add, view, edit, delete, review, comment) and the occupations
it prepares for."""

from __future__ import annotations

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.template.defaultfilters import pluralize
from django.views.decorators.http import require_POST

from inventory import forms, selectors, services
from inventory.crosswalk import crosswalk_loaded, soc_for_cip
from inventory.models import Program
from inventory.views.common import _context, _program_for, _rebase_on_conflict
from partnerships.access import Access, Need, get_partnership_for
from partnerships.models import Role
from pathways.concurrency import EditConflict
from pathways.validation import add_errors, error_text


def _providers_for_editing(access: Access):
    providers = selectors.provider_choices(access.partnership)
    if access.role == Role.PARTNER:
        providers = providers.filter(organization_id=access.membership.organization_id)
    return providers


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
