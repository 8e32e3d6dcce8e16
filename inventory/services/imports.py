"""Spreadsheets in: keep the upload, read it in a worker, preview the plan, apply it
all or nothing."""

from __future__ import annotations

from pathlib import Path

from django.contrib.auth.models import AbstractBaseUser
from django.core.exceptions import ValidationError
from django.db import connection, transaction
from django.utils import timezone

from inventory import crosswalk
from inventory.models import (
    Credential,
    ParseStatus,
    Program,
    ProgramChange,
    ProgramImport,
    ProgramOccupation,
)
from inventory.services.providers import provider_create
from partnerships.models import Membership, Partnership
from pathways import jobs, uploads
from pathways.concurrency import EditConflict, save_versioned


def _insert_rows(model, columns: list[str], rows: list[list]) -> None:
    """Insert many rows of plain values: COPY on PostgreSQL, batched executemany on SQLite.
    bulk_create builds a model object per row and prepares every field of every object,
    which dominated a 5,000-program import. These rows hold values the plan already
    validated; only dates, decimals and JSON need the database's own form."""
    if not rows:
        return
    fields = [model._meta.get_field(name.removesuffix("_id")) for name in columns]
    table = connection.ops.quote_name(model._meta.db_table)
    names = ", ".join(connection.ops.quote_name(f.column) for f in fields)
    prepared = [
        index
        for index, f in enumerate(fields)
        if f.get_internal_type() in ("DateTimeField", "DecimalField", "JSONField")
    ]
    if prepared:
        for row in rows:
            for index in prepared:
                row[index] = fields[index].get_db_prep_save(row[index], connection)
    with connection.cursor() as cursor:
        if connection.vendor == "postgresql":
            # COPY streams every row in one round trip.
            with cursor.cursor.copy(f"COPY {table} ({names}) FROM STDIN") as copy:
                for row in rows:
                    copy.write_row(row)
            return
        placeholders = ", ".join(["%s"] * len(columns))
        sql = f"INSERT INTO {table} ({names}) VALUES ({placeholders})"
        for start in range(0, len(rows), 2000):
            cursor.executemany(sql, rows[start : start + 2000])


def _reserve_ids(model, count: int) -> list[int]:
    """Primary keys for rows about to be inserted with `_insert_rows`."""
    table = model._meta.db_table
    with connection.cursor() as cursor:
        if connection.vendor == "postgresql":
            cursor.execute(
                "SELECT nextval(pg_get_serial_sequence(%s, 'id')) FROM generate_series(1, %s)",
                [table, count],
            )
            return [row[0] for row in cursor.fetchall()]
        # SQLite (development): the import's transaction is the only writer; a concurrent
        # one would make the insert fail as a whole, never half-write.
        cursor.execute(f"SELECT COALESCE(MAX(id), 0) FROM {connection.ops.quote_name(table)}")
        start = cursor.fetchone()[0]
        cursor.execute("SELECT seq FROM sqlite_sequence WHERE name = %s", [table])
        seq = cursor.fetchone()
        start = max(start, seq[0] if seq else 0)
        return list(range(start + 1, start + 1 + count))


def _insert_programs(programs: list[Program]) -> None:
    fields = [f for f in Program._meta.concrete_fields if not f.primary_key]
    for program, pk in zip(programs, _reserve_ids(Program, len(programs)), strict=True):
        program.pk = pk
        program._state.adding = False
        program._state.db = connection.alias
    _insert_rows(
        Program,
        ["id", *(f.attname for f in fields)],
        [[p.pk, *(getattr(p, f.attname) for f in fields)] for p in programs],
    )


class ImportRefused(ValidationError):
    """The whole import was refused; nothing was written."""


@transaction.atomic
def program_import_upload(
    *, partnership: Partnership, actor: AbstractBaseUser, upload, layout: str
) -> ProgramImport:
    """Keep an uploaded file until its preview is confirmed. Nothing in the inventory changes."""
    from inventory.importers.sheets import safe_file_name

    record = ProgramImport(
        partnership=partnership, layout=layout, uploaded_by=actor, file_name=upload.name[:255]
    )
    record.file.save(safe_file_name(upload.name), upload, save=False)
    record.save()
    _read_enqueue(record)
    return record


def _read_enqueue(record: ProgramImport) -> None:
    from celery import current_app

    from inventory.tasks import read_program_import

    if current_app.conf.task_always_eager:
        read_program_import.apply(args=[record.pk])  # no broker: read it now
        return

    jobs.enqueue_on_commit(read_program_import, record)


def program_import_retry(*, program_import: ProgramImport) -> None:
    """Read an upload again after its worker stopped."""
    if not program_import.is_dead and program_import.status != ParseStatus.QUEUED:
        raise ValidationError("This file is not waiting to be read.")
    if not program_import.file:
        raise ValidationError("The file is gone; upload it again.")
    ProgramImport.objects.filter(pk=program_import.pk).update(
        status=ParseStatus.QUEUED, started_at=None, rows_read=0, error=""
    )
    _read_enqueue(program_import)


