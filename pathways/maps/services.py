"""Every write for the pathway map: its settings, publishing a frozen version, and rendering
the PDFs (the one-page map and the program detail edition) into storage."""

from __future__ import annotations

import logging
from collections.abc import Callable, Iterable
from functools import lru_cache
from pathlib import Path

import segno
from django.conf import settings
from django.core.exceptions import ValidationError
from django.core.files.base import ContentFile
from django.core.files.storage import default_storage
from django.db import transaction
from django.db.models import Max
from django.template.loader import render_to_string
from django.urls import reverse
from django.utils import timezone, translation
from django.utils.translation import gettext

from inventory.models import Program, ProgramOccupation
from occupations.models import CriticalOccupation
from partnerships.models import Partnership
from pathways import jobs
from pathways.maps import editions, page_cache, selectors
from pathways.maps.models import MapOccupation, MapRender, MapVersion, PathwayMap

logger = logging.getLogger(__name__)
# WeasyPrint logs each layout step at INFO; a render is one line in our own log instead.
logging.getLogger("weasyprint.progress").setLevel(logging.WARNING)

ONE_PAGE = "one_page"
DETAIL = "detail"
EDITIONS = {ONE_PAGE: "maps/pdf/map_one_page.html", DETAIL: "maps/pdf/map_detail.html"}
# Denser settings, tried in turn until the one-page map fits on one page. The pathway
# programs' entry points and supports go first, then the cards' "Can lead to" lines (the
# arrows draw the same moves), then the cards' words; the detail edition keeps everything,
# and the routes themselves always stay.
DENSITIES = [
    {"level": 0, "programs": 1, "description": 160, "route_details": True, "leads": True,
     "conditions": True},
    {"level": 1, "programs": 1, "description": 160, "route_details": False, "leads": True,
     "conditions": True},
    {"level": 2, "programs": 1, "description": 160, "route_details": False, "leads": False,
     "conditions": True},
    {"level": 3, "programs": 1, "description": 90, "route_details": False, "leads": False,
     "conditions": True},
    {"level": 4, "programs": 0, "description": 0, "route_details": False, "leads": False,
     "conditions": True},
    {"level": 5, "programs": 0, "description": 0, "route_details": False, "leads": False,
     "conditions": False},
]  # fmt: skip
SETTINGS_FIELDS = [
    "title",
    "introduction",
    "entry_requirements_entry",
    "entry_requirements_mid",
    "entry_requirements_advanced",
    "show_working_conditions",
    "working_conditions",
    "title_es",
    "introduction_es",
    "entry_requirements_entry_es",
    "entry_requirements_mid_es",
    "entry_requirements_advanced_es",
    "working_conditions_es",
]
MAX_TOOLS = selectors.MAX_TECHNOLOGIES
TOOL_CHARS = 80

Progress = Callable[[int, str], None]


# --- settings ------------------------------------------------------------------------------


@transaction.atomic
def map_settings_update(*, partnership: Partnership, actor, **fields) -> PathwayMap:
    pathway_map = PathwayMap.objects.select_for_update().get(pk=selectors.map_for(partnership).pk)
    for name, value in fields.items():
        if name not in SETTINGS_FIELDS:
            raise TypeError(f"not a map setting: {name}")
        setattr(pathway_map, name, value)
    pathway_map.updated_by = actor
    pathway_map.full_clean()
    pathway_map.save()
    return pathway_map


@transaction.atomic
def map_occupation_update(
    *,
    partnership: Partnership,
    actor,
    soc_code: str,
    tools: list[str],
    pinned_program: Program | None,
    title_es: str = "",
    description_es: str = "",
) -> MapOccupation:
    """What one occupation's box shows: the tools employers picked (from O*NET's list or
    typed; none: O*NET's), the program pinned first, its Spanish title and description."""
    if not CriticalOccupation.objects.filter(partnership=partnership, soc_code=soc_code).exists():
        raise ValidationError(f"{soc_code} is not one of the partnership's critical occupations.")
    cleaned: list[str] = []
    for tool in tools:
        name = " ".join(str(tool).split())
        if not name or name.casefold() in {t.casefold() for t in cleaned}:
            continue
        if len(name) > TOOL_CHARS:
            raise ValidationError(
                {"tools": f"“{name[:40]}…” is too long: at most {TOOL_CHARS} characters."}
            )
        cleaned.append(name)
    if len(cleaned) > MAX_TOOLS:
        raise ValidationError(
            {"tools": f"The map has room for {MAX_TOOLS} tools per occupation; choose fewer."}
        )
    if (
        pinned_program is not None
        and not ProgramOccupation.objects.filter(
            program=pinned_program,
            program__partnership=partnership,
            soc_code=soc_code,
            confirmed_at__isnull=False,
        ).exists()
    ):
        raise ValidationError(
            {
                "pinned_program": "Pin a program of this partnership that prepares for the occupation."
            }
        )
    pathway_map = selectors.map_for(partnership)
    setting, _ = MapOccupation.objects.select_for_update().get_or_create(
        pathway_map=pathway_map, soc_code=soc_code
    )
    setting.tools = cleaned
    setting.pinned_program = pinned_program
    setting.title_es = title_es.strip()
    setting.description_es = description_es.strip()
    setting.updated_by = actor
    setting.full_clean()
    setting.save()
    return setting


