from __future__ import annotations

import time
from pathlib import Path

from django.core.management.base import BaseCommand, CommandError

from partnerships.models import Partnership
from pathways.maps import editions, selectors, services
from pathways.maps.models import MapRender


class Command(BaseCommand):
    help = (
        "Render a partnership's pathway map PDF: the published map (or the draft if none is "
        "published, or with --draft). With --out, write the PDF to a file; otherwise store "
        "both editions like the worker does."
    )

    def add_arguments(self, parser):
        parser.add_argument("slug", help="The partnership's slug.")
        parser.add_argument("--out", help="Write the PDF here instead of storing it.")
        parser.add_argument("--draft", action="store_true", help="Render the unpublished draft.")
        parser.add_argument(
            "--detail", action="store_true", help="With --out: the program detail edition."
        )
        parser.add_argument(
            "--lang", choices=editions.LANGUAGES, default=editions.DEFAULT,
            help="With --out: the edition's language.",
        )  # fmt: skip

    def handle(
        self, *args, slug: str, out: str | None, draft: bool, detail: bool, lang: str, **options
    ):
        partnership = Partnership.objects.filter(slug=slug).first()
        if partnership is None:
            raise CommandError(f"No partnership with the slug {slug!r}.")
        version = None if draft else selectors.latest_version(partnership)
        started = time.monotonic()
        if out:
            if version is not None:
                data, label = version.snapshot, f"Version {version.number}"
            else:
                data, label = selectors.map_data(partnership), "Draft"
            edition = services.DETAIL if detail else services.ONE_PAGE
            pdf = services.map_pdf(data, edition, version_label=label, language=lang)
            Path(out).write_bytes(pdf)
            self.stdout.write(
                f"{label} of {partnership.name}: {out} "
                f"({len(pdf):,} bytes, {time.monotonic() - started:.2f} s)"
            )
            return
        render = services.map_render_now(partnership=partnership, version=version)
        if render.status != MapRender.Status.SUCCEEDED:
            raise CommandError(f"Rendering failed: {render.error}")
        target = version if version is not None else selectors.map_for(partnership)
        target.refresh_from_db()
        names = [
            getattr(target, services.pdf_field(edition, language, draft=version is None)).name
            for language in editions.LANGUAGES
            for edition in (services.ONE_PAGE, services.DETAIL)
        ]
        self.stdout.write(
            self.style.SUCCESS(
                f"Rendered the {render.target_label} in {render.seconds:.2f} s: {', '.join(names)}"
            )
        )
