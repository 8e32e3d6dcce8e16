"""Steps 1 and 2 and the tracker. Every view: check access, validate, call a service, redirect."""

from __future__ import annotations

from functools import partial

from django.contrib import messages
from django.contrib.auth import login
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import FileResponse, Http404, HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.views.decorators.http import require_POST

from partnerships import forms, naics, selectors, services, steps
from partnerships.access import Need, get_partnership_for
from partnerships.models import Invitation, Partnership, Role
from pathways.concurrency import EditConflict
from pathways.validation import add_errors, error_text


def _attempt(request: HttpRequest, action, success) -> bool:
    """Run a service for a button press and say how it went: a refusal becomes the message.

    `success` is the message, or a function of the service's result that makes it.
    """
    try:
        result = action()
    except ValidationError as error:
        messages.error(request, error_text(error))
        return False
    messages.success(request, success(result) if callable(success) else success)
    return True


def _submit(request: HttpRequest, form, action, success) -> bool:
    """A form's POST: validate it and run its service; the service's refusals go back onto
    the form so the person sees what to fix beside what they typed."""
    if not form.is_valid():
        return False
    try:
        result = action(**form.cleaned_data)
    except ValidationError as error:
        add_errors(form, error)
        return False
    messages.success(request, success(result) if callable(success) else success)
    return True


def _form_page(request: HttpRequest, access, form, title: str, *, back: tuple[str, str]):
    """A page with one form on it; `back` is the (URL name, label) of the list it edits."""
    return render(
        request,
        "partnerships/form_page.html",
        {
            "access": access,
            "partnership": access.partnership,
            "form": form,
            "title": title,
            "back": (f"partnerships:{back[0]}", back[1]),
        },
    )


def _form_problems(form) -> str:
    return " ".join(e for errors in form.errors.values() for e in errors)


def _rebase_on_conflict(form, conflict: EditConflict) -> None:
    """Keep what the person typed, point the form at the newer version, and say what changed."""
    form.rebase(conflict.current)
    form.add_error(
        None,
        "Someone else saved this while you were editing. Your changes are still in the form "
        "below, the fields you did not change now show theirs, and nothing was overwritten. "
        "Compare the two versions, then save again to keep yours and theirs.",
    )


# --- dashboard-level pages -----------------------------------------------------------


@login_required
def partnership_create(request: HttpRequest) -> HttpResponse:
    form = forms.PartnershipCreateForm(request.POST or None)
    create = partial(services.partnership_create, actor=request.user)
    if request.method == "POST" and _submit(
        request, form, create, lambda p: f"{p.name} is ready. Start with step 1."
    ):
        return redirect("partnerships:detail", form.cleaned_data["slug"])
    return render(request, "partnerships/partnership_create.html", {"form": form})


@login_required
def partnership_detail(request: HttpRequest, slug: str) -> HttpResponse:
    access = get_partnership_for(request.user, slug, Need.VIEW)
    p = access.partnership
    return render(
        request,
        "partnerships/partnership_detail.html",
        {
            "access": access,
            "partnership": p,
            **selectors.partnership_overview(p),
            "states": steps.step_states(p, with_criteria=False),
        },
    )


@login_required
def partnership_edit(request: HttpRequest, slug: str) -> HttpResponse:
    access = get_partnership_for(request.user, slug, Need.MANAGE)
    p = access.partnership
    form = forms.PartnershipForm(request.POST or None, instance=p)
    conflict = None
    if request.method == "POST" and form.is_valid():
        data = form.changed_fields()
        try:
            services.partnership_update(
                partnership=Partnership.objects.get(pk=p.pk),
                expected_version=form.cleaned_data["version"],
                **data,
            )
        except EditConflict as error:
            conflict = error
            _rebase_on_conflict(form, error)
        except ValidationError as error:
            add_errors(form, error)
        else:
            messages.success(request, "Partnership profile saved.")
            return redirect("partnerships:edit", slug)
    return render(
        request,
        "partnerships/partnership_edit.html",
        {
            "access": access,
            "partnership": p,
            "form": form,
            "conflict": conflict,
            "industry_form": forms.IndustryForm(),
            "area_form": forms.AreaForm(partnership=p),
            "industries": p.industries.all(),
            "areas": p.areas.all(),
            "naics_suggestions": naics.SUGGESTIONS,
        },
    )


