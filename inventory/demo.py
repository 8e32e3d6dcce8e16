"""A fictional but realistic program inventory for the demo partnership, built through the
same services people use. Safe to run twice: everything is looked up by its natural key
before it is created.

Every organization, program, figure and person here is invented for the demo.
"""

from __future__ import annotations

from contextlib import ExitStack
from decimal import Decimal
from pathlib import Path
from typing import TextIO

from django.contrib.auth import get_user_model
from django.core.files import File
from django.db import transaction

from inventory import services
from inventory.models import (
    Credential,
    Linkage,
    Program,
    ProgramType,
    Provider,
    ProviderKind,
)
from partnerships.models import Partnership

# name, provider type, city, contacts [(name, title, email, phone)], notes
PROVIDERS = [
    ("Red Rocks Valley Community College", ProviderKind.COMMUNITY_COLLEGE, "Lakewood",
     [("Priya Natarajan", "Dean of Advanced Manufacturing", "priya.natarajan@rrvcc.example.edu", "303-555-0141")], ""),
    ("Mesa Ridge Technical College", ProviderKind.TECHNICAL_COLLEGE, "Thornton",
     [("Carlos Medina", "Director of Workforce Programs", "carlos.medina@mesaridge.example.edu", "303-555-0177")],
     "Runs evening cohorts year round; employers lend equipment to its lab."),
    ("Foothills School District 12", ProviderKind.SCHOOL_DISTRICT, "Westminster",
     [("James Okafor", "CTE Coordinator", "james.okafor@fsd12.example.org", "")], ""),
    ("Colorado Adult Learning Center", ProviderKind.ADULT_EDUCATION, "Aurora",
     [("Hannah Weiss", "Program Manager", "hannah.weiss@cadultlearning.example.org", "")], ""),
    ("Front Range Regional Workforce Board", ProviderKind.WORKFORCE_CENTER, "Denver",
     [("Maria Alvarez", "Sector Strategies Lead", "maria.alvarez@frrwb.example.org", "303-555-0100")],
     "Funds on-the-job and incumbent-worker training through its American Job Centers."),
    ("Community Bridges Network", ProviderKind.COMMUNITY_ORGANIZATION, "Commerce City",
     [("DeShawn Miller", "Career Navigator", "deshawn.miller@cbn.example.org", "")], ""),
    ("Summit Precision Machining", ProviderKind.EMPLOYER, "Longmont",
     [("Dan Kowalski", "Vice President of Operations", "dan.kowalski@summit-precision.example.com", "")], ""),
    ("Boulder Creek Medical Devices", ProviderKind.EMPLOYER, "Louisville", [], ""),
    ("Front Range Aerospace Components", ProviderKind.EMPLOYER, "Englewood", [], ""),
    # Providers found while building the inventory, not yet on the support team.
    ("Poudre Valley State University", ProviderKind.UNIVERSITY, "Fort Collins",
     [("Dr. Elena Sorensen", "Associate Dean, College of Engineering", "e.sorensen@pvsu.example.edu", "")],
     "Engineering graduates are hired by several committee members."),
    ("Rocky Mountain Manufacturing Apprenticeship Consortium", ProviderKind.APPRENTICESHIP_SPONSOR, "Denver",
     [("Gary Lindqvist", "Apprenticeship Director", "glindqvist@rmmac.example.org", "303-555-0192")],
     "Group sponsor of registered apprenticeships for small and mid-sized shops."),
    ("Metro North Workforce Center", ProviderKind.WORKFORCE_CENTER, "Westminster",
     [("Alicia Romero", "Business Services Representative", "aromero@metronorth.example.org", "")], ""),
]  # fmt: skip

