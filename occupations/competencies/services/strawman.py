"""Step 5 writes for the strawman: building it from O*NET (functions from the work-activity
hierarchy), the facilitator's edits, and employers' job descriptions."""

from __future__ import annotations

from collections import Counter, defaultdict
from collections.abc import Iterable
from dataclasses import dataclass

from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction
from django.db.models import F, Max
from django.utils import timezone

from occupations.competencies.importers.job_descriptions import task_sentences
from occupations.competencies.models import (
    JobDescription,
    JobFunction,
    Strawman,
    Task,
    TaskSource,
    TaskSuggestion,
)
from occupations.models import (
    ContentModelElement,
    CriticalOccupation,
    DataRelease,
    DwaReference,
    IwaReference,
    OnetOccupation,
    OnetRating,
    OnetTask,
    Source,
    TaskDwa,
    TaskRating,
    TechnologySkill,
)

OTHER_FUNCTION = "Other tasks"
RATINGS_KEPT = 12  # skills, knowledge, abilities shown per domain, by importance
MIN_IMPORTANCE = 2.5  # O*NET importance (1-5) below which an element is left out


# --- plain words for O*NET levels ------------------------------------------------------


def level_words(level: float | None) -> str:
    """O*NET's 0-7 level scale in words a hiring manager uses."""
    if level is None:
        return "level not reported"
    if level < 1.5:
        return "awareness"
    if level < 3.0:
        return "basic"
    if level < 4.5:
        return "intermediate"
    if level < 6.0:
        return "advanced"
    return "expert"


def _ratings_by_domain(rows: Iterable[tuple]) -> dict[str, list[dict]]:
    """(domain, element_id, name, scale, value, suppressed, not_relevant) rows -> per domain,
    the elements that matter, most important first, with their level in words. A value
    O*NET recommends suppressing is kept as a state, never shown as a number."""
    elements: dict[tuple[str, str], dict] = {}
    for domain, element_id, name, scale, value, suppress, not_relevant in rows:
        item = elements.setdefault(
            (domain, element_id),
            {"id": element_id, "name": name, "importance": None, "level": None,
             "level_suppressed": False, "not_relevant": False},
        )  # fmt: skip
        if scale == "IM":
            item["importance"] = round(value, 2)
        elif scale == "LV":
            if suppress:
                item["level_suppressed"] = True
            else:
                item["level"] = round(value, 2)
            item["not_relevant"] = bool(not_relevant)
    result: dict[str, list[dict]] = defaultdict(list)
    for (domain, _), item in elements.items():
        if item["importance"] is None or item["importance"] < MIN_IMPORTANCE:
            continue
        if item["not_relevant"]:
            continue
        item["words"] = (
            "level not reliable enough to show"
            if item["level_suppressed"]
            else level_words(item["level"])
        )
        result[domain].append(item)
    for items in result.values():
        items.sort(key=lambda i: (-i["importance"], i["name"]))
        del items[RATINGS_KEPT:]
    return result


FREQUENCY_WORDS = {  # O*NET's FT categories, folded into the room's four answers
    1: "rarely", 2: "rarely", 3: "monthly", 4: "monthly", 5: "weekly", 6: "daily", 7: "daily",
}  # fmt: skip


def _task_ratings(rows: Iterable[tuple]) -> dict[int, dict]:
    """(task_id, scale, category, value, suppressed) -> {task_id: {importance, relevance,
    frequency}}; frequency is the most common answer among incumbents."""
    found: dict[int, dict] = defaultdict(dict)
    frequency: dict[int, Counter] = defaultdict(Counter)
    for task_id, scale, category, value, suppress in rows:
        if suppress:
            found[task_id].setdefault("suppressed", True)
            continue
        if scale == "IM":
            found[task_id]["importance"] = round(value, 2)
        elif scale == "RT":
            found[task_id]["relevance"] = round(value)
        elif scale == "FT" and category in FREQUENCY_WORDS:
            frequency[task_id][FREQUENCY_WORDS[category]] += value
    for task_id, counter in frequency.items():
        if counter:
            found[task_id]["frequency"] = counter.most_common(1)[0][0]
    return dict(found)


