"""Step 5 writes for the focus groups: rounds, participants tied to their phones, answers
saved with one upsert each (25 phones answering at once lose nothing), top-three picks."""

from __future__ import annotations

import hashlib
import secrets
from collections import defaultdict

from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction
from django.db.models import F
from django.utils import timezone

from occupations.competencies.models import (
    MAX_PRIORITIES,
    Accuracy,
    Answer,
    FocusGroup,
    Frequency,
    Participant,
    Priority,
    Strawman,
    Task,
)
from occupations.models import (
    CriticalOccupation,
)

# --- focus groups ----------------------------------------------------------------------


def focus_group_start(*, strawman: Strawman, convening, round: int, actor=None) -> FocusGroup:
    if convening.partnership_id != strawman.partnership_id:
        raise ValidationError("That convening belongs to another partnership.")
    if convening.step != 5:
        raise ValidationError("Focus groups are held at step-5 convenings: plan one first.")
    if round not in FocusGroup.Round.values:
        raise ValidationError("Round one (hiring authorities) or round two (high performers).")
    if (
        round == FocusGroup.Round.PERFORMERS
        and not strawman.focus_groups.filter(round=FocusGroup.Round.HIRING).exists()
    ):
        raise ValidationError("Hold round one with hiring authorities first.")
    if not strawman.tasks.filter(dropped=False).exists():
        raise ValidationError("The strawman has no tasks to rate yet.")
    try:
        with transaction.atomic():
            group = FocusGroup.objects.create(
                strawman=strawman,
                convening=convening,
                round=round,
                token=secrets.token_urlsafe(24),
                created_by=actor,
            )
    except IntegrityError as exc:
        raise ValidationError(
            f"{FocusGroup.Round(round).label} is already set up for this occupation."
        ) from exc
    return group


def focus_group_set_open(*, focus_group: FocusGroup, is_open: bool) -> None:
    FocusGroup.objects.filter(pk=focus_group.pk).update(
        is_open=is_open, tally_version=F("tally_version") + 1
    )
    focus_group.is_open = is_open


def focus_group_paths_save(*, focus_group: FocusGroup, paths_in: str, paths_out: str) -> None:
    focus_group.paths_in = paths_in.strip()
    focus_group.paths_out = paths_out.strip()
    focus_group.full_clean()
    focus_group.save(update_fields=["paths_in", "paths_out"])


def advancement_path_offer(*, strawman: Strawman, other: CriticalOccupation, outward: bool):
    """Record a path heard in the focus groups as a step-3 advancement path."""
    from occupations.models import AdvancementPath

    if other.partnership_id != strawman.partnership_id or other.pk == strawman.occupation_id:
        raise ValidationError("Pick another critical occupation of this partnership.")
    start, end = (strawman.occupation, other) if outward else (other, strawman.occupation)
    path, created = AdvancementPath.objects.get_or_create(
        partnership_id=strawman.partnership_id,
        from_occupation=start,
        to_occupation=end,
        defaults={"note": "Heard in the step-5 focus groups"},
    )
    return path, created


def _open_group(focus_group_id: int) -> FocusGroup:
    group = FocusGroup.objects.filter(pk=focus_group_id).only("is_open", "strawman_id").first()
    if group is None or not group.is_open:
        raise ValidationError("This session is closed: answers are no longer taken.")
    return group


def device_digest(token: str) -> str:
    """What is stored of a phone's device token: its digest (the cookie stays on the phone)."""
    return hashlib.sha256(token.encode()).hexdigest() if token else ""


def participant_join(
    *, focus_group: FocusGroup, name: str, company: str, device: str = ""
) -> Participant:
    """Join a round under a name. `device` is the phone's device token: one phone answers as
    one person per round (the demo, entering answers by hand, passes none)."""
    name, company = " ".join(name.split()), " ".join(company.split())
    if not name:
        raise ValidationError("Type your name so the facilitator knows who answered.")
    _open_group(focus_group.pk)
    digest = device_digest(device)
    participant = Participant(
        focus_group=focus_group,
        name=name[:200],
        company=company[:200],
        key=secrets.token_urlsafe(24),
        device=digest,
    )
    participant.full_clean(exclude=["device"])
    try:
        with transaction.atomic():
            participant.save()
    except IntegrityError as exc:  # this phone joined already (perhaps a moment ago)
        existing = Participant.objects.filter(focus_group=focus_group, device=digest).first()
        if existing is not None and existing.removed_at is not None:
            raise ValidationError(REMOVED_MESSAGE) from exc
        who = existing.name if existing else "someone else"
        raise ValidationError(
            f"This phone already answers as {who} in this session: one phone, one person."
        ) from exc
    FocusGroup.objects.filter(pk=focus_group.pk).update(tally_version=F("tally_version") + 1)
    return participant


