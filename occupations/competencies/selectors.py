"""Named read queries of step 5. Each owns its query shape; the tally answers in the same
number of queries whether one person or twenty-five answered."""

from __future__ import annotations

import statistics
from collections import Counter, defaultdict
from dataclasses import dataclass, field

from django.db.models import Count, Q
from django.urls import reverse

from occupations.competencies.models import (
    Accuracy,
    Answer,
    DescriptionRender,
    DescriptionVersion,
    FocusGroup,
    Frequency,
    JobDescription,
    JobFunction,
    Participant,
    Priority,
    Strawman,
    Task,
    TaskSuggestion,
)
from occupations.models import Card, CriticalOccupation, Reason

UNDERPERFORMED_SHARE = 0.5  # half the answers or more: a skills gap
DISAGREEMENT_SPREAD = 1.0  # importance standard deviation (1-5 scale) that splits the room


# --- the step page: every critical occupation and where its description stands -----------


@dataclass
class OccupationStatus:
    occupation: CriticalOccupation
    strawman: Strawman | None
    rounds: dict[int, FocusGroup]
    latest: DescriptionVersion | None

    @property
    def changed_since_approved(self) -> bool:
        return bool(
            self.latest and self.strawman and self.strawman.edited_at > self.latest.approved_at
        )

    @property
    def status(self) -> str:
        if self.strawman is None:
            return "No strawman yet"
        if self.latest is not None:
            suffix = ", changed since approved" if self.changed_since_approved else ""
            return f"Approved (version {self.latest.number}){suffix}"
        if 2 in self.rounds:
            return "Round two held"
        if 1 in self.rounds:
            return "Round one held"
        return "Strawman ready"


def occupation_statuses(partnership) -> list[OccupationStatus]:
    occupations = list(
        CriticalOccupation.objects.filter(partnership=partnership)
        .select_related("strawman")
        .order_by("tier", "order", "soc_code")
    )
    groups = defaultdict(dict)
    for group in FocusGroup.objects.filter(strawman__partnership=partnership):
        groups[group.strawman_id][group.round] = group
    latest: dict[int, DescriptionVersion] = {}
    for version in DescriptionVersion.objects.filter(strawman__partnership=partnership).order_by(
        "number"
    ):
        latest[version.strawman_id] = version
    statuses = []
    for occupation in occupations:
        strawman = getattr(occupation, "strawman", None)
        pk = strawman.pk if strawman else None
        statuses.append(OccupationStatus(occupation, strawman, groups.get(pk, {}), latest.get(pk)))
    return statuses


def strawman_for(partnership, pk: int) -> Strawman | None:
    return (
        Strawman.objects.select_related("occupation", "partnership")
        .filter(partnership=partnership, pk=pk)
        .first()
    )


# --- the strawman page -----------------------------------------------------------------


@dataclass
class FunctionView:
    function: JobFunction | None
    tasks: list[Task]

    @property
    def name(self) -> str:
        return self.function.name if self.function else "Not in a function"


@dataclass
class StrawmanPage:
    strawman: Strawman
    functions: list[FunctionView]
    dropped: list[Task]
    job_descriptions: list[JobDescription]
    pending: list[TaskSuggestion]
    card_reasons: list[dict]
    focus_groups: list[FocusGroup]
    latest: DescriptionVersion | None

    @property
    def all_functions(self) -> list[JobFunction]:
        return [f.function for f in self.functions if f.function is not None]

    @property
    def changed_since_approved(self) -> bool:
        return bool(self.latest and self.strawman.edited_at > self.latest.approved_at)

    @property
    def task_count(self) -> int:
        return sum(len(f.tasks) for f in self.functions)


def card_reasons(occupation: CriticalOccupation) -> list[dict]:
    """What employers wrote on their step-3 cards for this occupation: title, company,
    reasons."""
    labels = dict(Reason.choices)
    cards = (
        Card.objects.filter(card_sort__partnership_id=occupation.partnership_id)
        .filter(Q(soc_code=occupation.soc_code) | Q(onet_code=occupation.onet_code or "-"))
        .select_related("employer")
        .order_by("employer__company", "number")
    )
    return [
        {
            "title": card.title,
            "company": card.employer.company,
            "reasons": [labels.get(r, r) for r in card.reasons if r != "other"]
            + ([card.other_reason] if card.other_reason else []),
        }
        for card in cards
    ]


