"""The demo partnership's pathway map, published, so `make run` shows one. Safe to run twice:
critical occupations are created only when the partnership has none yet (step 3's own demo
may have made them), and the map is published only once (load_demo runs it after step 6, so
the published map draws the demo's two pathway programs).

The descriptions and requirements below are written for the demo; figures come from the
reference-data excerpts and the demo program inventory.
"""

from __future__ import annotations

from typing import TextIO

from django.contrib.auth import get_user_model
from django.db import transaction

from occupations.models import AdvancementPath, CriticalOccupation, Tier
from partnerships.models import Membership, Partnership, Role
from pathways.maps import selectors, services

# soc, O*NET-SOC, employers' title, tier, plain description, working conditions
OCCUPATIONS = [
    ("51-9161", "51-9161.00", "CNC Machine Operator", Tier.ENTRY,
     "Loads, runs and watches computer-controlled mills and lathes, measuring parts to keep "
     "them within tolerance.", "Shop floor noise; safety glasses and hearing protection"),
    ("51-4121", "51-4121.00", "Welder", Tier.ENTRY,
     "Joins metal parts with MIG, TIG and stick welding, reading blueprints and checking "
     "each weld.", "Heat, sparks and fumes; protective gear all shift"),
    ("51-2090", "51-2092.00", "Assembler and Fabricator", Tier.ENTRY,
     "Builds products and subassemblies by hand and with power tools, following work "
     "instructions on a production line or in a cell.", "On your feet; repetitive work"),
    ("51-4041", "51-4041.00", "Machinist", Tier.MID,
     "Sets up manual and CNC machines to make precision metal parts from drawings, then "
     "inspects the finished work.", "Standing most of the day; lifting up to 50 lb"),
    ("49-9041", "49-9041.00", "Industrial Maintenance Technician", Tier.MID,
     "Keeps production equipment running: troubleshoots mechanical, hydraulic and electrical "
     "faults and does preventive maintenance.", "On call at times; ladders and tight spaces"),
    ("51-9061", "51-9061.00", "Quality Inspector", Tier.MID,
     "Checks parts and products against specifications with gauges, CMMs and visual checks, "
     "and records what passes and what fails.", "Mostly indoors; close visual work"),
    ("51-9162", "51-9162.00", "CNC Programmer", Tier.ADVANCED,
     "Writes and proves out the programs that run CNC machines, choosing tools, speeds and "
     "toolpaths with CAM software.", "Office and shop floor"),
    ("51-1011", "51-1011.00", "Production Supervisor", Tier.ADVANCED,
     "Leads a shift or team: schedules work, trains people, and answers for safety, quality "
     "and output.", "Long shifts at times; on the floor and at a desk"),
    ("17-3026", "17-3026.00", "Manufacturing Engineering Technician", Tier.ADVANCED,
     "Improves how products are made: studies workflows, sets up fixtures and tests, and "
     "helps engineers cut waste.", "Office, lab and shop floor"),
]  # fmt: skip

PATHS = [
    ("51-9161", "51-4041", "About a year on the job and a CNC certificate"),
    ("51-4121", "49-9041", "Maintenance certificate or an apprenticeship"),
    ("51-2090", "51-9061", "Quality inspector training"),
    ("51-4041", "51-9162", "CAM software training"),
    ("49-9041", "51-1011", "Leadership training and experience"),
    ("51-9061", "17-3026", "Associate degree in engineering technology"),
    ("51-4041", "51-1011", "Several years and a leadership course"),
]

SETTINGS = {
    "title": "Careers in advanced manufacturing",
    "introduction": "Good jobs that start with a high school diploma or a short certificate, "
    "and a clear way up. Each box shows what the job pays here, how many openings there are, "
    "and where to train.",
    "entry_requirements_entry": "High school diploma or equivalent; a short certificate "
    "(welding, CNC or production) helps.",
    "entry_requirements_mid": "A year or more of experience plus a technical certificate or "
    "an apprenticeship.",
    "entry_requirements_advanced": "Several years of experience, or an associate or "
    "bachelor's degree.",
    "show_working_conditions": True,
}


SETTINGS_ES = {
    "title_es": "Carreras en manufactura avanzada",
    "introduction_es": "Buenos empleos que empiezan con un diploma de high school o un "
    "certificado corto, y un camino claro para avanzar. Cada recuadro muestra cuánto paga el "
    "empleo aquí, cuántas vacantes hay y dónde prepararse.",
    "entry_requirements_entry_es": "Diploma de high school o equivalente; ayuda un "
    "certificado corto (soldadura, CNC o producción).",
    "entry_requirements_mid_es": "Un año o más de experiencia y un certificado técnico o un "
    "programa de aprendizaje.",
    "entry_requirements_advanced_es": "Varios años de experiencia, o un título de asociado o "
    "una licenciatura.",
}

