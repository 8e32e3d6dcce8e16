"""Step 4: the spreadsheet template, the export and the import with its preview."""

from __future__ import annotations

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.template.defaultfilters import pluralize
from django.utils import timezone
from django.views.decorators.http import require_POST

from inventory import exports, forms, selectors, services
from inventory.models import ProgramImport
from inventory.views.common import _context
from partnerships.access import Access, Need, get_partnership_for
from pathways.validation import error_text


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
