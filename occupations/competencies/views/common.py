"""What every step-5 page shares: the permission-checked getters and the way back."""

from __future__ import annotations

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect
from django.urls import reverse

from occupations.competencies import selectors
from occupations.competencies.models import (
    FocusGroup,
    Strawman,
)
from partnerships.access import Access
from pathways.validation import error_text


def _strawman_or_404(access: Access, pk: int) -> Strawman:
    strawman = selectors.strawman_for(access.partnership, pk)
    if strawman is None:
        raise Http404("No such strawman in this partnership.")
    return strawman


def _group_or_404(access: Access, pk: int) -> FocusGroup:
    group = selectors.focus_group_for(access.partnership, pk)
    if group is None:
        raise Http404("No such focus group in this partnership.")
    return group


def _back(strawman: Strawman, anchor: str = "") -> HttpResponse:
    url = reverse("competencies:strawman", args=[strawman.partnership.slug, strawman.pk])
    return redirect(url + (f"#{anchor}" if anchor else ""))


def _refused(request: HttpRequest, error: ValidationError) -> None:
    messages.error(request, error_text(error))