def onet_code_for(occupation: CriticalOccupation, release: DataRelease) -> str:
    """The O*NET-SOC code to read: the one step 3 chose, else the SOC code's own."""
    candidates = [occupation.onet_code] if occupation.onet_code else []
    candidates += [f"{occupation.soc_code}.00"]
    found = set(
        OnetOccupation.objects.filter(release=release, code__in=candidates).values_list(
            "code", flat=True
        )
    )
    for code in candidates:
        if code in found:
            return code
    first = (
        OnetOccupation.objects.filter(release=release, code__startswith=occupation.soc_code)
        .order_by("code")
        .values_list("code", flat=True)
        .first()
    )
    return first or ""


# --- building the strawman -------------------------------------------------------------


@dataclass(frozen=True)
class WorkActivities:
    """A release's work-activity hierarchy: DWA -> (GWA, IWA), and the names of GWAs, their
    categories and IWAs. The same for every occupation of a release, so read once per
    process and release (it is reference data: a new import is a new release)."""

    dwas: dict[str, tuple[str, str]]
    names: dict[str, str]


_ACTIVITIES: dict[tuple, WorkActivities] = {}


def work_activities(release: DataRelease) -> WorkActivities:
    key = (release.pk, release.imported_at)
    found = _ACTIVITIES.get(key)
    if found is None:
        dwas = {
            dwa: (element, iwa)
            for dwa, element, iwa in DwaReference.objects.filter(release=release).values_list(
                "dwa_id", "element_id", "iwa_id"
            )
        }
        names = dict(
            ContentModelElement.objects.filter(
                release=release, element_id__startswith="4.A"
            ).values_list("element_id", "name")
        )
        if not names:  # no Content Model Reference: name a work activity after its first IWA
            iwa_names = dict(
                IwaReference.objects.filter(release=release).values_list("iwa_id", "title")
            )
            for element, iwa in sorted(dwas.values()):
                names.setdefault(element, iwa_names.get(iwa, element))
        found = WorkActivities(dwas, names)
        _ACTIVITIES.clear()  # one release at a time is all a process needs
        _ACTIVITIES[key] = found
    return found


def strawman_build(*, occupation: CriticalOccupation, actor=None) -> Strawman:
    """The strawman of a critical occupation from the current O*NET release: tasks (core
    first, then by incumbents responding), grouped into a few functions named after the work
    activities that gather them, with skills, knowledge, abilities and technology.

    Ten queries whatever the occupation: the work-activity hierarchy is reference data read
    once per release, and the one-strawman-per-occupation rule is the database's."""
    release = DataRelease.objects.filter(source=Source.ONET).order_by("-imported_at", "-id").first()
    if release is None:
        raise ValidationError(
            "No O*NET release is imported yet: site staff import one on the data page."
        )
    code = onet_code_for(occupation, release)
    if not code:
        raise ValidationError(
            f"O*NET {release.version} has no occupation for SOC {occupation.soc_code}."
        )
    tasks = list(
        OnetTask.objects.filter(release=release, onet_code=code).values_list(
            "task_id", "statement", "task_type", "incumbents_responding"
        )
    )
    links = list(
        TaskDwa.objects.filter(release=release, onet_code=code).values_list("task_id", "dwa_id")
    )
    hierarchy = work_activities(release)
    names = hierarchy.names
    ratings = _task_ratings(
        TaskRating.objects.filter(release=release, onet_code=code).values_list(
            "task_id", "scale_id", "category", "data_value", "recommend_suppress"
        )
    )
    D = OnetRating.Domain
    competencies = _ratings_by_domain(
        OnetRating.objects.filter(
            release=release,
            onet_code=code,
            domain__in=[D.SKILL, D.KNOWLEDGE, D.ABILITY],
            scale_id__in=["IM", "LV"],
        ).values_list(
            "domain", "element_id", "element_name", "scale_id", "data_value",
            "recommend_suppress", "not_relevant",
        )
    )  # fmt: skip
    technology: dict[str, bool] = {}
    for example, hot in TechnologySkill.objects.filter(release=release, onet_code=code).values_list(
        "example", "hot_technology"
    ):
        technology[example] = technology.get(example, False) or hot

    activities_of: dict[int, set[str]] = defaultdict(set)
    for task_id, dwa in links:
        if dwa in hierarchy.dwas:
            activities_of[task_id].add(hierarchy.dwas[dwa][0])
    tasks.sort(key=lambda t: (t[2] == "Supplemental", -(t[3] or 0), t[0]))
    assignment = group_by_activity({t[0]: activities_of.get(t[0], set()) for t in tasks})
    grouped: dict[str, list[tuple]] = defaultdict(list)
    for task in tasks:
        grouped[assignment[task[0]]].append(task)
    order = sorted(grouped, key=lambda k: (k == "", -len(grouped[k]), names.get(k, k)))

    now = timezone.now()
    try:
        with transaction.atomic():
            strawman = Strawman(
                partnership_id=occupation.partnership_id,
                occupation=occupation,
                onet_code=code,
                onet_release=str(release),
                skills=competencies.get(D.SKILL, []),
                knowledge=competencies.get(D.KNOWLEDGE, []),
                abilities=competencies.get(D.ABILITY, []),
                technology=[
                    {"name": name, "hot": hot}
                    for name, hot in sorted(technology.items(), key=lambda i: (not i[1], i[0]))
                ],
                has_task_ratings=bool(ratings),
                created_by=actor,
                edited_at=now,
            )
            # The occupation and partnership are the caller's rows; checking them again
            # would cost two queries for nothing.
            strawman.full_clean(exclude=["occupation", "partnership", "created_by"])
            strawman.save()
            functions = JobFunction.objects.bulk_create(
                [
                    JobFunction(
                        strawman=strawman,
                        name=(names.get(key) or OTHER_FUNCTION)[:200],
                        work_activity_id=key,
                        order=i,
                    )
                    for i, key in enumerate(order)
                ]
            )
            rows = []
            for function, key in zip(functions, order, strict=True):
                for task_id, statement, task_type, incumbents in grouped[key]:
                    rows.append(
                        Task(
                            strawman=strawman,
                            function=function,
                            statement=statement,
                            order=len(rows),
                            source=TaskSource.ONET,
                            onet_task_id=task_id,
                            task_type=task_type or "",
                            incumbents_responding=incumbents,
                            ratings=ratings.get(task_id, {}),
                        )
                    )
            Task.objects.bulk_create(rows)
    except IntegrityError as exc:  # one strawman per occupation (a second click, a colleague)
        raise ValidationError(f"{occupation.title} already has a strawman.") from exc
    return strawman