def program_import_read(*, import_id: int) -> ProgramImport:
    """Read the uploaded file once, within the upload limits, and keep its rows for the
    preview. A file that can't be read is deleted and its reason kept, in words."""
    from inventory.importers.reader import UnreadableFile, read_table

    record = ProgramImport.objects.get(pk=import_id)
    if record.status in (ParseStatus.READY, ParseStatus.FAILED):
        return record  # a redelivered task: already done
    ProgramImport.objects.filter(pk=import_id).update(
        status=ParseStatus.RUNNING, started_at=timezone.now(), rows_read=0
    )
    try:
        limits = uploads.inventory_limits()
        path = Path(record.file.path)
        uploads.check_file(path, limits, display_name=record.file_name)
        table = read_table(
            path.read_bytes(),
            record.file_name,
            limits,
            progress=lambda n: ProgramImport.objects.filter(pk=import_id).update(rows_read=n),
        )
    except (UnreadableFile, uploads.UploadRefused) as error:
        return _read_failed(record, str(error))
    except MemoryError:
        return _read_failed(
            record,
            f"{record.file_name} needs more memory than an upload may use; split it into "
            "smaller files.",
        )
    except OSError:
        return _read_failed(record, f"{record.file_name} is gone; upload it again.")
    ProgramImport.objects.filter(pk=import_id).update(
        status=ParseStatus.READY,
        rows_read=len(table.rows),
        table={"file_name": table.file_name, "headers": table.headers, "rows": table.rows},
    )
    record.refresh_from_db()
    return record


def _read_failed(record: ProgramImport, message: str) -> ProgramImport:
    uploads.delete_quietly(record.file)
    ProgramImport.objects.filter(pk=record.pk).update(
        status=ParseStatus.FAILED, error=message, file=""
    )
    record.refresh_from_db()
    return record


def program_import_plan(*, program_import: ProgramImport, membership: Membership | None):
    """The preview's plan, from the rows the worker read (never the file again)."""
    from inventory.importers.plan import ImportPlan
    from inventory.importers.reader import Table
    from inventory.importers.sheets import plan_import, plan_table

    if program_import.status == ParseStatus.FAILED or (
        program_import.table is None and not program_import.file
    ):
        return ImportPlan(
            file_name=program_import.file_name,
            layout=program_import.layout,
            problems=[program_import.error or "The file is gone; upload it again."],
        )
    if program_import.table is None:  # uploaded before files were read by a worker
        with program_import.file.open("rb") as handle:
            data = handle.read()
        return plan_import(
            partnership=program_import.partnership,
            data=data,
            file_name=program_import.file_name,
            layout=program_import.layout,
            membership=membership,
        )
    stored = program_import.table
    table = Table(
        stored["file_name"], stored["headers"], [(n, cells) for n, cells in stored["rows"]]
    )
    return plan_table(
        table=table,
        partnership=program_import.partnership,
        layout=program_import.layout,
        membership=membership,
    )


@transaction.atomic
def program_import_confirm(
    *,
    program_import: ProgramImport,
    actor: AbstractBaseUser,
    membership: Membership | None,
    previewed_versions: dict[str, int],
    unusual_confirmed: bool = False,
) -> dict:
    """Apply a previewed upload, all or nothing. Unusual but possible numbers (a 3,000-hour
    course) go in only when the person has confirmed them on the preview."""
    locked = ProgramImport.objects.select_for_update().get(pk=program_import.pk)
    if locked.applied_at is not None:
        raise ImportRefused("This file has already been imported.")
    plan = program_import_plan(program_import=locked, membership=membership)
    if plan.unusual_rows and not unusual_confirmed:
        raise ImportRefused(
            "Some numbers in the file are unusual for a program (listed on the preview). "
            "Check them; if they are right, tick the box and import again. Nothing was imported."
        )
    summary = program_import_apply(plan=plan, actor=actor, previewed_versions=previewed_versions)
    locked.applied_at = timezone.now()
    locked.summary = summary
    locked.save(update_fields=["applied_at", "summary"])
    return summary


