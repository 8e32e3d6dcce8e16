"""Step 8 pages. The plan is for the team (conveners, champions, support partners): never
counselors, never the public. Views check access, call one service, and redirect."""

from __future__ import annotations

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.core.files.storage import default_storage
from django.http import FileResponse, Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.cache import patch_cache_control
from django.views.decorators.http import require_GET, require_http_methods, require_POST

from partnerships.access import Access, Need, get_partnership_for
from pathways.actionplan import (
    exports,
    importers,
    release_watch,
    selectors,
    services,
    sources,
)
from pathways.actionplan.forms import (
    ActionForm,
    HireFeedbackForm,
    NoteForm,
    OutcomeForm,
    OutcomeImportForm,
    RatingForm,
    ReminderForm,
)
from pathways.actionplan.models import (
    DUE_SOON_DAYS,
    NOTE_FRESH_DAYS,
    Action,
    Condition,
    Health,
    HireFeedback,
    Horizon,
    MapReview,
    PlanDocument,
    ProgramOutcome,
    SourceKind,
    Status,
)
from pathways.concurrency import EditConflict
from pathways.validation import add_errors, error_text

FILTERS = ("horizon", "status", "health", "owner_organization_id")


def _action_or_404(access: Access, pk: int) -> Action:
    action = selectors.action_detail(access.partnership, pk)
    if action is None:
        raise Http404("No such action in this partnership's plan.")
    return action


def _filters(request: HttpRequest) -> dict:
    valid = {
        "horizon": set(Horizon.values),
        "status": set(Status.values),
        "health": set(Health.values),
    }
    filters = {}
    for name in FILTERS:
        value = request.GET.get(name, "")
        if name == "owner_organization_id":
            if value.isdigit():
                filters[name] = int(value)
        elif value in valid[name]:
            filters[name] = value
    return filters


@login_required
@require_GET
def plan(request: HttpRequest, slug: str) -> HttpResponse:
    access = get_partnership_for(request.user, slug, Need.TEAM)
    filters = _filters(request)
    everything = selectors.plan_actions(access.partnership)
    actions = selectors.plan_actions(access.partnership, **filters) if filters else everything
    return render(
        request,
        "actionplan/plan.html",
        {
            "access": access,
            "partnership": access.partnership,
            "actions": actions,
            "glance": selectors.at_a_glance(everything),
            "filters": filters,
            "horizons": Horizon.choices,
            "statuses": Status.choices,
            "healths": [
                (h.value, h.label) for h in (Health.ON_TRACK, Health.AT_RISK, Health.OVERDUE)
            ],  # fmt: skip
            "organizations": selectors.organization_choices(access.partnership),
            "unanswered": len(sources.unanswered(access.partnership)),
            "reviews": release_watch.open_reviews(access.partnership),
            "fresh_days": NOTE_FRESH_DAYS,
            "due_soon_days": DUE_SOON_DAYS,
        },
    )


@login_required
@require_GET
def needs(request: HttpRequest, slug: str) -> HttpResponse:
    access = get_partnership_for(request.user, slug, Need.TEAM)
    unanswered = sources.unanswered(access.partnership)
    groups = [
        (kind, SourceKind(kind).label, [n for n in unanswered if n.kind == kind])
        for kind in sources.available_kinds()
    ]
    return render(
        request,
        "actionplan/needs.html",
        {
            "access": access,
            "partnership": access.partnership,
            "groups": groups,
            "total": len(unanswered),
        },
    )


@login_required
@require_POST
def action_from_need(request: HttpRequest, slug: str) -> HttpResponse:
    access = get_partnership_for(request.user, slug, Need.TEAM)
    kind = request.POST.get("kind", "")
    if kind not in SourceKind.values:
        messages.error(request, "Choose a need from the list.")
        return redirect("actionplan:needs", slug)
    try:
        action = services.action_create_for_need(
            partnership=access.partnership,
            actor=request.user,
            kind=kind,
            key=request.POST.get("key", "")[:100],
        )
    except ValidationError as error:
        messages.error(request, error_text(error))
        return redirect("actionplan:needs", slug)
    messages.success(request, "Action added to the plan. Give it an owner and a due date below.")
    return redirect("actionplan:action_edit", slug, action.pk)


