"""The diagram: where each occupation sits and the arrows between tiers, shared by web
and PDF."""

from __future__ import annotations

from dataclasses import dataclass

from occupations.models import Tier
from pathways.maps.selectors.display import present
from pathways.maps.selectors.routes import route_layout
from pathways.maps.selectors.tiers import TIER_RANK

STRIP_HEIGHT = 25  # the arrow strip's viewBox is 1000 wide and this tall


@dataclass
class Arrow:
    x1: float
    x2: float
    dashed: bool
    label: str

    @property
    def head(self) -> str:
        """The arrowhead's points at the top end, along the line's direction."""
        dx, dy = self.x2 - self.x1, -STRIP_HEIGHT
        length = (dx * dx + dy * dy) ** 0.5 or 1
        ux, uy = dx / length, dy / length
        back_x, back_y = self.x2 - 9 * ux, 0 - 9 * uy
        px, py = -uy * 4.5, ux * 4.5
        points = [(self.x2, 0), (back_x + px, back_y + py), (back_x - px, back_y - py)]
        return " ".join(f"{x:.1f},{y:.1f}" for x, y in points)

    @property
    def shaft_end_y(self) -> float:
        return 6.0


def _untangled(data: dict) -> list[dict]:
    """The tiers with entry and advanced occupations ordered under and over the mid-level ones
    they connect to, so arrows cross as little as they can. Mid keeps the partnership's order;
    an occupation with no arrow to the mid tier keeps its place among the others."""
    tiers = {t["tier"]: t for t in data["tiers"]}
    mid = {o["id"]: i for i, o in enumerate(tiers[Tier.MID.value]["occupations"])}
    if not mid:
        return data["tiers"]
    links: dict[int, list[int]] = {}
    for path in data["paths"]:
        if path["to_id"] in mid:
            links.setdefault(path["from_id"], []).append(mid[path["to_id"]])
        if path["from_id"] in mid:
            links.setdefault(path["to_id"], []).append(mid[path["from_id"]])
    out = []
    for tier in data["tiers"]:
        occupations = tier["occupations"]
        if tier["tier"] != Tier.MID.value:
            count = max(len(occupations), 1)
            scale = max(len(mid), 1)

            def place(item, count=count, scale=scale):
                index, occupation = item
                connected = links.get(occupation["id"])
                if connected:
                    return (sum(connected) / len(connected) + 0.5) / scale, index
                return (index + 0.5) / count, index

            occupations = [o for _, o in sorted(enumerate(occupations), key=place)]
        out.append({**tier, "occupations": occupations})
    return out


def diagram(data: dict) -> dict:
    """Where each occupation sits and the arrows between tiers, shared by web and PDF.

    Tiers are drawn advanced at the top. Each tier row is a grid of `columns` equal columns
    (each card spans two half-columns so short tiers can be centred); an arrow strip under a
    tier holds the arrows that climb into it, from the centre of the card below."""
    tiers = _untangled(data)
    columns = max([3, *(len(t["occupations"]) for t in tiers)])
    position: dict[int, tuple[int, float]] = {}
    rows = []
    for tier in tiers:
        count = len(tier["occupations"])
        offset = columns - count  # in half-columns
        cards = []
        for index, occupation in enumerate(tier["occupations"]):
            start = offset + 2 * index  # half-column where the card begins
            position[occupation["id"]] = (TIER_RANK[tier["tier"]], (start + 1) / (2 * columns))
            cards.append(
                {"occupation": occupation, "show": present(occupation), "grid_start": start + 1}
            )
        rows.append({**tier, "cards": cards, "offset": offset})
    strips: dict[int, list[Arrow]] = {rank: [] for rank in TIER_RANK.values()}
    for path in data["paths"]:
        source, target = position.get(path["from_id"]), position.get(path["to_id"])
        if not source or not target or target[0] <= source[0]:
            continue  # sideways or downward moves are listed in text only
        strips[target[0]].append(
            Arrow(
                x1=source[1],
                x2=target[1],
                dashed=target[0] - source[0] > 1,
                label=f"{path['from']} to {path['to']}",
            )
        )
    # Spread arrows that share an end so they don't overlap.
    width = 1000
    for arrows in strips.values():
        for key in ("x1", "x2"):
            groups: dict[float, list[Arrow]] = {}
            for arrow in arrows:
                groups.setdefault(getattr(arrow, key), []).append(arrow)
            for x, group in groups.items():
                group.sort(key=lambda a: a.x2 if key == "x1" else a.x1)
                for i, arrow in enumerate(group):
                    setattr(arrow, key, x + (i - (len(group) - 1) / 2) * 0.018)
        for arrow in arrows:
            arrow.x1 = round(arrow.x1 * width, 1)
            arrow.x2 = round(arrow.x2 * width, 1)
    top_down = list(reversed(rows))
    for row in top_down:
        rank = TIER_RANK[row["tier"]]
        row["arrows_in"] = strips[rank] if rank > 0 else []
    # The web page lists tiers from the entry level up (a student on a phone meets the entry
    # level first) and draws them advanced on top on wide screens; each row then carries the
    # arrows that climb from it into the tier above.
    bottom_up = list(rows)
    for index, row in enumerate(bottom_up):
        row["arrows_above"] = bottom_up[index + 1]["arrows_in"] if index + 1 < len(rows) else []
    # Regional and national pay of different periods, said once per pair (the one-page map
    # marks the cards with a dagger and says it under them, where it costs no line in a card).
    period_notes = sorted(
        {c["show"]["periods_note"] for r in rows for c in r["cards"] if c["show"]["periods_note"]}
    )
    return {
        "columns": columns,
        "rows": top_down,
        "bottom_up": bottom_up,
        "width": width,
        "period_notes": period_notes,
        "routes": [route_layout(r) for r in data.get("routes", [])],
        "routes_unreviewed": any(
            not s.get("reviewed", True) for r in data.get("routes", []) for s in r["steps"]
        ),
    }