@transaction.atomic
def program_import_apply(
    *, plan, actor: AbstractBaseUser | None, previewed_versions: dict[str, int] | None = None
) -> dict:
    """Carry out an import plan in one transaction. A plan with any problem writes nothing;
    so does a program changed by someone since the preview."""
    if not plan.ok:
        raise ImportRefused(
            "The file has problems (see the preview); fix them and upload it again. "
            "Nothing was imported."
        )
    from inventory.importers.plan import name_key

    via = "ETPL" if plan.layout == ProgramImport.Layout.ETPL else "spreadsheet"
    actor = actor if actor is not None and actor.is_authenticated else None
    rows = [r for r in plan.rows if r.action in ("create", "update")]
    partnership = None
    for r in plan.rows:
        if r.provider is not None:
            partnership = r.provider.partnership
            break
        if r.program is not None:
            partnership = r.program.partnership
            break
    if partnership is None and plan.new_providers:
        raise ImportRefused(
            "Could not tell which partnership this import is for."
        )  # pragma: no cover

    # Providers and credentials first, so the rows can point at them.
    new_providers = {}
    for key, (name, kind) in plan.new_providers.items():
        new_providers[key] = provider_create(partnership=partnership, name=name, kind=kind)
    if partnership is None:
        return {"created": 0, "updated": 0, "unchanged": plan.count("unchanged"), "providers": 0}
    credentials = {name_key(c.name): c for c in Credential.objects.filter(partnership=partnership)}
    missing = [
        Credential(partnership=partnership, name=name[:200], kind=kind)
        for key, (name, kind) in plan.new_credentials.items()
        if key not in credentials
    ]
    Credential.objects.bulk_create(missing)
    credentials = {name_key(c.name): c for c in Credential.objects.filter(partnership=partnership)}

    # Plain rows for _insert_rows, in the column orders below.
    history: list[list] = []
    occupation_rows: list[list] = []
    award_links: list[list] = []
    entry_links: list[list] = []
    now = timezone.now()
    actor_id = actor.pk if actor is not None else None
    created: list[tuple] = []
    for r in rows:
        provider = r.provider or new_providers[name_key(r.row.provider_name)]
        if r.action != "create":
            continue
        values = {**r.row.defaults, **r.row.values, "name": r.row.name}
        program = Program(
            partnership=partnership, provider=provider, created_by=actor, updated_at=now, **values
        )
        created.append((r, program))
    _insert_programs([p for _, p in created])
    cip_cache: dict[str, list] = {}
    for r, program in created:
        for name, _kind in r.row.credentials or []:
            award_links.append([program.pk, credentials[name_key(name)].pk])
        for name in r.row.entry_credentials or []:
            entry_links.append([program.pk, credentials[name_key(name)].pk])
        confirmed = set()
        for code, title in r.row.occupations or []:
            if code in confirmed:
                continue
            confirmed.add(code)
            occupation_rows.append([program.pk, code, title[:255], False, actor_id, now])
        if program.cip_code:
            if program.cip_code not in cip_cache:
                cip_cache[program.cip_code] = crosswalk.soc_for_cip(program.cip_code) or []
            for s in cip_cache[program.cip_code]:
                if s.soc_code not in confirmed:
                    occupation_rows.append(
                        [program.pk, s.soc_code, s.title[:255], True, None, None]
                    )
        history.append(
            [partnership.pk, program.pk, program.name, actor_id, now, "created", via, []]
        )

    updated = 0
    for r in rows:
        if r.action != "update":
            continue
        program = r.program
        expected = program.version
        if previewed_versions is not None and previewed_versions.get(str(program.pk)) != expected:
            raise ImportRefused(
                f"Row {r.number}: {program.name} was changed by someone else after the "
                "preview. Nothing was imported; upload the file again to see a fresh preview."
            )
        fields = dict(r.row.values)
        fields["name"] = r.row.name
        if r.provider is not None and r.provider.pk != program.provider_id:
            fields["provider"] = r.provider
        for name, value in fields.items():
            setattr(program, name, value)
        try:
            save_versioned(program, expected_version=expected, fields=list(fields))
        except EditConflict as conflict:
            raise ImportRefused(
                f"Row {r.number}: {program.name} was changed by someone else while the file "
                "was importing. Nothing was imported; upload the file again."
            ) from conflict
        if r.row.credentials is not None:
            wanted = {credentials[name_key(n)] for n, _ in r.row.credentials}
            if r.row.credentials_add_only:
                program.credentials.add(*wanted)
            else:
                program.credentials.set(wanted)
        if r.row.entry_credentials is not None:
            program.entry_credentials.set(
                {credentials[name_key(n)] for n in r.row.entry_credentials}
            )
        if r.row.occupations is not None:
            wanted = {code: title for code, title in r.row.occupations}
            current = {o.soc_code: o for o in program.occupations.all()}
            for code, occupation in current.items():
                if occupation.confirmed and code not in wanted:
                    occupation.delete()
            for code, title in wanted.items():
                occupation = current.get(code)
                if occupation is None:
                    occupation_rows.append([program.pk, code, title[:255], False, actor_id, now])
                elif not occupation.confirmed:
                    ProgramOccupation.objects.filter(pk=occupation.pk).update(
                        confirmed_by=actor, confirmed_at=now
                    )
        history.append(
            [partnership.pk, program.pk, program.name, actor_id, now, "updated", via, r.changes]
        )
        updated += 1

    _insert_rows(Program.credentials.through, ["program_id", "credential_id"], award_links)
    _insert_rows(Program.entry_credentials.through, ["program_id", "credential_id"], entry_links)
    _insert_rows(
        ProgramOccupation,
        ["program_id", "soc_code", "title", "suggested", "confirmed_by_id", "confirmed_at"],
        occupation_rows,
    )
    _insert_rows(
        ProgramChange,
        ["partnership_id", "program_id", "program_name", "actor_id", "at", "action", "via",
         "changes"],
        history,
    )  # fmt: skip
    return {
        "created": len(created),
        "updated": updated,
        "unchanged": plan.count("unchanged"),
        "providers": len(new_providers),
        "credentials": len(missing),
    }
