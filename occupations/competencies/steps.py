"""Step 5 (critical competencies) as the tracker sees it, registered from CompetenciesConfig.ready."""

from __future__ import annotations

from partnerships.models import Partnership
from partnerships.registry import Criterion, Step, WorkPage, register_step


def step5_criteria(partnership: Partnership) -> list[Criterion]:
    from occupations.competencies.selectors import occupation_statuses

    statuses = occupation_statuses(partnership)
    total = len(statuses)

    def line(label: str, done: list, what: str) -> Criterion:
        missing = [s.occupation.title for s in statuses if s not in done]
        detail = f"{len(done)} of {total}" + (
            f"; still {what}: {', '.join(missing)}" if missing else ""
        )
        return Criterion(
            label,
            bool(total) and not missing,
            detail if total else "No critical occupations yet (step 3).",
        )

    with_strawman = [s for s in statuses if s.strawman]
    with_group = [s for s in statuses if s.rounds]
    approved = [s for s in statuses if s.latest]
    return [
        line("Every critical occupation has a strawman description", with_strawman, "without"),
        line("Every critical occupation had a focus group", with_group, "without"),
        line("Every critical occupation has an approved description", approved, "unapproved"),
    ]  # fmt: skip


def step5_outcome(partnership: Partnership) -> dict:
    from occupations.competencies.selectors import occupation_statuses, skills_gaps

    statuses = occupation_statuses(partnership)
    return {
        "statuses": statuses,
        "approved": sum(1 for s in statuses if s.latest),
        "gaps": len(skills_gaps(partnership)),
    }


def register() -> None:
    register_step(
        Step(
            number=5,
            title="Understand critical competencies",
            short="Competencies",
            goal="Hear from employers what it really takes to do each critical job well, from "
            "foundational skills to specific tasks.",
            business_role="Hiring managers, then strong performers, meet per occupation to check "
            "a draft of the job's tasks, rate them, and say which are done poorly most often.",
            public_role="Sit in on those sessions and spot where programs should change.",
            outcome="An approved occupational description for each critical occupation, with its "
            "functions and tasks, competencies, minimum standards and skills gaps.",
            needs=(
                "A strawman per occupation from O*NET and what employers already said",
                "Two rounds of focus groups: hiring authorities, then high performers",
                "An approved description per occupation, and its skills gaps",
            ),
            work_pages=(WorkPage("competencies:index", "Critical competencies", "view"),),
            checklist=step5_criteria,
            outcome_summary=step5_outcome,
            outcome_template="competencies/outcomes/step5.html",
        )
    )
