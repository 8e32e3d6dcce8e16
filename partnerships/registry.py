"""The registry of the eight steps.

`partnerships` owns the `Step` type and the registry; each app that implements a step
registers it from its `AppConfig.ready()`, with the step's texts, the pages where its work is
done, the checklist it computes and a summary of what it left behind. The tracker, the
dashboard and the step pages read only this registry, so no module here imports the apps
above it (the same shape as `django.contrib.admin.site.register`).
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from typing import TYPE_CHECKING

from django.core.exceptions import ImproperlyConfigured

if TYPE_CHECKING:
    from partnerships.models import Partnership

STEP_COUNT = 8


@dataclass(frozen=True)
class WorkPage:
    """A page where a step's work is done, reversed with the partnership's slug."""

    url_name: str
    label: str
    needs: str = "view"  # the access level the page asks for (partnerships.access.Need)


@dataclass
class Criterion:
    """One line of a step's checklist, computed from the partnership's data."""

    label: str
    met: bool
    detail: str = ""


@dataclass(frozen=True)
class Step:
    number: int
    title: str  # the one name used on the tracker, the step page and every link to it
    short: str
    goal: str
    business_role: str
    public_role: str
    outcome: str
    needs: tuple[str, ...]  # what the step needs, in plain words
    work_pages: tuple[WorkPage, ...] = ()
    checklist: Callable[[Partnership], list[Criterion]] | None = None
    # A selector returning the context of `outcome_template`, rendered on the step page with
    # partnership, step, state, outcome (that dict) and access.
    outcome_summary: Callable[[Partnership], dict] | None = None
    outcome_template: str = ""

    @property
    def tracked(self) -> bool:
        return self.checklist is not None

    def criteria(self, partnership: Partnership) -> list[Criterion]:
        return self.checklist(partnership) if self.checklist else []

    def pages_for(self, access) -> list[WorkPage]:
        """The work pages this member may open."""
        return [page for page in self.work_pages if access.can(page.needs)]


_steps: dict[int, Step] = {}


def register_step(step: Step) -> None:
    """Called once per step, from the `ready()` of the app that implements it."""
    if not 1 <= step.number <= STEP_COUNT:
        raise ImproperlyConfigured(f"Step numbers run from 1 to {STEP_COUNT}, not {step.number}.")
    existing = _steps.get(step.number)
    if existing is not None and existing != step:
        raise ImproperlyConfigured(
            f"Step {step.number} is registered twice: {existing.title!r} and {step.title!r}."
        )
    _steps[step.number] = step


def all_steps() -> list[Step]:
    missing = [n for n in range(1, STEP_COUNT + 1) if n not in _steps]
    if missing:
        raise ImproperlyConfigured(
            f"No app registered these steps: {missing}. Is every step app in INSTALLED_APPS?"
        )
    return [_steps[n] for n in range(1, STEP_COUNT + 1)]


def get_step(number: int) -> Step | None:
    return _steps.get(number)
