"""The vetted description: on screen, as an xlsx task matrix and as a one-page PDF, and the
climb between levels as the facilitator words it."""

from __future__ import annotations

import io

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.files.storage import default_storage
from django.db.models import Q
from django.http import FileResponse, Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.cache import patch_cache_control
from django.utils.text import slugify
from django.views.decorators.http import require_GET, require_POST

from occupations.competencies import selectors, services
from occupations.competencies.models import (
    Strawman,
)
from occupations.competencies.views.common import _refused, _strawman_or_404
from occupations.models import AdvancementPath
from partnerships.access import Access, Need, get_partnership_for
from pathways.spreadsheets import formula_safe

# --- the vetted description: on screen and as a spreadsheet ----------------------------


def _description(access: Access, item: Strawman) -> tuple[dict, object]:
    """Team members see the description as it reads now; counselors the approved one."""
    versions = selectors.versions_for(item)
    if access.can_team:
        return selectors.description_content(item), versions
    if not versions:
        raise PermissionDenied("This description is not approved yet.")
    return versions[0].content, versions


@login_required
@require_GET
def description(request: HttpRequest, slug: str, pk: int) -> HttpResponse:
    access = get_partnership_for(request.user, slug, Need.VIEW)
    item = _strawman_or_404(access, pk)
    content, versions = _description(access, item)
    latest = versions[0] if versions else None
    context = {
        "partnership": access.partnership,
        "access": access,
        "strawman": item,
        "content": content,
        "versions": versions,
        "latest": latest,
        "changed": bool(latest and item.edited_at > latest.approved_at),
        # The team edits the climbs as they read now; counselors read the approved ones.
        "climbs": selectors.climbs_for(item) if access.can_team else content.get("climbs", []),
        "render_job": selectors.latest_render(item) if access.can_team else None,
        "served": selectors.pdf_to_serve(item),
    }
    return render(request, "competencies/description.html", context)


@login_required
@require_POST
def climb_edit(request: HttpRequest, slug: str, pk: int, path_pk: int) -> HttpResponse:
    """Save the climb as the facilitator words it, or compute it from O*NET again."""
    access = get_partnership_for(request.user, slug, Need.MANAGE)
    item = _strawman_or_404(access, pk)
    path = (
        AdvancementPath.objects.filter(partnership=access.partnership, pk=path_pk)
        .filter(Q(from_occupation=item.occupation_id) | Q(to_occupation=item.occupation_id))
        .first()
    )
    if path is None:
        raise Http404("No such advancement path for this occupation.")
    try:
        if request.POST.get("action") == "reset":
            services.climb_reset(path=path)
            messages.success(request, "The climb is computed from O*NET again.")
        else:
            try:
                expected = int(request.POST.get("version", "0"))
            except ValueError:
                expected = -1
            services.climb_save(
                path=path,
                levels=request.POST.get("levels", "")[:6000],
                tasks=request.POST.get("tasks", "")[:10000],
                actor=request.user,
                expected_version=expected,
            )
            messages.success(request, f"Climb {path} saved.")
    except ValidationError as error:
        _refused(request, error)
    return redirect(reverse("competencies:description", args=[slug, pk]) + f"#climb-{path.pk}")


# --- the one-page PDF ------------------------------------------------------------------


@login_required
@require_GET
def description_pdf(request: HttpRequest, slug: str, pk: int) -> HttpResponse:
    """The newest approved version's PDF there is, straight from storage: while a new
    version renders (or if its render failed) the last good one is served."""
    access = get_partnership_for(request.user, slug, Need.VIEW)
    item = _strawman_or_404(access, pk)
    version = selectors.pdf_to_serve(item)
    if version is None:
        if not item.versions.exists():
            raise Http404("This description is not approved yet: there is no PDF.")
        response = render(
            request,
            "competencies/pdf_pending.html",
            {"partnership": access.partnership, "access": access, "strawman": item},
            status=503,
        )
        response["Retry-After"] = "30"
        return response
    name = slugify(item.occupation.title) or "occupation"
    try:
        response = FileResponse(
            default_storage.open(version.pdf.name, "rb"),
            content_type="application/pdf",
            filename=f"{name}-description-v{version.number}.pdf",
        )
    except FileNotFoundError:
        raise Http404("The PDF is missing from storage: render it again.") from None
    patch_cache_control(response, private=True, max_age=60)
    return response


