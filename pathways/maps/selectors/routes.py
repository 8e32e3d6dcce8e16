"""The pathway programs (step 6) a map draws as routes, and how each route is laid out."""

from __future__ import annotations

from collections.abc import Iterable

from inventory.alignment.selectors import pathway_routes_for_map
from partnerships.models import Partnership
from pathways.maps.selectors.tiers import TIER_RANK

# A pathway program needs two steps to be a route from one place to another.
ROUTE_MIN_STEPS = 2


def map_routes(
    partnership: Partnership, pathway_ids: Iterable[int] | None = None
) -> tuple[list[dict], list[dict]]:
    """The pathway programs (step 6) the map draws as routes between its tiers, and the ones
    it leaves off, each with the reason. Without a choice: every one with two steps or more."""
    chosen, left_off = [], []
    wanted = None if pathway_ids is None else {int(i) for i in pathway_ids}
    for route in pathway_routes_for_map(partnership):
        if len(route["steps"]) < ROUTE_MIN_STEPS:
            reason = "short"
        elif wanted is not None and route["id"] not in wanted:
            reason = "unchosen"
        else:
            chosen.append(route)
            continue
        left_off.append(
            {"id": route["id"], "name": route["name"], "steps": len(route["steps"]),
             "reason": reason}
        )  # fmt: skip
    return chosen, left_off


LANE_WIDTH = 100  # a route's drawing is 300 wide: one lane per tier, entry on the left


def route_layout(route: dict) -> dict:
    """A pathway program drawn as a route through the tiers: each step in its tier's lane
    (`lane` 0-2), and from each step a hop to the next one, solid where a linkage carries the
    student on and dashed where there is no agreement yet. `label_at` (0-4, in half lanes)
    is where the hop's words sit, between the two lanes."""
    steps = []
    for step in route["steps"]:
        lane = TIER_RANK.get(step["tier"], 0)
        steps.append({**step, "lane": lane, "lanes_after": 2 - lane, "hop": None})
    for step, following in zip(steps, steps[1:], strict=False):
        step["hop"] = {
            "x1": step["lane"] * LANE_WIDTH + LANE_WIDTH // 2,
            "x2": following["lane"] * LANE_WIDTH + LANE_WIDTH // 2,
            "dashed": step["missing_link"],
            "label_at": step["lane"] + following["lane"],
            "climbs": following["lane"] > step["lane"],
            # Where the printed label goes: beside the line, in the lanes it does not cross.
            "side": _hop_side(step["lane"], following["lane"]),
            "credits": "",
            "credits_count": 0,
        }
        credits = (step.get("linkage_to_next") or {}).get("credits")
        if credits:
            step["hop"]["credits"] = f"{credits:g}"
            # The plural form: 1 credit, 1.5 credits.
            step["hop"]["credits_count"] = int(credits) if float(credits).is_integer() else 2
    return {**route, "steps": steps}


def _hop_side(a: int, b: int) -> str:
    low, high = min(a, b), max(a, b)
    if high <= 1:
        return f"after-{high}"
    if low >= 1:
        return f"before-{low}"
    return "middle"
