from __future__ import annotations

import pytest
from django.core.exceptions import ValidationError
from django.urls import reverse

from pathways.actionplan import selectors, services
from pathways.actionplan.models import Condition, MaturityRating

pytestmark = pytest.mark.django_db


def _rate(round_, user, **levels):
    services.maturity_rate(round_=round_, actor=user, levels=levels)


def test_trend_change_and_disagreement(partnership, convener, champion, support_partner):
    spring = services.maturity_round_open(partnership=partnership, actor=convener, name="Spring")
    _rate(spring, convener, funding=1, employers=2)
    _rate(spring, champion, funding=1, employers=2)
    fall = services.maturity_round_open(partnership=partnership, actor=convener, name="Fall")
    _rate(fall, convener, funding=2, employers=3)
    _rate(fall, champion, funding=1, employers=3)
    _rate(fall, support_partner, funding=4, employers=3)
    overview = selectors.maturity_overview(partnership, champion)
    rows = {row["condition"]: row for row in overview["rows"]}
    funding = rows[Condition.FUNDING]
    assert [c["average"] for c in funding["cells"]] == [1.0, 2.3]
    assert funding["change"] == 1.3
    assert funding["latest"]["disagree"] and funding["latest"]["spread"] == 3
    assert not rows[Condition.EMPLOYERS]["latest"]["disagree"]
    assert rows[Condition.POLICY]["latest"]["average"] is None
    assert overview["mine"][Condition.FUNDING].level == 1
    assert overview["chart"]["labels"] == ["Spring", "Fall"]


def test_only_the_newest_round_takes_ratings_and_rating_again_replaces(
    partnership, convener, champion
):
    spring = services.maturity_round_open(partnership=partnership, actor=convener, name="Spring")
    _rate(spring, champion, funding=1)
    _rate(spring, champion, funding=3)
    assert MaturityRating.objects.get().level == 3
    services.maturity_round_open(partnership=partnership, actor=convener, name="Fall")
    with pytest.raises(ValidationError, match="This round is closed"):
        _rate(spring, champion, funding=2)
    with pytest.raises(ValidationError, match="already a round"):
        services.maturity_round_open(partnership=partnership, actor=convener, name="fall")


def test_rating_from_the_page(client, partnership, convener, champion):
    client.force_login(convener)
    client.post(reverse("actionplan:maturity_round_open", args=[partnership.slug]),
                {"name": "Spring 2026"})  # fmt: skip
    client.force_login(champion)
    response = client.post(
        reverse("actionplan:maturity_rate", args=[partnership.slug]),
        {"level-funding": "2", "comment-funding": "Grant ends in June", "level-policy": "3"},
        follow=True,
    )
    body = response.content.decode()
    assert "Your ratings are saved (2 of 6 conditions)" in body
    assert 'value="Grant ends in June"' in body
    bad = client.post(reverse("actionplan:maturity_rate", args=[partnership.slug]),
                      {"level-funding": "9"}, follow=True)  # fmt: skip
    assert "Choose a level from 1 to 4" in bad.content.decode()
