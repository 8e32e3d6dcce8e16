"""Step 3: the card sort (employers in the room, their cards, the board's columns).

Who may do what is decided by the role in the partnership (`partnerships.access`): conveners
do everything, industry champions add and move their own cards, support partners read.
Every change to a board bumps its `board_version`, which browsers poll.
"""

from __future__ import annotations

from django.core.exceptions import ValidationError
from django.db import transaction
from django.db.models import F, Max

from occupations.models import (
    MAX_CARDS_PER_EMPLOYER,
    Card,
    CardCategory,
    CardSort,
    Reason,
    RoomEmployer,
)
from occupations.services.common import _soc_match, _validated

DEFAULT_CATEGORIES = [
    "Production",
    "Engineering",
    "Maintenance",
    "Quality",
    "Sales",
    "Office support",
    "Management",
]


def can_add_cards(role: str) -> bool:
    return role in ("convener", "champion")


def can_change_card(*, role: str, user, card: Card) -> bool:
    """Conveners move and edit any card; a champion only the cards of their own employer."""
    if role == "convener":
        return True
    return role == "champion" and card.employer.user_id == user.pk


def _bump(card_sort_id: int) -> None:
    CardSort.objects.filter(pk=card_sort_id).update(board_version=F("board_version") + 1)


@transaction.atomic
def card_sort_start(*, convening, actor, categories: list[str] | None = None) -> CardSort:
    """Open the card sort of a step-3 convening, with the employers recorded as present:
    the champions among its attendees and its guests."""
    from partnerships.models import Membership, Role

    if convening.step != 3:
        raise ValidationError("A card sort belongs to a step 3 convening (critical occupations).")
    existing = CardSort.objects.filter(convening=convening).first()
    if existing is not None:
        return existing
    card_sort = _validated(
        CardSort(convening=convening, partnership=convening.partnership, created_by=actor)
    )
    for order, name in enumerate(categories or DEFAULT_CATEGORIES):
        _validated(CardCategory(card_sort=card_sort, name=name, order=order))
    champions = Membership.objects.filter(
        partnership=convening.partnership,
        role=Role.CHAMPION,
        user__in=convening.attendees.all(),
    ).select_related("user", "organization")
    for membership in champions:
        _employer_for_membership(card_sort, membership)
    for guest in convening.guests.all():
        _validated(
            RoomEmployer(
                card_sort=card_sort,
                guest=guest,
                name=guest.name,
                company=guest.company or guest.name,
            )
        )
    return card_sort


def _employer_for_membership(card_sort: CardSort, membership) -> RoomEmployer:
    user = membership.user
    employer = RoomEmployer.objects.filter(card_sort=card_sort, user=user).first()
    if employer is None:
        name = user.get_full_name() or user.username
        company = membership.organization.name if membership.organization else name
        employer = _validated(
            RoomEmployer(card_sort=card_sort, user=user, name=name, company=company)
        )
    return employer


@transaction.atomic
def room_employer_for_member(*, card_sort: CardSort, membership) -> RoomEmployer:
    """An industry champion at the board counts as an employer in the room."""
    employer = _employer_for_membership(card_sort, membership)
    card_sort.convening.attendees.add(membership.user)
    _bump(card_sort.pk)
    return employer


@transaction.atomic
def room_employer_add_guest(*, card_sort: CardSort, name: str, company: str) -> RoomEmployer:
    """An employer without an account: recorded as a guest of the convening too."""
    from partnerships.services import convening_guest_add

    if not name.strip() or not company.strip():
        raise ValidationError("Give the employer's name and company.")
    guest = convening_guest_add(
        convening=card_sort.convening, name=name.strip(), company=company.strip()
    )
    employer = _validated(
        RoomEmployer(card_sort=card_sort, guest=guest, name=guest.name, company=guest.company)
    )
    _bump(card_sort.pk)
    return employer


SOURCING_FIELDS = {
    "local_programs",
    "out_of_state",
    "from_within",
    "word_of_mouth",
    "sourcing_notes",
}


@transaction.atomic
def room_employer_update(*, employer: RoomEmployer, **fields) -> RoomEmployer:
    """Where this employer finds applicants; saved field by field as the convener types."""
    unknown = set(fields) - SOURCING_FIELDS
    if unknown:
        raise ValidationError(f"Cannot change {', '.join(sorted(unknown))} here.")
    for name, value in fields.items():
        setattr(employer, name, value)
    _validated(employer)
    return employer


def _clean_reasons(reasons) -> list[str]:
    valid = set(Reason.values)
    bad = [r for r in reasons if r not in valid]
    if bad:
        raise ValidationError(f"Unknown reason: {', '.join(bad)}.")
    return [r for r in Reason.values if r in set(reasons)]  # in the fixed order