@login_required
@require_POST
def industry_add(request: HttpRequest, slug: str) -> HttpResponse:
    access = get_partnership_for(request.user, slug, Need.MANAGE)
    form = forms.IndustryForm(request.POST)
    if form.is_valid():
        _attempt(
            request,
            lambda: services.industry_add(partnership=access.partnership, **form.cleaned_data),
            lambda industry: f"Added NAICS {industry.naics_code}.",
        )
    else:
        messages.error(request, _form_problems(form))
    return redirect("partnerships:edit", slug)


@login_required
@require_POST
def industry_remove(request: HttpRequest, slug: str, pk: int) -> HttpResponse:
    access = get_partnership_for(request.user, slug, Need.MANAGE)
    industry = get_object_or_404(access.partnership.industries, pk=pk)
    _attempt(
        request,
        lambda: services.industry_remove(industry=industry),
        f"Removed NAICS {industry.naics_code}.",
    )
    return redirect("partnerships:edit", slug)


@login_required
@require_POST
def area_add(request: HttpRequest, slug: str) -> HttpResponse:
    access = get_partnership_for(request.user, slug, Need.MANAGE)
    form = forms.AreaForm(request.POST, partnership=access.partnership)
    if form.is_valid():
        _attempt(
            request,
            lambda: services.area_add(partnership=access.partnership, **form.cleaned_data),
            lambda area: f"Added {area.name} to the region.",
        )
    else:
        messages.error(request, _form_problems(form))
    return redirect("partnerships:edit", slug)


@login_required
@require_POST
def area_remove(request: HttpRequest, slug: str, pk: int) -> HttpResponse:
    access = get_partnership_for(request.user, slug, Need.MANAGE)
    area = get_object_or_404(access.partnership.areas, pk=pk)
    services.area_remove(area=area)
    messages.success(request, f"Removed {area.name} from the region.")
    return redirect("partnerships:edit", slug)


# --- organizations and the talent committee ------------------------------------------


@login_required
def organization_list(request: HttpRequest, slug: str) -> HttpResponse:
    access = get_partnership_for(request.user, slug, Need.TEAM)
    p = access.partnership
    form = forms.OrganizationForm(request.POST or None)
    if request.method == "POST":
        if not access.can_manage:
            raise PermissionDenied
        create = partial(services.organization_create, partnership=p)
        if _submit(request, form, create, lambda org: f"Added {org.name}."):
            return redirect("partnerships:organizations", slug)
    return render(
        request,
        "partnerships/organization_list.html",
        {
            "access": access,
            "partnership": p,
            "form": form,
            "organizations": selectors.organizations_for(p),
        },
    )


@login_required
def organization_edit(request: HttpRequest, slug: str, pk: int) -> HttpResponse:
    access = get_partnership_for(request.user, slug, Need.MANAGE)
    organization = get_object_or_404(access.partnership.organizations, pk=pk)
    form = forms.OrganizationForm(request.POST or None, instance=organization)
    update = partial(services.organization_update, organization=organization)
    if request.method == "POST" and _submit(request, form, update, f"Saved {organization.name}."):
        return redirect("partnerships:organizations", slug)
    return _form_page(
        request, access, form, f"Edit {organization.name}", back=("organizations", "Organizations")
    )


@login_required
@require_POST
def organization_delete(request: HttpRequest, slug: str, pk: int) -> HttpResponse:
    access = get_partnership_for(request.user, slug, Need.MANAGE)
    organization = get_object_or_404(access.partnership.organizations, pk=pk)
    _attempt(
        request,
        lambda: services.organization_delete(organization=organization),
        f"Removed {organization.name}.",
    )
    return redirect("partnerships:organizations", slug)