# name, kind, level, issuer, stacks into
CREDENTIALS = [
    ("NIMS Measurement, Materials & Safety", Credential.Kind.INDUSTRY_CERTIFICATION, "Level I", "NIMS", ["Machining Technology Certificate"]),
    ("NIMS CNC Milling: Operations", Credential.Kind.INDUSTRY_CERTIFICATION, "Level I", "NIMS", ["Machining Technology Certificate"]),
    ("NIMS CNC Turning: Operations", Credential.Kind.INDUSTRY_CERTIFICATION, "Level I", "NIMS", ["Machining Technology Certificate"]),
    ("AWS Certified Welder", Credential.Kind.INDUSTRY_CERTIFICATION, "", "American Welding Society", ["Welding Technology Certificate"]),
    ("OSHA 10-Hour General Industry", Credential.Kind.CERTIFICATE, "", "OSHA Training Institute", []),
    ("Certified Production Technician", Credential.Kind.INDUSTRY_CERTIFICATION, "", "MSSC", ["Industrial Maintenance Certificate"]),
    ("Manufacturing Essentials Certificate", Credential.Kind.CERTIFICATE, "", "Red Rocks Valley Community College", ["Machining Technology Certificate"]),
    ("Machining Technology Certificate", Credential.Kind.CERTIFICATE, "", "Red Rocks Valley Community College", ["AAS Machining Technology"]),
    ("AAS Machining Technology", Credential.Kind.ASSOCIATE, "", "Red Rocks Valley Community College", ["BS Manufacturing Engineering Technology"]),
    ("AAS Mechatronics", Credential.Kind.ASSOCIATE, "", "Red Rocks Valley Community College", ["BS Manufacturing Engineering Technology"]),
    ("Welding Technology Certificate", Credential.Kind.CERTIFICATE, "", "Red Rocks Valley Community College", []),
    ("CNC Machining Certificate", Credential.Kind.CERTIFICATE, "", "Mesa Ridge Technical College", ["AAS Machining Technology"]),
    ("Industrial Maintenance Certificate", Credential.Kind.CERTIFICATE, "", "Mesa Ridge Technical College", ["AAS Mechatronics"]),
    ("ASQ Certified Quality Inspector", Credential.Kind.INDUSTRY_CERTIFICATION, "", "ASQ", []),
    ("Journeyworker Certificate: CNC Machinist", Credential.Kind.APPRENTICESHIP, "Journeyworker", "U.S. Department of Labor", []),
    ("Journeyworker Certificate: Industrial Maintenance Mechanic", Credential.Kind.APPRENTICESHIP, "Journeyworker", "U.S. Department of Labor", []),
    ("Journeyworker Certificate: Industrial Electrician", Credential.Kind.APPRENTICESHIP, "Journeyworker", "U.S. Department of Labor", []),
    ("Colorado Journeyworker Electrician License", Credential.Kind.LICENSE, "Journeyworker", "Colorado State Electrical Board", []),
    ("BS Mechanical Engineering", Credential.Kind.BACHELOR, "", "Poudre Valley State University", []),
    ("BS Manufacturing Engineering Technology", Credential.Kind.BACHELOR, "", "Poudre Valley State University", ["MEng Manufacturing Systems"]),
    ("MEng Manufacturing Systems", Credential.Kind.GRADUATE, "", "Poudre Valley State University", []),
    ("Colorado High School Equivalency Diploma", Credential.Kind.CERTIFICATE, "", "Colorado Department of Education", []),
    ("Frontline Leadership Certificate", Credential.Kind.CERTIFICATE, "", "Front Range Regional Workforce Board", []),
    ("Lean Six Sigma Yellow Belt", Credential.Kind.CERTIFICATE, "Yellow Belt", "Red Rocks Valley Community College", []),
]  # fmt: skip

