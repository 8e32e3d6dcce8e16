"""Step 5 writes for the vetted description: approval into numbered versions, the climb
between levels as the facilitator words it, and the one-page PDF rendered by Celery (the way
step 7 renders the map: a DescriptionRender per run, the last good PDF kept on failure)."""

from __future__ import annotations

import logging
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
from django.utils.text import slugify

from occupations.competencies.models import Climb, DescriptionRender, DescriptionVersion, Strawman
from occupations.competencies.services.strawman import _touch
from occupations.models import AdvancementPath
from pathways import jobs

logger = logging.getLogger(__name__)
logging.getLogger("weasyprint.progress").setLevel(logging.WARNING)

Progress = Callable[[int, str], None]

# --- approval --------------------------------------------------------------------------


def strawman_approve(*, strawman: Strawman, actor) -> DescriptionVersion:
    """Freeze the description as it reads now (climbs included) as the next numbered
    version, and queue its one-page PDF."""
    from occupations.competencies.selectors import description_content

    with transaction.atomic():
        locked = Strawman.objects.select_for_update().get(pk=strawman.pk)
        if not locked.tasks.filter(dropped=False).exists():
            raise ValidationError("A description needs at least one task to approve.")
        last = locked.versions.aggregate(m=Max("number"))["m"] or 0
        version = DescriptionVersion.objects.create(
            strawman=locked,
            number=last + 1,
            approved_by=actor,
            approved_at=timezone.now(),
            content=description_content(locked),
        )
        _render_enqueue(DescriptionRender.objects.create(version=version, requested_by=actor))
    return version


# --- the climb between levels ------------------------------------------------------------


def _lines(text: str, limit: int) -> str:
    return "\n".join(" ".join(line.split())[:300] for line in text.splitlines() if line.strip())[
        :limit
    ]


def climb_save(
    *, path: AdvancementPath, levels: str, tasks: str, actor, expected_version: int
) -> Climb:
    """Keep the climb as the facilitator worded it (one line per skill step or task). Both
    occupations' descriptions change: an approved one now reads "changed since approved"."""
    ends = _climb_ends(path)
    with transaction.atomic():
        current = Climb.objects.select_for_update().filter(path=path).first()
        now_version = current.version if current else 0
        if now_version != expected_version:
            raise ValidationError(
                "Someone changed this climb while you were editing it. Your change was not "
                "saved: look at it as it reads now, then try again."
            )
        climb = current or Climb(path=path, version=0)
        climb.levels = _lines(levels, 4000)
        climb.tasks = _lines(tasks, 8000)
        climb.edited_by, climb.edited_at = actor, timezone.now()
        climb.version = now_version + 1
        climb.full_clean(exclude=["path", "edited_by"])
        climb.save()
        for strawman in ends:
            _touch(strawman)
    return climb


def climb_reset(*, path: AdvancementPath) -> None:
    """Forget the facilitator's wording: the climb is computed from O*NET again."""
    ends = _climb_ends(path)
    with transaction.atomic():
        deleted, _ = Climb.objects.filter(path=path).delete()
        if deleted:
            for strawman in ends:
                _touch(strawman)


def _climb_ends(path: AdvancementPath) -> list[Strawman]:
    ends = list(
        Strawman.objects.filter(occupation_id__in=[path.from_occupation_id, path.to_occupation_id])
    )
    if len(ends) != 2:
        raise ValidationError("Both occupations of this path need a strawman for a climb.")
    return ends


# --- the one-page PDF --------------------------------------------------------------------

PDF_TEMPLATE = "competencies/pdf/description.html"
# Denser settings, tried in turn until the description fits on one page. Every task is
# always there; what gives way is type size and the length of the competency lists.
DENSITIES = [
    {"level": 0, "font": 8.2, "items": 10, "ksas": 4, "technology": 12},
    {"level": 1, "font": 7.4, "items": 10, "ksas": 4, "technology": 10},
    {"level": 2, "font": 6.8, "items": 8, "ksas": 3, "technology": 8},
    {"level": 3, "font": 6.2, "items": 6, "ksas": 2, "technology": 0},
    {"level": 4, "font": 5.6, "items": 5, "ksas": 1, "technology": 0},
]


