"""Every write to the labor-market data: starting and running imports.

By concern:

- `imports`: import jobs (create, run, retry, progress), the importer of each source, the
  file checks and zip handling;
- `oews_mapping`: state OEWS files kept until their columns are mapped to a saved profile;
- `releases`: removing a release with its rows;
- `card_sort`: step 3's card sort (employers in the room, their cards, the board's columns);
- `critical`: step 3's agreed list, advancement paths, the watch list and quick wins;
- `common`: the helpers the two step-3 modules share.

Callers import from `occupations.services`; the names below are that surface.
"""

from __future__ import annotations

from occupations.services.card_sort import (
    CARD_SORT_FIELDS,
    DEFAULT_CATEGORIES,
    SOURCING_FIELDS,
    can_add_cards,
    can_change_card,
    card_add,
    card_delete,
    card_move,
    card_sort_start,
    card_sort_update,
    card_update,
    category_add,
    category_delete,
    category_update,
    room_employer_add_guest,
    room_employer_for_member,
    room_employer_update,
)
from occupations.services.critical import (
    advancement_path_add,
    advancement_path_remove,
    critical_occupation_agree,
    critical_occupation_move,
    critical_occupation_remove,
    critical_occupation_update,
    quick_win_add,
    quick_win_remove,
    watched_occupation_add,
    watched_occupation_remove,
)
from occupations.services.imports import (
    IMPORTERS,
    OFFICIAL_URLS,
    PROGRESS_TIMEOUT,
    Importer,
    ThrottledProgress,
    _progress_key,
    file_checksum,
    import_job_create,
    import_job_retry,
    import_job_run,
    import_progress_set,
    known_areas,
)
from occupations.services.oews_mapping import (
    import_job_refuse,
    oews_mapping_apply,
    oews_preview,
    oews_profile_save,
    oews_upload_for_mapping,
)
from occupations.services.releases import release_delete

__all__ = [
    # imports
    "IMPORTERS",
    "OFFICIAL_URLS",
    "PROGRESS_TIMEOUT",
    "Importer",
    "ThrottledProgress",
    "_progress_key",  # occupations.selectors reads a job's progress by this cache key
    "file_checksum",
    "import_job_create",
    "import_job_retry",
    "import_job_run",
    "import_progress_set",
    "known_areas",
    # oews_mapping
    "import_job_refuse",
    "oews_mapping_apply",
    "oews_preview",
    "oews_profile_save",
    "oews_upload_for_mapping",
    # releases
    "release_delete",
    # card_sort
    "CARD_SORT_FIELDS",
    "DEFAULT_CATEGORIES",
    "SOURCING_FIELDS",
    "can_add_cards",
    "can_change_card",
    "card_add",
    "card_delete",
    "card_move",
    "card_sort_start",
    "card_sort_update",
    "card_update",
    "category_add",
    "category_delete",
    "category_update",
    "room_employer_add_guest",
    "room_employer_for_member",
    "room_employer_update",
    # critical
    "advancement_path_add",
    "advancement_path_remove",
    "critical_occupation_agree",
    "critical_occupation_move",
    "critical_occupation_remove",
    "critical_occupation_update",
    "quick_win_add",
    "quick_win_remove",
    "watched_occupation_add",
    "watched_occupation_remove",
]
