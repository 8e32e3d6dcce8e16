"""A finished step 3 for the demo partnership: a card-sort convening with a dozen employers,
the sticky wall, the agreed list of nine occupations in tiers with the paths between them,
quick wins and a watch list for the labor-market picture. Idempotent; it needs the
reference-data excerpts loaded first (`occupations.demo.load`). It does not mark step 3
complete: that is the tracker's job once the criteria are met."""

from __future__ import annotations

import datetime
from typing import TextIO

from django.db import transaction
from django.utils import timezone

from occupations import services
from occupations.models import (
    AdvancementPath,
    Card,
    CardSort,
    CriticalOccupation,
    QuickWin,
    Reason,
    RoomEmployer,
    Tier,
)
from partnerships import services as partnership_services
from partnerships.models import Convening, Membership, Partnership, Role

R = Reason
TITLE = "Employer card sort: critical occupations"

# Employers in the room besides the industry champion (who has an account).
GUESTS = [
    ("Lena Hoffman", "Front Range Aerospace Components"),
    ("Marcus Reyes", "Rocky Mountain Fabrication"),
    ("Grace Liu", "Boulder Creek Medical Devices"),
    ("Tom Brennan", "Peak Controls & Automation"),
    ("Aisha Johnson", "Mile High Packaging Systems"),
    ("Kevin Duarte", "Centennial Gear Works"),
    ("Nina Petrov", "Foothills Hydraulics"),
    ("Ray Whitfield", "Platte River Castings"),
    ("Sandra Ortiz", "Aurora Precision Sheet Metal"),
    ("Luis Romero", "Thompson Valley Trailers"),
    ("Emily Chen", "Flatirons Optics & Instruments"),
]