# --- publishing ----------------------------------------------------------------------------


@transaction.atomic
def map_publish(
    *,
    partnership: Partnership,
    actor,
    include_unreviewed: bool = False,
    pathway_ids: Iterable[int] | None = None,
) -> MapVersion:
    """Freeze today's map, in English and Spanish, as the next version and queue its PDFs.
    The page shows it at once; downloads keep serving the previous PDFs until the new ones
    are stored. Programs employers have not reviewed go on only when the convener says so;
    the pathway programs drawn are the convener's choice (None: every one with two steps)."""
    pathway_map = PathwayMap.objects.select_for_update().get(pk=selectors.map_for(partnership).pk)
    data = selectors.map_data(
        partnership, pathway_map, include_unreviewed=include_unreviewed, pathway_ids=pathway_ids
    )
    if not any(t["occupations"] for t in data["tiers"]):
        raise ValidationError("Add the critical occupations (step 3) before publishing a map.")
    number = (pathway_map.versions.aggregate(n=Max("number"))["n"] or 0) + 1
    version = MapVersion(
        pathway_map=pathway_map,
        number=number,
        snapshot=data,
        published_by=actor,
        industry_title=data["industry"],
        naics_sectors=data["naics_sectors"],
        state=partnership.state,
        region_name=data["region"],
    )
    version.full_clean()
    version.save()
    transaction.on_commit(lambda: page_cache.forget_current(partnership.slug))
    _render_enqueue(MapRender.objects.create(pathway_map=pathway_map, version=version,
                                             requested_by=actor))  # fmt: skip
    return version


@transaction.atomic
def map_render_request(
    *, partnership: Partnership, actor, version: MapVersion | None = None
) -> MapRender:
    """Render on demand: the draft (no version), or again for a published version."""
    pathway_map = selectors.map_for(partnership)
    active = MapRender.objects.filter(
        pathway_map=pathway_map,
        version=version,
        status__in=[MapRender.Status.QUEUED, MapRender.Status.RUNNING],
    ).first()
    if active is not None and not active.give_up_if_dead():
        return active
    render = MapRender.objects.create(pathway_map=pathway_map, version=version, requested_by=actor)
    _render_enqueue(render)
    return render


def _render_enqueue(render: MapRender) -> None:
    from pathways.maps import tasks

    jobs.enqueue_on_commit(tasks.render_map_pdf, render)


# --- rendering -----------------------------------------------------------------------------


def public_urls(slug: str, language: str) -> dict:
    """The addresses a printed map sends people back to (the QR codes' targets)."""
    base = settings.SITE_URL.rstrip("/")
    query = "" if language == editions.DEFAULT else f"?lang={language}"
    return {
        "map_url": f"{base}{reverse('maps:map_public', args=[slug])}{query}",
        "detail_url": f"{base}{reverse('maps:map_detail_pdf', args=[slug])}{query}",
        "text_url": f"{base}{reverse('maps:map_text', args=[slug])}{query}",
    }


@lru_cache(maxsize=256)
def qr_data_uri(url: str) -> str:
    """A QR code for `url` as an SVG data URI: vector, so it prints sharp at any size."""
    return segno.make(url, error="m").svg_data_uri(border=4, dark="#000")


def map_context(
    data: dict, edition: str, density: dict | None = None, language: str = editions.DEFAULT
) -> dict:
    """What the map's templates need, in one language (activate it around the render)."""
    with translation.override(language):
        shown = editions.localized(data, language)
        diagram = selectors.diagram(shown)
    return {
        "map": shown,
        "diagram": diagram,
        "grid_halves": 2 * diagram["columns"],
        "half_cols": range(2 * diagram["columns"]),
        "edition": edition,
        "density": density or DENSITIES[0],
        "published_label": "",
        "language": language,
    }


