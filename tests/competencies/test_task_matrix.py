"""The xlsx task matrix: every task a row under its function, and text typed in the room never
turns into a formula when the file is opened."""

from __future__ import annotations

import io

import openpyxl
from django.urls import reverse

from occupations.competencies import services


def test_typed_text_stays_text_in_the_task_matrix(client, convener, strawman):
    services.task_add(
        strawman=strawman, statement='=HYPERLINK("http://evil.example","Click")', function=None
    )
    client.force_login(convener)
    url = reverse("competencies:description_xlsx", args=[strawman.partnership.slug, strawman.pk])
    response = client.get(url)
    assert response.status_code == 200
    sheet = openpyxl.load_workbook(io.BytesIO(response.content)).active
    cells = [cell for row in sheet.iter_rows(min_row=5) for cell in row if cell.value]
    typed = [c for c in cells if "HYPERLINK" in str(c.value)]
    assert typed, "the typed task is in the matrix"
    assert all(c.data_type == "s" and str(c.value).startswith("'=") for c in typed)
    assert not any(c.data_type == "f" for c in cells)
    statements = {c.value for c in cells}
    assert all(t.statement in statements for t in strawman.tasks.filter(dropped=False)[:3])
