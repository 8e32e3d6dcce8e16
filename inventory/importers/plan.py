"""Turn parsed spreadsheet rows into a plan: which programs will be created, which updated
(and how), which stay as they are, and every row's problems in plain words. Reading only:
`inventory.services.program_import_apply` carries a plan out."""

from __future__ import annotations

from dataclasses import dataclass, field

from django.core.exceptions import ValidationError

from inventory import services
from inventory.importers.columns import COLUMN_BY_FIELD
from inventory.models import (
    PROGRAM_BOUNDS,
    Credential,
    Program,
    ProgramImport,
    ProgramOccupation,
    Provider,
    ProviderKind,
    program_unusual_values,
)
from partnerships.models import Membership, Partnership, Role

SCALAR_FIELDS = [f for f in services.PROGRAM_FIELDS if f != "provider"]
# Fields whose model validation adds something to the cell readers' checks.
MODEL_CHECKED = {
    f.name
    for f in Program._meta.concrete_fields
    if f.get_internal_type() not in ("BooleanField",) and not f.choices and f.name != "cip_code"
}


@dataclass
class ParsedRow:
    number: int
    provider_name: str
    name: str
    program_id: int | None = None
    provider_kind: str = ""
    values: dict = field(default_factory=dict)  # program fields present in the file
    defaults: dict = field(default_factory=dict)  # used only when the program is new
    credentials_add_only: bool = False  # ETPL rows add their credential, never remove others
    credentials: list[tuple[str, str]] | None = None  # (name, kind) or None if no column
    entry_credentials: list[str] | None = None
    occupations: list[tuple[str, str]] | None = None
    problems: list[str] = field(default_factory=list)


@dataclass
class RowPlan:
    row: ParsedRow
    action: str = "error"  # create, update, unchanged, error
    program: Program | None = None
    provider: Provider | None = None
    new_provider: bool = False
    changes: list[list[str]] = field(default_factory=list)
    # Possible but unusual numbers: imported only once the person confirms them.
    unusual: list[str] = field(default_factory=list)

    @property
    def number(self) -> int:
        return self.row.number

    @property
    def problems(self) -> list[str]:
        return self.row.problems


@dataclass
class ImportPlan:
    file_name: str
    layout: str = ProgramImport.Layout.INVENTORY
    problems: list[str] = field(default_factory=list)  # about the whole file
    ignored_columns: list[str] = field(default_factory=list)
    rows: list[RowPlan] = field(default_factory=list)
    new_providers: dict[str, tuple[str, str]] = field(default_factory=dict)
    new_credentials: dict[str, tuple[str, str]] = field(default_factory=dict)

    def count(self, action: str) -> int:
        return sum(1 for r in self.rows if r.action == action)

    @property
    def counts(self) -> dict[str, int]:
        return {a: self.count(a) for a in ("create", "update", "unchanged", "error")}

    @property
    def ok(self) -> bool:
        return not self.problems and not any(r.problems for r in self.rows)

    @property
    def changes_anything(self) -> bool:
        return bool(self.count("create") or self.count("update") or self.new_providers)

    @property
    def error_rows(self) -> list[RowPlan]:
        return [r for r in self.rows if r.problems]

    @property
    def unusual_rows(self) -> list[RowPlan]:
        return [r for r in self.rows if r.unusual and r.action in ("create", "update")]

    def versions(self) -> dict[str, int]:
        return {str(r.program.pk): r.program.version for r in self.rows if r.action == "update"}


def name_key(text: str) -> str:
    return " ".join(text.split()).casefold()


def _problems_from(error: ValidationError) -> list[str]:
    problems = []
    for name, messages in error.message_dict.items():
        column = COLUMN_BY_FIELD.get(name)
        label = column.header if column else ""
        for message in messages:
            problems.append(f"{label}: {message}" if label else message)
    return problems