def map_html(
    data: dict,
    edition: str,
    density: dict | None = None,
    language: str = editions.DEFAULT,
    **extra,
) -> str:
    context = map_context(data, edition, density, language)
    urls = public_urls(data["partnership"]["slug"], language)
    context.update(
        urls,
        map_qr=qr_data_uri(urls["map_url"]),
        detail_qr=qr_data_uri(urls["detail_url"]),
    )
    context.update(extra)
    with translation.override(language):
        context["version_label"] = _label(context.get("version_label", ""))
        return render_to_string(EDITIONS[edition], context)


def _label(label: str) -> str:
    """ "Draft" or "Version 3" in the active language."""
    if label == "Draft":
        return gettext("Draft")
    number = label.removeprefix("Version ")
    if number.isdigit():
        return gettext("Version %(number)s") % {"number": number}
    return label


def _base_url() -> str:
    return str(Path(settings.BASE_DIR))


def html_to_document(html: str):
    from weasyprint import HTML

    return HTML(string=html, base_url=_base_url()).render()


def map_pdf(
    data: dict, edition: str, *, version_label: str = "", language: str = editions.DEFAULT
) -> bytes:
    """The PDF of one edition in one language. The one-page map tries denser layouts until
    it fits."""
    if edition == DETAIL:
        html = map_html(data, DETAIL, language=language, version_label=version_label)
        return html_to_document(html).write_pdf()
    for density in DENSITIES:
        html = map_html(data, ONE_PAGE, density, language=language, version_label=version_label)
        document = html_to_document(html)
        if len(document.pages) == 1:
            break
        logger.info("map %s does not fit at density %s", data["partnership"]["slug"], density)
    return document.write_pdf()


def _file_name(
    partnership_slug: str, version: MapVersion | None, edition: str, language: str = "en"
) -> str:
    suffix = "-program-detail" if edition == DETAIL else ""
    if language != editions.DEFAULT:
        suffix += f"-{language}"
    if version is None:
        return f"maps/{partnership_slug}/draft/{partnership_slug}-map-draft{suffix}.pdf"
    n = version.number
    return f"maps/{partnership_slug}/v{n}/{partnership_slug}-map-v{n}{suffix}.pdf"


def pdf_field(edition: str, language: str, *, draft: bool = False) -> str:
    """The file field that holds one edition in one language."""
    name = "detail_pdf" if edition == DETAIL else "pdf"
    if language != editions.DEFAULT:
        name += f"_{language}"
    return f"draft_{name}" if draft else name


def map_render_run(*, render_id: int, progress: Progress | None = None) -> MapRender:
    """Render both editions and store them. On failure the error is recorded and the last
    good PDFs stay where they are."""
    render = MapRender.objects.select_related("pathway_map__partnership", "version").get(
        pk=render_id
    )
    if render.is_finished:
        return render  # done, or given up after its worker died (a late redelivery)
    render.mark_running()
    pathway_map, version = render.pathway_map, render.version
    partnership = pathway_map.partnership
    try:
        render.report(5, "Gathering the map's data", progress)
        if version is not None:
            data, label = version.snapshot, f"Version {version.number}"
        else:
            data, label = selectors.map_data(partnership, pathway_map), "Draft"
        rendered = {}
        jobs = [(edition, language) for language in editions.LANGUAGES
                for edition in (ONE_PAGE, DETAIL)]  # fmt: skip
        for index, (edition, language) in enumerate(jobs):
            what = "one-page map" if edition == ONE_PAGE else "program detail edition"
            render.report(10 + 20 * index, f"Laying out the {what} ({language})", progress)
            rendered[(edition, language)] = map_pdf(
                data, edition, version_label=label, language=language
            )
        render.report(90, "Storing the PDFs", progress)
        new_names = {
            pdf_field(edition, language, draft=version is None): default_storage.save(
                _file_name(partnership.slug, version, edition, language), ContentFile(pdf)
            )
            for (edition, language), pdf in rendered.items()
        }
    except Exception as exc:  # noqa: BLE001 - any failure is shown to the convener
        render.mark_failed(exc)
        return render
    target = version if version is not None else pathway_map
    stamp = "rendered_at" if version is not None else "draft_rendered_at"
    old = [getattr(target, f).name for f in new_names]
    with transaction.atomic():
        type(target).objects.filter(pk=target.pk).update(**new_names, **{stamp: timezone.now()})
        render.mark_succeeded()
    if version is not None:
        selectors.forget_pdfs(partnership.slug, version.number)
    for name in old:
        if name and name not in new_names.values():
            default_storage.delete(name)
    render.refresh_from_db()
    return render


def map_render_now(*, partnership: Partnership, version: MapVersion | None = None) -> MapRender:
    """Render in this process (commands and the demo), recorded like any other render."""
    render = MapRender.objects.create(pathway_map=selectors.map_for(partnership), version=version)
    return map_render_run(render_id=render.pk)
