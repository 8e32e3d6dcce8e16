"""O*NET's ratings in words a counselor or an employer reads without a codebook.

O*NET rates each skill, knowledge area, ability and work style for importance (scale IM,
1 to 5: how much the job depends on it) and, except work styles, for level (scale LV,
0 to 7: how much of it the job needs). The words follow the importance scale's own anchors
(1 not important ... 5 extremely important); the level is put in four bands, since its
anchors differ by element (2, 4 and 6 are the anchored points: basic, intermediate,
advanced, with expert beyond).
"""

from __future__ import annotations

IMPORTANCE_WORDS = [
    (1.5, "not important"),
    (2.5, "somewhat important"),
    (3.5, "important"),
    (4.5, "very important"),
    (float("inf"), "extremely important"),
]

LEVEL_WORDS = [
    (2.0, "basic"),
    (4.0, "intermediate"),
    (5.5, "advanced"),
    (float("inf"), "expert"),
]


def _band(value: float, bands: list[tuple[float, str]]) -> str:
    return next(word for upper, word in bands if value < upper)


def importance_words(importance: float) -> str:
    """1-5 -> "not important" ... "extremely important"."""
    return _band(float(importance), IMPORTANCE_WORDS)


def level_words(level: float) -> str:
    """0-7 -> "basic" / "intermediate" / "advanced" / "expert"."""
    return _band(float(level), LEVEL_WORDS)


def rating_words(importance: float | None, level: float | None = None) -> str:
    """ "needed at an advanced level; very important" (or just "very important" without a
    level, as for work styles)."""
    parts = []
    if level is not None:
        word = level_words(level)
        article = "an" if word[0] in "aeiou" else "a"
        parts.append(f"needed at {article} {word} level")
    if importance is not None:
        parts.append(importance_words(importance))
    return "; ".join(parts)


def rating_numbers(importance: float | None, level: float | None = None) -> str:
    """The figures behind the words, for a tooltip or a table: "importance 3.25 of 5 ..."."""
    parts = []
    if importance is not None:
        parts.append(f"O*NET importance {float(importance):.2f} of 5")
    if level is not None:
        parts.append(f"level {float(level):.2f} of 7")
    return ", ".join(parts)