@login_required
@require_http_methods(["GET", "POST"])
def action_create(request: HttpRequest, slug: str) -> HttpResponse:
    access = get_partnership_for(request.user, slug, Need.TEAM)
    instance = Action(partnership=access.partnership)
    form = ActionForm(request.POST or None, instance=instance, partnership=access.partnership)
    if request.method == "POST" and form.is_valid():
        data = form.changed_fields()
        try:
            action = services.action_create(
                partnership=access.partnership, actor=request.user, **data
            )
        except ValidationError as error:
            add_errors(form, error)
        else:
            messages.success(request, "Action added to the plan.")
            return redirect(action.get_absolute_url())
    return render(
        request,
        "actionplan/action_form.html",
        {"access": access, "partnership": access.partnership, "form": form, "action": None},
    )


@login_required
@require_GET
def action_detail(request: HttpRequest, slug: str, pk: int) -> HttpResponse:
    access = get_partnership_for(request.user, slug, Need.TEAM)
    action = _action_or_404(access, pk)
    mine = next((r for r in action.ratings.all() if r.rater_id == request.user.pk), None)
    rating_form = RatingForm(
        initial={"impact": mine.impact, "feasibility": mine.feasibility} if mine else None
    )
    return render(
        request,
        "actionplan/action_detail.html",
        {
            "access": access,
            "partnership": access.partnership,
            "action": action,
            "note_form": NoteForm(),
            "rating_form": rating_form,
            "my_rating": mine,
            "my_group": services.rater_group(access.partnership, request.user),
        },
    )


@login_required
@require_http_methods(["GET", "POST"])
def action_edit(request: HttpRequest, slug: str, pk: int) -> HttpResponse:
    access = get_partnership_for(request.user, slug, Need.TEAM)
    action = _action_or_404(access, pk)
    form = ActionForm(request.POST or None, instance=action, partnership=access.partnership)
    conflict = None
    if request.method == "POST" and form.is_valid():
        try:
            services.action_update(
                action=_action_or_404(access, pk),
                actor=request.user,
                expected_version=form.cleaned_data["version"],
                **form.changed_fields(),
            )
        except EditConflict as error:
            conflict = error
            form.data = form.data.copy()
            form.data["version"] = error.current.version
        except ValidationError as error:
            add_errors(form, error)
        else:
            messages.success(request, "Action saved.")
            return redirect(action.get_absolute_url())
    return render(
        request,
        "actionplan/action_form.html",
        {
            "access": access,
            "partnership": access.partnership,
            "form": form,
            "action": action,
            "conflict": conflict,
        },
    )


@login_required
@require_POST
def action_delete(request: HttpRequest, slug: str, pk: int) -> HttpResponse:
    access = get_partnership_for(request.user, slug, Need.MANAGE)
    action = _action_or_404(access, pk)
    services.action_delete(action=action)
    messages.success(request, f"“{action.title}” was deleted from the plan.")
    return redirect("actionplan:plan", slug)


@login_required
@require_POST
def note_add(request: HttpRequest, slug: str, pk: int) -> HttpResponse:
    access = get_partnership_for(request.user, slug, Need.TEAM)
    action = _action_or_404(access, pk)
    form = NoteForm(request.POST)
    if form.is_valid():
        try:
            services.note_add(
                action=action,
                actor=request.user,
                text=form.cleaned_data["text"],
                written_on=form.cleaned_data["written_on"],
                status=form.cleaned_data["status"],
            )
        except ValidationError as error:
            messages.error(request, error_text(error))
        else:
            messages.success(request, "Progress recorded.")
    else:
        messages.error(request, "Write what happened, with a date.")
    return redirect(action.get_absolute_url() + "#progress")