def _render_status(request: HttpRequest, access: Access, item: Strawman, render_job):
    return render(
        request,
        "competencies/_pdf_status.html",
        {
            "partnership": access.partnership,
            "access": access,
            "strawman": item,
            "render_job": render_job,
            "served": selectors.pdf_to_serve(item),
        },
    )


@login_required
@require_POST
def description_render(request: HttpRequest, slug: str, pk: int) -> HttpResponse:
    """Render the latest approved version's PDF again."""
    access = get_partnership_for(request.user, slug, Need.MANAGE)
    item = _strawman_or_404(access, pk)
    latest = item.versions.order_by("-number").first()
    if latest is None:
        _refused(
            request,
            ValidationError("Approve the description first: PDFs are of approved versions."),
        )
        return redirect("competencies:description", slug, pk)
    render_job = services.description_render_request(version=latest, actor=request.user)
    if request.headers.get("HX-Request"):
        return _render_status(request, access, item, render_job)
    return redirect(reverse("competencies:description", args=[slug, pk]) + "#pdf-status")


@login_required
@require_GET
def description_render_status(request: HttpRequest, slug: str, pk: int, render_id: int):
    """The render's progress, polled by htmx while it runs."""
    access = get_partnership_for(request.user, slug, Need.TEAM)
    item = _strawman_or_404(access, pk)
    render_job = selectors.render_for(item, render_id)
    if render_job is None:
        raise Http404("No such render.")
    return _render_status(request, access, item, render_job)


@login_required
@require_GET
def description_xlsx(request: HttpRequest, slug: str, pk: int) -> HttpResponse:
    import openpyxl
    from openpyxl.styles import Alignment, Font

    access = get_partnership_for(request.user, slug, Need.VIEW)
    item = _strawman_or_404(access, pk)
    content, _ = _description(access, item)
    book = openpyxl.Workbook()
    sheet = book.active
    sheet.title = "Task matrix"
    sheet.append(
        [
            formula_safe(
                f"{content['occupation']} (SOC {content['soc_code']}): function and task matrix"
            )
        ]
    )
    sheet.append([f"Source: {content['source']} tasks, vetted by employer focus groups"])
    sheet.append([])
    header = ["Function", "Task", "Source", "O*NET task ID", "Importance (1-5, mean)",
              "How often (most said)", "Commonly under-performed", "Top-three votes",
              "Minimum standard", "Mid-level does differently", "Knowledge, skills, abilities"]  # fmt: skip
    sheet.append(header)
    for cell in sheet[4]:
        cell.font = Font(bold=True)
    for function in content["functions"]:
        for task in function["tasks"]:
            sheet.append([formula_safe(value) for value in [  # typed text never runs
                function["name"], task["statement"], task["source"], task["onet_task_id"],
                task["importance"], task["frequency"], "yes" if task["underperformed"] else "",
                task["priority_votes"], task["minimum_standard"], task["mid_level"],
                "; ".join(task["ksas"]),
            ]])  # fmt: skip
    for column, width in zip("ABCDEFGHIJK", [30, 60, 22, 12, 12, 12, 12, 10, 40, 40, 40],
                             strict=True):  # fmt: skip
        sheet.column_dimensions[column].width = width
    for row in sheet.iter_rows(min_row=5):
        for cell in row:
            cell.alignment = Alignment(wrap_text=True, vertical="top")
    buffer = io.BytesIO()
    book.save(buffer)
    response = HttpResponse(
        buffer.getvalue(),
        content_type="application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
    )
    name = "".join(c if c.isalnum() else "-" for c in content["occupation"].lower())
    response["Content-Disposition"] = f'attachment; filename="task-matrix-{name}.xlsx"'
    return response
