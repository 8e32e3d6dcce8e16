from __future__ import annotations

from io import StringIO

from django.core.management import call_command

from partnerships import steps
from partnerships.models import Membership, Partnership, System


def test_load_demo_builds_a_partnership_in_progress_and_is_safe_to_run_twice(db):
    out = StringIO()
    call_command("load_demo", stdout=out)
    call_command("load_demo", stdout=StringIO())
    partnership = Partnership.objects.get(slug="front-range-manufacturing")
    assert Partnership.objects.count() == 1
    roles = set(
        Membership.objects.filter(partnership=partnership).values_list("user__username", "role")
    )
    assert roles == {
        ("convener", "convener"),
        ("champion", "champion"),
        ("partner", "partner"),
        ("counselor", "counselor"),
    }
    missing = [
        row["system"] for row in steps.support_team_coverage(partnership) if not row["partners"]
    ]
    assert missing == [System.VOC_REHAB]
    # three from steps 1-2, the card sort of step 3, two step-5 focus-group rounds, the
    # asset-map review of step 6
    assert partnership.convenings.count() == 7
    assert steps.current_step(partnership).number == 2
    assert all(c.met for c in steps.criteria_for(partnership, 1))
    # Employers agreed on their occupations before the team was whole: an override, shown.
    states = steps.step_states(partnership)
    assert states[2].overridden and all(c.met for c in states[2].criteria)
    assert partnership.critical_occupations.count() == 9
    printed = out.getvalue()
    for username in ("convener", "champion", "partner", "counselor"):
        assert username in printed
    assert "pathways-demo" in printed