def strawman_page(strawman: Strawman) -> StrawmanPage:
    functions = list(strawman.functions.all())
    tasks = list(strawman.tasks.select_related("job_description").all())
    by_function: dict[int | None, list[Task]] = defaultdict(list)
    dropped = []
    for task in tasks:
        (dropped if task.dropped else by_function[task.function_id]).append(task)
    views = [FunctionView(f, by_function.get(f.pk, [])) for f in functions]
    if by_function.get(None):
        views.append(FunctionView(None, by_function[None]))
    documents = list(strawman.job_descriptions.all())
    pending = list(
        TaskSuggestion.objects.filter(
            job_description__strawman=strawman, status=TaskSuggestion.Status.PENDING
        ).select_related("job_description")
    )
    return StrawmanPage(
        strawman=strawman,
        functions=views,
        dropped=dropped,
        job_descriptions=documents,
        pending=pending,
        card_reasons=card_reasons(strawman.occupation),
        focus_groups=list(strawman.focus_groups.select_related("convening")),
        latest=strawman.versions.order_by("-number").first(),
    )


# --- the live tally --------------------------------------------------------------------


@dataclass
class TaskTally:
    task: Task
    answered: int = 0
    accuracy: Counter = field(default_factory=Counter)
    importance: Counter = field(default_factory=Counter)
    frequency: Counter = field(default_factory=Counter)
    underperformed: int = 0
    priority_votes: int = 0
    previous: TaskTally | None = None

    @property
    def mean_importance(self) -> float | None:
        values = list(self.importance.elements())
        return round(statistics.fmean(values), 1) if values else None

    @property
    def importance_spread(self) -> float | None:
        values = list(self.importance.elements())
        return round(statistics.pstdev(values), 2) if len(values) > 1 else None

    @property
    def accuracy_rows(self) -> list[tuple[str, str, int]]:
        short = {Accuracy.KEEP: "Keep", Accuracy.CHANGE: "Change", Accuracy.DROP: "Drop"}
        return [(v, short[v], self.accuracy.get(v, 0)) for v in Accuracy.values]

    @property
    def importance_rows(self) -> list[tuple[int, int]]:
        return [(n, self.importance.get(n, 0)) for n in range(1, 6)]

    @property
    def frequency_rows(self) -> list[tuple[str, int]]:
        return [(label, self.frequency.get(v, 0)) for v, label in Frequency.choices]

    @property
    def common_frequency(self) -> str:
        if not self.frequency:
            return ""
        return dict(Frequency.choices)[self.frequency.most_common(1)[0][0]]

    @property
    def disagreement(self) -> list[str]:
        """Why the room is split on this task, in words (empty when it is not)."""
        reasons = []
        spread = self.importance_spread
        if spread is not None and spread >= DISAGREEMENT_SPREAD:
            low, high = min(self.importance), max(self.importance)
            reasons.append(f"importance ranges from {low} to {high}")
        total = sum(self.accuracy.values())
        if total >= 3:
            keep = self.accuracy.get(Accuracy.KEEP, 0) + self.accuracy.get(Accuracy.CHANGE, 0)
            drop = self.accuracy.get(Accuracy.DROP, 0)
            if drop and keep and min(keep, drop) / total >= 0.25:
                reasons.append(f"{drop} of {total} would drop it")
        return reasons

    @property
    def underperformed_share(self) -> float:
        return self.underperformed / self.answered if self.answered else 0.0

    @property
    def is_gap(self) -> bool:
        return self.answered > 0 and self.underperformed_share >= UNDERPERFORMED_SHARE

    @property
    def change(self) -> str:
        """Round two against round one, in words."""
        if self.previous is None:
            return ""
        parts = []
        before, now = self.previous.mean_importance, self.mean_importance
        if before is not None and now is not None and abs(now - before) >= 0.5:
            parts.append(f"importance {before} → {now}")
        b_gap, n_gap = self.previous.is_gap, self.is_gap
        if b_gap != n_gap:
            parts.append("now seen as under-performed" if n_gap else "no longer under-performed")
        if self.previous.priority_votes != self.priority_votes:
            parts.append(f"top-three votes {self.previous.priority_votes} → {self.priority_votes}")
        return "; ".join(parts) or "no change"


