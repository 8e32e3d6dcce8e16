"""The gap questions a step-6 convening works through, in our words, each with the finding
kinds whose evidence belongs beside it."""

from __future__ import annotations

from dataclasses import dataclass


@dataclass(frozen=True)
class Question:
    key: str
    text: str
    kinds: tuple[str, ...]


QUESTIONS = [
    Question(
        "coverage",
        "Which critical occupations, or whole tiers, does no program in the region prepare for?",
        ("uncovered_tier", "uncovered_occupation"),
    ),
    Question(
        "duplication",
        "Where do several providers teach the same thing? Is that serving different students "
        "or places, or splitting too few students?",
        ("duplication",),
    ),
    Question(
        "dead_ends",
        "Which credentials leave people with no job to apply for and no next program to enter?",
        ("dead_end",),
    ),
    Question(
        "articulation",
        "Where does someone moving up a level lose time or credit, and which agreements would "
        "fix it? Do programs count prior learning and work experience?",
        ("missing_articulation", "no_prior_learning"),
    ),
    Question(
        "supply",
        "Where do completers fall short of openings, or outnumber them? What would it take to "
        "train more people with the skills employers named?",
        ("shortage", "surplus"),
    ),
    Question(
        "k12",
        "How do high school students enter this pathway, and where should dual enrollment be "
        "offered?",
        ("no_dual_enrollment",),
    ),
    Question(
        "stuck",
        "Where do students and job seekers get stuck along the pipeline today?",
        ("missing_articulation", "dead_end", "shortage"),
    ),
    Question(
        "supports",
        "Which support services would keep people moving from one program to the next, and "
        "which partners could provide them?",
        ("no_support_services",),
    ),
    Question(
        "work_based",
        "How can programs add real work: internships, apprenticeships, projects set by "
        "employers, instructors from industry? How are employers matched with providers?",
        (),
    ),
]
QUESTION_KEYS = {q.key for q in QUESTIONS}