def parent_activity(element_id: str) -> str:
    """The category above a work activity: 4.A.3.a.2 -> 4.A.3.a."""
    return ".".join(element_id.split(".")[:4])


MIN_FUNCTION_TASKS = 3  # a work activity gathering fewer joins a broader function
MAX_FUNCTIONS = 6  # about what a hiring manager lists for one job (the guide's sample has 4)


def group_by_activity(activities: dict[int, set[str]]) -> dict[int, str]:
    """Task id -> the work activity its function is named after ("" for other tasks).

    Functions should be few and broad, like a hiring manager would list them:
    1. repeatedly take the work activity (O*NET's GWA) that gathers the most tasks not
       placed yet, while it gathers at least MIN_FUNCTION_TASKS;
    2. a task left over joins the largest function in its broader category (4.A.3.a,
       "Performing Physical and Manual Work Activities"), else tasks sharing a category
       gather under the category's name, else they are other tasks;
    3. while there are more than MAX_FUNCTIONS (or one is smaller than
       MIN_FUNCTION_TASKS), the smallest dissolves: each task moves to a function of
       another of its work activities or categories, or the function folds into the largest
       of its category (which then takes the category's name), or into other tasks.
    The facilitator renames, merges and splits from there."""
    remaining = {t for t, acts in activities.items() if acts}
    result = {t: "" for t in activities}
    while remaining:
        weight = Counter(a for t in remaining for a in activities[t])
        best, count = max(weight.items(), key=lambda item: (item[1], item[0]))
        if count < MIN_FUNCTION_TASKS:
            break
        for t in [t for t in remaining if best in activities[t]]:
            result[t] = best
            remaining.discard(t)

    def sizes() -> Counter:
        return Counter(result.values())

    placed = sizes()
    leftovers: dict[str, set[int]] = defaultdict(set)
    for t in sorted(remaining):
        parents = {parent_activity(a) for a in activities[t]}
        homes = [k for k in placed if k and parent_activity(k) in parents]
        if homes:
            result[t] = max(homes, key=lambda k: (placed[k], k))
        else:
            for parent in parents:
                leftovers[parent].add(t)
    unplaced = {t for ts in leftovers.values() for t in ts if not result[t]}
    while unplaced:  # the category that gathers most of the rest, while it gathers two
        parent, members = max(
            ((p, ts & unplaced) for p, ts in leftovers.items()),
            key=lambda item: (len(item[1]), item[0]),
        )
        if len(members) < 2:
            break
        for t in members:
            result[t] = parent
        unplaced -= members

    def related(t: int, key: str, top: bool = False) -> bool:
        depth = 3 if top else 4  # 4.A.3 (Work Output) or 4.A.3.a (Physical and Manual Work)
        parents = {".".join(a.split(".")[:depth]) for a in activities[t]}
        return key in activities[t] or ".".join(key.split(".")[:depth]) in parents

    while True:
        count = sizes()
        named = [k for k in count if k]
        too_many = len(named) + bool(count.get("")) > MAX_FUNCTIONS
        small = [k for k in named if count[k] < MIN_FUNCTION_TASKS]
        if not (too_many or small):
            break
        smallest = min(small or named, key=lambda k: (count[k], k))
        members = [t for t, k in result.items() if k == smallest]
        others = [k for k in named if k != smallest]
        # Each task first goes where another of its own work activities already is.
        homes = {t: [k for k in others if related(t, k)] for t in members}
        if all(homes.values()):
            for t in members:
                result[t] = max(homes[t], key=lambda k: (count[k], k))
            continue
        family = parent_activity(smallest)
        kin = [k for k in others if parent_activity(k) == family]
        if kin:  # two activities of one category: one function named after the category
            into = max(kin, key=lambda k: (count[k], k))
            for t, k in result.items():
                if k in (smallest, into):
                    result[t] = family
        else:  # else to a function in the same broad area (Work Output ...), else other
            for t in members:
                near = homes[t] or [k for k in others if related(t, k, top=True)]
                result[t] = max(near, key=lambda k: (count[k], k)) if near else ""
    return result