# soc: Spanish title, Spanish description, Spanish working conditions
SPANISH = {
    "51-9161": ("Operador de máquinas CNC",
                "Carga, pone en marcha y vigila fresadoras y tornos controlados por computadora, "
                "y mide las piezas para que queden dentro de tolerancia.",
                "Ruido en la planta; lentes de seguridad y protección auditiva"),
    "51-4121": ("Soldador",
                "Une piezas de metal con soldadura MIG, TIG y de electrodo, lee planos y revisa "
                "cada soldadura.",
                "Calor, chispas y humo; equipo de protección todo el turno"),
    "51-2090": ("Ensamblador y fabricante",
                "Arma productos y subconjuntos a mano y con herramientas eléctricas, siguiendo "
                "las instrucciones de trabajo en una línea o celda de producción.",
                "De pie; trabajo repetitivo"),
    "51-4041": ("Maquinista",
                "Prepara máquinas manuales y CNC para fabricar piezas de metal de precisión a "
                "partir de planos, y luego inspecciona el trabajo terminado.",
                "De pie casi todo el día; levantar hasta 50 libras"),
    "49-9041": ("Técnico de mantenimiento industrial",
                "Mantiene funcionando los equipos de producción: encuentra y repara fallas "
                "mecánicas, hidráulicas y eléctricas, y hace mantenimiento preventivo.",
                "A veces de guardia; escaleras y espacios reducidos"),
    "51-9061": ("Inspector de calidad",
                "Revisa piezas y productos según las especificaciones con calibradores, máquinas "
                "de medición por coordenadas (CMM) e inspección visual, y registra lo que pasa y "
                "lo que no.",
                "Casi siempre bajo techo; trabajo visual de cerca"),
    "51-9162": ("Programador CNC",
                "Escribe y prueba los programas que hacen funcionar las máquinas CNC, y elige "
                "herramientas, velocidades y trayectorias con software CAM.",
                "Oficina y planta"),
    "51-1011": ("Supervisor de producción",
                "Dirige un turno o un equipo: programa el trabajo, capacita al personal y "
                "responde por la seguridad, la calidad y la producción.",
                "A veces turnos largos; en la planta y en el escritorio"),
    "17-3026": ("Técnico de ingeniería de manufactura",
                "Mejora la forma de fabricar los productos: estudia los procesos, prepara "
                "accesorios y pruebas, y ayuda a los ingenieros a reducir el desperdicio.",
                "Oficina, laboratorio y planta"),
}  # fmt: skip

# What the demo's employers want students to learn, per occupation (the rest: O*NET's).
TOOLS = {
    "51-4121": ["MIG and TIG welders", "Plasma cutters", "Blueprints and weld symbols",
                "Grinders"],
    "51-9161": ["CNC mills and lathes", "Calipers and micrometers", "G-code", "Mastercam"],
    "51-9061": ["Calipers and micrometers", "Coordinate measuring machines (CMM)",
                "Height gauges", "Minitab"],
}  # fmt: skip


def ensure_critical_occupations(partnership: Partnership) -> None:
    if CriticalOccupation.objects.filter(partnership=partnership).exists():
        return
    with transaction.atomic():
        made = {}
        for order, (soc, onet, title, tier, description, _) in enumerate(OCCUPATIONS):
            made[soc] = CriticalOccupation.objects.create(
                partnership=partnership,
                soc_code=soc,
                onet_code=onet,
                title=title,
                tier=tier,
                order=order,
                description=description,
            )
        for from_code, to_code, note in PATHS:
            AdvancementPath.objects.create(
                partnership=partnership,
                from_occupation=made[from_code],
                to_occupation=made[to_code],
                note=note,
            )


def _convener(partnership: Partnership):
    membership = (
        Membership.objects.filter(partnership=partnership, role=Role.CONVENER)
        .select_related("user")
        .first()
    )
    return membership.user if membership else get_user_model().objects.filter(is_staff=True).first()


def fill_descriptions(partnership: Partnership) -> None:
    """Plain descriptions for the demo's occupations where step 3 left none (a convener
    would write these; O*NET's own are longer and more technical)."""
    for soc, _, _, _, description, _ in OCCUPATIONS:
        CriticalOccupation.objects.filter(
            partnership=partnership, soc_code=soc, description=""
        ).update(description=description)


def load(partnership: Partnership, stdout: TextIO | None = None) -> None:
    ensure_critical_occupations(partnership)
    fill_descriptions(partnership)
    pathway_map = selectors.map_for(partnership)
    actor = _convener(partnership)
    if not pathway_map.title and not pathway_map.versions.exists():
        conditions = {soc: cond for soc, *_, cond in OCCUPATIONS}
        conditions_es = {soc: spanish[2] for soc, spanish in SPANISH.items()}
        services.map_settings_update(
            partnership=partnership,
            actor=actor,
            working_conditions=conditions,
            working_conditions_es=conditions_es,
            **SETTINGS,
            **SETTINGS_ES,
        )
        critical = set(
            CriticalOccupation.objects.filter(partnership=partnership).values_list(
                "soc_code", flat=True
            )
        )
        for soc, (title_es, description_es, _) in SPANISH.items():
            if soc not in critical:
                continue
            services.map_occupation_update(
                partnership=partnership,
                actor=actor,
                soc_code=soc,
                tools=TOOLS.get(soc, []),
                pinned_program=None,
                title_es=title_es,
                description_es=description_es,
            )
    version = selectors.latest_version(partnership)
    if version is None or "routes" not in version.snapshot:
        # Not yet published, or published before maps drew the pathway programs.
        version = services.map_publish(partnership=partnership, actor=actor)
    else:
        version.refresh_from_db()
        if not version.pdf:
            services.map_render_request(partnership=partnership, actor=actor, version=version)
    if stdout is not None:
        stdout.write(
            f"Pathway map published: version {version.number}, /maps/{partnership.slug}/\n"
        )