REMOVED_MESSAGE = (
    "The facilitator removed this phone's answers from the session, so it no longer takes "
    "answers. Ask the facilitator if this is a mistake."
)


def _check_still_in(participant: Participant) -> None:
    """Inside the save's transaction: lock the participant's row, so a removal and an answer
    arriving together never leave answers behind."""
    if (
        not Participant.objects.select_for_update()
        .filter(pk=participant.pk, removed_at__isnull=True)
        .exists()
    ):
        raise ValidationError(REMOVED_MESSAGE)


def participant_remove(*, participant: Participant, actor) -> int:
    """Delete a participant's answers and top-three picks (a second name from one phone, a
    guest who answered for someone else) and shut their phone out of the round. Returns the
    answers removed."""
    with transaction.atomic():
        locked = Participant.objects.select_for_update().get(pk=participant.pk)
        if locked.removed_at is not None:
            return 0
        removed, _ = Answer.objects.filter(participant=locked).delete()
        Priority.objects.filter(participant=locked).delete()
        locked.removed_at, locked.removed_by = timezone.now(), actor
        locked.save(update_fields=["removed_at", "removed_by"])
        FocusGroup.objects.filter(pk=locked.focus_group_id).update(
            tally_version=F("tally_version") + 1
        )
    participant.removed_at = locked.removed_at
    return removed


ANSWER_FIELDS = ("accuracy", "importance", "frequency", "underperformed")


def clean_answer(values: dict) -> dict:
    """A phone's answer to one task, checked; only the questions it answers."""
    cleaned: dict = {}
    if "accuracy" in values:
        value = values["accuracy"] or ""
        if value not in ("", *Accuracy.values):
            raise ValidationError("Accuracy is keep, change or drop.")
        cleaned["accuracy"] = value
    if "importance" in values:
        value = values["importance"]
        if value in ("", None):
            cleaned["importance"] = None
        else:
            try:
                number = int(value)
            except (TypeError, ValueError):
                number = 0
            if not 1 <= number <= 5:
                raise ValidationError("Importance is a number from 1 to 5.")
            cleaned["importance"] = number
    if "frequency" in values:
        value = values["frequency"] or ""
        if value not in ("", *Frequency.values):
            raise ValidationError("How often: daily, weekly, monthly or rarely.")
        cleaned["frequency"] = value
    if "underperformed" in values:
        value = values["underperformed"]
        cleaned["underperformed"] = {"yes": True, "no": False, True: True, False: False}.get(value)
    return cleaned


def answers_save(*, participant: Participant, answers: dict[int, dict]) -> int:
    """Save a participant's answers ({task id: {question: value}}) with one upsert per
    set of questions answered: concurrent phones never overwrite each other's rows, and a
    repeated request (a retry) writes the same values again. Returns tasks saved."""
    group = _open_group(participant.focus_group_id)
    valid = set(
        Task.objects.filter(
            strawman_id=group.strawman_id, dropped=False, pk__in=answers
        ).values_list("pk", flat=True)
    )
    by_fields: dict[tuple[str, ...], list[Answer]] = defaultdict(list)
    for task_id, values in answers.items():
        if task_id not in valid:
            raise ValidationError("That task is not in this session.")
        cleaned = clean_answer(values)
        if cleaned:
            by_fields[tuple(sorted(cleaned))].append(
                Answer(participant=participant, task_id=task_id, **cleaned)
            )
    now = timezone.now()
    with transaction.atomic():
        _check_still_in(participant)
        for fields, rows in by_fields.items():
            for row in rows:
                row.updated_at = now
            Answer.objects.bulk_create(
                rows,
                update_conflicts=True,
                unique_fields=["participant", "task"],
                update_fields=[*fields, "updated_at"],
            )
        FocusGroup.objects.filter(pk=group.pk).update(tally_version=F("tally_version") + 1)
    return sum(len(rows) for rows in by_fields.values())


def priorities_set(*, participant: Participant, task_ids: list[int]) -> None:
    """The (at most three) tasks this participant wants training to improve first."""
    task_ids = list(dict.fromkeys(task_ids))
    if len(task_ids) > MAX_PRIORITIES:
        raise ValidationError(f"Pick at most {MAX_PRIORITIES} tasks.")
    group = _open_group(participant.focus_group_id)
    valid = set(
        Task.objects.filter(
            strawman_id=group.strawman_id, dropped=False, pk__in=task_ids
        ).values_list("pk", flat=True)
    )
    if len(valid) != len(task_ids):
        raise ValidationError("That task is not in this session.")
    with transaction.atomic():
        _check_still_in(participant)
        Priority.objects.filter(participant=participant).exclude(task_id__in=task_ids).delete()
        Priority.objects.bulk_create(
            [Priority(participant=participant, task_id=t) for t in task_ids],
            ignore_conflicts=True,
        )
        FocusGroup.objects.filter(pk=group.pk).update(tally_version=F("tally_version") + 1)
