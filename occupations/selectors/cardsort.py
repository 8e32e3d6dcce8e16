"""Step 3: card sorts, the board, the tally, the agreed list of critical occupations and
the step's criteria."""

from __future__ import annotations

from collections import Counter, defaultdict
from dataclasses import dataclass

from occupations.models import (
    AdvancementPath,
    Card,
    CardCategory,
    CardSort,
    CriticalOccupation,
    OnetOccupation,
    QuickWin,
    Reason,
    RelatedOccupation,
    RoomEmployer,
    Source,
    Tier,
)
from occupations.selectors.releases import (
    ONET_CODE_RE,
    SOC_CODE_RE,
    current_release,
)

AGREED_MIN, AGREED_MAX = 3, 10


def card_sorts_for(partnership) -> list[CardSort]:
    return list(
        CardSort.objects.filter(partnership=partnership)
        .select_related("convening")
        .order_by("-convening__held_on", "-id")
    )


def card_sort_for(partnership, pk: int) -> CardSort | None:
    return (
        CardSort.objects.filter(partnership=partnership, pk=pk)
        .select_related("convening", "partnership")
        .first()
    )


def board_version(partnership, pk: int) -> int | None:
    """The one query an idle board poll makes."""
    return (
        CardSort.objects.filter(partnership=partnership, pk=pk)
        .values_list("board_version", flat=True)
        .first()
    )


@dataclass
class BoardColumn:
    category: CardCategory | None
    cards: list[Card]

    @property
    def key(self) -> str:
        return str(self.category.pk) if self.category else ""

    @property
    def name(self) -> str:
        return self.category.name if self.category else "Not sorted yet"


@dataclass
class EmployerCards:
    employer: RoomEmployer
    cards: list[Card]

    @property
    def missing(self) -> int:
        """Cards still to come of the two asked for."""
        return max(0, 2 - len(self.cards))


@dataclass
class Board:
    card_sort: CardSort
    columns: list[BoardColumn]
    employers: list[EmployerCards]
    categories: list[CardCategory]

    @property
    def card_count(self) -> int:
        return sum(len(c.cards) for c in self.columns)

    @property
    def employers_with_cards(self) -> int:
        return sum(1 for e in self.employers if e.cards)


def board(card_sort: CardSort) -> Board:
    """The sticky wall: three queries however many cards there are."""
    categories = list(CardCategory.objects.filter(card_sort=card_sort).order_by("order", "id"))
    employers = list(RoomEmployer.objects.filter(card_sort=card_sort).order_by("company", "name"))
    by_id = {e.pk: e for e in employers}
    cards = list(Card.objects.filter(card_sort=card_sort).order_by("position", "id"))
    per_category: dict[int | None, list[Card]] = defaultdict(list)
    per_employer: dict[int, list[Card]] = defaultdict(list)
    for card in cards:
        card.employer = by_id[card.employer_id]  # no query per card
        per_category[card.category_id].append(card)
        per_employer[card.employer_id].append(card)
    columns = [BoardColumn(None, per_category.get(None, []))] + [
        BoardColumn(c, per_category.get(c.pk, [])) for c in categories
    ]
    return Board(
        card_sort=card_sort,
        columns=columns,
        employers=[
            EmployerCards(e, sorted(per_employer.get(e.pk, []), key=lambda c: c.number))
            for e in employers
        ],
        categories=categories,
    )


@dataclass
class TallyRow:
    key: str
    soc_code: str
    onet_code: str
    soc_title: str
    cards: list[Card]
    companies: list[str]
    reasons: list[tuple[str, int]]
    titles: list[str]
    columns: list[str]
    agreed: bool = False

    @property
    def matched(self) -> bool:
        return bool(self.soc_code)

    @property
    def label(self) -> str:
        return self.soc_title or self.titles[0]

    @property
    def common_title(self) -> str:
        """The title most employers used (the shortest among equals): the agreed list's
        default name for the occupation."""
        counts = Counter(c.title for c in self.cards)
        return min(counts, key=lambda t: (-counts[t], len(t), t))

    @property
    def split_columns(self) -> bool:
        return len(self.columns) > 1

    @property
    def no_shared_reason(self) -> bool:
        """No reason is given on more than half of its cards: employers want it for different
        reasons."""
        return len(self.cards) > 1 and (
            not self.reasons or self.reasons[0][1] * 2 <= len(self.cards)
        )

    @property
    def disagreement(self) -> list[str]:
        notes = []
        if self.split_columns:
            notes.append(f"placed in {len(self.columns)} columns: {', '.join(self.columns)}")
        if self.no_shared_reason:
            notes.append("no reason shared by most cards")
        return notes


@dataclass
class Tally:
    rows: list[TallyRow]
    employer_count: int
    card_count: int


