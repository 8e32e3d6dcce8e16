"""O*NET importance and level in words (occupations/wording.py), and on the profile."""

from __future__ import annotations

import pytest
from django.urls import reverse

from occupations.wording import importance_words, level_words, rating_numbers, rating_words


@pytest.mark.parametrize(
    ("importance", "words"),
    [
        (1.0, "not important"),
        (1.49, "not important"),
        (1.5, "somewhat important"),
        (3.0, "important"),
        (3.25, "important"),
        (3.5, "very important"),
        (4.49, "very important"),
        (4.5, "extremely important"),
        (5.0, "extremely important"),
    ],
)
def test_importance_follows_the_scale_anchors(importance, words):
    assert importance_words(importance) == words


@pytest.mark.parametrize(
    ("level", "words"),
    [(0, "basic"), (1.99, "basic"), (2, "intermediate"), (3.38, "intermediate"),
     (4, "advanced"), (5.49, "advanced"), (5.5, "expert"), (7, "expert")],
)  # fmt: skip
def test_level_bands(level, words):
    assert level_words(level) == words


def test_rating_in_one_phrase():
    assert rating_words(4.1, 4.6) == "needed at an advanced level; very important"
    assert rating_words(3.25, 3.38) == "needed at an intermediate level; important"
    assert rating_words(2.0, 1.0) == "needed at a basic level; somewhat important"
    assert rating_words(4.8) == "extremely important"  # work styles have no level
    assert rating_numbers(3.25, 3.38) == "O*NET importance 3.25 of 5, level 3.38 of 7"


def test_profile_says_skills_in_words_not_scores(client, loaded_demo):
    html = client.get(reverse("occupations:profile", args=["51-4041.00"])).content.decode()
    assert "Needed at an intermediate level; important" in html
    assert "importance 3.25 · level" not in html
    assert 'title="O*NET importance 3.25 of 5, level 3.38 of 7"' in html