def _touch(strawman: Strawman) -> None:
    """Record that the description changed (it may now differ from the approved one)."""
    Strawman.objects.filter(pk=strawman.pk).update(
        edited_at=timezone.now(), version=F("version") + 1
    )


def _check_unchanged(current: str, expected: str | None, what: str) -> None:
    if expected is not None and current != expected:
        raise ValidationError(
            f"Someone changed this {what} while you were editing it; it now reads "
            f"“{current}”. Your change was not saved: look, then try again."
        )


# --- facilitator edits: functions -----------------------------------------------------


def function_rename(*, function: JobFunction, name: str, expected: str | None = None) -> None:
    name = name.strip()
    if not name:
        raise ValidationError("A function needs a name.")
    with transaction.atomic():
        current = JobFunction.objects.select_for_update().get(pk=function.pk)
        _check_unchanged(current.name, expected, "function's name")
        current.name = name[:200]
        current.full_clean()
        current.save(update_fields=["name"])
        _touch(function.strawman)
    function.name = current.name


def function_add(*, strawman: Strawman, name: str) -> JobFunction:
    name = name.strip()
    if not name:
        raise ValidationError("A function needs a name.")
    with transaction.atomic():
        last = strawman.functions.aggregate(m=Max("order"))["m"]
        function = JobFunction(strawman=strawman, name=name[:200], order=(last or 0) + 1)
        function.full_clean()
        function.save()
        _touch(strawman)
    return function


def function_merge(*, source: JobFunction, into: JobFunction) -> None:
    """Move every task of `source` into `into`, then remove `source`."""
    if source.strawman_id != into.strawman_id or source.pk == into.pk:
        raise ValidationError("Pick another function of the same occupation to merge into.")
    with transaction.atomic():
        Task.objects.filter(function=source).update(function=into)
        source.delete()
        _touch(into.strawman)


def function_split(*, function: JobFunction, tasks: list[Task], name: str) -> JobFunction:
    """A new function with some of this function's tasks."""
    if not tasks:
        raise ValidationError("Tick the tasks that go to the new function.")
    if any(t.function_id != function.pk for t in tasks):
        raise ValidationError("Only tasks of this function can be split off.")
    if len(tasks) == function.tasks.count():
        raise ValidationError("Leave at least one task behind, or rename the function instead.")
    with transaction.atomic():
        new = function_add(strawman=function.strawman, name=name)
        JobFunction.objects.filter(strawman=function.strawman, order__gt=function.order).exclude(
            pk=new.pk
        ).update(order=F("order") + 1)
        new.order = function.order + 1
        new.save(update_fields=["order"])
        Task.objects.filter(pk__in=[t.pk for t in tasks]).update(function=new)
    return new


# --- facilitator edits: tasks ----------------------------------------------------------


