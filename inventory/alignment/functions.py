"""The functions a critical occupation involves, for the program-by-function grid.

One place decides where they come from, so switching to step 5's vetted functions is a
change here only. Until step 5's app records vetted functions, they are the occupation's
O*NET core tasks (current O*NET release), each task one function. O*NET's grouping of tasks
into intermediate work activities (Tasks to DWAs, IWA Reference) is not imported by the
labor-market data yet; when it is, group the tasks here.
"""

from __future__ import annotations

from dataclasses import dataclass

from occupations.models import CriticalOccupation, OnetTask, Source
from occupations.selectors import current_release

MAX_FUNCTIONS = 20


@dataclass(frozen=True)
class Function:
    key: str
    label: str
    source: str


def functions_for(occupations: list[CriticalOccupation]) -> dict[str, list[Function]]:
    """Functions per critical occupation (by SOC code), in one query."""
    release = current_release(Source.ONET)
    if release is None or not occupations:
        return {o.soc_code: [] for o in occupations}
    onet_codes = {o.onet_code or f"{o.soc_code}.00": o.soc_code for o in occupations}
    out: dict[str, list[Function]] = {o.soc_code: [] for o in occupations}
    source = f"O*NET {release.version} core task"
    for onet_code, task_id, statement in (
        OnetTask.objects.filter(release=release, onet_code__in=onet_codes, task_type="Core")
        .order_by("onet_code", "line")
        .values_list("onet_code", "task_id", "statement")
    ):
        functions = out[onet_codes[onet_code]]
        if len(functions) < MAX_FUNCTIONS:
            functions.append(Function(f"onet-task-{task_id}", statement, source))
    return out
