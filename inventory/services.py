"""Every write to the program inventory, and who may make it. One transaction per action;
every change to a program leaves an entry in its history."""

from __future__ import annotations

from collections.abc import Iterable
from decimal import Decimal
from pathlib import Path

from django.contrib.auth.models import AbstractBaseUser
from django.core.exceptions import PermissionDenied, ValidationError
from django.db import connection, transaction
from django.db.models import Q
from django.utils import timezone

from inventory import crosswalk
from inventory.models import (
    ORGANIZATION_KIND_FOR,
    Credential,
    Linkage,
    MissingProgramFlag,
    ParseStatus,
    Program,
    ProgramChange,
    ProgramComment,
    ProgramImport,
    ProgramOccupation,
    Provider,
    ProviderContact,
    ProviderKind,
)
from partnerships import services as partnership_services
from partnerships.models import Membership, Organization, Partnership, Role, System
from pathways import jobs, uploads
from pathways.concurrency import EditConflict, save_versioned

# Fields a program form, an in-place edit or a spreadsheet row can change.
PROGRAM_FIELDS = [
    "provider",
    "name",
    "program_type",
    "cip_code",
    "status",
    "description",
    "clock_hours",
    "credits",
    "weeks",
    "months",
    "tuition",
    "fees",
    "other_costs",
    "prerequisites",
    "evening",
    "weekend",
    "online",
    "open_entry",
    "non_semester",
    "childcare",
    "transportation",
    "tutoring",
    "advising",
    "completions_per_year",
    "capacity",
    "waiting_list",
    "placement_rate",
    "placement_year",
    "placement_source",
]
# The common fields the inventory table edits in place.
INLINE_FIELDS = [
    "name",
    "program_type",
    "status",
    "clock_hours",
    "tuition",
    "completions_per_year",
    "capacity",
    "placement_rate",
]
SYSTEM_FOR_PROVIDER_KIND = {
    ProviderKind.COMMUNITY_COLLEGE: System.POSTSECONDARY,
    ProviderKind.TECHNICAL_COLLEGE: System.POSTSECONDARY,
    ProviderKind.UNIVERSITY: System.POSTSECONDARY,
    ProviderKind.SCHOOL_DISTRICT: System.SECONDARY,
    ProviderKind.WORKFORCE_CENTER: System.WORKFORCE,
    ProviderKind.ADULT_EDUCATION: System.POSTSECONDARY,
    ProviderKind.APPRENTICESHIP_SPONSOR: System.WORKFORCE,
    ProviderKind.COMMUNITY_ORGANIZATION: System.COMMUNITY,
    ProviderKind.OTHER: System.COMMUNITY,
}


# --- who may do what -------------------------------------------------------------------


def can_edit_program(membership: Membership, program: Program) -> bool:
    """Conveners edit everything; support partners edit their own organization's programs."""
    if membership.role == Role.CONVENER:
        return True
    return (
        membership.role == Role.PARTNER
        and membership.organization_id is not None
        and membership.organization_id == program.provider.organization_id
    )


def can_add_programs(membership: Membership) -> bool:
    return membership.role in (Role.CONVENER, Role.PARTNER)


def can_review(membership: Membership) -> bool:
    """Industry champions vet the inventory; conveners can record a review on their behalf."""
    return membership.role in (Role.CHAMPION, Role.CONVENER)


def can_edit_linkage(membership: Membership, linkage: Linkage) -> bool:
    return can_edit_program(membership, linkage.from_program) or can_edit_program(
        membership, linkage.to_program
    )


LINKAGE_REFUSED = "One of the two programs must be your organization's program."


def _check_linkage(membership: Membership | None, linkage: Linkage) -> None:
    """The one rule for creating and re-pointing a linkage (None: a trusted caller)."""
    if membership is not None and not can_edit_linkage(membership, linkage):
        raise ValidationError(LINKAGE_REFUSED)


