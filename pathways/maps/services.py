"""Every write for the pathway map: its settings, publishing a frozen version, and rendering
the PDFs (the one-page map and the program detail edition) into storage."""

from __future__ import annotations

import logging
import time
from collections.abc import Callable
from pathlib import Path

from django.conf import settings
from django.core.exceptions import ValidationError
from django.core.files.base import ContentFile
from django.core.files.storage import default_storage
from django.db import transaction
from django.db.models import Max
from django.template.loader import render_to_string
from django.utils import timezone

from partnerships.models import Partnership
from pathways.maps import selectors
from pathways.maps.models import MapRender, MapVersion, PathwayMap

logger = logging.getLogger(__name__)
# WeasyPrint logs each layout step at INFO; a render is one line in our own log instead.
logging.getLogger("weasyprint.progress").setLevel(logging.WARNING)

ONE_PAGE = "one_page"
DETAIL = "detail"
EDITIONS = {ONE_PAGE: "maps/pdf/map_one_page.html", DETAIL: "maps/pdf/map_detail.html"}
# Denser settings, tried in turn until the one-page map fits on one page.
DENSITIES = [
    {"level": 0, "programs": 1, "description": 160},
    {"level": 1, "programs": 1, "description": 90},
    {"level": 2, "programs": 0, "description": 0},
    {"level": 3, "programs": 0, "description": 0},
]
SETTINGS_FIELDS = [
    "title",
    "introduction",
    "entry_requirements_entry",
    "entry_requirements_mid",
    "entry_requirements_advanced",
    "show_working_conditions",
    "working_conditions",
]

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


# --- publishing ----------------------------------------------------------------------------


@transaction.atomic
def map_publish(*, partnership: Partnership, actor) -> MapVersion:
    """Freeze today's map as the next version and queue its PDFs. The page shows it at once;
    downloads keep serving the previous PDF until the new one is stored."""
    pathway_map = PathwayMap.objects.select_for_update().get(pk=selectors.map_for(partnership).pk)
    data = selectors.map_data(partnership, pathway_map)
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
    _render_enqueue(MapRender.objects.create(pathway_map=pathway_map, version=version,
                                             requested_by=actor))  # fmt: skip
    return version


WORKER_DIED = (
    "The worker stopped while rendering (it was restarted or ran out of memory); "
    "this render was given up."
)


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
    if active is not None and active.is_dead:
        MapRender.objects.filter(pk=active.pk).update(
            status=MapRender.Status.FAILED,
            error=WORKER_DIED,
            finished_at=timezone.now(),
        )
    elif active is not None:
        return active
    render = MapRender.objects.create(pathway_map=pathway_map, version=version, requested_by=actor)
    _render_enqueue(render)
    return render


def _render_enqueue(render: MapRender) -> None:
    from pathways.maps import tasks

    def send():
        result = tasks.render_map_pdf.delay(render.pk)
        MapRender.objects.filter(pk=render.pk, task_id="").update(task_id=result.id or "")

    transaction.on_commit(send)


# --- rendering -----------------------------------------------------------------------------


def map_context(data: dict, edition: str, density: dict | None = None) -> dict:
    diagram = selectors.diagram(data)
    return {
        "map": data,
        "diagram": diagram,
        "grid_halves": 2 * diagram["columns"],
        "half_cols": range(2 * diagram["columns"]),
        "edition": edition,
        "density": density or DENSITIES[0],
        "published_label": "",
    }


def map_html(data: dict, edition: str, density: dict | None = None, **extra) -> str:
    context = map_context(data, edition, density)
    context.update(extra)
    return render_to_string(EDITIONS[edition], context)


def _base_url() -> str:
    return str(Path(settings.BASE_DIR))


def html_to_document(html: str):
    from weasyprint import HTML

    return HTML(string=html, base_url=_base_url()).render()


