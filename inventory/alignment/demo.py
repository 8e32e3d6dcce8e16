"""Step 6 for the demo partnership: completers per year, a step-6 convening that reviewed
the asset map, answers to some gap questions, and two pathway programs. Idempotent; runs
after the inventory demo."""

from __future__ import annotations

import datetime
from typing import TextIO

from django.contrib.auth import get_user_model
from django.db import transaction
from django.template.defaultfilters import pluralize

from inventory.alignment import services
from inventory.alignment.models import GapAnswer, PathwayProgram, ProgramCompleters
from inventory.models import Program
from partnerships.models import Convening, Partnership

# Completers over three academic years, as a share of the inventory's typical year.
YEARS = {2023: 0.9, 2024: 1.0, 2025: 1.1}
SOURCE = "College records"

PATHWAYS = [
    {
        "name": "Precision Machining Pathway",
        "summary": "From a high school machining class to a bachelor's in manufacturing "
        "engineering technology, with a paid job open at every step.",
        "who_may_enter": "High school juniors and seniors; adults with a diploma or equivalency.",
        "prerequisites": "Placement into college-level math by the certificate's second term.",
        "prior_learning": "NIMS credentials earned at work count toward the certificate.",
        "support_services": "College advising and tutoring; workforce-center childcare and "
        "transportation help for adults.",
        "work_based_learning": "Summer internships after the certificate; the CNC machinist "
        "apprenticeship for those hired.",
        "steps": [
            (
                "Foothills School District 12",
                "Dual Enrollment: Introduction to Machining (MAC 101)",
                "",
            ),
            ("Red Rocks Valley Community College", "Machining Technology Certificate", "51-9161"),
            ("Red Rocks Valley Community College", "Machining Technology AAS", "51-4041"),
            (
                "Poudre Valley State University",
                "BS Manufacturing Engineering Technology",
                "17-3026",
            ),
        ],
    },
    {
        "name": "Maintenance and Mechatronics Pathway",
        "summary": "A fast track into production, then maintenance and mechatronics.",
        "who_may_enter": "Adults reading and doing math at a 9th-grade level.",
        "prerequisites": "CASAS reading and math at 9th grade.",
        "prior_learning": "Certified Production Technician holders skip the first module.",
        "support_services": "Case management through the workforce center.",
        "work_based_learning": "Industrial maintenance mechanic apprenticeship.",
        "steps": [
            (
                "Red Rocks Valley Community College",
                "Certified Production Technician Fast Track",
                "51-2090",
            ),
            (
                "Mesa Ridge Technical College",
                "Industrial Maintenance Technician Certificate",
                "49-9041",
            ),
            ("Red Rocks Valley Community College", "Mechatronics AAS", "17-3026"),
        ],
    },
]

ANSWERS = {
    "duplication": (
        "Both colleges teach CNC machining, but in different counties and at different hours; "
        "the waiting lists say neither is too many.",
        "Keep both; align the first-term courses so credit moves between them.",
    ),
    "k12": (
        "Only one district offers dual enrollment in machining.",
        "Ask the other districts on the team to join the machining agreement next fall.",
    ),
}


def _ipeds(partnership: Partnership, convener) -> int:
    """Confirm each college's best-named IPEDS institution (the demo excerpts name them alike)
    and add the years IPEDS has that are not recorded; counts already recorded differ and stay
    for a person to review on the preview."""
    from inventory.alignment import ipeds

    for row in ipeds.matching(partnership).rows:
        best = row.suggestions[0] if row.suggestions else None
        if not row.campuses and best is not None and best.score >= 0.95:
            services.provider_institution_confirm(
                provider=row.provider, actor=convener, unitid=best.institution.unitid
            )
    pull = ipeds.pull_plan(partnership)
    if pull.plan.problems:
        return 0
    services.ipeds_completers_pull(
        pull=pull, actor=convener, expected=pull.fingerprint, include_updates=False
    )
    return pull.plan.count("create")


def _user(username: str):
    return get_user_model().objects.filter(username=username).first()


@transaction.atomic
def load(partnership: Partnership, stdout: TextIO | None = None) -> None:
    convener = _user("convener")
    programs = {
        (p.provider.organization.name, p.name): p
        for p in Program.objects.filter(partnership=partnership).select_related(
            "provider__organization"
        )
    }
    recorded = set(
        ProgramCompleters.objects.filter(program__partnership=partnership).values_list(
            "program_id", flat=True
        )
    )
    for program in programs.values():
        if program.pk in recorded or program.completions_per_year is None:
            continue
        services.program_completers_set(
            program=program,
            actor=convener,
            years=[
                (year, round(program.completions_per_year * share), SOURCE)
                for year, share in YEARS.items()
            ],
            via="demo",
        )
    pulled = _ipeds(partnership, convener)
    convening = Convening.objects.filter(partnership=partnership, step=6).first()
    if convening is None:
        convening = Convening.objects.create(
            partnership=partnership,
            title="Asset map and gaps with the support team",
            held_on=datetime.date(2026, 3, 12),
            step=6,
            location="Red Rocks Valley Community College, Lakewood",
            purpose="Walk the asset map, answer the gap questions, sketch pathway programs.",
            created_by=convener,
        )
    services.asset_map_review_record(
        partnership=partnership, actor=convener, convening=convening,
        note="Walked the map level by level with the colleges and two districts.",
    )  # fmt: skip
    for question, (answer, decision) in ANSWERS.items():
        if not GapAnswer.objects.filter(partnership=partnership, question=question).exists():
            services.gap_answer_save(
                partnership=partnership, actor=convener, question=question, answer=answer,
                decision=decision, convening=convening, expected_version=None,
            )  # fmt: skip
    # The machining programs marked against the machinist's functions on the grid.
    from inventory.alignment.functions import functions_for
    from inventory.alignment.models import ProgramFunction
    from occupations.models import CriticalOccupation

    machinist = CriticalOccupation.objects.filter(
        partnership=partnership, soc_code="51-4041"
    ).first()
    marking = [
        programs.get(("Red Rocks Valley Community College", name))
        for name in ("Machining Technology AAS", "Machining Technology Certificate")
    ]
    marking = [p for p in marking if p is not None]
    if machinist and marking and not ProgramFunction.objects.filter(program__in=marking).exists():
        functions = functions_for([machinist])[machinist.soc_code]
        services.program_functions_set(
            programs=marking, soc_code=machinist.soc_code, functions=functions, actor=convener,
            marked={(p.pk, f.key) for p in marking for f in functions[: 6 if "AAS" in p.name else 4]},
        )  # fmt: skip
    made = 0
    for spec in PATHWAYS:
        if PathwayProgram.objects.filter(partnership=partnership, name=spec["name"]).exists():
            continue
        fields = {k: v for k, v in spec.items() if k != "steps"}
        pathway = services.pathway_program_create(partnership=partnership, actor=convener, **fields)
        for provider, name, soc in spec["steps"]:
            program = programs.get((provider, name))
            if program is not None:
                services.pathway_step_add(
                    pathway=pathway, actor=convener, program=program, exit_soc_code=soc
                )
        made += 1
    if stdout is not None:
        stdout.write(
            f"Aligned programs: completers for {len(programs)} programs ({pulled} year"
            f"{pluralize(pulled)} from IPEDS), {made} new pathway program{pluralize(made)}\n"
        )