@login_required
@require_POST
def rate(request: HttpRequest, slug: str, pk: int) -> HttpResponse:
    access = get_partnership_for(request.user, slug, Need.TEAM)
    action = _action_or_404(access, pk)
    form = RatingForm(request.POST)
    if form.is_valid():
        services.rating_set(action=action, actor=request.user, **form.cleaned_data)
        messages.success(request, "Your rating is saved.")
    else:
        messages.error(request, "Rate both impact and feasibility from 1 to 5.")
    return redirect(action.get_absolute_url() + "#ratings")


@login_required
@require_GET
def matrix(request: HttpRequest, slug: str) -> HttpResponse:
    access = get_partnership_for(request.user, slug, Need.TEAM)
    actions = selectors.plan_actions(access.partnership)
    return render(
        request,
        "actionplan/matrix.html",
        {
            "access": access,
            "partnership": access.partnership,
            "quadrants": selectors.quadrants(actions),
            "high": selectors.HIGH,
        },
    )


@login_required
@require_GET
def export_xlsx(request: HttpRequest, slug: str) -> HttpResponse:
    access = get_partnership_for(request.user, slug, Need.TEAM)
    actions = selectors.plan_actions(access.partnership)
    response = HttpResponse(
        exports.plan_xlsx(access.partnership, actions), content_type=exports.XLSX
    )
    name = f"{slug}-action-plan-{timezone.localdate():%Y-%m-%d}.xlsx"
    response["Content-Disposition"] = f'attachment; filename="{name}"'
    return response


@login_required
@require_http_methods(["GET", "POST"])
def reminders(request: HttpRequest, slug: str) -> HttpResponse:
    access = get_partnership_for(request.user, slug, Need.TEAM)
    if request.method == "POST":
        form = ReminderForm(request.POST)
        if form.is_valid():
            on = form.cleaned_data["weekly_email"]
            services.reminders_set(
                partnership=access.partnership, user=request.user, weekly_email=on
            )
            messages.success(
                request, "Weekly reminders are on." if on else "Weekly reminders are off."
            )
            return redirect("actionplan:reminders", slug)
    form = ReminderForm(
        initial={"weekly_email": selectors.reminder_setting(access.partnership, request.user)}
    )
    return render(
        request,
        "actionplan/reminders.html",
        {"access": access, "partnership": access.partnership, "form": form},
    )


# --- outcomes ------------------------------------------------------------------------------

IMPORT_SESSION_KEY = "actionplan-outcomes-import-{slug}"


@login_required
@require_GET
def outcomes(request: HttpRequest, slug: str) -> HttpResponse:
    access = get_partnership_for(request.user, slug, Need.TEAM)
    overview = selectors.outcomes_overview(access.partnership)
    return render(
        request,
        "actionplan/outcomes.html",
        {
            "access": access,
            "partnership": access.partnership,
            "overview": overview,
            "chart_data": [
                {k: c[k] for k in ("measure", "label", "percent", "labels", "datasets")}
                for c in overview["charts"]
            ],
            "import_form": OutcomeImportForm(),
        },
    )


@login_required
@require_http_methods(["GET", "POST"])
def outcome_edit(request: HttpRequest, slug: str, pk: int | None = None) -> HttpResponse:
    access = get_partnership_for(request.user, slug, Need.TEAM)
    instance = None
    if pk is not None:
        instance = selectors.outcome_for(access.partnership, pk)
        if instance is None:
            raise Http404("No such outcome row.")
    form = OutcomeForm(
        request.POST or None,
        instance=instance or ProgramOutcome(partnership=access.partnership),
        partnership=access.partnership,
    )
    if request.method == "POST" and form.is_valid():
        data = dict(form.cleaned_data)
        try:
            services.outcome_save(
                partnership=access.partnership,
                actor=request.user,
                program=data.pop("program"),
                pathway=data.pop("pathway"),
                year=data.pop("year"),
                **data,
            )
        except ValidationError as error:
            add_errors(form, error)
        else:
            messages.success(request, "Outcomes saved.")
            return redirect("actionplan:outcomes", slug)
    return render(
        request,
        "actionplan/outcome_form.html",
        {"access": access, "partnership": access.partnership, "form": form, "outcome": instance},
    )


