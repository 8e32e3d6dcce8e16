"""Display strings for an occupation's figures, in the active language (the snapshot
keeps raw numbers)."""

from __future__ import annotations

from django.utils.translation import gettext, ngettext

from occupations import selectors as labor


def money(value: float | None, unit: str, top_coded: bool = False) -> str:
    """A top-coded wage reads "at least $239,200"; a suppressed one "not available"."""
    return labor.WageFigure(value, "at_least" if top_coded else "number", unit).text


def program_length(program: dict) -> str:
    """A program's length in the active language (older snapshots kept only English)."""
    if "clock_hours" not in program:
        return program.get("length", "")
    parts = []
    for key in ("clock_hours", "credits", "weeks", "months_count"):
        value = program.get(key)
        if not value:
            continue
        whole = float(value).is_integer()
        n = int(value) if whole else 2  # plural form for 1.5 credits
        text = f"{int(value):,}" if whole else f"{value:g}"
        if key == "clock_hours":
            words = ngettext("%(n)s hour", "%(n)s hours", n)
        elif key == "credits":
            words = ngettext("%(n)s credit", "%(n)s credits", n)
        elif key == "weeks":
            words = ngettext("%(n)s week", "%(n)s weeks", n)
        else:
            words = ngettext("%(n)s month", "%(n)s months", n)
        parts.append(words % {"n": text})
    return ", ".join(parts)


def periods_note(regional: dict | None, national: dict | None) -> str:
    """Words for figures side by side from different OEWS periods, or ''."""
    here = (regional or {}).get("period")
    there = (national or {}).get("period")
    if not here or not there or here == there:
        return ""
    return gettext(
        "Different periods: regional pay is OEWS %(here)s, national OEWS %(there)s; "
        "not directly comparable."
    ) % {"here": here, "there": there}


def present(occupation: dict) -> dict:
    """Display strings for one occupation's figures (the snapshot keeps raw numbers)."""
    wages = occupation["wages"]
    unit = wages["unit"]
    per = "/hr" if unit == "hourly" else "/yr"
    regional, national = wages.get("regional"), wages.get("national")
    out = {
        "unit": gettext("an hour") if unit == "hourly" else gettext("a year"),
        "per": per,
        "regional_median": "",
        "regional_range": "",
        "regional_area": "",
        "national_median": "",
        "periods_note": "",
        "openings": "",
        "openings_scope": "",
        "openings_national": "",
    }
    if regional:
        out["regional_median"] = money(regional["median"], unit, regional["median_top_coded"])
        out["regional_range"] = (
            f"{money(regional['p10'], unit, regional.get('p10_top_coded', False))}–"
            f"{money(regional['p90'], unit, regional['p90_top_coded'])}"
        )
        out["regional_area"] = regional["area"]
    if national:
        out["national_median"] = money(national["median"], unit, national["median_top_coded"])
    out["periods_note"] = periods_note(regional, national)
    openings = occupation["openings"]
    if openings["value"] is not None:
        out["openings"] = f"{openings['value']:,}"
        out["openings_scope"] = (
            gettext("a year in the region (est.)")
            if openings["scope"] == "regional"
            else gettext("a year, nationally")
        )
        out["openings_national"] = f"{openings['national']:,}"
    programs = []
    for program in occupation["programs"]:
        length = program_length(program)
        facts = [length] if length else []
        if program["cost"] is not None:
            facts.append(gettext("free") if program["cost"] == 0 else f"${program['cost']:,}")
        if program["placement_rate"] is not None:
            facts.append(gettext("%(rate)s%% placed") % {"rate": f"{program['placement_rate']:g}"})
        cost_text = ""
        if program["cost"] is not None:
            cost_text = gettext("free") if program["cost"] == 0 else f"${program['cost']:,}"
        programs.append(
            {**program, "length": length, "cost_text": cost_text, "facts": " · ".join(facts)}
        )
    out["programs"] = programs
    return out
