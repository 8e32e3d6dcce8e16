"""Places a partnership's region is made of, with the codes the data needs.

People choose a state, a metropolitan area or a group of counties by name; the OEWS area
codes (state FIPS, metropolitan CBSA, BLS nonmetropolitan area) come from the reference
table in `partnerships/reference/` (see its README), never typed.
"""

from __future__ import annotations

import csv
from dataclasses import dataclass
from functools import cache
from pathlib import Path

from partnerships.states import STATE_FIPS, STATE_NAMES

REFERENCE = Path(__file__).parent / "reference" / "oews_areas_by_county.csv"


@dataclass(frozen=True)
class County:
    state: str
    fips: str  # 5 digits: state (2) + county (3)
    name: str
    oews_area: str
    oews_area_title: str
    area_type: str  # "metro" | "nonmetro"


@dataclass(frozen=True)
class OewsArea:
    code: str
    title: str
    area_type: str
    counties: tuple[County, ...]

    @property
    def county_names(self) -> list[str]:
        return [c.name for c in self.counties]


@cache
def _counties() -> tuple[County, ...]:
    with REFERENCE.open(newline="", encoding="utf-8") as file:
        return tuple(
            County(
                state=row["state"],
                fips=row["county_fips"],
                name=row["county"],
                oews_area=row["oews_area"],
                oews_area_title=row["oews_area_title"],
                area_type=row["area_type"],
            )
            for row in csv.DictReader(file)
        )


def has_places(state: str) -> bool:
    """Whether the reference table lists the state's metro areas and counties."""
    return any(c.state == state for c in _counties())


def counties_in(state: str) -> list[County]:
    return sorted((c for c in _counties() if c.state == state), key=lambda c: c.name)


def county(fips: str) -> County | None:
    return next((c for c in _counties() if c.fips == fips), None)


def metros_in(state: str) -> list[OewsArea]:
    areas: dict[str, list[County]] = {}
    for c in _counties():
        if c.state == state and c.area_type == "metro":
            areas.setdefault(c.oews_area, []).append(c)
    return sorted(
        (
            OewsArea(code, cs[0].oews_area_title, "metro", tuple(sorted(cs, key=lambda c: c.name)))
            for code, cs in areas.items()
        ),
        key=lambda a: a.title,
    )


def metro(code: str) -> OewsArea | None:
    state = next((c.state for c in _counties() if c.oews_area == code), None)
    return next((a for a in metros_in(state) if a.code == code), None) if state else None


def statewide(state: str) -> tuple[str, str]:
    """(OEWS code, name) of a whole state: its 2-digit FIPS code."""
    return STATE_FIPS[state], STATE_NAMES[state]


def oews_areas_for_counties(fips_codes: list[str]) -> list[str]:
    """The OEWS areas whose estimates cover these counties, each once, in code order."""
    return sorted({c.oews_area for f in fips_codes if (c := county(f)) is not None})


def county_fips(state: str, names: list[str]) -> list[str]:
    """The FIPS codes of the counties named ("Larimer" or "Larimer County"), in name order."""

    def plain(name: str) -> str:
        return name.strip().lower().removesuffix(" county")

    wanted = {plain(n) for n in names}
    return [c.fips for c in counties_in(state) if plain(c.name) in wanted]