@login_required
def committee(request: HttpRequest, slug: str) -> HttpResponse:
    access = get_partnership_for(request.user, slug, Need.TEAM)
    p = access.partnership
    form = forms.CommitteeMemberForm(request.POST or None, partnership=p)
    if request.method == "POST":
        if not access.can_manage:
            raise PermissionDenied
        add = partial(services.committee_member_add, partnership=p)
        if _submit(request, form, add, lambda m: f"{m.name} joined the talent committee."):
            return redirect("partnerships:committee", slug)
    return render(
        request,
        "partnerships/committee.html",
        {
            "access": access,
            "partnership": p,
            "form": form,
            "members": p.committee_members.select_related("organization"),
        },
    )


@login_required
def committee_member_edit(request: HttpRequest, slug: str, pk: int) -> HttpResponse:
    access = get_partnership_for(request.user, slug, Need.MANAGE)
    member = get_object_or_404(access.partnership.committee_members, pk=pk)
    form = forms.CommitteeMemberForm(
        request.POST or None, instance=member, partnership=access.partnership
    )
    update = partial(services.committee_member_update, member=member)
    if request.method == "POST" and _submit(request, form, update, f"Saved {member.name}."):
        return redirect("partnerships:committee", slug)
    return _form_page(
        request, access, form, f"Edit {member.name}", back=("committee", "Talent committee")
    )


@login_required
@require_POST
def committee_member_remove(request: HttpRequest, slug: str, pk: int) -> HttpResponse:
    access = get_partnership_for(request.user, slug, Need.MANAGE)
    member = get_object_or_404(access.partnership.committee_members, pk=pk)
    _attempt(
        request,
        lambda: services.committee_member_remove(member=member),
        f"{member.name} left the talent committee.",
    )
    return redirect("partnerships:committee", slug)


# --- members and invitations ---------------------------------------------------------


@login_required
def members(request: HttpRequest, slug: str) -> HttpResponse:
    access = get_partnership_for(request.user, slug, Need.TEAM)
    p = access.partnership
    form = forms.InvitationForm(request.POST or None, partnership=p)
    if request.method == "POST":
        if not access.can_manage:
            raise PermissionDenied
        invite = partial(services.invitation_create, partnership=p, actor=request.user)
        if _submit(request, form, invite, lambda i: f"Invitation sent to {i.email}."):
            return redirect("partnerships:members", slug)
    return render(
        request,
        "partnerships/members.html",
        {
            "access": access,
            "partnership": p,
            "form": form,
            "memberships": selectors.memberships_for(p),
            "invitations": selectors.invitations_for(p) if access.can_manage else [],
            "roles": Role.choices,
            "organizations": p.organizations.all() if access.can_manage else [],
        },
    )


@login_required
@require_POST
def membership_role(request: HttpRequest, slug: str, pk: int) -> HttpResponse:
    access = get_partnership_for(request.user, slug, Need.MANAGE)
    membership = get_object_or_404(access.partnership.memberships.select_related("user"), pk=pk)
    form = forms.MembershipRoleForm(request.POST, partnership=access.partnership)
    if form.is_valid():
        _attempt(
            request,
            lambda: services.membership_change_role(membership=membership, **form.cleaned_data),
            lambda m: (
                f"{m.user.get_full_name() or m.user.username} is now "
                f"{m.get_role_display().lower()}."
            ),
        )
    else:
        messages.error(request, "Choose a role from the list.")
    return redirect("partnerships:members", slug)


@login_required
@require_POST
def membership_remove(request: HttpRequest, slug: str, pk: int) -> HttpResponse:
    access = get_partnership_for(request.user, slug, Need.MANAGE)
    membership = get_object_or_404(access.partnership.memberships.select_related("user"), pk=pk)
    removed = _attempt(
        request,
        lambda: services.membership_remove(membership=membership),
        f"Removed {membership.user.get_full_name() or membership.user.username}.",
    )
    if removed and membership.user_id == request.user.pk:
        return redirect("home")
    return redirect("partnerships:members", slug)


@login_required
@require_POST
def invitation_resend(request: HttpRequest, slug: str, pk: int) -> HttpResponse:
    access = get_partnership_for(request.user, slug, Need.MANAGE)
    invitation = get_object_or_404(access.partnership.invitations, pk=pk)
    _attempt(
        request,
        lambda: services.invitation_resend(invitation=invitation),
        f"Invitation sent again to {invitation.email}.",
    )
    return redirect("partnerships:members", slug)


