"""Shared by the import commands: a tqdm progress bar and the closing summary."""

from __future__ import annotations

import logging
from pathlib import Path

from django.core.management.base import BaseCommand, CommandError
from tqdm import tqdm

from occupations.models import ImportJob
from occupations.services import import_job_create, import_job_run


class _NoTraceback(logging.Filter):
    def filter(self, record: logging.LogRecord) -> bool:
        record.exc_info, record.exc_text = None, None
        return True


def job_summary(job: ImportJob) -> str:
    """What an operator wants to read after an import: the release and rows per table."""
    release = job.release
    if job.status == ImportJob.Status.FAILED:
        return f"Import failed: {job.error}"
    if job.status == ImportJob.Status.UNCHANGED:
        return (
            f"Already imported: {release} (release #{release.pk}, same file checksum); "
            "nothing changed."
        )
    width = max(len(t) for t in release.row_counts) if release.row_counts else 0
    lines = [f"Imported {release} (release #{release.pk}, {release.total_rows:,} rows):"]
    lines += [f"  {table:<{width}}  {count:>9,}" for table, count in release.row_counts.items()]
    lines += [f"  note: {note}" for note in release.notes]
    return "\n".join(lines)


class ImportCommand(BaseCommand):
    source = ""
    help = "Import a file (a path or an http(s) URL) as a new release."

    def add_arguments(self, parser):
        parser.add_argument("location", help="A file or folder path, or an http(s) URL.")
        parser.add_argument(
            "--release", default="", help="The release or period, when the file does not say."
        )
        parser.add_argument("--no-progress", action="store_true", help="No progress bar.")

    def handle(self, *args, **options):
        self.run_import(self.source, options["location"], options)

    def run_import(self, source: str, location: str, options: dict) -> None:
        is_url = location.startswith(("http://", "https://"))
        job = import_job_create(
            source=source,
            url=location if is_url else "",
            path="" if is_url else str(Path(location).resolve()),
            version=options.get("release", ""),
            enqueue=False,
            profile=options.get("profile"),
        )
        bar = tqdm(
            total=0,
            unit=" rows",
            disable=options.get("no_progress", False),
            file=self.stderr._out,
            dynamic_ncols=True,
        )
        state = {"phase": ""}

        def report(phase: str, done: int, total: int) -> None:
            if phase != state["phase"]:
                state["phase"] = phase
                bar.set_description(phase)
            if total and bar.total != total:
                bar.total = total
            bar.n = done
            bar.refresh()

        # The person at the terminal reads the job's message; the traceback of an unexpected
        # failure goes to the log only with --traceback.
        quiet = None if options.get("traceback") else _NoTraceback()
        if quiet:
            logging.getLogger("occupations.services").addFilter(quiet)
        try:
            job = import_job_run(job_id=job.pk, report=report)
        finally:
            bar.close()
            if quiet:
                logging.getLogger("occupations.services").removeFilter(quiet)
        if job.status == ImportJob.Status.FAILED:
            raise CommandError(job_summary(job))
        self.stdout.write(self.style.SUCCESS(job_summary(job)))