@dataclass
class Tally:
    focus_group: FocusGroup
    people: list[Participant]  # still in the round, each with `answered` (tasks)
    rows: list[TaskTally]
    previous_round: FocusGroup | None = None

    @property
    def participants(self) -> int:
        return len(self.people)

    @property
    def top_three(self) -> list[TaskTally]:
        ranked = [r for r in self.rows if r.priority_votes]
        ranked.sort(key=lambda r: (-r.priority_votes, r.task.order))
        return ranked[:3]

    @property
    def answered_all(self) -> int:
        return max((r.answered for r in self.rows), default=0)


def _task_tallies(group_id: int, tasks: list[Task]) -> dict[int, TaskTally]:
    """Two grouped queries, whatever the number of participants."""
    rows = {t.pk: TaskTally(task=t) for t in tasks}
    counts = (
        Answer.objects.filter(participant__focus_group_id=group_id)
        .values("task_id", "accuracy", "importance", "frequency", "underperformed")
        .annotate(n=Count("id"))
        .order_by()
    )
    for item in counts:
        row = rows.get(item["task_id"])
        if row is None:
            continue
        n = item["n"]
        row.answered += n
        if item["accuracy"]:
            row.accuracy[item["accuracy"]] += n
        if item["importance"]:
            row.importance[item["importance"]] += n
        if item["frequency"]:
            row.frequency[item["frequency"]] += n
        if item["underperformed"]:
            row.underperformed += n
    votes = (
        Priority.objects.filter(participant__focus_group_id=group_id)
        .values("task_id")
        .annotate(n=Count("id"))
        .order_by()
    )
    for item in votes:
        if item["task_id"] in rows:
            rows[item["task_id"]].priority_votes = item["n"]
    return rows


def tally(focus_group: FocusGroup) -> Tally:
    tasks = list(
        Task.objects.filter(strawman_id=focus_group.strawman_id, dropped=False)
        .select_related("function")
        .order_by("function__order", "order", "id")
    )
    rows = _task_tallies(focus_group.pk, tasks)
    previous = None
    if focus_group.round == FocusGroup.Round.PERFORMERS:
        previous = FocusGroup.objects.filter(
            strawman_id=focus_group.strawman_id, round=FocusGroup.Round.HIRING
        ).first()
        if previous is not None:
            before = _task_tallies(previous.pk, tasks)
            for pk, row in rows.items():
                row.previous = before[pk]
    people = list(
        Participant.objects.filter(focus_group=focus_group, removed_at__isnull=True)
        .annotate(answered=Count("answers"))
        .order_by("joined_at", "id")
    )
    return Tally(focus_group, people, [rows[t.pk] for t in tasks], previous)


def focus_group_for(partnership, pk: int) -> FocusGroup | None:
    return (
        FocusGroup.objects.select_related("strawman__occupation", "convening")
        .filter(strawman__partnership=partnership, pk=pk)
        .first()
    )


def tally_version(partnership, pk: int) -> int | None:
    return (
        FocusGroup.objects.filter(strawman__partnership=partnership, pk=pk)
        .values_list("tally_version", flat=True)
        .first()
    )


# --- a participant's phone --------------------------------------------------------------


def focus_group_by_token(token: str) -> FocusGroup | None:
    return (
        FocusGroup.objects.select_related("strawman__occupation", "convening")
        .filter(token=token)
        .first()
    )


def participant_sheet(participant: Participant) -> list[tuple[Task, Answer | None]]:
    tasks = list(
        Task.objects.filter(strawman_id=participant.focus_group.strawman_id, dropped=False)
        .select_related("function")
        .order_by("function__order", "order", "id")
    )
    answers = {a.task_id: a for a in Answer.objects.filter(participant=participant)}
    return [(t, answers.get(t.pk)) for t in tasks]


def participant_priorities(participant: Participant) -> set[int]:
    return set(Priority.objects.filter(participant=participant).values_list("task_id", flat=True))


# --- the vetted description ---------------------------------------------------------------


def _latest_tallies(strawman: Strawman) -> dict[int, TaskTally]:
    """Per task, the tally of the latest round held (round two over round one)."""
    group = strawman.focus_groups.order_by("-round").first()
    if group is None:
        return {}
    tasks = list(strawman.tasks.filter(dropped=False))
    return _task_tallies(group.pk, tasks)


