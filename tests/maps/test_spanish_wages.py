"""A top-coded or suppressed wage on the Spanish edition reads in Spanish, never as a number."""

from __future__ import annotations

from django.utils import translation

from pathways.maps.selectors import money


def test_top_coded_and_suppressed_wages_in_both_languages():
    assert money(239200, "annual", top_coded=True) == "at least $239,200"
    assert money(None, "annual") == "not available"
    with translation.override("es"):
        assert money(239200, "annual", top_coded=True) == "al menos $239,200"
        assert money(115.0, "hourly", top_coded=True) == "al menos $115.00"
        assert money(None, "hourly") == "no disponible"
        assert money(52340, "annual") == "$52,340"
