"""The inventory's window on the occupations app: CIP to SOC suggestions and SOC titles.

The labor-market data may not be imported (or its app may not offer the reads yet); then
suggestions are simply unavailable and the inventory keeps working with codes people type.
"""

from __future__ import annotations

from dataclasses import dataclass


@dataclass(frozen=True)
class SocSuggestion:
    soc_code: str
    title: str


def _occupation_selectors():
    try:
        from occupations import selectors
    except ImportError:
        return None
    return selectors


def _as_suggestion(row) -> SocSuggestion | None:
    if isinstance(row, dict):
        code, title = (
            row.get("soc_code") or row.get("code"),
            row.get("soc_title") or row.get("title"),
        )
    elif isinstance(row, tuple | list):
        code, title = row[0], row[1] if len(row) > 1 else ""
    else:
        code = getattr(row, "soc_code", None) or getattr(row, "code", None)
        title = getattr(row, "soc_title", None) or getattr(row, "title", "")
    if not code or str(code).startswith("99-9999"):
        return None
    return SocSuggestion(str(code)[:7], str(title or ""))


def crosswalk_loaded() -> bool:
    """True when a CIP to SOC crosswalk release has been imported."""
    selectors = _occupation_selectors()
    if selectors is not None and hasattr(selectors, "current_release"):
        from occupations.models import Source

        return selectors.current_release(Source.CIP_SOC) is not None
    try:
        from occupations.models import CipSocCrosswalk
    except ImportError:
        return False
    return CipSocCrosswalk.objects.exists()


def soc_for_cip(cip_code: str) -> list[SocSuggestion] | None:
    """The occupations the crosswalk links to a CIP code; None when no crosswalk is loaded."""
    if not cip_code or not crosswalk_loaded():
        return None
    selectors = _occupation_selectors()
    if selectors is not None and hasattr(selectors, "soc_for_cip"):
        rows = selectors.soc_for_cip(cip_code)
    else:
        from occupations.models import CipSocCrosswalk

        latest = CipSocCrosswalk.objects.order_by("-release_id").values("release_id")[:1]
        rows = CipSocCrosswalk.objects.filter(release_id__in=latest, cip_code=cip_code).values(
            "soc_code", "soc_title"
        )
    seen: dict[str, SocSuggestion] = {}
    for row in rows:
        suggestion = _as_suggestion(row)
        if suggestion and suggestion.soc_code not in seen:
            seen[suggestion.soc_code] = suggestion
    return sorted(seen.values(), key=lambda s: s.soc_code)