def task_add(
    *,
    strawman: Strawman,
    statement: str,
    function: JobFunction | None,
    source: str = TaskSource.ROOM,
    job_description: JobDescription | None = None,
) -> Task:
    statement = " ".join(statement.split())
    if len(statement) < 5:
        raise ValidationError("Write the task as a short sentence, e.g. “Inspect parts …”.")
    if function is not None and function.strawman_id != strawman.pk:
        raise ValidationError("That function belongs to another occupation.")
    with transaction.atomic():
        last = strawman.tasks.aggregate(m=Max("order"))["m"]
        task = Task(
            strawman=strawman,
            function=function,
            statement=statement,
            order=(last or 0) + 1,
            source=source,
            job_description=job_description,
        )
        task.full_clean()
        task.save()
        _touch(strawman)
    return task


def task_reword(*, task: Task, statement: str, expected: str | None = None) -> None:
    statement = " ".join(statement.split())
    if len(statement) < 5:
        raise ValidationError("Write the task as a short sentence.")
    with transaction.atomic():
        current = Task.objects.select_for_update().get(pk=task.pk)
        _check_unchanged(current.statement, expected, "task")
        if current.source == TaskSource.ONET and not current.onet_statement:
            current.onet_statement = current.statement
        current.statement = statement
        current.full_clean()
        current.save(update_fields=["statement", "onet_statement"])
        _touch(task.strawman)
    task.statement, task.onet_statement = current.statement, current.onet_statement


def task_set_dropped(*, task: Task, dropped: bool) -> None:
    with transaction.atomic():
        Task.objects.filter(pk=task.pk).update(dropped=dropped)
        _touch(task.strawman)
    task.dropped = dropped


def task_move(*, task: Task, function: JobFunction) -> None:
    if function.strawman_id != task.strawman_id:
        raise ValidationError("That function belongs to another occupation.")
    with transaction.atomic():
        Task.objects.filter(pk=task.pk).update(function=function)
        _touch(task.strawman)
    task.function = function


def task_detail_save(
    *,
    task: Task,
    chosen: bool,
    minimum_standard: str,
    mid_level: str,
    ksas: str,
) -> None:
    """What the room said about a task chosen for training: the minimum standard, what a
    mid-level person does differently, and the knowledge, skills and abilities under it."""
    with transaction.atomic():
        task.chosen = chosen
        task.minimum_standard = minimum_standard.strip()
        task.mid_level = mid_level.strip()
        task.ksas = "\n".join(line.strip() for line in ksas.splitlines() if line.strip())
        task.full_clean()
        task.save(update_fields=["chosen", "minimum_standard", "mid_level", "ksas"])
        _touch(task.strawman)


# --- job descriptions ------------------------------------------------------------------


def job_description_add(
    *, strawman: Strawman, text: str, employer: str = "", title: str = "", file_name: str = "",
    actor=None,
) -> JobDescription:  # fmt: skip
    """Keep an employer's job description and offer its task-like sentences."""
    text = text.strip()
    if not text:
        raise ValidationError("Paste the job description's text or choose a file.")
    with transaction.atomic():
        document = JobDescription(
            strawman=strawman,
            employer=employer.strip()[:200],
            title=title.strip()[:200],
            file_name=file_name[:255],
            text=text,
            added_by=actor,
        )
        document.full_clean()
        document.save()
        known = {t.lower().rstrip(".") for t in strawman.tasks.values_list("statement", flat=True)}
        TaskSuggestion.objects.bulk_create(
            [
                TaskSuggestion(job_description=document, sentence=sentence)
                for sentence in task_sentences(text)
                if sentence.lower().rstrip(".") not in known
            ]
        )
    return document


def suggestion_decide(
    *, suggestion: TaskSuggestion, accept: bool, function: JobFunction | None = None
) -> None:
    with transaction.atomic():
        current = TaskSuggestion.objects.select_for_update().get(pk=suggestion.pk)
        if current.status != TaskSuggestion.Status.PENDING:
            return  # decided already (a second click, or a colleague): nothing to do
        strawman = current.job_description.strawman
        if accept:
            current.task = task_add(
                strawman=strawman,
                statement=current.sentence,
                function=function,
                source=TaskSource.JOB_DESCRIPTION,
                job_description=current.job_description,
            )
            current.status = TaskSuggestion.Status.ACCEPTED
        else:
            current.status = TaskSuggestion.Status.DROPPED
        current.save(update_fields=["status", "task"])
    suggestion.status = current.status
