"""The functions a critical occupation involves, for the program-by-function grid.

One place decides where they come from. An occupation whose step-5 description has been
approved (occupations.competencies) uses its vetted job functions; any other uses its O*NET
core tasks (current O*NET release), each task one function, until step 5 approves it.
"""

from __future__ import annotations

from dataclasses import dataclass

from django.db.models import Max

from occupations.models import CriticalOccupation, OnetTask, Source
from occupations.selectors import current_release

MAX_FUNCTIONS = 20


@dataclass(frozen=True)
class Function:
    key: str
    label: str
    source: str


def _vetted(occupations: list[CriticalOccupation]) -> dict[str, list[Function]]:
    """Step 5's functions of the occupations whose description is approved."""
    try:
        from occupations.competencies.models import JobFunction, Strawman
    except ImportError:  # step 5's app is not installed
        return {}
    approved = {
        pk: (soc, number)
        for pk, soc, number in Strawman.objects.filter(occupation__in=occupations)
        .annotate(approved=Max("versions__number"))
        .filter(approved__isnull=False)
        .values_list("pk", "occupation__soc_code", "approved")
    }
    out: dict[str, list[Function]] = {}
    for strawman_id, pk, name in (
        JobFunction.objects.filter(strawman_id__in=approved)
        .order_by("strawman_id", "order", "id")
        .values_list("strawman_id", "pk", "name")
    ):
        soc, number = approved[strawman_id]
        out.setdefault(soc, []).append(
            Function(f"step5-function-{pk}", name, f"step 5 description v{number} function")
        )
    return out


def functions_for(occupations: list[CriticalOccupation]) -> dict[str, list[Function]]:
    """Functions per critical occupation (by SOC code), in a fixed number of queries."""
    out: dict[str, list[Function]] = {o.soc_code: [] for o in occupations}
    if not occupations:
        return out
    vetted = _vetted(occupations)
    out.update(vetted)
    rest = [o for o in occupations if o.soc_code not in vetted]
    release = current_release(Source.ONET)
    if release is None or not rest:
        return out
    onet_codes = {o.onet_code or f"{o.soc_code}.00": o.soc_code for o in rest}
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