T = ProgramType
S = Program.Status
# provider, name, type, fields, credentials, entry credentials, SOC codes
PROGRAMS = [
    ("Red Rocks Valley Community College", "Machining Technology AAS", T.CREDIT,
     dict(cip_code="48.0501", credits=Decimal("64"), months=24, tuition=11200, fees=980, other_costs=1400,
          prerequisites="Accuplacer placement into college-level math, or a C in MAT 050.", evening=True,
          tutoring=True, advising=True, completions_per_year=28, capacity=45, waiting_list=12,
          placement_rate=Decimal("88"), placement_year=2025, placement_source="College graduate follow-up survey",
          description="Manual and CNC machining, CAD/CAM, metrology and a capstone built with an employer."),
     ["AAS Machining Technology", "NIMS Measurement, Materials & Safety"], [], ["51-4041", "51-9161"]),
    ("Red Rocks Valley Community College", "Machining Technology Certificate", T.CREDIT,
     dict(cip_code="48.0501", credits=Decimal("30"), months=9, tuition=5250, fees=460, other_costs=900,
          prerequisites="High school diploma or equivalency.", evening=True, tutoring=True, advising=True,
          completions_per_year=34, capacity=48, waiting_list=6, placement_rate=Decimal("84"), placement_year=2025,
          placement_source="College graduate follow-up survey"),
     ["Machining Technology Certificate", "NIMS CNC Milling: Operations", "NIMS CNC Turning: Operations"],
     ["Colorado High School Equivalency Diploma"], ["51-4041", "51-9161"]),
    ("Red Rocks Valley Community College", "Mechatronics AAS", T.CREDIT,
     dict(cip_code="15.0407", credits=Decimal("62"), months=24, tuition=10850, fees=980, other_costs=650,
          prerequisites="Placement into college algebra.", online=True, tutoring=True, advising=True,
          completions_per_year=14, capacity=30, placement_rate=Decimal("91"), placement_year=2025,
          placement_source="College graduate follow-up survey"),
     ["AAS Mechatronics"], [], ["49-9041", "17-3026"]),
    ("Red Rocks Valley Community College", "Welding Technology Certificate", T.CREDIT,
     dict(cip_code="48.0508", credits=Decimal("32"), months=10, tuition=5600, fees=520, other_costs=1250,
          prerequisites="None.", evening=True, weekend=True, advising=True, completions_per_year=40,
          capacity=60, waiting_list=18, placement_rate=Decimal("86"), placement_year=2025,
          placement_source="College graduate follow-up survey"),
     ["Welding Technology Certificate", "AWS Certified Welder"], [], ["51-4121"]),
    ("Red Rocks Valley Community College", "Certified Production Technician Fast Track", T.NON_CREDIT,
     dict(cip_code="15.0613", clock_hours=160, weeks=8, tuition=1950, fees=250, other_costs=180,
          prerequisites="9th-grade reading and math (CASAS).", evening=True, open_entry=True,
          non_semester=True, advising=True, completions_per_year=52, capacity=80,
          placement_rate=Decimal("74"), placement_year=2024, placement_source="State ETPL: employed 2nd quarter after exit"),
     ["Certified Production Technician", "OSHA 10-Hour General Industry"], [], ["51-2090", "51-9061"]),
    ("Red Rocks Valley Community College", "Lean Six Sigma Yellow Belt for Manufacturers", T.INCUMBENT,
     dict(clock_hours=24, weeks=3, tuition=0, prerequisites="Employed by a partner manufacturer.",
          evening=True, non_semester=True, completions_per_year=60, capacity=75,
          description="Delivered at the plant for current employees; paid by the employer and a state incumbent-worker grant."),
     ["Lean Six Sigma Yellow Belt"], [], ["51-1011"]),
    ("Mesa Ridge Technical College", "CNC Machining Certificate", T.CREDIT,
     dict(cip_code="48.0510", clock_hours=900, months=9, tuition=6900, fees=600, other_costs=1100,
          prerequisites="High school diploma or equivalency; shop math placement.", evening=True,
          non_semester=True, tutoring=True, completions_per_year=36, capacity=40, waiting_list=22,
          placement_rate=Decimal("90"), placement_year=2025, placement_source="State ETPL: employed 2nd quarter after exit"),
     ["CNC Machining Certificate", "NIMS CNC Milling: Operations"], [], ["51-9161", "51-4041"]),
    ("Mesa Ridge Technical College", "CNC Operator Evening Fast Track", T.NON_CREDIT,
     dict(cip_code="48.0510", clock_hours=240, weeks=12, tuition=3200, fees=150, other_costs=400,
          prerequisites="None; a shop math refresher is offered in week one.", evening=True, weekend=True,
          open_entry=True, non_semester=True, advising=True, completions_per_year=48, capacity=60,
          placement_rate=Decimal("79"), placement_year=2024, placement_source="State ETPL: employed 2nd quarter after exit"),
     ["NIMS Measurement, Materials & Safety"], [], ["51-9161"]),
    ("Mesa Ridge Technical College", "Industrial Maintenance Technician Certificate", T.CREDIT,
     dict(cip_code="47.0303", clock_hours=1080, months=12, tuition=8400, fees=700, other_costs=1600,
          prerequisites="High school diploma or equivalency.", evening=True, tutoring=True,
          completions_per_year=22, capacity=32, waiting_list=9, placement_rate=Decimal("93"),
          placement_year=2025, placement_source="College records"),
     ["Industrial Maintenance Certificate", "OSHA 10-Hour General Industry"], [], ["49-9041"]),
    ("Mesa Ridge Technical College", "Quality Control Technology Certificate", T.CREDIT,
     dict(cip_code="15.0702", clock_hours=600, months=8, tuition=5100, fees=450, other_costs=300,
          prerequisites="Algebra I; blueprint reading recommended.", online=True, evening=True,
          completions_per_year=16, capacity=24, placement_rate=Decimal("82"), placement_year=2025,
          placement_source="College records"),
     ["ASQ Certified Quality Inspector"], [], ["51-9061"]),
    ("Poudre Valley State University", "BS Mechanical Engineering", T.CREDIT,
     dict(cip_code="14.1901", credits=Decimal("128"), months=48, tuition=48600, fees=9200, other_costs=4800,
          prerequisites="University admission; calculus readiness.", advising=True, tutoring=True,
          completions_per_year=110, capacity=140, placement_rate=Decimal("94"), placement_year=2025,
          placement_source="University first-destination survey"),
     ["BS Mechanical Engineering"], [], ["17-2141"]),
    ("Poudre Valley State University", "BS Manufacturing Engineering Technology", T.CREDIT,
     dict(cip_code="15.0613", credits=Decimal("120"), months=48, tuition=45600, fees=9200, other_costs=3200,
          prerequisites="University admission, or an AAS from a partner college.", online=True, evening=True,
          advising=True, completions_per_year=38, capacity=60, placement_rate=Decimal("92"),
          placement_year=2025, placement_source="University first-destination survey"),
     ["BS Manufacturing Engineering Technology"], [], ["17-3026"]),
    ("Poudre Valley State University", "MEng Manufacturing Systems", T.CREDIT,
     dict(cip_code="14.3601", credits=Decimal("30"), months=18, tuition=27000, fees=2400,
          prerequisites="Bachelor's degree in engineering or engineering technology.", online=True,
          evening=True, completions_per_year=12, capacity=25, placement_rate=Decimal("97"),
          placement_year=2025, placement_source="University first-destination survey"),
     ["MEng Manufacturing Systems"], ["BS Manufacturing Engineering Technology"], ["17-2141"]),
    ("Colorado Adult Learning Center", "Shop Math and Blueprint Reading Bridge", T.BRIDGE,
     dict(clock_hours=90, weeks=10, tuition=0, fees=0, other_costs=40,
          prerequisites="Adults 17 and older; no diploma required.", evening=True, open_entry=True,
          non_semester=True, childcare=True, transportation=True, tutoring=True, advising=True,
          completions_per_year=45, capacity=60, waiting_list=15,
          description="Contextualized math and print reading that leads straight into the CNC fast track."),
     [], [], ["51-4041", "51-9161"]),
    ("Colorado Adult Learning Center", "High School Equivalency for Manufacturing Careers", T.ADULT_BASIC,
     dict(clock_hours=150, weeks=16, tuition=0, fees=0, other_costs=120,
          prerequisites="Adults 17 and older without a diploma.", evening=True, weekend=True, online=True,
          open_entry=True, non_semester=True, childcare=True, tutoring=True, advising=True,
          completions_per_year=70, capacity=120),
     ["Colorado High School Equivalency Diploma"], [], []),
    ("Colorado Adult Learning Center", "Integrated English for Production Workers", T.ADULT_BASIC,
     dict(clock_hours=120, weeks=12, tuition=0, prerequisites="Any English level.", evening=True,
          open_entry=True, non_semester=True, childcare=True, advising=True, completions_per_year=40,
          capacity=50, description="English language learning built on plant-floor vocabulary and safety."),
     [], [], ["51-2090"]),
    ("Community Bridges Network", "Manufacturing Pre-Apprenticeship", T.BRIDGE,
     dict(clock_hours=200, weeks=8, tuition=0, prerequisites="18 or older; referred by a navigator.",
          non_semester=True, childcare=True, transportation=True, advising=True, completions_per_year=30,
          capacity=36, waiting_list=10, placement_rate=Decimal("70"), placement_year=2025,
          placement_source="Program records"),
     ["OSHA 10-Hour General Industry"], [], ["51-2090"]),
    ("Front Range Regional Workforce Board", "Frontline Leadership Incumbent Worker Training", T.INCUMBENT,
     dict(clock_hours=40, weeks=10, tuition=0, prerequisites="Lead operators and new supervisors at partner employers.",
          evening=True, non_semester=True, completions_per_year=45, capacity=50),
     ["Frontline Leadership Certificate"], [], ["51-1011"]),
    ("Front Range Regional Workforce Board", "On-the-Job Training Contracts: CNC Operators", T.OJT,
     dict(clock_hours=480, weeks=12, tuition=0, prerequisites="WIOA-eligible job seekers hired by a partner employer.",
          non_semester=True, transportation=True, advising=True, completions_per_year=25, capacity=30,
          placement_rate=Decimal("95"), placement_year=2025, placement_source="WIOA performance records",
          description="The board reimburses up to half of wages while a new hire learns on the job."),
     [], [], ["51-9161"]),
    ("Metro North Workforce Center", "Manufacturing Career Launch", T.NON_CREDIT,
     dict(clock_hours=80, weeks=4, tuition=0, prerequisites="Job seekers enrolled at the center.",
          open_entry=True, non_semester=True, transportation=True, advising=True, completions_per_year=60,
          capacity=80, placement_rate=Decimal("66"), placement_year=2024, placement_source="Center records"),
     ["OSHA 10-Hour General Industry"], [], ["51-2090"]),
    ("Summit Precision Machining", "Summit Precision Machinist Training", T.OJT,
     dict(clock_hours=1000, months=6, tuition=0, prerequisites="Hired as a machine operator trainee.",
          non_semester=True, completions_per_year=8, capacity=10),
     [], [], ["51-4041"]),
    ("Rocky Mountain Manufacturing Apprenticeship Consortium", "Registered Apprenticeship: CNC Machinist", T.APPRENTICESHIP,
     dict(cip_code="48.0501", clock_hours=8000, months=48, tuition=0, other_costs=1200,
          prerequisites="18 or older; hired by a participating shop; high school diploma or equivalency.",
          evening=True, non_semester=True, advising=True, completions_per_year=18, capacity=40,
          waiting_list=25, placement_rate=Decimal("98"), placement_year=2025, placement_source="Sponsor records"),
     ["Journeyworker Certificate: CNC Machinist", "NIMS CNC Milling: Operations"],
     ["Colorado High School Equivalency Diploma"], ["51-4041", "51-9161"]),
    ("Rocky Mountain Manufacturing Apprenticeship Consortium", "Registered Apprenticeship: Industrial Maintenance Mechanic", T.APPRENTICESHIP,
     dict(cip_code="47.0303", clock_hours=8000, months=48, tuition=0, other_costs=900,
          prerequisites="18 or older; hired by a participating employer.", evening=True, non_semester=True,
          completions_per_year=9, capacity=20, waiting_list=7, placement_rate=Decimal("100"),
          placement_year=2025, placement_source="Sponsor records"),
     ["Journeyworker Certificate: Industrial Maintenance Mechanic"], [], ["49-9041"]),
    ("Rocky Mountain Manufacturing Apprenticeship Consortium", "Registered Apprenticeship: Industrial Electrician", T.APPRENTICESHIP,
     dict(cip_code="46.0302", clock_hours=8000, months=48, tuition=0, other_costs=1500,
          prerequisites="18 or older; hired by a participating employer; algebra I.", evening=True,
          non_semester=True, completions_per_year=6, capacity=15, waiting_list=4, placement_rate=Decimal("100"),
          placement_year=2025, placement_source="Sponsor records"),
     ["Journeyworker Certificate: Industrial Electrician", "Colorado Journeyworker Electrician License"], [], ["47-2111", "49-9041"]),
    ("Boulder Creek Medical Devices", "Quality Inspector Apprenticeship", T.APPRENTICESHIP,
     dict(cip_code="15.0702", clock_hours=4000, months=24, tuition=0, prerequisites="Current employees with a year of production experience.",
          non_semester=True, completions_per_year=4, capacity=6, status=S.PROPOSED,
          description="Proposed with the consortium as sponsor; awaiting state registration."),
     ["ASQ Certified Quality Inspector"], [], ["51-9061"]),
    ("Front Range Aerospace Components", "Manufacturing Engineering Summer Internship", T.WORK_BASED,
     dict(weeks=10, tuition=0, prerequisites="Engineering or engineering technology students after their second year.",
          completions_per_year=6, capacity=6),
     [], [], ["17-3026", "17-2141"]),
    ("Summit Precision Machining", "Youth Machining Internship", T.WORK_BASED,
     dict(clock_hours=240, weeks=8, tuition=0, prerequisites="High school juniors and seniors in a CTE pathway.",
          completions_per_year=5, capacity=6),
     [], [], ["51-4041"]),
    ("Foothills School District 12", "Manufacturing Technology CTE Pathway", T.K12_CTE,
     dict(cip_code="48.0501", months=36, tuition=0, prerequisites="Grades 10-12.", advising=True,
          completions_per_year=55, capacity=90, description="Three-course high school sequence with a shop capstone."),
     ["OSHA 10-Hour General Industry"], [], ["51-4041"]),
    ("Foothills School District 12", "Dual Enrollment: Introduction to Machining (MAC 101)", T.K12_CTE,
     dict(cip_code="48.0501", credits=Decimal("4"), months=4, tuition=0, fees=0,
          prerequisites="Juniors and seniors; counselor approval.", advising=True,
          completions_per_year=40, capacity=48, waiting_list=14),
     ["NIMS Measurement, Materials & Safety"], [], ["51-4041"]),
    ("Foothills School District 12", "Dual Enrollment: Welding I", T.K12_CTE,
     dict(cip_code="48.0508", credits=Decimal("3"), months=4, tuition=0, fees=75,
          prerequisites="Juniors and seniors; counselor approval.", completions_per_year=30, capacity=32,
          status=S.PAUSED, description="Paused this year while the welding booths are replaced."),
     [], [], ["51-4121"]),
]  # fmt: skip

