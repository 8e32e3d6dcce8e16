"""Step 5 pages, by concern. Thin: check access (partnership pages ask
`get_partnership_for`; phone pages ask for the round's token and the phone's device token),
call one service, answer."""

from __future__ import annotations

from occupations.competencies.views.descriptions import (
    climb_edit,
    description,
    description_pdf,
    description_render,
    description_render_status,
    description_xlsx,
)
from occupations.competencies.views.focus_groups import (
    DEVICE_COOKIE,
    DEVICE_MAX_AGE,
    answer,
    focus_group_open,
    focus_group_paths,
    participant_remove,
    tally,
    tally_poll,
)
from occupations.competencies.views.strawman import (
    approve,
    focus_group_start,
    function_add,
    function_edit,
    index,
    job_description_add,
    path_offer,
    strawman,
    strawman_build,
    suggestion_decide,
    task_add,
    task_detail,
    task_edit,
)

__all__ = [
    "index",
    "strawman_build",
    "strawman",
    "function_add",
    "function_edit",
    "task_add",
    "task_edit",
    "task_detail",
    "job_description_add",
    "suggestion_decide",
    "focus_group_start",
    "path_offer",
    "approve",
    "description",
    "climb_edit",
    "description_pdf",
    "description_render",
    "description_render_status",
    "description_xlsx",
    "tally",
    "tally_poll",
    "focus_group_open",
    "focus_group_paths",
    "answer",
    "participant_remove",
    "DEVICE_COOKIE",
    "DEVICE_MAX_AGE",
]