@login_required
@require_POST
def invitation_revoke(request: HttpRequest, slug: str, pk: int) -> HttpResponse:
    access = get_partnership_for(request.user, slug, Need.MANAGE)
    invitation = get_object_or_404(access.partnership.invitations, pk=pk)
    _attempt(
        request,
        lambda: services.invitation_revoke(invitation=invitation),
        f"Invitation to {invitation.email} withdrawn.",
    )
    return redirect("partnerships:members", slug)


def invitation_accept(request: HttpRequest, token: str) -> HttpResponse:
    """Public: the link from the invitation email. New people create their account here."""
    invitation = (
        Invitation.objects.select_related("partnership", "organization", "invited_by")
        .filter(token=token)
        .first()
    )
    if invitation is None:
        raise Http404("This invitation link is not valid.")
    signup = forms.SignupForm(
        request.POST if request.method == "POST" and not request.user.is_authenticated else None,
        initial={"username": invitation.email.split("@")[0]},
    )
    if request.method == "POST" and invitation.is_open:
        membership = None
        try:
            if request.user.is_authenticated:
                membership = services.invitation_accept(invitation=invitation, user=request.user)
            elif signup.is_valid():
                membership = services.invitation_accept_as_new_user(
                    invitation=invitation, user=signup.save(commit=False)
                )
                login(request, membership.user, backend="django.contrib.auth.backends.ModelBackend")
        except ValidationError as error:
            messages.error(request, error_text(error))
        if membership is not None:
            messages.success(request, f"Welcome to {invitation.partnership.name}.")
            return redirect(invitation.partnership)
    user = request.user
    return render(
        request,
        "partnerships/invitation_accept.html",
        {
            "invitation": invitation,
            "signup": signup,
            "other_address": user.is_authenticated
            and (user.email or "").strip().lower() != invitation.email.lower(),
            "already_member": user.is_authenticated
            and invitation.partnership.memberships.filter(user=user).exists(),
        },
    )


# --- convenings ----------------------------------------------------------------------


@login_required
def convening_list(request: HttpRequest, slug: str) -> HttpResponse:
    access = get_partnership_for(request.user, slug, Need.TEAM)
    return render(
        request,
        "partnerships/convening_list.html",
        {
            "access": access,
            "partnership": access.partnership,
            "convenings": selectors.convenings_for(access.partnership),
        },
    )


@login_required
def convening_create(request: HttpRequest, slug: str) -> HttpResponse:
    access = get_partnership_for(request.user, slug, Need.MANAGE)
    p = access.partnership
    initial = {
        "step": request.GET.get(
            "step", steps.current_step(p).number if steps.current_step(p) else 1
        )
    }
    form = forms.ConveningForm(request.POST or None, partnership=p, initial=initial)
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        attendees = data.pop("attendees")
        try:
            convening = services.convening_create(
                partnership=p, actor=request.user, attendees=attendees, **data
            )
        except ValidationError as error:
            add_errors(form, error)
        else:
            messages.success(request, "Convening recorded. Add the guests who came.")
            return redirect(convening)
    return render(
        request,
        "partnerships/convening_form.html",
        {"access": access, "partnership": p, "form": form},
    )


@login_required
def convening_detail(request: HttpRequest, slug: str, pk: int) -> HttpResponse:
    access = get_partnership_for(request.user, slug, Need.TEAM)
    convening = get_object_or_404(selectors.convenings_for(access.partnership), pk=pk)
    guest_form = forms.GuestForm(request.POST or None)
    if request.method == "POST":
        if not access.can_manage:
            raise PermissionDenied
        if guest_form.is_valid():
            services.convening_guest_add(convening=convening, **guest_form.cleaned_data)
            messages.success(request, f"Added {guest_form.cleaned_data['name']}.")
            return redirect(convening)
    return render(
        request,
        "partnerships/convening_detail.html",
        {
            "access": access,
            "partnership": access.partnership,
            "convening": convening,
            "guest_form": guest_form,
            "step": steps.get_step(convening.step),
        },
    )


