"""The needs an action can answer, read from the apps that find them, in one place.

- Step 3's quick wins come from `occupations` (always installed).
- Step 5's skills gaps: `occupations.competencies.selectors.skills_gaps(partnership)`.
- Step 6's gap findings: `inventory.alignment.selectors.gap_findings(partnership)`.

Steps 5 and 6 are read only when their apps are installed; each returns dicts with `key`
(stable), `title`, `detail` and `url`, and maybe `occupation` or `kind`.
"""

from __future__ import annotations

import importlib
from collections.abc import Callable
from dataclasses import dataclass

from django.apps import apps
from django.urls import reverse

from pathways.actionplan.models import SourceKind

# kind -> (app that provides it, module, function)
PROVIDERS: dict[str, tuple[str, str, str]] = {
    SourceKind.SKILLS_GAP: (
        "occupations.competencies",
        "occupations.competencies.selectors",
        "skills_gaps",
    ),
    SourceKind.GAP_FINDING: (
        "inventory.alignment",
        "inventory.alignment.selectors",
        "gap_findings",
    ),
}


@dataclass(frozen=True)
class Need:
    kind: str
    key: str
    title: str
    detail: str = ""
    url: str = ""
    occupation: str = ""

    @property
    def kind_label(self) -> str:
        return SourceKind(self.kind).label


def _quick_wins(partnership) -> list[Need]:
    from occupations.models import QuickWin

    url = reverse("occupations:critical", args=[partnership.slug]) + "#quick-wins"
    rows = QuickWin.objects.filter(partnership=partnership).select_related("convening")
    return [
        Need(
            kind=SourceKind.QUICK_WIN,
            key=str(win.pk),
            title=win.text,
            detail=" · ".join(
                part
                for part in (
                    win.get_kind_display(),
                    f"raised by {win.raised_by}" if win.raised_by else "",
                    f"at {win.convening.title}" if win.convening else "",
                )
                if part
            ),
            url=url,
        )
        for win in rows
    ]


def _selector(kind: str) -> Callable | None:
    app, module, name = PROVIDERS[kind]
    if not apps.is_installed(app):
        return None
    return getattr(importlib.import_module(module), name)


def _from_selector(kind: str, partnership) -> list[Need]:
    selector = _selector(kind)
    if selector is None:
        return []
    needs = []
    for row in selector(partnership):
        needs.append(
            Need(
                kind=kind,
                key=str(row["key"])[:100],
                title=str(row.get("title") or row["key"])[:300],
                detail=str(row.get("detail") or row.get("kind") or ""),
                url=str(row.get("url") or ""),
                occupation=str(row.get("occupation") or ""),
            )
        )
    return needs


def available_kinds() -> list[str]:
    """The kinds of need this installation can read."""
    return [SourceKind.QUICK_WIN] + [k for k in PROVIDERS if _selector(k) is not None]


def needs(partnership) -> list[Need]:
    """Every need the partnership has found, quick wins first."""
    found = _quick_wins(partnership)
    for kind in PROVIDERS:
        found += _from_selector(kind, partnership)
    return found


def need(partnership, kind: str, key: str) -> Need | None:
    if kind == SourceKind.QUICK_WIN:
        candidates = _quick_wins(partnership)
    elif kind in PROVIDERS:
        candidates = _from_selector(kind, partnership)
    else:
        return None
    return next((n for n in candidates if n.key == key), None)


def unanswered(partnership) -> list[Need]:
    """Needs no action answers yet (a dropped action does not count as an answer)."""
    from pathways.actionplan.models import Action, Status

    answered = set(
        Action.objects.filter(partnership=partnership)
        .exclude(source_key="")
        .exclude(status=Status.DROPPED)
        .values_list("source_kind", "source_key")
    )
    return [n for n in needs(partnership) if (n.kind, n.key) not in answered]