def can_edit_credential(
    membership: Membership, credential: Credential, *, shared: set[int] | None = None
) -> bool:
    """A credential is shared by the partnership: the convener changes it, and a support
    partner only while no other organization's program awards or requires it, or when the
    partner's organization is the one that issues it."""
    if membership.role == Role.CONVENER:
        return True
    if membership.role != Role.PARTNER or membership.organization_id is None:
        return False
    issuer = (credential.issuer or "").strip().lower()
    if issuer and issuer == membership.organization.name.strip().lower():
        return True
    if credential.pk is None:
        return True
    if shared is None:
        shared = credential_ids_used_beyond(membership, [credential.pk])
    return credential.pk not in shared


def credential_ids_used_beyond(membership: Membership, ids=None) -> set[int]:
    """Credentials that programs of organizations other than the member's award or require
    (one query for a whole list)."""
    programs = Program.objects.filter(partnership_id=membership.partnership_id).exclude(
        provider__organization_id=membership.organization_id
    )
    awarded = Credential.objects.filter(Q(programs__in=programs) | Q(required_by__in=programs))
    if ids is not None:
        awarded = awarded.filter(pk__in=ids)
    return set(awarded.values_list("pk", flat=True).distinct())


def _check_credential(membership: Membership | None, credential: Credential) -> None:
    if membership is not None and not can_edit_credential(membership, credential):
        raise PermissionDenied(
            f"Other organizations' programs use {credential.name}: the convener, or the "
            "organization that issues it, changes it."
        )


# --- history ---------------------------------------------------------------------------


def _display(program: Program | None, name: str, value) -> str:
    if value is None or value == "":
        return ""
    if isinstance(value, bool):
        return "yes" if value else "no"
    if isinstance(value, Decimal):
        return f"{value.normalize():f}"
    if isinstance(value, list | tuple | set):
        return "; ".join(sorted(str(v) for v in value))
    field = Program._meta.get_field(name) if name in PROGRAM_FIELDS else None
    if field is not None and field.choices:
        return str(dict(field.choices).get(value, value))
    return str(value)


def display_value(name: str, value) -> str:
    """A program field's value as people read it."""
    return _display(None, name, value)


def _label(name: str) -> str:
    if name == "credentials":
        return "credentials awarded"
    if name == "entry_credentials":
        return "credentials required to enter"
    return str(Program._meta.get_field(name).verbose_name)


def snapshot(program: Program, *, with_credentials: bool = True) -> dict:
    data = {name: getattr(program, name) for name in PROGRAM_FIELDS}
    data["provider"] = program.provider.name if program.provider_id else ""
    if with_credentials and program.pk:
        data["credentials"] = sorted(c.name for c in program.credentials.all())
        data["entry_credentials"] = sorted(c.name for c in program.entry_credentials.all())
    return data


def diff(program: Program, before: dict, after: dict) -> list[list[str]]:
    """[label, before, after] for each field whose shown value changed."""
    changes = []
    for name, new in after.items():
        old_text, new_text = _display(program, name, before.get(name)), _display(program, name, new)
        if old_text != new_text:
            changes.append([_label(name), old_text, new_text])
    return changes


def _record(
    program: Program, *, actor, action: str, via: str, changes: list | None = None
) -> ProgramChange:
    return ProgramChange.objects.create(
        partnership_id=program.partnership_id,
        program=program,
        program_name=program.name,
        actor=actor if actor is not None and actor.is_authenticated else None,
        action=action,
        via=via,
        changes=changes or [],
    )


# --- providers -------------------------------------------------------------------------


def _validated(instance):
    instance.full_clean()
    instance.save()
    return instance


@transaction.atomic
def provider_create(
    *,
    partnership: Partnership,
    kind: str,
    name: str = "",
    organization: Organization | None = None,
    city: str = "",
    website: str = "",
    notes: str = "",
) -> Provider:
    """A provider for one of the partnership's organizations, adding the organization if new."""
    if organization is None:
        name = name.strip()
        if not name:
            raise ValidationError({"name": "Give the provider's name."})
        organization = partnership.organizations.filter(name__iexact=name).first()
        if organization is None:
            organization = partnership_services.organization_create(
                partnership=partnership,
                name=name,
                kind=ORGANIZATION_KIND_FOR[ProviderKind(kind)],
                city=city,
                website=website,
            )
    if organization.partnership_id != partnership.pk:
        raise ValidationError({"organization": "Choose one of this partnership's organizations."})
    if Provider.objects.filter(organization=organization).exists():
        raise ValidationError({"name": f"{organization.name} is already a provider."})
    return _validated(
        Provider(partnership=partnership, organization=organization, kind=kind, notes=notes)
    )