@login_required
def convening_edit(request: HttpRequest, slug: str, pk: int) -> HttpResponse:
    access = get_partnership_for(request.user, slug, Need.MANAGE)
    p = access.partnership
    convening = get_object_or_404(p.convenings, pk=pk)
    form = forms.ConveningForm(request.POST or None, instance=convening, partnership=p)
    conflict = None
    if request.method == "POST" and form.is_valid():
        attendees = form.cleaned_data["attendees"] if "attendees" in form.yours() else None
        try:
            services.convening_update(
                convening=p.convenings.get(pk=pk),
                expected_version=form.cleaned_data["version"],
                attendees=attendees,
                **form.changed_fields(),
            )
        except EditConflict as error:
            conflict = error
            _rebase_on_conflict(form, error)
        except ValidationError as error:
            add_errors(form, error)
        else:
            messages.success(request, "Convening saved.")
            return redirect(convening)
    return render(
        request,
        "partnerships/convening_form.html",
        {
            "access": access,
            "partnership": p,
            "form": form,
            "convening": convening,
            "conflict": conflict,
        },
    )


@login_required
@require_POST
def convening_delete(request: HttpRequest, slug: str, pk: int) -> HttpResponse:
    access = get_partnership_for(request.user, slug, Need.MANAGE)
    convening = get_object_or_404(access.partnership.convenings, pk=pk)
    services.convening_delete(convening=convening)
    messages.success(request, f"Deleted {convening.title}.")
    return redirect("partnerships:convenings", slug)


@login_required
@require_POST
def convening_guest_remove(request: HttpRequest, slug: str, pk: int, guest_pk: int) -> HttpResponse:
    access = get_partnership_for(request.user, slug, Need.MANAGE)
    convening = get_object_or_404(access.partnership.convenings, pk=pk)
    guest = get_object_or_404(convening.guests, pk=guest_pk)
    services.convening_guest_remove(guest=guest)
    messages.success(request, f"Removed {guest.name}.")
    return redirect(convening)


# --- the support team ----------------------------------------------------------------


@login_required
def support_team(request: HttpRequest, slug: str) -> HttpResponse:
    access = get_partnership_for(request.user, slug, Need.TEAM)
    p = access.partnership
    form = forms.SupportPartnerAddForm(request.POST or None, partnership=p)
    if request.method == "POST":
        if not access.can_manage:
            raise PermissionDenied
        add = partial(services.support_partner_add, partnership=p)
        if _submit(request, form, add, lambda sp: f"{sp.organization} joined the support team."):
            return redirect("partnerships:support_team", slug)
    coverage = steps.support_team_coverage(p)
    return render(
        request,
        "partnerships/support_team.html",
        {
            "access": access,
            "partnership": p,
            "form": form,
            "coverage": coverage,
            "missing": [row for row in coverage if not row["partners"]],
            "my_organization_id": access.membership.organization_id,
        },
    )


@login_required
def support_partner_edit(request: HttpRequest, slug: str, pk: int) -> HttpResponse:
    access = get_partnership_for(request.user, slug, Need.MANAGE)
    p = access.partnership
    partner = get_object_or_404(p.support_partners.select_related("organization"), pk=pk)
    form = forms.SupportPartnerForm(request.POST or None, request.FILES or None, instance=partner)
    conflict = None
    if request.method == "POST" and form.is_valid():
        data = form.changed_fields()
        if not request.FILES.get("mou_file") and data.get("mou_file") is not False:
            data.pop("mou_file", None)  # no new upload: keep the stored document
        elif data.get("mou_file") is False:
            data["mou_file"] = ""  # "clear" was ticked
        try:
            services.support_partner_update(
                support_partner=p.support_partners.get(pk=pk),
                expected_version=form.cleaned_data["version"],
                **data,
            )
        except EditConflict as error:
            conflict = error
            _rebase_on_conflict(form, error)
        except ValidationError as error:
            add_errors(form, error)
        else:
            messages.success(request, f"Saved {partner.organization.name}.")
            return redirect("partnerships:support_team", slug)
    return render(
        request,
        "partnerships/support_partner_form.html",
        {
            "access": access,
            "partnership": p,
            "form": form,
            "partner": partner,
            "conflict": conflict,
        },
    )