# from (provider, program), to (provider, program), kind, status, credits, notes
LINKAGES = [
    (("Foothills School District 12", "Dual Enrollment: Introduction to Machining (MAC 101)"),
     ("Red Rocks Valley Community College", "Machining Technology Certificate"),
     Linkage.Kind.DUAL_ENROLLMENT, Linkage.Status.EXISTING, Decimal("4"), "MAC 101 credit appears on the college transcript."),
    (("Foothills School District 12", "Manufacturing Technology CTE Pathway"),
     ("Red Rocks Valley Community College", "Machining Technology AAS"),
     Linkage.Kind.ARTICULATION, Linkage.Status.EXISTING, Decimal("9"), "Pathway completers with a B or better receive 9 credits."),
    (("Red Rocks Valley Community College", "Machining Technology Certificate"),
     ("Red Rocks Valley Community College", "Machining Technology AAS"),
     Linkage.Kind.STACKABLE, Linkage.Status.EXISTING, Decimal("30"), "Every certificate course counts toward the degree."),
    (("Mesa Ridge Technical College", "CNC Operator Evening Fast Track"),
     ("Red Rocks Valley Community College", "Machining Technology Certificate"),
     Linkage.Kind.PRIOR_LEARNING, Linkage.Status.PROPOSED, Decimal("6"), "Proposed: NIMS credentials earned in the fast track count as 6 credits."),
    (("Red Rocks Valley Community College", "Machining Technology AAS"),
     ("Poudre Valley State University", "BS Manufacturing Engineering Technology"),
     Linkage.Kind.TRANSFER, Linkage.Status.EXISTING, Decimal("60"), "2+2 agreement signed in 2024."),
    (("Rocky Mountain Manufacturing Apprenticeship Consortium", "Registered Apprenticeship: CNC Machinist"),
     ("Red Rocks Valley Community College", "Machining Technology AAS"),
     Linkage.Kind.PRIOR_LEARNING, Linkage.Status.EXISTING, Decimal("24"), "Related technical instruction is taught by the college."),
    (("Colorado Adult Learning Center", "Shop Math and Blueprint Reading Bridge"),
     ("Mesa Ridge Technical College", "CNC Operator Evening Fast Track"),
     Linkage.Kind.ARTICULATION, Linkage.Status.EXISTING, None, "Bridge completers are guaranteed a seat in the next cohort."),
    (("Red Rocks Valley Community College", "Certified Production Technician Fast Track"),
     ("Mesa Ridge Technical College", "Industrial Maintenance Technician Certificate"),
     Linkage.Kind.STACKABLE, Linkage.Status.PROPOSED, None, "Proposed: CPT holders skip the first safety and quality module."),
    (("Red Rocks Valley Community College", "Mechatronics AAS"),
     ("Poudre Valley State University", "BS Manufacturing Engineering Technology"),
     Linkage.Kind.TRANSFER, Linkage.Status.PROPOSED, Decimal("60"), "Under discussion; modeled on the machining agreement."),
]  # fmt: skip

