"""Named read queries for partnerships."""

from __future__ import annotations

from partnerships.models import Partnership


def dashboard_for(user) -> list:
    from partnerships import steps

    return [steps.dashboard_card(p) for p in Partnership.objects.for_dashboard(user)]
