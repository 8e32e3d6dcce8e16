"""The labor-market figures on an occupation's card: the map's region, wages and
openings."""

from __future__ import annotations

from occupations import selectors as labor
from partnerships.models import Partnership, RegionArea

# Education at which pay is usually quoted by the year rather than the hour.
SALARIED_EDUCATION = ("Bachelor's degree", "Master's degree", "Doctoral or professional degree")


def region(partnership: Partnership) -> tuple[str, list[str]]:
    areas = list(partnership.areas.all())
    statewide = [a for a in areas if a.kind == RegionArea.Kind.STATEWIDE]
    chosen = statewide or areas
    codes = list(dict.fromkeys(str(c) for a in chosen for c in a.oews_area_codes))
    names = [a.name for a in areas]
    name = ", ".join(names) if names else partnership.state_name
    return name, codes


def wage_block(rows: list[labor.WageRow], hourly: bool) -> dict:
    """Regional median and range (from the area with the most jobs) and the national median."""
    nation = next((r for r in rows if r.is_nation), None)
    regional = [r for r in rows if not r.is_nation]
    regional.sort(key=lambda r: -(r.estimate.tot_emp or 0))
    prefix = "h_" if hourly else "a_"

    def values(row: labor.WageRow) -> dict:
        out = {}
        for key, column in (("p10", "pct10"), ("median", "median"), ("p90", "pct90")):
            figure = row.figure(prefix + column)  # the file's own top code for "#"
            out[key] = figure.value
            out[key + "_top_coded"] = figure.state == "at_least"
        out["period"] = row.period
        out["area"] = row.area_title
        out["employment"] = row.estimate.tot_emp
        return out

    return {
        "unit": "hourly" if hourly else "annual",
        "regional": values(regional[0]) if regional else None,
        "national": values(nation) if nation else None,
    }


def openings(rows: list[labor.WageRow], projection) -> dict:
    """Annual openings in the map's region (its OEWS rows), estimated as step 6 does."""
    regional_emp = sum(r.estimate.tot_emp or 0 for r in rows if not r.is_nation)
    return labor.openings_estimate(projection, regional_emp)