@login_required
@require_POST
def outcome_delete(request: HttpRequest, slug: str, pk: int) -> HttpResponse:
    access = get_partnership_for(request.user, slug, Need.TEAM)
    outcome = selectors.outcome_for(access.partnership, pk)
    if outcome is None:
        raise Http404("No such outcome row.")
    services.outcome_delete(outcome=outcome)
    messages.success(request, f"{outcome.subject_label}, {outcome.year}: removed.")
    return redirect("actionplan:outcomes", slug)


@login_required
@require_GET
def outcomes_template(request: HttpRequest, slug: str) -> HttpResponse:
    access = get_partnership_for(request.user, slug, Need.TEAM)
    content = importers.template_xlsx(
        selectors.partnership_programs(access.partnership),
        selectors.partnership_pathways(access.partnership),
    )
    response = HttpResponse(content, content_type=exports.XLSX)
    response["Content-Disposition"] = f'attachment; filename="{slug}-outcomes-template.xlsx"'
    return response


@login_required
@require_POST
def outcomes_import(request: HttpRequest, slug: str) -> HttpResponse:
    """Read the file and show what it would change; nothing is written yet."""
    access = get_partnership_for(request.user, slug, Need.TEAM)
    form = OutcomeImportForm(request.POST, request.FILES)
    key = IMPORT_SESSION_KEY.format(slug=slug)
    request.session.pop(key, None)
    if not form.is_valid():
        messages.error(request, "Choose the filled-in template (.xlsx) to import.")
        return redirect("actionplan:outcomes", slug)
    try:
        rows, errors = importers.read(form.cleaned_data["file"])
    except importers.ImportRefused as refusal:
        messages.error(request, str(refusal))
        return redirect("actionplan:outcomes", slug)
    parsed = [r.as_json() for r in rows]
    preview, program_errors = services.outcomes_preview(access.partnership, parsed)
    errors += program_errors
    if not errors:
        request.session[key] = parsed
    return render(
        request,
        "actionplan/outcomes_preview.html",
        {
            "access": access,
            "partnership": access.partnership,
            "preview": preview,
            "errors": errors,
            "measures": importers.MEASURES,
            "labels": importers.MEASURE_LABELS,
            "file_name": form.cleaned_data["file"].name,
        },
    )


@login_required
@require_POST
def outcomes_import_confirm(request: HttpRequest, slug: str) -> HttpResponse:
    access = get_partnership_for(request.user, slug, Need.TEAM)
    rows = request.session.pop(IMPORT_SESSION_KEY.format(slug=slug), None)
    if not rows:
        messages.error(request, "Nothing to import: upload the file again.")
        return redirect("actionplan:outcomes", slug)
    try:
        count = services.outcomes_import(
            partnership=access.partnership, actor=request.user, rows=rows
        )
    except ValidationError as error:
        messages.error(request, error_text(error))
    else:
        messages.success(request, f"Imported {count} program year{'s' if count != 1 else ''}.")
    return redirect("actionplan:outcomes", slug)


# --- maturity ------------------------------------------------------------------------------


@login_required
@require_GET
def maturity(request: HttpRequest, slug: str) -> HttpResponse:
    access = get_partnership_for(request.user, slug, Need.TEAM)
    return render(
        request,
        "actionplan/maturity.html",
        {
            "access": access,
            "partnership": access.partnership,
            "overview": selectors.maturity_overview(access.partnership, request.user),
        },
    )