# company -> cards: (their title, SOC, O*NET-SOC, reasons, column)
CARDS = {
    "Summit Precision Machining": [
        ("CNC Machinist", "51-4041", "51-4041.00", [R.HARDEST_TO_FILL, R.GROWTH], "Production"),
        ("CNC Programmer", "51-9162", "51-9162.00", [R.KINGPIN, R.COST], "Engineering"),
    ],
    "Front Range Aerospace Components": [
        (
            "Quality Inspector (CMM)",
            "51-9061",
            "51-9061.00",
            [R.HARDEST_TO_FILL, R.COST],
            "Quality",
        ),
        ("Machinist", "51-4041", "51-4041.00", [R.NEED_MANY, R.HARDEST_TO_FILL], "Production"),
        ("Manufacturing Engineering Tech", "17-3026", "17-3026.00", [R.GROWTH], "Engineering"),
    ],
    "Rocky Mountain Fabrication": [
        ("Welder / Fitter", "51-4121", "51-4121.00", [R.NEED_MANY, R.TURNOVER], "Production"),
        ("Shop Supervisor", "51-1011", "51-1011.00", [R.KINGPIN, R.TURNOVER], "Management"),
    ],
    "Boulder Creek Medical Devices": [
        (
            "Assembler (clean room)",
            "51-2090",
            "51-2092.00",
            [R.NEED_MANY, R.TURNOVER],
            "Production",
        ),
        ("Quality Technician", "51-9061", "51-9061.00", [R.COST, R.HARDEST_TO_FILL], "Quality"),
    ],
    "Peak Controls & Automation": [
        (
            "Maintenance Technician",
            "49-9041",
            "49-9041.00",
            [R.HARDEST_TO_FILL, R.COST],
            "Maintenance",
        ),
        ("Controls Electrician", "49-2094", "49-2094.00", [R.KINGPIN], "Maintenance"),
    ],
    "Mile High Packaging Systems": [
        ("Machine Operator", "51-9161", "51-9161.00", [R.NEED_MANY, R.TURNOVER], "Production"),
        (
            "Industrial Mechanic",
            "49-9041",
            "49-9041.00",
            [R.HARDEST_TO_FILL, R.GROWTH],
            "Maintenance",
        ),
        ("Shipping Lead", "", "", [R.TURNOVER], "Office support"),
    ],
    "Centennial Gear Works": [
        ("Gear Machinist", "51-4041", "51-4041.00", [R.HARDEST_TO_FILL, R.KINGPIN], "Production"),
        ("CNC Operator", "51-9161", "51-9161.00", [R.NEED_MANY], "Production"),
    ],
    "Foothills Hydraulics": [
        ("Assembly Tech", "51-2090", "51-2092.00", [R.NEED_MANY], "Production"),
        (
            "Maintenance Mechanic",
            "49-9041",
            "49-9041.00",
            [R.COST, R.HARDEST_TO_FILL],
            "Maintenance",
        ),
    ],
    "Platte River Castings": [
        ("Welder", "51-4121", "51-4121.00", [R.NEED_MANY, R.HARDEST_TO_FILL], "Production"),
        ("Production Supervisor", "51-1011", "51-1011.00", [R.GROWTH, R.TURNOVER], "Management"),
    ],
    "Aurora Precision Sheet Metal": [
        (
            "Press Brake / CNC Operator",
            "51-9161",
            "51-9161.00",
            [R.NEED_MANY, R.TURNOVER],
            "Production",
        ),
        ("Welder", "51-4121", "51-4121.00", [R.HARDEST_TO_FILL], "Production"),
        ("Inside Sales / Estimator", "", "", [R.GROWTH], "Sales"),
    ],
    "Thompson Valley Trailers": [
        ("Fabricator", "51-2090", "51-2092.00", [R.NEED_MANY, R.TURNOVER], "Production"),
        ("Lead Welder", "51-4121", "51-4121.00", [R.KINGPIN], "Production"),
    ],
    "Flatirons Optics & Instruments": [
        ("Process Technician", "17-3026", "17-3026.00", [R.GROWTH, R.COST], "Engineering"),
        ("Final Inspector", "51-9061", "51-9061.00", [R.COST], "Quality"),
        ("CNC Programmer", "51-9162", "51-9162.00", [R.KINGPIN, R.HARDEST_TO_FILL], "Engineering"),
    ],
}

SKILLS = {
    "Production": "Blueprint reading and GD&T; shop math; measuring with micrometers and "
    "calipers; MIG and TIG welding to AWS D1.1; showing up on time every shift.",
    "Engineering": "CAM programming (Mastercam, Fusion); lean and root-cause tools; reading "
    "customer specifications.",
    "Maintenance": "Hydraulics and pneumatics; PLC troubleshooting; electrical safety and "
    "lockout/tagout; preventive maintenance routines.",
    "Quality": "CMM operation; first-article inspection; ISO 9001 and AS9100 documentation.",
    "Management": "Leading a shift of 10-20 people; coaching new hires; scheduling.",
}

ADVANCEMENT = (
    "Operators become machinists in 12-18 months with a CNC certificate and a mentor.\n"
    "Welders move into maintenance through an apprenticeship, or lead a weld cell.\n"
    "Assemblers who show an eye for detail move into inspection.\n"
    "Machinists who learn CAM become programmers; the best become supervisors.\n"
    "Inspectors with an associate degree in engineering technology become process technicians."
)

SOURCING = {
    "Summit Precision Machining": ("Red Rocks Valley CC machining; Mesa Ridge CNC certificate", "sometimes", "often", "often"),
    "Front Range Aerospace Components": ("Red Rocks Valley CC; Mesa Ridge", "often", "sometimes", "sometimes"),
    "Rocky Mountain Fabrication": ("Mesa Ridge welding (evening cohort)", "rarely", "often", "often"),
    "Boulder Creek Medical Devices": ("None regularly", "sometimes", "sometimes", "often"),
    "Peak Controls & Automation": ("Red Rocks Valley CC mechatronics", "often", "rarely", "sometimes"),
    "Mile High Packaging Systems": ("Staffing agencies, no programs", "never", "sometimes", "often"),
    "Centennial Gear Works": ("Foothills SD 12 CTE students (summer)", "rarely", "often", "often"),
}  # fmt: skip