# Signed agreements kept with their linkage (fictional documents made for the demo).
AGREEMENTS = {
    ("Machining Technology AAS", "BS Manufacturing Engineering Technology"): "agreement_rrvcc_pvsu_transfer.pdf",
}  # fmt: skip
DEMO_DIR = Path(__file__).parent / "demo"

REVIEWED = [
    "Machining Technology AAS", "Machining Technology Certificate", "CNC Machining Certificate",
    "Welding Technology Certificate", "Industrial Maintenance Technician Certificate",
    "Registered Apprenticeship: CNC Machinist", "Manufacturing Technology CTE Pathway",
    "Mechatronics AAS", "CNC Operator Evening Fast Track",
]  # fmt: skip
COMMENTS = [
    ("CNC Operator Evening Fast Track", "champion",
     "Graduates are solid on setup but need more time on reading GD&T callouts before they start with us."),
    ("Quality Control Technology Certificate", "champion",
     "Could a CMM programming module be added? Every quality department on the committee uses one."),
    ("Machining Technology AAS", "partner",
     "The fall 2026 cohort adds a five-axis course, funded by the equipment grant."),
]  # fmt: skip
FLAGS = [
    (
        "champion",
        "CMM programming short course",
        "",
        "Nobody in the region teaches coordinate measuring machine programming; we send people to Ohio.",
    ),
]