def build_plan(
    *,
    partnership: Partnership,
    rows: list[ParsedRow],
    file_name: str,
    layout: str = ProgramImport.Layout.INVENTORY,
    membership: Membership | None = None,
    creates_providers: bool = False,
) -> ImportPlan:
    plan = ImportPlan(file_name=file_name, layout=layout)
    providers = {
        name_key(p.organization.name): p
        for p in Provider.objects.filter(partnership=partnership).select_related("organization")
    }
    programs = list(
        Program.objects.filter(partnership=partnership).select_related("provider__organization")
    )
    related = _related_values(partnership, programs)
    by_id = {p.pk: p for p in programs}
    by_key = {(p.provider_id, name_key(p.name)): p for p in programs}
    credentials = {name_key(c.name): c for c in Credential.objects.filter(partnership=partnership)}
    seen_keys: dict[tuple, int] = {}
    seen_ids: dict[int, int] = {}
    partner_only = membership is not None and membership.role == Role.PARTNER
    own_org = membership.organization if membership is not None else None

    for row in rows:
        rp = RowPlan(row=row)
        plan.rows.append(rp)
        if not row.provider_name:
            row.problems.append("Provider is empty: say which organization offers the program.")
        if not row.name:
            row.problems.append("Program is empty: give the program's name.")
        provider = providers.get(name_key(row.provider_name)) if row.provider_name else None
        if row.provider_name and provider is None:
            if creates_providers and not partner_only:
                rp.new_provider = True
                plan.new_providers.setdefault(
                    name_key(row.provider_name),
                    (row.provider_name.strip(), row.provider_kind or ProviderKind.OTHER),
                )
            else:
                row.problems.append(
                    f"Provider “{row.provider_name}” is not in this inventory. Check the "
                    "spelling against the Providers page, or add the provider there first."
                )
        rp.provider = provider

        # Which existing program, if any, this row is about.
        program = None
        if row.program_id is not None:
            program = by_id.get(row.program_id)
            if program is None:
                row.problems.append(
                    f"ID {row.program_id} is not a program in this inventory. Leave ID blank "
                    "to add a new program."
                )
            elif row.program_id in seen_ids:
                row.problems.append(
                    f"Row {seen_ids[row.program_id]} already uses ID {row.program_id}: each "
                    "program may appear once."
                )
            seen_ids.setdefault(row.program_id, row.number)
        elif provider is not None and row.name:
            program = by_key.get((provider.pk, name_key(row.name)))
        key = (name_key(row.provider_name), name_key(row.name))
        if row.provider_name and row.name:
            if key in seen_keys and row.program_id is None:
                row.problems.append(
                    f"Row {seen_keys[key]} already lists {row.name} at {row.provider_name}: "
                    "each program may appear once."
                )
            seen_keys.setdefault(key, row.number)
        rp.program = program

        if partner_only:
            target_org = provider.organization_id if provider else None
            current_org = program.provider.organization_id if program else None
            allowed = own_org is not None and all(
                org in (None, own_org.pk) for org in (target_org, current_org)
            )
            if not allowed:
                mine = own_org.name if own_org else "your organization"
                row.problems.append(
                    f"You can add or change only {mine}'s programs; ask the convener to "
                    "import this row."
                )

        type_unreadable = any(p.startswith("Program type") for p in row.problems)
        new_type = row.values.get("program_type") or (
            program is None and row.defaults.get("program_type")
        )
        if not type_unreadable and not new_type:
            if program is None:
                row.problems.append("Program type is empty: a new program needs one.")
            elif "program_type" in row.values:
                row.problems.append("Program type is empty: every program has one.")

        for name, _kind in row.credentials or []:
            if name_key(name) not in credentials:
                plan.new_credentials.setdefault(name_key(name), (name, _kind))
        for name in row.entry_credentials or []:
            if name_key(name) not in credentials:
                plan.new_credentials.setdefault(name_key(name), (name, Credential.Kind.CERTIFICATE))

        if row.problems:
            continue
        _validate_and_diff(rp, partnership, related)
    return plan


def _related_values(partnership: Partnership, programs: list[Program]) -> dict[int, dict]:
    """Each program's credential names and confirmed SOC codes, in three queries (a
    prefetch would build a related manager per program: slow for thousands)."""
    related = {
        p.pk: {"credentials": [], "entry_credentials": [], "occupations": []} for p in programs
    }
    for key, through in (
        ("credentials", Program.credentials.through),
        ("entry_credentials", Program.entry_credentials.through),
    ):
        rows = through.objects.filter(program__partnership=partnership).values_list(
            "program_id", "credential__name"
        )
        for program_id, name in rows:
            related[program_id][key].append(name)
    rows = ProgramOccupation.objects.filter(
        program__partnership=partnership, confirmed_at__isnull=False
    ).values_list("program_id", "soc_code")
    for program_id, code in rows:
        related[program_id]["occupations"].append(code)
    return related


def _validate_and_diff(rp: RowPlan, partnership: Partnership, related: dict) -> None:
    row, program = rp.row, rp.program
    values = dict(row.values)
    values["name"] = row.name
    if program is None:
        candidate = Program(partnership=partnership, **{**row.defaults, **values})
    else:
        candidate = Program(
            pk=program.pk,
            partnership=partnership,
            **{name: getattr(program, name) for name in SCALAR_FIELDS},
        )
        for name, value in values.items():
            setattr(candidate, name, value)
    if rp.provider is not None:
        candidate.provider = rp.provider
    # Model validation for what the cell readers can't know (lengths, ranges); the rest
    # was checked cell by cell, and fields not in the file keep valid values.
    exclude = [
        f.name
        for f in Program._meta.concrete_fields
        if f.name not in MODEL_CHECKED or f.name not in values
    ]
    try:
        candidate.clean_fields(exclude=exclude)
        candidate.clean()
    except ValidationError as error:
        row.problems.extend(_problems_from(error))
        return
    changed_numbers = {
        name: getattr(candidate, name)
        for name in PROGRAM_BOUNDS
        if name in values and (program is None or getattr(program, name) != values[name])
    }
    unusual = program_unusual_values({**changed_numbers, "program_type": candidate.program_type})
    rp.unusual = [f"{COLUMN_BY_FIELD[name].header}: {text}" for name, text in unusual.items()]
    if program is None:
        rp.action = "create"
        return
    current = related[program.pk]
    before = services.snapshot(program, with_credentials=False)
    before["credentials"] = sorted(current["credentials"])
    before["entry_credentials"] = sorted(current["entry_credentials"])
    after = {name: getattr(candidate, name) for name in values}
    if rp.provider is not None and rp.provider.pk != program.provider_id:
        after["provider"] = rp.provider.name
    if row.credentials is not None:
        wanted = [n for n, _ in row.credentials]
        if row.credentials_add_only:
            wanted += before["credentials"]
        after["credentials"] = _merge_names(before["credentials"], wanted)
    if row.entry_credentials is not None:
        after["entry_credentials"] = _merge_names(
            before["entry_credentials"], row.entry_credentials
        )
    rp.changes = services.diff(program, {k: before.get(k) for k in after}, after)
    if row.occupations is not None:
        have = sorted(current["occupations"])
        want = sorted({code for code, _ in row.occupations})
        if have != want:
            rp.changes.append(["occupations", "; ".join(have), "; ".join(want)])
    rp.action = "update" if rp.changes else "unchanged"


def _merge_names(existing: list[str], wanted: list[str]) -> list[str]:
    """Names as they will read after import: existing spelling wins for a case-only match."""
    spelled = {name_key(n): n for n in existing}
    return sorted({name_key(n): spelled.get(name_key(n), n) for n in wanted}.values())