def description_content(strawman: Strawman) -> dict:
    """The description as plain data: what an approved version keeps, and what the PDF,
    the spreadsheet and the page show."""
    page = strawman_page(strawman)
    tallies = _latest_tallies(strawman)
    functions = []
    for view in page.functions:
        tasks = []
        for task in view.tasks:
            row = tallies.get(task.pk)
            tasks.append(
                {
                    "id": task.pk,
                    "statement": task.statement,
                    "source": task.get_source_display(),
                    "onet_task_id": task.onet_task_id,
                    "importance": row.mean_importance if row else None,
                    "frequency": row.common_frequency if row else "",
                    "underperformed": bool(row and row.is_gap),
                    "priority_votes": row.priority_votes if row else 0,
                    "chosen": task.chosen,
                    "minimum_standard": task.minimum_standard,
                    "mid_level": task.mid_level,
                    "ksas": task.ksa_list,
                }
            )
        functions.append({"name": view.name, "tasks": tasks})
    people = dict(
        Participant.objects.filter(focus_group__strawman=strawman, removed_at__isnull=True)
        .values("focus_group_id")
        .annotate(n=Count("id"))
        .order_by()
        .values_list("focus_group_id", "n")
    )
    paths_in, paths_out = [], []
    for group in page.focus_groups:
        paths_in += [ln.strip() for ln in group.paths_in.splitlines() if ln.strip()]
        paths_out += [ln.strip() for ln in group.paths_out.splitlines() if ln.strip()]
    return {
        "occupation": strawman.occupation.title,
        "soc_code": strawman.occupation.soc_code,
        "onet_code": strawman.onet_code,
        "source": strawman.onet_release,
        "functions": functions,
        "skills": strawman.skills,
        "knowledge": strawman.knowledge,
        "abilities": strawman.abilities,
        "technology": [t["name"] for t in strawman.technology if t.get("hot")][:15],
        "paths_in": paths_in,
        "paths_out": paths_out,
        "rounds": [g.get_round_display() for g in page.focus_groups],
        "round_details": [
            {
                "label": g.get_round_display(),
                "convening": g.convening.title,
                "held_on": f"{g.convening.held_on.day} {g.convening.held_on:%B %Y}"
                if g.convening.held_on
                else "",
                "participants": people.get(g.pk, 0),
            }
            for g in page.focus_groups
        ],  # fmt: skip
        "climbs": [
            {k: c[k] for k in ("from", "to", "levels", "tasks", "edited")}
            for c in climbs_for(strawman)
        ],
    }


def versions_for(strawman: Strawman) -> list[DescriptionVersion]:
    return list(strawman.versions.select_related("approved_by"))


def latest_render(strawman: Strawman) -> DescriptionRender | None:
    return (
        DescriptionRender.objects.filter(version__strawman=strawman)
        .select_related("version")
        .order_by("-created_at", "-id")
        .first()
    )


def render_for(strawman: Strawman, pk: int) -> DescriptionRender | None:
    return (
        DescriptionRender.objects.filter(version__strawman=strawman, pk=pk)
        .select_related("version")
        .first()
    )


def pdf_to_serve(strawman: Strawman) -> DescriptionVersion | None:
    """The newest approved version that has a PDF: while a new version renders, or if its
    render failed, people keep getting the last good one."""
    return (
        strawman.versions.exclude(pdf="").select_related("approved_by").order_by("-number").first()
    )


# --- skills gaps: read by step 6 and the action plan ------------------------------------


def skills_gaps(partnership) -> list[dict]:
    """Under-performed tasks and training priorities heard in the focus groups (both
    rounds together), per occupation: `key` (stable), `title`, `detail`, `occupation`,
    `url` (the tally of the latest round, where the evidence is)."""
    groups = list(
        FocusGroup.objects.filter(strawman__partnership=partnership)
        .select_related("strawman__occupation")
        .order_by("round")
    )
    if not groups:
        return []
    latest = {g.strawman_id: g for g in groups}  # the last round wins
    tasks = {
        t.pk: t
        for t in Task.objects.filter(strawman_id__in=latest, dropped=False).order_by("order")
    }
    counts = (
        Answer.objects.filter(participant__focus_group__in=groups, task_id__in=tasks)
        .values("task_id")
        .annotate(n=Count("id"), under=Count("id", filter=Q(underperformed=True)))
        .order_by()
    )
    answered = {c["task_id"]: (c["n"], c["under"]) for c in counts}
    votes = dict(
        Priority.objects.filter(participant__focus_group__in=groups, task_id__in=tasks)
        .values("task_id")
        .annotate(n=Count("id"))
        .order_by()
        .values_list("task_id", "n")
    )
    gaps = []
    for task in tasks.values():
        n, under = answered.get(task.pk, (0, 0))
        share = under / n if n else 0
        picked = votes.get(task.pk, 0)
        if share < UNDERPERFORMED_SHARE and not picked:
            continue
        group = latest[task.strawman_id]
        details = []
        if share >= UNDERPERFORMED_SHARE:
            details.append(f"{under} of {n} answers say it is commonly under-performed")
        if picked:
            details.append(f"{picked} picked it among the top three for training")
        gaps.append(
            {
                "key": f"step5-task-{task.pk}",
                "title": task.statement,
                "detail": "; ".join(details) + ".",
                "occupation": group.strawman.occupation.title,
                "url": reverse(
                    "competencies:tally", kwargs={"slug": partnership.slug, "pk": group.pk}
                ),
                "_sort": (group.strawman.occupation.title, -picked, -share, task.order),
            }
        )
    gaps.sort(key=lambda g: g.pop("_sort"))
    return gaps