QUICK_WINS = [
    (QuickWin.Kind.NON_TRAINING, "Share a common job description for CNC operator so schools and "
     "the workforce board recruit for the same job", "Centennial Gear Works"),
    (QuickWin.Kind.SHORT_TERM, "Incumbent-worker training funds for the current maintenance "
     "staff (PLC basics) this summer", "Peak Controls & Automation"),
    (QuickWin.Kind.NON_TRAINING, "Job matching: the workforce board sends screened welding "
     "graduates to the six shops hiring now", "Rocky Mountain Fabrication"),
    (QuickWin.Kind.NON_TRAINING, "A shared second-shift bus stop on the Commerce City line",
     "Mile High Packaging Systems"),
    (QuickWin.Kind.SHORT_TERM, "Plant tours for counselors before fall registration",
     "Front Range Aerospace Components"),
]  # fmt: skip

AGREED = [
    ("51-4121", "51-4121.00", "Welder", Tier.ENTRY),
    ("51-2090", "51-2092.00", "Assembler and Fabricator", Tier.ENTRY),
    ("51-9161", "51-9161.00", "CNC Machine Operator", Tier.ENTRY),
    ("51-4041", "51-4041.00", "Machinist", Tier.MID),
    ("49-9041", "49-9041.00", "Industrial Maintenance Technician", Tier.MID),
    ("51-9061", "51-9061.00", "Quality Inspector", Tier.MID),
    ("51-9162", "51-9162.00", "CNC Programmer", Tier.ADVANCED),
    ("51-1011", "51-1011.00", "Production Supervisor", Tier.ADVANCED),
    ("17-3026", "17-3026.00", "Manufacturing Engineering Technician", Tier.ADVANCED),
]

PATHS = [
    ("51-9161", "51-4041", "About a year on the job and a CNC certificate"),
    ("51-4121", "49-9041", "Maintenance certificate or an apprenticeship"),
    ("51-2090", "51-9061", "Quality inspector training"),
    ("51-4041", "51-9162", "CAM software training"),
    ("49-9041", "51-1011", "Leadership training and experience"),
    ("51-9061", "17-3026", "Associate degree in engineering technology"),
    ("51-4041", "51-1011", "Several years and a leadership course"),
]

WATCH = [
    "51-4121", "51-2090", "51-9161", "51-4041", "49-9041", "51-9061", "51-9162", "51-1011",
    "17-3026", "49-9071", "51-4031", "17-2112", "51-4111", "53-7051", "49-2094",
]  # fmt: skip


def _say(stdout: TextIO | None, text: str) -> None:
    if stdout is not None:
        stdout.write(text + "\n")