@transaction.atomic
def provider_update(*, provider: Provider, **fields) -> Provider:
    for name, value in fields.items():
        setattr(provider, name, value)
    return _validated(provider)


@transaction.atomic
def provider_delete(*, provider: Provider) -> None:
    if provider.programs.exists():
        raise ValidationError(
            f"{provider.name} still has programs in the inventory; remove them first."
        )
    provider.delete()


@transaction.atomic
def provider_contact_add(*, provider: Provider, **fields) -> ProviderContact:
    contact = _validated(ProviderContact(provider=provider, **fields))
    if contact.is_primary:
        provider.contacts.exclude(pk=contact.pk).update(is_primary=False)
    return contact


def provider_contact_remove(*, contact: ProviderContact) -> None:
    contact.delete()


@transaction.atomic
def provider_invite_to_support_team(*, provider: Provider):
    """Put a provider's organization on the support team (step 2), in its usual system."""
    system = SYSTEM_FOR_PROVIDER_KIND.get(ProviderKind(provider.kind), "")
    if provider.kind == ProviderKind.EMPLOYER:
        raise ValidationError(
            f"{provider.name} is an employer: employers sit on the talent committee, "
            "not the support team."
        )
    contact = provider.contacts.first()
    return partnership_services.support_partner_add(
        partnership=provider.partnership,
        organization=provider.organization,
        system=system,
        point_of_contact=contact.name if contact else "",
    )


# --- credentials -----------------------------------------------------------------------


@transaction.atomic
def credential_create(
    *, partnership: Partnership, stacks_into: Iterable[Credential] = (), **fields
) -> Credential:
    if partnership.credentials.filter(name__iexact=fields.get("name", "").strip()).exists():
        raise ValidationError({"name": "A credential with this name is already listed."})
    credential = _validated(Credential(partnership=partnership, **fields))
    credential.stacks_into.set(_stackable(credential, stacks_into))
    return credential


@transaction.atomic
def credential_update(
    *,
    credential: Credential,
    membership: Membership | None = None,
    stacks_into: Iterable[Credential] | None = None,
    **fields,
) -> Credential:
    credential = Credential.objects.select_for_update().get(pk=credential.pk)
    _check_credential(membership, credential)
    for name, value in fields.items():
        setattr(credential, name, value)
    _validated(credential)
    if stacks_into is not None:
        credential.stacks_into.set(_stackable(credential, stacks_into))
    return credential


def _stackable(credential: Credential, targets: Iterable[Credential]) -> list[Credential]:
    targets = list(targets)
    for target in targets:
        if target.pk == credential.pk:
            raise ValidationError({"stacks_into": "A credential can't stack into itself."})
        if target.partnership_id != credential.partnership_id:
            raise ValidationError({"stacks_into": "Choose this partnership's credentials."})
    return targets


@transaction.atomic
def credential_delete(*, credential: Credential, membership: Membership | None = None) -> None:
    _check_credential(membership, credential)
    if credential.programs.exists():
        raise ValidationError(
            f"Programs still award {credential.name}; take it off those programs first."
        )
    credential.delete()


def _same_partnership(partnership: Partnership, credentials: Iterable[Credential]):
    credentials = list(credentials)
    if any(c.partnership_id != partnership.pk for c in credentials):
        raise ValidationError({"credentials": "Choose this partnership's credentials."})
    return credentials


# --- programs --------------------------------------------------------------------------


@transaction.atomic
def program_create(
    *,
    partnership: Partnership,
    actor: AbstractBaseUser | None,
    membership: Membership | None = None,
    credentials: Iterable[Credential] = (),
    entry_credentials: Iterable[Credential] = (),
    via: str = "form",
    **fields,
) -> Program:
    """Add a program. A support partner adding another organization's program proposes it:
    it enters as proposed, for the convener or that organization to confirm."""
    program = Program(partnership=partnership, created_by=actor, **fields)
    if (
        membership is not None
        and membership.role == Role.PARTNER
        and program.provider_id
        and program.provider.organization_id != membership.organization_id
    ):
        program.status = Program.Status.PROPOSED
    _validated(program)
    program.credentials.set(_same_partnership(partnership, credentials))
    program.entry_credentials.set(_same_partnership(partnership, entry_credentials))
    _record(program, actor=actor, action=ProgramChange.Action.CREATED, via=via)
    _suggest_occupations(program)
    return program


