"""Named reads for the pathway map: the map's data (live for a draft, frozen in a version),
the published maps, and what the tracker checks for step 7.

A package split by concern; every name callers use is re-exported here, so
`from pathways.maps import selectors` keeps working:

    tiers      the three tiers in climbing order
    figures    the region, wages and openings on an occupation's card
    programs   the programs in an occupation's box and their order
    tools      O*NET's technology and tools, and the default pick
    routes     the pathway programs drawn as routes, and their layout
    data       everything a map shows (map_data) and the per-occupation rows
    display    display strings for an occupation's figures
    layout     the diagram: cards and arrows between tiers
    versions   the published maps, a map's versions and render jobs
    pdfs       which stored PDF answers a download (cached)
    tracker    what the tracker checks for step 7
"""

from pathways.maps.selectors.data import (
    DESCRIPTION_CHARS,
    MAX_CREDENTIALS,
    map_data,
    map_for,
    occupation_rows,
    occupation_settings,
)
from pathways.maps.selectors.display import money, periods_note, present, program_length
from pathways.maps.selectors.figures import SALARIED_EDUCATION, openings, region, wage_block
from pathways.maps.selectors.layout import STRIP_HEIGHT, Arrow, diagram
from pathways.maps.selectors.pdfs import PDF_CACHE_SECONDS, forget_pdfs, pdf_to_serve
from pathways.maps.selectors.programs import CREDITS_A_MONTH, HOURS_A_MONTH, program_preference
from pathways.maps.selectors.routes import LANE_WIDTH, ROUTE_MIN_STEPS, map_routes, route_layout
from pathways.maps.selectors.tiers import TIER_ORDER, TIER_RANK
from pathways.maps.selectors.tools import MAX_TECHNOLOGIES, default_tools, onet_tools
from pathways.maps.selectors.tracker import step7_criteria
from pathways.maps.selectors.versions import (
    NAICS_SECTORS,
    latest_render,
    latest_version,
    map_directory,
    newest_stamp,
    published_version,
    published_versions,
    render_for,
    sector_of,
    versions_of,
)

__all__ = [
    "CREDITS_A_MONTH",
    "DESCRIPTION_CHARS",
    "HOURS_A_MONTH",
    "LANE_WIDTH",
    "MAX_CREDENTIALS",
    "MAX_TECHNOLOGIES",
    "NAICS_SECTORS",
    "PDF_CACHE_SECONDS",
    "ROUTE_MIN_STEPS",
    "SALARIED_EDUCATION",
    "STRIP_HEIGHT",
    "TIER_ORDER",
    "TIER_RANK",
    "Arrow",
    "default_tools",
    "diagram",
    "forget_pdfs",
    "latest_render",
    "latest_version",
    "map_data",
    "map_directory",
    "map_for",
    "map_routes",
    "money",
    "newest_stamp",
    "occupation_rows",
    "occupation_settings",
    "onet_tools",
    "openings",
    "pdf_to_serve",
    "periods_note",
    "present",
    "program_length",
    "program_preference",
    "published_version",
    "published_versions",
    "region",
    "render_for",
    "route_layout",
    "sector_of",
    "step7_criteria",
    "versions_of",
    "wage_block",
]
