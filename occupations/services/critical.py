"""Step 3: the agreed list of critical occupations, advancement paths, the watch list and
quick wins."""

from __future__ import annotations

from django.core.exceptions import ValidationError
from django.db import transaction
from django.db.models import Max
from django.utils import timezone

from occupations.models import AdvancementPath, CriticalOccupation, QuickWin, WatchedOccupation
from occupations.services.common import _soc_match, _validated

# --- the agreed list -----------------------------------------------------------------------


def _next_order(partnership, tier: str) -> int:
    found = CriticalOccupation.objects.filter(partnership=partnership, tier=tier).aggregate(
        m=Max("order")
    )["m"]
    return 0 if found is None else found + 1


@transaction.atomic
def critical_occupation_agree(
    *,
    partnership,
    actor,
    soc_code: str,
    tier: str,
    title: str = "",
    onet_code: str = "",
    description: str = "",
    convening=None,
) -> CriticalOccupation:
    """Record an occupation the employers agreed is critical, crosswalked to SOC 2018 and
    O*NET-SOC (the first O*NET-SOC code under the SOC code unless one is chosen)."""
    soc_code, onet_code, soc_title = _soc_match(soc_code, onet_code)
    if not soc_code:
        raise ValidationError({"soc_code": "Choose the SOC occupation."})
    if not onet_code:
        raise ValidationError({"onet_code": f"No O*NET-SOC occupation found under {soc_code}."})
    if CriticalOccupation.objects.filter(partnership=partnership, soc_code=soc_code).exists():
        raise ValidationError({"soc_code": f"{soc_code} is already on the agreed list."})
    if convening is not None and convening.partnership_id != partnership.pk:
        raise ValidationError("That convening belongs to another partnership.")
    return _validated(
        CriticalOccupation(
            partnership=partnership,
            soc_code=soc_code,
            onet_code=onet_code,
            title=(title or soc_title).strip()[:255],
            tier=tier,
            order=_next_order(partnership, tier),
            description=description,
            agreed_at=timezone.now(),
            agreed_by=actor,
            convening=convening,
        )
    )


@transaction.atomic
def critical_occupation_update(
    *,
    occupation: CriticalOccupation,
    tier: str | None = None,
    title: str | None = None,
    onet_code: str | None = None,
    description: str | None = None,
) -> CriticalOccupation:
    if onet_code is not None:
        _, occupation.onet_code, _ = _soc_match(occupation.soc_code, onet_code)
    if tier is not None and tier != occupation.tier:
        occupation.tier = tier
        occupation.order = _next_order(occupation.partnership, tier)
    if title is not None:
        occupation.title = title.strip()
    if description is not None:
        occupation.description = description
    occupation.version += 1
    return _validated(occupation)


@transaction.atomic
def critical_occupation_move(*, occupation: CriticalOccupation, up: bool) -> None:
    """Swap with the neighbour above (or below) in the same tier."""
    siblings = list(
        CriticalOccupation.objects.select_for_update()
        .filter(partnership_id=occupation.partnership_id, tier=occupation.tier)
        .order_by("order", "soc_code")
    )
    index = next(i for i, o in enumerate(siblings) if o.pk == occupation.pk)
    other = index - 1 if up else index + 1
    if not 0 <= other < len(siblings):
        return
    siblings[index], siblings[other] = siblings[other], siblings[index]
    for order, item in enumerate(siblings):
        if item.order != order:
            CriticalOccupation.objects.filter(pk=item.pk).update(order=order)


@transaction.atomic
def critical_occupation_remove(*, occupation: CriticalOccupation) -> None:
    occupation.delete()


@transaction.atomic
def advancement_path_add(
    *, partnership, from_occupation: CriticalOccupation, to_occupation: CriticalOccupation,
    note: str = "",
) -> AdvancementPath:  # fmt: skip
    if partnership.pk not in (from_occupation.partnership_id, to_occupation.partnership_id) or (
        from_occupation.partnership_id != to_occupation.partnership_id
    ):
        raise ValidationError("Both occupations must be on this partnership's list.")
    if from_occupation.pk == to_occupation.pk:
        raise ValidationError("A path leads from one occupation to another.")
    if AdvancementPath.objects.filter(
        from_occupation=from_occupation, to_occupation=to_occupation
    ).exists():
        raise ValidationError("That path is already recorded.")
    return _validated(
        AdvancementPath(
            partnership=partnership,
            from_occupation=from_occupation,
            to_occupation=to_occupation,
            note=note.strip(),
        )
    )


@transaction.atomic
def advancement_path_remove(*, path: AdvancementPath) -> None:
    path.delete()


# --- watch list and quick wins -------------------------------------------------------------


@transaction.atomic
def watched_occupation_add(*, partnership, actor, soc_code: str) -> WatchedOccupation:
    soc_code, _, title = _soc_match(soc_code, "")
    if not soc_code:
        raise ValidationError({"soc_code": "Choose an occupation."})
    existing = WatchedOccupation.objects.filter(partnership=partnership, soc_code=soc_code).first()
    if existing:
        return existing
    return _validated(
        WatchedOccupation(partnership=partnership, soc_code=soc_code, title=title, added_by=actor)
    )


@transaction.atomic
def watched_occupation_remove(*, watched: WatchedOccupation) -> None:
    watched.delete()


@transaction.atomic
def quick_win_add(
    *, partnership, actor, text: str, kind: str = QuickWin.Kind.SHORT_TERM, raised_by: str = "",
    convening=None,
) -> QuickWin:  # fmt: skip
    return _validated(
        QuickWin(
            partnership=partnership,
            convening=convening,
            text=text.strip(),
            kind=kind,
            raised_by=raised_by.strip(),
            created_by=actor,
        )
    )


@transaction.atomic
def quick_win_remove(*, quick_win: QuickWin) -> None:
    quick_win.delete()