def _user(username: str):
    return get_user_model().objects.filter(username=username).first()


@transaction.atomic
def load(partnership: Partnership, stdout: TextIO | None = None) -> None:
    convener, champion, partner = _user("convener"), _user("champion"), _user("partner")
    providers = {}
    for name, kind, city, contacts, notes in PROVIDERS:
        provider = Provider.objects.filter(
            partnership=partnership, organization__name=name
        ).first() or services.provider_create(
            partnership=partnership, name=name, kind=kind, city=city, notes=notes
        )
        providers[name] = provider
        for index, (contact, title, email, phone) in enumerate(contacts):
            if not provider.contacts.filter(name=contact).exists():
                services.provider_contact_add(
                    provider=provider, name=contact, job_title=title, email=email, phone=phone,
                    is_primary=index == 0,
                )  # fmt: skip

    credentials = {}
    for name, kind, level, issuer, _ in CREDENTIALS:
        credentials[name] = partnership.credentials.filter(
            name=name
        ).first() or services.credential_create(
            partnership=partnership, name=name, kind=kind, level=level, issuer=issuer
        )
    for name, *_, stacks in CREDENTIALS:
        if stacks and not credentials[name].stacks_into.exists():
            services.credential_update(
                credential=credentials[name], stacks_into=[credentials[s] for s in stacks]
            )

    programs = {}
    created = 0
    for provider_name, name, program_type, fields, awards, entry, soc_codes in PROGRAMS:
        provider = providers[provider_name]
        program = Program.objects.filter(provider=provider, name=name).first()
        if program is None:
            actor = partner if provider_name == "Red Rocks Valley Community College" else convener
            program = services.program_create(
                partnership=partnership,
                actor=actor,
                provider=provider,
                name=name,
                program_type=program_type,
                credentials=[credentials[c] for c in awards],
                entry_credentials=[credentials[c] for c in entry],
                via="demo",
                **fields,
            )
            created += 1
        programs[(provider_name, name)] = program
        have = {o.soc_code: o for o in program.occupations.all()}
        for code in soc_codes:
            occupation = have.get(code)
            if occupation is None or not occupation.confirmed:
                services.program_occupation_add(
                    program=program, actor=convener, soc_code=code, title=SOC_TITLES[code]
                )

    for source, target, kind, status, credits, notes in LINKAGES:
        from_program, to_program = programs[source], programs[target]
        if not Linkage.objects.filter(
            from_program=from_program, to_program=to_program, kind=kind
        ).exists():
            document = AGREEMENTS.get((source[1], target[1]))
            with ExitStack() as stack:
                agreement = (
                    File(stack.enter_context((DEMO_DIR / document).open("rb")), name=document)
                    if document
                    else None
                )
                services.linkage_create(
                    partnership=partnership, actor=convener, from_program=from_program,
                    to_program=to_program, kind=kind, status=status, credits=credits,
                    notes=notes, agreement=agreement,
                )  # fmt: skip

    if champion is not None:
        for (_, name), program in programs.items():
            if name in REVIEWED and program.reviewed_at is None:
                services.program_mark_reviewed(program=program, actor=champion, via="demo")
    users = {"champion": champion, "partner": partner, "convener": convener}
    for program_name, username, body in COMMENTS:
        program = next(p for (_, n), p in programs.items() if n == program_name)
        if users[username] and not program.comments.filter(body=body).exists():
            services.program_comment_add(program=program, actor=users[username], body=body)
    for username, program_name, provider_name, note in FLAGS:
        if (
            users[username]
            and not partnership.missing_program_flags.filter(program_name=program_name).exists()
        ):
            services.missing_program_flag_raise(
                partnership=partnership, actor=users[username], program_name=program_name,
                provider_name=provider_name, note=note,
            )  # fmt: skip
    if stdout is not None:
        stdout.write(
            f"Program inventory: {len(programs)} programs ({created} new), "
            f"{len(providers)} providers, {len(LINKAGES)} linkages\n"
        )


SOC_TITLES = {
    "51-4041": "Machinists",
    "51-4121": "Welders, Cutters, Solderers, and Brazers",
    "49-9041": "Industrial Machinery Mechanics",
    "51-9161": "Computer Numerically Controlled Tool Operators",
    "51-9061": "Inspectors, Testers, Sorters, Samplers, and Weighers",
    "17-3026": "Industrial Engineering Technologists and Technicians",
    "51-1011": "First-Line Supervisors of Production and Operating Workers",
    "17-2141": "Mechanical Engineers",
    "51-2090": "Miscellaneous Assemblers and Fabricators",
    "47-2111": "Electricians",
}