def map_pdf(data: dict, edition: str, *, version_label: str = "") -> bytes:
    """The PDF of one edition. The one-page map tries denser layouts until it fits."""
    if edition == DETAIL:
        return html_to_document(map_html(data, DETAIL, version_label=version_label)).write_pdf()
    for density in DENSITIES:
        document = html_to_document(map_html(data, ONE_PAGE, density, version_label=version_label))
        if len(document.pages) == 1:
            break
        logger.info("map %s does not fit at density %s", data["partnership"]["slug"], density)
    return document.write_pdf()


def _file_name(partnership_slug: str, version: MapVersion | None, edition: str) -> str:
    suffix = "-program-detail" if edition == DETAIL else ""
    if version is None:
        return f"maps/{partnership_slug}/draft/{partnership_slug}-map-draft{suffix}.pdf"
    n = version.number
    return f"maps/{partnership_slug}/v{n}/{partnership_slug}-map-v{n}{suffix}.pdf"


def map_render_run(*, render_id: int, progress: Progress | None = None) -> MapRender:
    """Render both editions and store them. On failure the error is recorded and the last
    good PDFs stay where they are."""
    render = MapRender.objects.select_related("pathway_map__partnership", "version").get(
        pk=render_id
    )
    if render.status in (MapRender.Status.SUCCEEDED, MapRender.Status.FAILED):
        return render  # done, or given up after its worker died (a late redelivery)

    def step(percent: int, phase: str) -> None:
        MapRender.objects.filter(pk=render.pk).update(progress=percent, phase=phase)
        if progress is not None:
            progress(percent, phase)

    started = time.monotonic()
    MapRender.objects.filter(pk=render.pk).update(
        status=MapRender.Status.RUNNING, started_at=timezone.now(), error=""
    )
    pathway_map, version = render.pathway_map, render.version
    partnership = pathway_map.partnership
    try:
        step(5, "Gathering the map's data")
        if version is not None:
            data, label = version.snapshot, f"Version {version.number}"
        else:
            data, label = selectors.map_data(partnership, pathway_map), "Draft"
        step(15, "Laying out the one-page map")
        one_page = map_pdf(data, ONE_PAGE, version_label=label)
        step(55, "Laying out the program detail edition")
        detail = map_pdf(data, DETAIL, version_label=label)
        step(90, "Storing the PDFs")
        new_names = [
            default_storage.save(_file_name(partnership.slug, version, ONE_PAGE),
                                 ContentFile(one_page)),
            default_storage.save(_file_name(partnership.slug, version, DETAIL),
                                 ContentFile(detail)),
        ]  # fmt: skip
    except Exception as exc:  # noqa: BLE001 - any failure is shown to the convener
        logger.exception("rendering map %s failed", render.pk)
        MapRender.objects.filter(pk=render.pk).update(
            status=MapRender.Status.FAILED,
            error=f"{type(exc).__name__}: {exc}"[:2000],
            finished_at=timezone.now(),
            seconds=time.monotonic() - started,
        )
        render.refresh_from_db()
        return render
    target = version if version is not None else pathway_map
    fields = ("pdf", "detail_pdf") if version is not None else ("draft_pdf", "draft_detail_pdf")
    stamp = "rendered_at" if version is not None else "draft_rendered_at"
    old = [getattr(target, f).name for f in fields]
    with transaction.atomic():
        type(target).objects.filter(pk=target.pk).update(
            **dict(zip(fields, new_names, strict=True)), **{stamp: timezone.now()}
        )
        MapRender.objects.filter(pk=render.pk).update(
            status=MapRender.Status.SUCCEEDED,
            progress=100,
            phase="Done",
            finished_at=timezone.now(),
            seconds=time.monotonic() - started,
        )
    if version is not None:
        selectors.forget_pdfs(partnership.slug, version.number)
    for name in old:
        if name and name not in new_names:
            default_storage.delete(name)
    render.refresh_from_db()
    return render


def map_render_now(*, partnership: Partnership, version: MapVersion | None = None) -> MapRender:
    """Render in this process (commands and the demo), recorded like any other render."""
    render = MapRender.objects.create(pathway_map=selectors.map_for(partnership), version=version)
    return map_render_run(render_id=render.pk)
