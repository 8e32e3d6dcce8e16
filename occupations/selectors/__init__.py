"""Named reads of the labor-market data. Everything reads the current release of a source
(the most recently imported one) unless a release is passed in.

One module per concern: `releases` (current releases, OEWS column profiles, import jobs, and
the codes every module shares), `search` (the occupation explorer), `onet` (O*NET profile
content), `wages` (OEWS wages, projections, openings), `programs` (CIP-SOC crosswalk, IPEDS),
`cardsort` (step 3: card sorts, tally, agreed list) and `picture` (the sector's labor-market
picture). Callers import from `occupations.selectors`; the names below are its public face."""

from __future__ import annotations

from occupations.selectors.cardsort import (
    AGREED_MAX,
    AGREED_MIN,
    AgreedList,
    Board,
    BoardColumn,
    EmployerCards,
    Tally,
    TallyRow,
    agreed_list,
    board,
    board_version,
    card_sort_for,
    card_sorts_for,
    card_tally,
    step3_criteria,
    transferable_suggestions,
)
from occupations.selectors.onet import (
    OnetProfile,
    Rating,
    onet_profile,
    required_education,
    top_ratings,
)
from occupations.selectors.picture import (
    LEVEL_LABELS,
    LEVELS,
    SMALL_BASE,
    PictureRow,
    SectorPicture,
    sector_picture,
)
from occupations.selectors.programs import (
    cip_for_soc,
    ipeds_completion_releases,
    ipeds_completions,
    ipeds_institutions,
    ipeds_reporting,
    soc_for_cip,
)
from occupations.selectors.releases import (
    CODE_PREFIX_RE,
    NATION,
    ONET_CODE_RE,
    SOC_CODE_RE,
    JobProgress,
    current_of,
    current_release,
    import_job,
    import_progress,
    oews_profile_for,
    oews_profiles,
    recent_import_jobs,
    releases_by_source,
)
from occupations.selectors.search import (
    SearchHit,
    _search_index,  # the tests clear its cache
    onet_codes_for_soc,
    onet_occupation,
    related_occupations,
    search_occupations,
    soc_occupation,
)
from occupations.selectors.wages import (
    HOURLY_COLUMNS,
    TOP_CODE_ANNUAL,
    TOP_CODE_HOURLY,
    WAGE_COLUMNS,
    WageFigure,
    WageRow,
    oews_areas,
    openings_estimate,
    projection_for,
    wage_figure,
    wage_periods_differ,
    wages_for,
)

__all__ = [
    # releases and imports
    "NATION",
    "CODE_PREFIX_RE",
    "ONET_CODE_RE",
    "SOC_CODE_RE",
    "current_release",
    "current_of",
    "releases_by_source",
    "oews_profiles",
    "oews_profile_for",
    "recent_import_jobs",
    "import_job",
    "JobProgress",
    "import_progress",
    # the occupation explorer
    "SearchHit",
    "search_occupations",
    "_search_index",
    "onet_occupation",
    "soc_occupation",
    "onet_codes_for_soc",
    "related_occupations",
    # O*NET profile content
    "Rating",
    "OnetProfile",
    "top_ratings",
    "onet_profile",
    "required_education",
    # wages, projections and openings
    "WAGE_COLUMNS",
    "HOURLY_COLUMNS",
    "TOP_CODE_ANNUAL",
    "TOP_CODE_HOURLY",
    "WageFigure",
    "wage_figure",
    "WageRow",
    "wage_periods_differ",
    "oews_areas",
    "wages_for",
    "projection_for",
    "openings_estimate",
    # programs: CIP-SOC crosswalk and IPEDS
    "soc_for_cip",
    "cip_for_soc",
    "ipeds_institutions",
    "ipeds_completion_releases",
    "ipeds_completions",
    "ipeds_reporting",
    # step 3: card sorts, tally, agreed list
    "AGREED_MIN",
    "AGREED_MAX",
    "card_sorts_for",
    "card_sort_for",
    "board_version",
    "BoardColumn",
    "EmployerCards",
    "Board",
    "board",
    "TallyRow",
    "Tally",
    "card_tally",
    "AgreedList",
    "agreed_list",
    "transferable_suggestions",
    "step3_criteria",
    # step 3: the sector's labor-market picture
    "SMALL_BASE",
    "LEVELS",
    "LEVEL_LABELS",
    "PictureRow",
    "SectorPicture",
    "sector_picture",
]