def description_html(
    content: dict, *, version: DescriptionVersion, partnership, density: dict | None = None
) -> str:
    density = density or DENSITIES[0]
    tasks = [t for f in content["functions"] for t in f["tasks"]]
    limit = density["items"]
    return render_to_string(
        PDF_TEMPLATE,
        {
            "content": content,
            "version": version,
            "partnership": partnership,
            "approver": _person(version.approved_by),
            "density": density,
            "skills": content["skills"][:limit],
            "knowledge": content["knowledge"][:limit],
            "abilities": content["abilities"][:limit],
            "technology": content["technology"][: density["technology"]],
            "standards": [t for t in tasks if t["minimum_standard"] or t["mid_level"]],
            "task_ksas": [t for t in tasks if t["ksas"]],
            "gaps": sorted(
                (t for t in tasks if t["underperformed"] or t["priority_votes"]),
                key=lambda t: (-t["priority_votes"], not t["underperformed"]),
            ),
            "task_count": len(tasks),
        },
    )


def _person(user) -> str:
    if user is None:
        return "a former member"
    return user.get_full_name() or user.username


def description_pdf(content: dict, *, version: DescriptionVersion, partnership) -> bytes:
    """The one-page PDF: denser layouts are tried until it fits."""
    from weasyprint import HTML

    for density in DENSITIES:
        html = description_html(content, version=version, partnership=partnership,
                                density=density)  # fmt: skip
        document = HTML(string=html, base_url=str(Path(settings.BASE_DIR))).render()
        if len(document.pages) == 1:
            break
        logger.info("description %s does not fit at density %s", version.pk, density["level"])
    return document.write_pdf()


def _file_name(version: DescriptionVersion) -> str:
    strawman = version.strawman
    name = slugify(strawman.occupation.title) or "occupation"
    slug = strawman.partnership.slug
    return f"competencies/{slug}/{name}-description-v{version.number}.pdf"


def description_render_request(*, version: DescriptionVersion, actor) -> DescriptionRender:
    """Render a version's PDF again (after a failure, or a change of layout)."""
    with transaction.atomic():
        active = DescriptionRender.objects.filter(
            version=version,
            status__in=[DescriptionRender.Status.QUEUED, DescriptionRender.Status.RUNNING],
        ).first()
        if active is not None and not active.give_up_if_dead():
            return active
        render = DescriptionRender.objects.create(version=version, requested_by=actor)
        _render_enqueue(render)
    return render


def _render_enqueue(render: DescriptionRender) -> None:
    from occupations.competencies import tasks

    jobs.enqueue_on_commit(tasks.render_description_pdf, render)


def description_render_run(*, render_id: int, progress: Progress | None = None):
    """Render a version's PDF and store it. On failure the error is recorded and the last
    good PDF stays where it is."""
    render = DescriptionRender.objects.select_related(
        "version__strawman__occupation", "version__strawman__partnership", "version__approved_by"
    ).get(pk=render_id)
    if render.is_finished:
        return render
    render.mark_running()
    version = render.version
    try:
        render.report(10, "Laying out the description", progress)
        pdf = description_pdf(
            version.content, version=version, partnership=version.strawman.partnership
        )
        render.report(90, "Storing the PDF", progress)
        name = default_storage.save(_file_name(version), ContentFile(pdf))
    except Exception as exc:  # noqa: BLE001 - any failure is shown to the convener
        render.mark_failed(exc)
        return render
    old = version.pdf.name
    with transaction.atomic():
        DescriptionVersion.objects.filter(pk=version.pk).update(
            pdf=name, rendered_at=timezone.now()
        )
        render.mark_succeeded()
    if old and old != name:
        default_storage.delete(old)
    render.refresh_from_db()
    return render
