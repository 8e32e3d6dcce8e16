"""The plan as a spreadsheet and as a PDF for a meeting."""

from __future__ import annotations

import io
import logging

from django.template.loader import render_to_string
from django.utils import timezone
from openpyxl import Workbook
from openpyxl.styles import Font

from pathways.actionplan.models import Action, Health
from pathways.spreadsheets import formula_safe

logging.getLogger("weasyprint.progress").setLevel(logging.WARNING)

XLSX = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
HEADERS = [
    "Title", "Answers", "Need", "Owner organization", "Owner", "Horizon", "Status", "Health",
    "Start", "Due", "Last progress note", "Impact (employers)", "Feasibility (employers)",
    "Impact (public partners)", "Feasibility (public partners)", "Impact (combined)",
    "Feasibility (combined)", "Outcome it should move", "Why dropped", "Description",
]  # fmt: skip


def _row(action: Action) -> list:
    s = action.ratings_summary
    return [
        action.title,
        action.get_source_kind_display(),
        action.source_title,
        action.owner_organization.name if action.owner_organization_id else "",
        (action.owner.get_full_name() or action.owner.username) if action.owner_id else "",
        action.get_horizon_display(),
        action.get_status_display(),
        Health(action.health_now).label,
        action.start_date,
        action.due_date,
        action.last_note_on,
        s.employer.impact, s.employer.feasibility,
        s.public.impact, s.public.feasibility,
        s.combined.impact, s.combined.feasibility,
        action.target_outcome,
        action.dropped_reason,
        action.description,
    ]  # fmt: skip


def plan_xlsx(partnership, actions: list[Action]) -> bytes:
    book = Workbook(write_only=False)
    sheet = book.active
    sheet.title = "Action plan"
    sheet.append(HEADERS)
    for cell in sheet[1]:
        cell.font = Font(bold=True)
    for action in actions:
        sheet.append([formula_safe(v) for v in _row(action)])
    for row in sheet.iter_rows(min_row=2, min_col=9, max_col=11):
        for cell in row:
            cell.number_format = "yyyy-mm-dd"
    for letter, width in zip("ABCDE", (40, 22, 40, 28, 22), strict=True):
        sheet.column_dimensions[letter].width = width
    sheet.freeze_panes = "A2"
    note = book.create_sheet("About")
    note.append([f"{partnership.name}: career pathways action plan (internal)"])
    note.append([f"Exported {timezone.localtime():%B %-d, %Y %H:%M}"])
    note.append(["Ratings are averages on a 1 (low) to 5 (high) scale; combined weighs "
                 "employers and public partners equally."])  # fmt: skip
    out = io.BytesIO()
    book.save(out)
    return out.getvalue()


def plan_pdf(context: dict) -> bytes:
    from weasyprint import HTML

    html = render_to_string("actionplan/pdf/plan.html", context)
    return HTML(string=html).write_pdf()


def annual_report_pdf(context: dict) -> bytes:
    from weasyprint import HTML

    return HTML(string=render_to_string("actionplan/pdf/annual_report.html", context)).write_pdf()
