"""Where a program sits on the ladder: entry, mid or advanced, read from what it awards.

The same three words as step 3's tiers, so the asset map can lay programs beside the critical
occupations of each tier. A program awarding several credentials sits at its highest one; a
program that awards none (a short course, a bridge) is an entry point.
"""

from __future__ import annotations

from collections.abc import Sequence

from inventory.models import Credential, ProgramType

ENTRY, MID, ADVANCED = "entry", "mid", "advanced"
LEVELS = [(ENTRY, "Entry"), (MID, "Mid"), (ADVANCED, "Advanced")]
LEVEL_LABEL = dict(LEVELS)
LEVEL_RANK = {ENTRY: 0, MID: 1, ADVANCED: 2}

LEVEL_OF_CREDENTIAL = {
    Credential.Kind.CERTIFICATE: ENTRY,
    Credential.Kind.INDUSTRY_CERTIFICATION: ENTRY,
    Credential.Kind.LICENSE: MID,
    Credential.Kind.APPRENTICESHIP: MID,
    Credential.Kind.ASSOCIATE: MID,
    Credential.Kind.BACHELOR: ADVANCED,
    Credential.Kind.GRADUATE: ADVANCED,
}

# Award levels, as ranks comparable with the education an occupation typically asks for.
NO_AWARD, NONDEGREE, ASSOCIATE, BACHELOR, GRADUATE = 0, 1, 2, 3, 4
AWARD_LABEL = {
    NO_AWARD: "no award (short training)",
    NONDEGREE: "certificate or other nondegree award",
    ASSOCIATE: "associate degree",
    BACHELOR: "bachelor's degree",
    GRADUATE: "graduate degree",
}
AWARD_OF_CREDENTIAL = {
    Credential.Kind.CERTIFICATE: NONDEGREE,
    Credential.Kind.INDUSTRY_CERTIFICATION: NONDEGREE,
    Credential.Kind.LICENSE: NONDEGREE,
    Credential.Kind.APPRENTICESHIP: NONDEGREE,
    Credential.Kind.ASSOCIATE: ASSOCIATE,
    Credential.Kind.BACHELOR: BACHELOR,
    Credential.Kind.GRADUATE: GRADUATE,
}
# BLS "typical education needed for entry" -> the award levels that match it. Jobs open to
# people without a degree are matched by short training and nondegree awards alike.
AWARDS_FOR_EDUCATION = {
    "No formal educational credential": {NO_AWARD, NONDEGREE},
    "High school diploma or equivalent": {NO_AWARD, NONDEGREE},
    "Postsecondary nondegree award": {NONDEGREE},
    "Some college, no degree": {NONDEGREE},
    "Associate's degree": {ASSOCIATE},
    "Bachelor's degree": {BACHELOR},
    "Master's degree": {GRADUATE},
    "Doctoral or professional degree": {GRADUATE},
}

WORK_BASED_TYPES = {ProgramType.APPRENTICESHIP, ProgramType.OJT, ProgramType.WORK_BASED}


def program_level(credential_kinds: Sequence[str]) -> str:
    levels = [LEVEL_OF_CREDENTIAL.get(k, ENTRY) for k in credential_kinds]
    return max(levels, key=LEVEL_RANK.__getitem__) if levels else ENTRY


def program_award(credential_kinds: Sequence[str]) -> int:
    return max((AWARD_OF_CREDENTIAL.get(k, NONDEGREE) for k in credential_kinds), default=NO_AWARD)


def awards_matching(education: str) -> set[int] | None:
    """The award levels that fit an occupation's typical entry education; None if unknown."""
    return AWARDS_FOR_EDUCATION.get(education or "")