@login_required
@require_POST
def maturity_round_open(request: HttpRequest, slug: str) -> HttpResponse:
    access = get_partnership_for(request.user, slug, Need.MANAGE)
    name = request.POST.get("name", "").strip()[:100]
    if not name:
        messages.error(request, "Name the round, e.g. “Spring 2026”.")
    else:
        try:
            services.maturity_round_open(
                partnership=access.partnership, actor=request.user, name=name
            )
        except ValidationError as error:
            messages.error(request, error_text(error))
        else:
            messages.success(request, f"Round “{name}” is open: members can rate now.")
    return redirect("actionplan:maturity", slug)


@login_required
@require_POST
def maturity_rate(request: HttpRequest, slug: str) -> HttpResponse:
    access = get_partnership_for(request.user, slug, Need.TEAM)
    round_ = selectors.maturity_overview(access.partnership, request.user)["latest_round"]
    if round_ is None:
        messages.error(request, "No round is open yet.")
        return redirect("actionplan:maturity", slug)
    levels, comments = {}, {}
    for condition in Condition.values:
        value = request.POST.get(f"level-{condition}", "")
        if value and value not in {"1", "2", "3", "4"}:
            messages.error(request, "Choose a level from 1 to 4.")
            return redirect("actionplan:maturity", slug)
        levels[condition] = value
        comments[condition] = request.POST.get(f"comment-{condition}", "")
    try:
        saved = services.maturity_rate(
            round_=round_, actor=request.user, levels=levels, comments=comments
        )
    except ValidationError as error:
        messages.error(request, error_text(error))
    else:
        messages.success(request, f"Your ratings are saved ({saved} of 6 conditions).")
    return redirect("actionplan:maturity", slug)


# --- a map that stays current --------------------------------------------------------------


def _review_or_404(access: Access, pk: int) -> MapReview:
    review = (
        MapReview.objects.filter(partnership=access.partnership, pk=pk)
        .select_related("release", "map_version", "resolved_by")
        .first()
    )
    if review is None:
        raise Http404("No such map review.")
    return review


@login_required
@require_GET
def review(request: HttpRequest, slug: str, pk: int) -> HttpResponse:
    access = get_partnership_for(request.user, slug, Need.TEAM)
    return render(
        request,
        "actionplan/review.html",
        {"access": access, "partnership": access.partnership, "review": _review_or_404(access, pk)},
    )


@login_required
@require_POST
def review_publish(request: HttpRequest, slug: str, pk: int) -> HttpResponse:
    access = get_partnership_for(request.user, slug, Need.MANAGE)
    review = _review_or_404(access, pk)
    if review.state != MapReview.State.OPEN:
        messages.info(request, "This review is already closed.")
        return redirect("actionplan:review", slug, pk)
    try:
        version = release_watch.review_publish(review=review, actor=request.user)
    except ValidationError as error:
        messages.error(request, error_text(error))
        return redirect("actionplan:review", slug, pk)
    messages.success(
        request, f"Version {version.number} of the map is published with the newest figures."
    )
    return redirect("actionplan:review", slug, pk)


@login_required
@require_POST
def review_dismiss(request: HttpRequest, slug: str, pk: int) -> HttpResponse:
    access = get_partnership_for(request.user, slug, Need.MANAGE)
    release_watch.review_dismiss(review=_review_or_404(access, pk), actor=request.user)
    messages.success(request, "Set aside: the published map stays as it is.")
    return redirect("actionplan:plan", slug)


# --- PDFs for a meeting and for the board (rendered by Celery) ------------------------------


def _report_years() -> list[int]:
    this_year = timezone.localdate().year
    return list(range(this_year, this_year - 5, -1))