@transaction.atomic
def program_update(
    *,
    program: Program,
    actor: AbstractBaseUser | None,
    expected_version: int,
    credentials: Iterable[Credential] | None = None,
    entry_credentials: Iterable[Credential] | None = None,
    via: str = "form",
    **fields,
) -> Program:
    """Change a program, refusing (EditConflict) if someone saved it since it was loaded."""
    unknown = set(fields) - set(PROGRAM_FIELDS)
    if unknown:
        raise ValueError(f"not editable: {', '.join(sorted(unknown))}")
    before = snapshot(program)
    old_cip = program.cip_code
    for name, value in fields.items():
        setattr(program, name, value)
    program.full_clean()
    save_versioned(program, expected_version=expected_version, fields=list(fields))
    if credentials is not None:
        program.credentials.set(_same_partnership(program.partnership, credentials))
    if entry_credentials is not None:
        program.entry_credentials.set(_same_partnership(program.partnership, entry_credentials))
    changes = diff(program, before, snapshot(program))
    if changes:
        _record(program, actor=actor, action=ProgramChange.Action.UPDATED, via=via, changes=changes)
    if program.cip_code != old_cip:
        _suggest_occupations(program)
    return program


@transaction.atomic
def program_delete(*, program: Program, actor: AbstractBaseUser | None, via: str = "form") -> None:
    _record(program, actor=actor, action=ProgramChange.Action.DELETED, via=via)
    program.delete()


@transaction.atomic
def program_mark_reviewed(*, program: Program, actor: AbstractBaseUser, via: str = "form") -> None:
    """An employer has looked this program over. Not a content edit: no version bump, so it
    never collides with someone editing the program."""
    now = timezone.now()
    Program.objects.filter(pk=program.pk).update(reviewed_at=now, reviewed_by=actor)
    program.reviewed_at, program.reviewed_by = now, actor
    _record(program, actor=actor, action=ProgramChange.Action.REVIEWED, via=via)


@transaction.atomic
def program_comment_add(*, program: Program, actor: AbstractBaseUser, body: str) -> ProgramComment:
    return _validated(ProgramComment(program=program, author=actor, body=body.strip()))


@transaction.atomic
def missing_program_flag_raise(
    *, partnership: Partnership, actor: AbstractBaseUser, **fields
) -> MissingProgramFlag:
    return _validated(MissingProgramFlag(partnership=partnership, raised_by=actor, **fields))


@transaction.atomic
def missing_program_flag_resolve(
    *, flag: MissingProgramFlag, actor: AbstractBaseUser
) -> MissingProgramFlag:
    flag.resolved_at = timezone.now()
    flag.resolved_by = actor
    flag.save(update_fields=["resolved_at", "resolved_by"])
    return flag


BULK_ACTIONS = {
    "review": "Mark reviewed",
    "status_offered": "Set status: offered",
    "status_paused": "Set status: paused",
    "status_discontinued": "Set status: discontinued",
    "delete": "Delete",
}


@transaction.atomic
def programs_bulk(
    *, membership: Membership, actor: AbstractBaseUser, programs: Iterable[Program], action: str
) -> tuple[int, list[str]]:
    """Apply one action to many programs. Returns how many changed and the names skipped
    because this person may not change them."""
    if action not in BULK_ACTIONS:
        raise ValidationError("Choose an action for the selected programs.")
    done, skipped = 0, []
    for program in programs:
        if action == "review":
            if not can_review(membership):
                skipped.append(program.name)
                continue
            program_mark_reviewed(program=program, actor=actor, via="bulk")
        elif not can_edit_program(membership, program):
            skipped.append(program.name)
            continue
        elif action == "delete":
            program_delete(program=program, actor=actor, via="bulk")
        else:
            status = action.removeprefix("status_")
            if program.status == status:
                continue
            program_update(
                program=program,
                actor=actor,
                expected_version=program.version,
                via="bulk",
                status=status,
            )
        done += 1
    return done, skipped