@transaction.atomic
def load_step3(partnership: Partnership, stdout: TextIO | None = None) -> CardSort:
    convener = (
        Membership.objects.filter(partnership=partnership, role=Role.CONVENER)
        .select_related("user")
        .first()
    ).user
    champion = (
        Membership.objects.filter(partnership=partnership, role=Role.CHAMPION)
        .select_related("user", "organization")
        .first()
    )
    convening = Convening.objects.filter(partnership=partnership, title=TITLE).first()
    if convening is None:
        attendees = [convener] + ([champion.user] if champion else [])
        partner = Membership.objects.filter(partnership=partnership, role=Role.PARTNER).first()
        if partner:
            attendees.append(partner.user)
        convening = partnership_services.convening_create(
            partnership=partnership,
            actor=convener,
            attendees=attendees,
            title=TITLE,
            held_on=datetime.date(2026, 4, 15),
            step=3,
            location="Mesa Ridge Technical College, Thornton",
            purpose="Look at the sector's labor-market picture together, then sort cards to "
            "agree on the occupations the pathway system will be built around.",
            notes="Twelve employers sorted cards. Maintenance and machining came up at almost "
            "every table; several shops lose new operators in the first ninety days.",
            decisions="Nine critical occupations agreed, in three tiers\n"
            "Quick wins go to the action plan",
        )
        for name, company in GUESTS:
            partnership_services.convening_guest_add(
                convening=convening, name=name, company=company
            )
    card_sort = services.card_sort_start(convening=convening, actor=convener)
    if not Card.objects.filter(card_sort=card_sort).exists():
        columns = {c.name: c for c in card_sort.categories.all()}
        employers = {e.company: e for e in RoomEmployer.objects.filter(card_sort=card_sort)}
        if champion and champion.organization and champion.organization.name not in employers:
            services.room_employer_for_member(card_sort=card_sort, membership=champion)
            employers = {e.company: e for e in RoomEmployer.objects.filter(card_sort=card_sort)}
        for company, cards in CARDS.items():
            employer = employers[company]
            actor = employer.user or convener
            for title, soc, onet, reasons, column in cards:
                services.card_add(
                    card_sort=card_sort,
                    employer=employer,
                    actor=actor,
                    title=title,
                    soc_code=soc,
                    onet_code=onet,
                    reasons=reasons,
                    category=columns.get(column),
                )
        for category in card_sort.categories.all():
            if category.name in SKILLS:
                services.category_update(category=category, critical_skills=SKILLS[category.name])
        for company, (programs, out_of_state, within, word) in SOURCING.items():
            services.room_employer_update(
                employer=employers[company],
                local_programs=programs,
                out_of_state=out_of_state,
                from_within=within,
                word_of_mouth=word,
            )
        services.card_sort_update(
            card_sort=card_sort,
            advancement_notes=ADVANCEMENT,
            next_steps="The support team maps which programs already train for the nine "
            "occupations (step 4)\nEmployers review the draft inventory at the June committee "
            "meeting\nSmall groups of employers define the competencies for each occupation",
            hear_back_by=datetime.date(2026, 5, 20),
        )
        _say(stdout, f"Card sort: {Card.objects.filter(card_sort=card_sort).count()} cards")
    made = {}
    for order, (soc, onet, title, tier) in enumerate(AGREED):
        occupation = CriticalOccupation.objects.filter(
            partnership=partnership, soc_code=soc
        ).first()
        if occupation is None:
            occupation = services.critical_occupation_agree(
                partnership=partnership, actor=convener, soc_code=soc, onet_code=onet,
                title=title, tier=tier, convening=convening,
            )  # fmt: skip
        elif occupation.agreed_at is None:  # made by another demo loader: record the agreement
            CriticalOccupation.objects.filter(pk=occupation.pk).update(
                agreed_at=timezone.now(), agreed_by=convener, convening=convening
            )
        if occupation.order != order:
            CriticalOccupation.objects.filter(pk=occupation.pk).update(order=order)
        made[soc] = occupation
    for from_code, to_code, note in PATHS:
        if not AdvancementPath.objects.filter(
            from_occupation=made[from_code], to_occupation=made[to_code]
        ).exists():
            services.advancement_path_add(
                partnership=partnership,
                from_occupation=made[from_code],
                to_occupation=made[to_code],
                note=note,
            )
    if not QuickWin.objects.filter(partnership=partnership).exists():
        for kind, text, raised_by in QUICK_WINS:
            services.quick_win_add(
                partnership=partnership, actor=convener, text=text, kind=kind,
                raised_by=raised_by, convening=convening,
            )  # fmt: skip
    for soc in WATCH:
        services.watched_occupation_add(partnership=partnership, actor=convener, soc_code=soc)
    _say(stdout, f"Step 3: {len(made)} agreed critical occupations, {len(PATHS)} paths")
    return card_sort
