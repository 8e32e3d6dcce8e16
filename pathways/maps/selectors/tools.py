"""The technology and tools an occupation's card names: O*NET's lists and the default
pick."""

from __future__ import annotations

from collections import Counter

from occupations.models import TechnologySkill, ToolUsed

MAX_TECHNOLOGIES = 4


def onet_tools(onet_codes: list[str], release) -> dict[str, list[dict]]:
    """O*NET's technology and tools for each occupation, for the convener to pick from:
    in-demand technology first (in releases that flag it), then the kinds of tool or
    software the occupation lists most examples of (what the job is built around), then by
    name. O*NET's hot technology flag is the same for every occupation (databases, email),
    so it is shown but does not rank."""
    out: dict[str, list[dict]] = {code: [] for code in onet_codes}
    if release is None:
        return out
    rows = [
        (code, example, commodity, "technology", bool(hot), bool(in_demand))
        for code, example, commodity, hot, in_demand in TechnologySkill.objects.filter(
            release=release, onet_code__in=onet_codes
        ).values_list("onet_code", "example", "commodity_title", "hot_technology", "in_demand")
    ] + [
        (code, example, commodity, "tool", False, False)
        for code, example, commodity in ToolUsed.objects.filter(
            release=release, onet_code__in=onet_codes
        ).values_list("onet_code", "example", "commodity_title")
    ]
    size = Counter((code, kind, commodity) for code, _, commodity, kind, _, _ in rows)
    seen: dict[str, set[str]] = {code: set() for code in onet_codes}
    for code, example, commodity, kind, hot, in_demand in sorted(
        rows, key=lambda r: (r[0], not r[5], -size[(r[0], r[3], r[2])], r[2], r[1])
    ):
        if example.casefold() in seen[code]:
            continue
        seen[code].add(example.casefold())
        out[code].append(
            {
                "name": example,
                "kind": kind,
                "hot": hot,
                "in_demand": in_demand,
                "commodity": commodity,
                "examples": size[(code, kind, commodity)],
            }
        )
    return out


def default_tools(options: list[dict]) -> list[str]:
    """What the map shows before employers choose: in-demand technology where the release
    flags it, else the kind of software the occupation lists most; then the kinds of tools
    it lists most, named by kind ("Calipers", "Arc welders") rather than by brand."""
    technology = [o["name"] for o in options if o["in_demand"]][:2]
    if not technology:
        technology = [o["commodity"] for o in options if o["kind"] == "technology"][:1]
    tools = list(dict.fromkeys(o["commodity"] for o in options if o["kind"] == "tool"))
    return technology + tools[: MAX_TECHNOLOGIES - len(technology)]
