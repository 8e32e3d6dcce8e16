"""Text that people typed, going out into a spreadsheet.

A cell starting with one of `FORMULA_STARTS` is run as a formula by spreadsheet programs
(and openpyxl writes such a string as a formula). Text people typed must never be: every
export puts an apostrophe in front, which the importers take off again, so a round trip
changes nothing.
"""

from __future__ import annotations

FORMULA_STARTS = ("=", "+", "-", "@", "\t", "\r")


def formula_safe(value):
    if isinstance(value, str) and value.startswith(FORMULA_STARTS):
        return "'" + value
    return value
