"""A program outcome figure in words: a number with its unit, 'suppressed', or 'not reported'."""

from __future__ import annotations

from django import template
from django.contrib.humanize.templatetags.humanize import intcomma
from django.utils.safestring import mark_safe

from pathways.actionplan.models import PERCENT_MEASURES

register = template.Library()


@register.simple_tag
def figure(outcome, measure: str):
    if measure in (outcome.suppressed or []):
        return mark_safe('<span class="text-body-secondary fst-italic">suppressed</span>')  # noqa: S308
    value = outcome.figure(measure)
    if value is None:
        return mark_safe('<span class="text-body-secondary">not reported</span>')  # noqa: S308
    if measure in PERCENT_MEASURES:
        return f"{value:.1f}%"
    if measure == "median_earnings":
        return f"${intcomma(value)}"
    return intcomma(value)


@register.filter
def get_item(mapping: dict, key):
    return mapping.get(key) if mapping else None


@register.filter
def disagreeing(rows) -> bool:
    return any(row["latest"] and row["latest"]["disagree"] for row in rows)
