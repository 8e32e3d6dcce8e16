"""Step 4: the inventory table, its in-place row editing and bulk actions."""

from __future__ import annotations

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.core.paginator import Paginator
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.template.defaultfilters import pluralize
from django.views.decorators.http import require_POST

from inventory import forms, selectors, services
from inventory.models import Program, ProgramType
from inventory.views.common import _context, _inventory_url, _program_for, _rebase_on_conflict
from partnerships.access import Access, Need, get_partnership_for
from pathways.concurrency import EditConflict
from pathways.validation import add_errors, error_text


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