def card_tally(card_sort: CardSort) -> Tally:
    """Cards grouped by SOC occupation (unmatched cards by their title): how many cards, how
    many companies, which reasons, and where employers disagree. Four queries."""
    labels = dict(Reason.choices)
    categories = dict(CardCategory.objects.filter(card_sort=card_sort).values_list("pk", "name"))
    employers = dict(RoomEmployer.objects.filter(card_sort=card_sort).values_list("pk", "company"))
    agreed = set(
        CriticalOccupation.objects.filter(partnership_id=card_sort.partnership_id).values_list(
            "soc_code", flat=True
        )
    )
    groups: dict[str, list[Card]] = defaultdict(list)
    cards = list(Card.objects.filter(card_sort=card_sort).order_by("position", "id"))
    for card in cards:
        key = card.soc_code or "title:" + " ".join(card.title.lower().split())
        groups[key].append(card)
    rows = []
    for key, group in groups.items():
        reasons = Counter(r for c in group for r in c.reasons)
        rows.append(
            TallyRow(
                key=key,
                soc_code=group[0].soc_code,
                onet_code=next((c.onet_code for c in group if c.onet_code), ""),
                soc_title=group[0].soc_title,
                cards=group,
                companies=sorted({employers.get(c.employer_id, "") for c in group}),
                reasons=[(labels.get(r, r), n) for r, n in reasons.most_common()],
                titles=sorted({c.title for c in group}),
                columns=sorted({categories[c.category_id] for c in group if c.category_id}),
                agreed=group[0].soc_code in agreed,
            )
        )
    rows.sort(key=lambda r: (-len(r.companies), -len(r.cards), not r.matched, r.label))
    return Tally(rows=rows, employer_count=len(employers), card_count=len(cards))


# --- the agreed list --------------------------------------------------------------------------


@dataclass
class AgreedList:
    tiers: list[tuple[str, str, list[CriticalOccupation]]]  # (tier, label, occupations)
    paths: list[AdvancementPath]
    suggestions: list[dict]
    quick_wins: list[QuickWin]

    @property
    def occupations(self) -> list[CriticalOccupation]:
        return [o for _, _, items in self.tiers for o in items]

    @property
    def count(self) -> int:
        return len(self.occupations)

    @property
    def in_range(self) -> bool:
        return AGREED_MIN <= self.count <= AGREED_MAX


def agreed_list(partnership) -> AgreedList:
    occupations = list(
        CriticalOccupation.objects.filter(partnership=partnership).order_by("order", "soc_code")
    )
    tiers = [(t, label, [o for o in occupations if o.tier == t]) for t, label in Tier.choices]
    paths = list(
        AdvancementPath.objects.filter(partnership=partnership)
        .select_related("from_occupation", "to_occupation")
        .order_by("from_occupation__order", "to_occupation__order")
    )
    return AgreedList(
        tiers=tiers,
        paths=paths,
        suggestions=transferable_suggestions(occupations),
        quick_wins=list(
            QuickWin.objects.filter(partnership=partnership).select_related("convening")
        ),
    )


def transferable_suggestions(occupations: list[CriticalOccupation], limit: int = 8) -> list[dict]:
    """O*NET's related occupations of the agreed ones, not on the list themselves: workers
    there have skills that transfer. Ranked by how many agreed occupations they relate to."""
    release = current_release(Source.ONET)
    codes = [o.onet_code for o in occupations if o.onet_code]
    if release is None or not codes:
        return []
    agreed_soc = {o.soc_code for o in occupations}
    by_onet = {o.onet_code: o for o in occupations}
    rows = (
        RelatedOccupation.objects.filter(release=release, onet_code__in=codes)
        .order_by("index")
        .values_list("onet_code", "related_code", "index")
    )
    found: dict[str, dict] = {}
    for onet_code, related, index in rows:
        if related[:7] in agreed_soc or related in by_onet:
            continue
        item = found.setdefault(related, {"code": related, "for": [], "best": index})
        item["for"].append(by_onet[onet_code].title)
        item["best"] = min(item["best"], index)
    titles = dict(
        OnetOccupation.objects.filter(release=release, code__in=list(found)).values_list(
            "code", "title"
        )
    )
    items = sorted(found.values(), key=lambda i: (-len(i["for"]), i["best"], i["code"]))
    for item in items:
        item["title"] = titles.get(item["code"], "")
    return items[:limit]


def step3_criteria(partnership) -> list:
    """Step 3 is done when employers sorted cards at a convening and agreed on three to ten
    critical occupations, each in a tier and crosswalked to SOC 2018 and O*NET-SOC."""
    from partnerships.registry import Criterion

    card_count = Card.objects.filter(card_sort__partnership=partnership).count()
    companies = (
        RoomEmployer.objects.filter(card_sort__partnership=partnership, cards__isnull=False)
        .values("company")
        .distinct()
        .count()
    )
    rows = list(
        CriticalOccupation.objects.filter(partnership=partnership).values_list(
            "soc_code", "onet_code", "tier"
        )
    )
    count = len(rows)
    tiers = set(Tier.values)
    uncrosswalked = [
        soc for soc, onet, tier in rows
        if tier not in tiers or not SOC_CODE_RE.match(soc) or not ONET_CODE_RE.match(onet or "")
        or onet[:6] != soc[:6]
    ]  # fmt: skip
    if count < AGREED_MIN:
        count_detail = f"{count} agreed so far; the list needs at least {AGREED_MIN}."
    elif count > AGREED_MAX:
        count_detail = f"{count} agreed: more than {AGREED_MAX} spreads the work too thin."
    else:
        count_detail = f"{count} agreed."
    return [
        Criterion(
            "A card-sort convening with cards from employers",
            card_count > 0,
            f"{card_count} cards from {companies} employers." if card_count else "No cards yet.",
        ),
        Criterion(
            f"{AGREED_MIN} to {AGREED_MAX} agreed critical occupations",
            AGREED_MIN <= count <= AGREED_MAX,
            count_detail,
        ),
        Criterion(
            "Each agreed occupation in a tier and crosswalked to SOC 2018 and O*NET-SOC",
            count > 0 and not uncrosswalked,
            f"Missing a tier or code: {', '.join(uncrosswalked)}." if uncrosswalked else "",
        ),
    ]