@transaction.atomic
def card_add(
    *,
    card_sort: CardSort,
    employer: RoomEmployer,
    actor,
    title: str,
    soc_code: str = "",
    onet_code: str = "",
    reasons: list[str] | tuple[str, ...] = (),
    other_reason: str = "",
    category: CardCategory | None = None,
) -> Card:
    """An employer's card. Two are asked for and a third is allowed."""
    if employer.card_sort_id != card_sort.pk:
        raise ValidationError("That employer is not in this card sort.")
    if category is not None and category.card_sort_id != card_sort.pk:
        raise ValidationError("That column is not on this board.")
    # Lock the employer row so two people typing cards for one employer can't both take #3.
    RoomEmployer.objects.select_for_update().filter(pk=employer.pk).first()
    taken = set(Card.objects.filter(employer=employer).values_list("number", flat=True))
    free = [n for n in range(1, MAX_CARDS_PER_EMPLOYER + 1) if n not in taken]
    if not free:
        raise ValidationError(
            f"{employer.company} already has {MAX_CARDS_PER_EMPLOYER} cards: two are asked for, "
            "three at most."
        )
    soc_code, onet_code, soc_title = _soc_match(soc_code, onet_code)
    position = (Card.objects.filter(card_sort=card_sort).aggregate(m=Max("position"))["m"] or 0) + 1
    card = _validated(
        Card(
            card_sort=card_sort,
            employer=employer,
            number=free[0],
            title=title.strip(),
            soc_code=soc_code,
            onet_code=onet_code,
            soc_title=soc_title,
            reasons=_clean_reasons(reasons),
            other_reason=other_reason.strip(),
            category=category,
            position=position,
            created_by=actor,
        )
    )
    _bump(card_sort.pk)
    return card


@transaction.atomic
def card_update(
    *,
    card: Card,
    title: str | None = None,
    soc_code: str | None = None,
    onet_code: str | None = None,
    reasons: list[str] | None = None,
    other_reason: str | None = None,
) -> Card:
    """Change a card's title, reasons or its SOC match (an empty soc_code unmatches it)."""
    if title is not None:
        card.title = title.strip()
    if soc_code is not None:
        card.soc_code, card.onet_code, card.soc_title = _soc_match(soc_code, onet_code or "")
    if reasons is not None:
        card.reasons = _clean_reasons(reasons)
    if other_reason is not None:
        card.other_reason = other_reason.strip()
    _validated(card)
    _bump(card.card_sort_id)
    return card


@transaction.atomic
def card_move(*, card: Card, category: CardCategory | None) -> Card:
    """Put a card in a column (None: back to the unsorted pile), at the end of it."""
    if category is not None and category.card_sort_id != card.card_sort_id:
        raise ValidationError("That column is not on this board.")
    card.category = category
    card.position = (
        Card.objects.filter(card_sort_id=card.card_sort_id).aggregate(m=Max("position"))["m"] or 0
    ) + 1
    card.save(update_fields=["category", "position"])
    _bump(card.card_sort_id)
    return card


@transaction.atomic
def card_delete(*, card: Card) -> None:
    card_sort_id = card.card_sort_id
    card.delete()
    _bump(card_sort_id)


@transaction.atomic
def category_add(*, card_sort: CardSort, name: str) -> CardCategory:
    order = (card_sort.categories.aggregate(m=Max("order"))["m"] or 0) + 1
    category = _validated(CardCategory(card_sort=card_sort, name=name.strip(), order=order))
    _bump(card_sort.pk)
    return category


@transaction.atomic
def category_update(
    *, category: CardCategory, name: str | None = None, critical_skills: str | None = None
) -> CardCategory:
    if name is not None:
        if not name.strip():
            raise ValidationError({"name": "A column needs a name."})
        category.name = name.strip()
    if critical_skills is not None:
        category.critical_skills = critical_skills
    _validated(category)
    _bump(category.card_sort_id)
    return category


@transaction.atomic
def category_delete(*, category: CardCategory) -> None:
    """Remove a column; its cards go back to the unsorted pile, nothing is lost."""
    card_sort_id = category.card_sort_id
    category.cards.update(category=None)
    category.delete()
    _bump(card_sort_id)


CARD_SORT_FIELDS = {"advancement_notes", "next_steps", "hear_back_by"}


@transaction.atomic
def card_sort_update(*, card_sort: CardSort, **fields) -> CardSort:
    unknown = set(fields) - CARD_SORT_FIELDS
    if unknown:
        raise ValidationError(f"Cannot change {', '.join(sorted(unknown))} here.")
    for name, value in fields.items():
        setattr(card_sort, name, value)
    _validated(card_sort)
    _bump(card_sort.pk)
    return card_sort