# --- occupations a program prepares for -------------------------------------------------


def _suggest_occupations(program: Program) -> int:
    """Offer the crosswalk's occupations for the program's CIP code, unconfirmed."""
    suggestions = crosswalk.soc_for_cip(program.cip_code) or []
    have = set(program.occupations.values_list("soc_code", flat=True))
    new = [
        ProgramOccupation(program=program, soc_code=s.soc_code, title=s.title[:255], suggested=True)
        for s in suggestions
        if s.soc_code not in have
    ]
    ProgramOccupation.objects.bulk_create(new)
    return len(new)


@transaction.atomic
def program_occupations_suggest(*, program: Program) -> int:
    return _suggest_occupations(program)


@transaction.atomic
def program_occupation_add(
    *, program: Program, actor: AbstractBaseUser, soc_code: str, title: str = ""
) -> ProgramOccupation:
    soc_code = soc_code.strip()
    existing = program.occupations.filter(soc_code=soc_code).first()
    if existing is not None:
        if existing.confirmed:
            raise ValidationError({"soc_code": f"{soc_code} is already listed for this program."})
        return program_occupation_confirm(occupation=existing, actor=actor)
    occupation = _validated(
        ProgramOccupation(
            program=program,
            soc_code=soc_code,
            title=title.strip(),
            confirmed_by=actor,
            confirmed_at=timezone.now(),
        )
    )
    _record(
        program,
        actor=actor,
        action=ProgramChange.Action.OCCUPATIONS,
        via="form",
        changes=[["occupations", "", f"added {occupation}"]],
    )
    return occupation


@transaction.atomic
def program_occupation_confirm(
    *, occupation: ProgramOccupation, actor: AbstractBaseUser
) -> ProgramOccupation:
    occupation.confirmed_at = timezone.now()
    occupation.confirmed_by = actor
    occupation.save(update_fields=["confirmed_at", "confirmed_by"])
    _record(
        occupation.program,
        actor=actor,
        action=ProgramChange.Action.OCCUPATIONS,
        via="form",
        changes=[["occupations", "", f"confirmed {occupation}"]],
    )
    return occupation


@transaction.atomic
def program_occupation_remove(*, occupation: ProgramOccupation, actor: AbstractBaseUser) -> None:
    if occupation.confirmed:
        _record(
            occupation.program,
            actor=actor,
            action=ProgramChange.Action.OCCUPATIONS,
            via="form",
            changes=[["occupations", str(occupation), "removed"]],
        )
    occupation.delete()


# --- linkages --------------------------------------------------------------------------


def _agreement(fields: dict) -> dict:
    # A form's "clear" box gives False and an empty upload None: both mean no document.
    if fields.get("agreement") in (False, None) and "agreement" in fields:
        fields["agreement"] = ""
    return fields


@transaction.atomic
def linkage_create(
    *,
    partnership: Partnership,
    actor: AbstractBaseUser | None,
    membership: Membership | None = None,
    **fields,
) -> Linkage:
    linkage = Linkage(partnership=partnership, created_by=actor, **_agreement(fields))
    _check_linkage(membership, linkage)
    linkage.full_clean()
    if linkage.agreement and not linkage.agreement._committed:
        linkage.agreement.save(linkage.agreement.name, linkage.agreement, save=False)
    linkage.save()
    return linkage


@transaction.atomic
def linkage_update(*, linkage: Linkage, membership: Membership | None = None, **fields) -> Linkage:
    """Change a linkage: the person must be allowed to edit it as it was and as it will be."""
    _check_linkage(membership, linkage)
    for name, value in _agreement(fields).items():
        setattr(linkage, name, value)
    _check_linkage(membership, linkage)
    linkage.full_clean()
    if linkage.agreement and not linkage.agreement._committed:
        linkage.agreement.save(linkage.agreement.name, linkage.agreement, save=False)
    linkage.save()
    return linkage


def linkage_delete(*, linkage: Linkage, membership: Membership | None = None) -> None:
    _check_linkage(membership, linkage)
    linkage.delete()


# --- spreadsheets in -------------------------------------------------------------------


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