@login_required
@require_GET
def pdfs(request: HttpRequest, slug: str) -> HttpResponse:
    """The plan for a meeting and the annual report for the board: each rendered by a worker
    on request, with its progress here and the newest good PDF to download."""
    access = get_partnership_for(request.user, slug, Need.TEAM)
    return render(
        request,
        "actionplan/pdfs.html",
        {
            "access": access,
            "partnership": access.partnership,
            "panels": selectors.documents_overview(access.partnership),
            "years": _report_years(),
        },
    )


def _pdf_panel(request: HttpRequest, access: Access, kind: str) -> HttpResponse:
    return render(
        request,
        "actionplan/_pdf_status.html",
        {
            "access": access,
            "partnership": access.partnership,
            "panel": selectors.document_panel(access.partnership, kind),
            "years": _report_years(),
        },
    )


@login_required
@require_POST
def pdf_render(request: HttpRequest, slug: str) -> HttpResponse:
    """Render the plan (or the year's annual report) as it reads now."""
    access = get_partnership_for(request.user, slug, Need.TEAM)
    kind = request.POST.get("kind", "")
    year = request.POST.get("year", "")
    year = int(year) if year.isdigit() and int(year) in _report_years() else None
    if kind == PlanDocument.Kind.ANNUAL_REPORT and year is None:
        year = timezone.localdate().year
    try:
        services.document_render_request(
            partnership=access.partnership, kind=kind, year=year, actor=request.user
        )
    except ValidationError as error:
        messages.error(request, error_text(error))
        return redirect("actionplan:pdfs", slug)
    if request.headers.get("HX-Request"):
        return _pdf_panel(request, access, kind)
    return redirect(reverse("actionplan:pdfs", args=[slug]) + f"#pdf-{kind}")


@login_required
@require_GET
def pdf_status(request: HttpRequest, slug: str, pk: int) -> HttpResponse:
    """A render's progress, polled by htmx while it runs."""
    access = get_partnership_for(request.user, slug, Need.TEAM)
    document = PlanDocument.objects.filter(partnership=access.partnership, pk=pk).first()
    if document is None:
        raise Http404("No such PDF.")
    return _pdf_panel(request, access, document.kind)


@login_required
@require_GET
def pdf_download(request: HttpRequest, slug: str, pk: int) -> HttpResponse:
    access = get_partnership_for(request.user, slug, Need.TEAM)
    document = (
        PlanDocument.objects.filter(
            partnership=access.partnership, pk=pk, status=PlanDocument.Status.SUCCEEDED
        )
        .exclude(pdf="")
        .select_related("partnership")
        .first()
    )
    if document is None:
        raise Http404("This PDF is not there (a newer one replaced it, or it never rendered).")
    try:
        response = FileResponse(
            default_storage.open(document.pdf.name, "rb"),
            content_type="application/pdf",
            filename=services.document_file_name(document),
        )
    except FileNotFoundError:
        raise Http404("The PDF is missing from storage: render it again.") from None
    patch_cache_control(response, private=True, max_age=60)
    return response


# --- employers' feedback on new hires ------------------------------------------------------


@login_required
@require_http_methods(["GET", "POST"])
def feedback(request: HttpRequest, slug: str) -> HttpResponse:
    access = get_partnership_for(request.user, slug, Need.TEAM)
    form = HireFeedbackForm(
        request.POST or None,
        instance=HireFeedback(partnership=access.partnership),
        partnership=access.partnership,
    )
    if request.method == "POST" and form.is_valid():
        try:
            services.hire_feedback_add(
                partnership=access.partnership, actor=request.user, **form.cleaned_data
            )
        except ValidationError as error:
            add_errors(form, error)
        else:
            messages.success(request, "Feedback recorded.")
            return redirect("actionplan:feedback", slug)
    return render(
        request,
        "actionplan/feedback.html",
        {
            "access": access,
            "partnership": access.partnership,
            "form": form,
            "programs": selectors.hire_feedback_by_program(access.partnership),
        },
    )
