"""Named reads for step 6: the partnership's inventory loaded once in bulk, supply against
demand, the gap findings, the asset map and the pathway programs.

Everything here reads a fixed number of queries whatever the size of the inventory: programs,
credentials, linkages and links come in as plain values and are joined in memory.

By concern (each module imports only the ones above it):

- `facts`: the inventory as plain facts (`load_inventory`) and the shared constants;
- `supply`: completers per program, the CIP-SOC crosswalk, supply against demand;
- `pathways`: the pathway programs, their routes, and the routes the published map shows;
- `findings`: the gap findings, the comparison of duplicates, the worksheet and checklist;
- `asset_map`: the asset map and the grid of programs against functions.
"""

from __future__ import annotations

from inventory.alignment.selectors.asset_map import MapFilters, asset_map, function_grid
from inventory.alignment.selectors.facts import (
    SHORTAGE_BELOW,
    SURPLUS_ABOVE,
    TIERS,
    InventoryData,
    LinkageFacts,
    ProgramFacts,
    load_inventory,
)
from inventory.alignment.selectors.findings import (
    Finding,
    attach_details,
    comparison,
    findings,
    gap_answers,
    gap_findings,
    reviews_for,
    untaught_functions,
)
from inventory.alignment.selectors.pathways import (
    pathway_programs_for,
    pathway_route,
    pathway_routes,
    pathway_routes_for_map,
)
from inventory.alignment.selectors.supply import (
    COUNT,
    METHODS,
    SHARE,
    Completers,
    SupplyDemand,
    SupplyRow,
    completers_by_program,
    crosswalk_socs,
    supply_demand,
)

__all__ = [
    "COUNT",
    "METHODS",
    "SHARE",
    "SHORTAGE_BELOW",
    "SURPLUS_ABOVE",
    "TIERS",
    "Completers",
    "Finding",
    "InventoryData",
    "LinkageFacts",
    "MapFilters",
    "ProgramFacts",
    "SupplyDemand",
    "SupplyRow",
    "asset_map",
    "attach_details",
    "comparison",
    "completers_by_program",
    "crosswalk_socs",
    "findings",
    "function_grid",
    "gap_answers",
    "gap_findings",
    "load_inventory",
    "pathway_programs_for",
    "pathway_route",
    "pathway_routes",
    "pathway_routes_for_map",
    "reviews_for",
    "supply_demand",
    "untaught_functions",
]