@login_required
@require_POST
def support_partner_accept(request: HttpRequest, slug: str, pk: int) -> HttpResponse:
    access = get_partnership_for(request.user, slug, Need.TEAM)
    partner = get_object_or_404(
        access.partnership.support_partners.select_related("organization"), pk=pk
    )
    if not services.can_accept_for(access.membership, partner):
        raise PermissionDenied("Only the partner organization itself or a convener can accept.")
    services.support_partner_accept_expectations(support_partner=partner, actor=request.user)
    messages.success(request, f"{partner.organization.name} accepted the team's expectations.")
    return redirect("partnerships:support_team", slug)


@login_required
@require_POST
def support_partner_remove(request: HttpRequest, slug: str, pk: int) -> HttpResponse:
    access = get_partnership_for(request.user, slug, Need.MANAGE)
    partner = get_object_or_404(
        access.partnership.support_partners.select_related("organization"), pk=pk
    )
    services.support_partner_remove(support_partner=partner)
    messages.success(request, f"{partner.organization.name} left the support team.")
    return redirect("partnerships:support_team", slug)


@login_required
def support_partner_mou(request: HttpRequest, slug: str, pk: int) -> FileResponse:
    """MOUs are private to the team, so they are served through this check, never as media."""
    access = get_partnership_for(request.user, slug, Need.TEAM)
    partner = get_object_or_404(access.partnership.support_partners, pk=pk)
    if not partner.mou_file:
        raise Http404("No MOU document uploaded.")
    return FileResponse(
        partner.mou_file.open("rb"),
        as_attachment=True,
        filename=partner.mou_file.name.rsplit("/", 1)[-1],
    )


# --- the tracker ---------------------------------------------------------------------


@login_required
def tracker(request: HttpRequest, slug: str) -> HttpResponse:
    access = get_partnership_for(request.user, slug, Need.VIEW)
    return render(
        request,
        "partnerships/tracker.html",
        {
            "access": access,
            "partnership": access.partnership,
            "states": steps.step_states(access.partnership),
        },
    )


@login_required
def step_detail(request: HttpRequest, slug: str, number: int) -> HttpResponse:
    access = get_partnership_for(request.user, slug, Need.VIEW)
    if steps.get_step(number) is None:
        raise Http404("There are eight steps.")
    p = access.partnership
    state = steps.step_state(p, number)
    step = state.step
    return render(
        request,
        "partnerships/step_detail.html",
        {
            "access": access,
            "partnership": p,
            "state": state,
            "step": step,
            "work_pages": step.pages_for(access),
            "outcome": step.outcome_summary(p) if step.outcome_summary else None,
            "form": forms.StepCompleteForm(),
            "convenings": p.convenings.filter(step=number),
            "previous": steps.get_step(number - 1),
            "next": steps.get_step(number + 1),
        },
    )


@login_required
@require_POST
def step_complete(request: HttpRequest, slug: str, number: int) -> HttpResponse:
    access = get_partnership_for(request.user, slug, Need.MANAGE)
    if steps.get_step(number) is None:
        raise Http404
    form = forms.StepCompleteForm(request.POST)
    form.is_valid()
    _attempt(
        request,
        lambda: services.step_complete(
            partnership=access.partnership,
            actor=request.user,
            number=number,
            override_reason=form.cleaned_data.get("override_reason", ""),
        ),
        f"Step {number} is complete.",
    )
    return redirect("partnerships:step", slug, number)


@login_required
@require_POST
def step_reopen(request: HttpRequest, slug: str, number: int) -> HttpResponse:
    access = get_partnership_for(request.user, slug, Need.MANAGE)
    _attempt(
        request,
        lambda: services.step_reopen(partnership=access.partnership, number=number),
        f"Step {number} is open again.",
    )
    return redirect("partnerships:step", slug, number)