# --- the climb between levels -------------------------------------------------------------

LEVEL_WORDS_ORDER = ["awareness", "basic", "intermediate", "advanced", "expert"]


CLIMB_LEVELS_KEPT = 8  # the biggest differences; a longer list reads as noise


def climb(lower: Strawman, higher: Strawman) -> dict:
    """What the higher occupation asks beyond the lower one, in plain words: skills and
    knowledge whose level in words goes up ("Mathematics: basic to intermediate"), or that
    the lower one does not list and the higher needs at intermediate or above; the biggest
    and most important first. Plus the tasks the higher occupation has that the lower lacks."""
    rank = {w: i for i, w in enumerate(LEVEL_WORDS_ORDER)}
    steps = []
    for domain in ("skills", "knowledge"):
        before = {i["id"]: i for i in getattr(lower, domain)}
        for item in getattr(higher, domain):
            now = rank.get(item["words"])
            if now is None:  # level suppressed or not reported: no claim to make
                continue
            was = before.get(item["id"])
            if was is None:
                if now < rank["intermediate"]:
                    continue
                text, rise = f"{item['name']}: {item['words']} (new at this level)", 1
            else:
                then = rank.get(was["words"])
                if then is None or now <= then:
                    continue
                text, rise = f"{item['name']}: {was['words']} to {item['words']}", now - then
            steps.append((-(rise + (was is not None)), -item["importance"], text))
    steps.sort()
    lower_ids = set(lower.tasks.exclude(onet_task_id=None).values_list("onet_task_id", flat=True))
    lower_text = {s.lower() for s in lower.tasks.values_list("statement", flat=True)}
    added = [
        t.statement
        for t in higher.tasks.filter(dropped=False).order_by("order")
        if t.onet_task_id not in lower_ids and t.statement.lower() not in lower_text
    ]
    return {"levels": [text for *_, text in steps[:CLIMB_LEVELS_KEPT]], "tasks": added[:12]}


def climbs_for(strawman: Strawman) -> list[dict]:
    """The climb along every step-3 advancement path into or out of this occupation whose two
    ends have a strawman: as the facilitator worded it, else computed from O*NET. `version`
    is what an edit form carries (0: never edited)."""
    from occupations.models import AdvancementPath

    paths = (
        AdvancementPath.objects.filter(partnership_id=strawman.partnership_id)
        .filter(Q(from_occupation=strawman.occupation_id) | Q(to_occupation=strawman.occupation_id))
        .select_related("from_occupation__strawman", "to_occupation__strawman", "climb")
        .order_by("from_occupation__tier", "from_occupation__order", "to_occupation__order", "pk")
    )
    result = []
    for path in paths:
        low = getattr(path.from_occupation, "strawman", None)
        high = getattr(path.to_occupation, "strawman", None)
        if low is None or high is None:
            continue
        edited = getattr(path, "climb", None)
        if edited is not None:
            lines = {"levels": edited.level_list, "tasks": edited.task_list}
        else:
            lines = climb(low, high)
        result.append(
            {
                "path_id": path.pk,
                "from": path.from_occupation.title,
                "to": path.to_occupation.title,
                "levels": lines["levels"],
                "tasks": lines["tasks"],
                "levels_text": "\n".join(lines["levels"]),
                "tasks_text": "\n".join(lines["tasks"]),
                "edited": edited is not None,
                "version": edited.version if edited is not None else 0,
            }
        )
    return result
