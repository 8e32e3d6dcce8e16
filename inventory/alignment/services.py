"""Every write of step 6, and who may make it. One transaction per action; completer
counts leave an entry in the program's history like any other change to a program."""

from __future__ import annotations

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.db.models import Max
from django.utils import timezone

from inventory.alignment.importers.completers import CompletersPlan
from inventory.alignment.models import (
    AssetMapReview,
    CompletersImport,
    GapAnswer,
    PathwayProgram,
    PathwayStep,
    ProgramCompleters,
    ProgramFunction,
    ProviderInstitution,
)
from inventory.models import Program, ProgramChange, Provider
from partnerships.models import Convening, Membership, Partnership, Role
from pathways.concurrency import save_versioned


def _actor(user):
    return user if user is not None and user.is_authenticated else None


def _validated(instance):
    instance.full_clean()
    instance.save()
    return instance


def editable_program_ids(membership: Membership) -> set[int] | None:
    """Programs whose completers this member may change; None means all of them."""
    if membership.role == Role.CONVENER:
        return None
    if membership.role == Role.PARTNER and membership.organization_id:
        return set(
            Program.objects.filter(
                partnership_id=membership.partnership_id,
                provider__organization_id=membership.organization_id,
            ).values_list("pk", flat=True)
        )
    return set()


def can_import_completers(membership: Membership) -> bool:
    return membership.role in (Role.CONVENER, Role.PARTNER)


# --- completers ------------------------------------------------------------------------------


def _history(program: Program, actor, via: str, changes: list[list[str]]) -> None:
    if changes:
        ProgramChange.objects.create(
            partnership_id=program.partnership_id,
            program=program,
            program_name=program.name,
            actor=_actor(actor),
            action=ProgramChange.Action.UPDATED,
            via=via,
            changes=changes,
        )


@transaction.atomic
def program_completers_set(
    *, program: Program, actor, years: list[tuple[int, int | None, str]], via: str = "form"
) -> None:
    """Set a program's completers for the given years; a year with no count is removed."""
    existing = {
        r.year: r for r in ProgramCompleters.objects.select_for_update().filter(program=program)
    }
    changes = []
    for year, count, source in years:
        record = existing.get(year)
        if count is None:
            if record is not None:
                record.delete()
                changes.append([f"Completers {year}", str(record.completers), ""])
            continue
        if record is None:
            record = ProgramCompleters(program=program, year=year)
        before = record.completers if record.pk else None
        if before == count and record.source == source:
            continue
        record.completers, record.source, record.updated_by = count, source, _actor(actor)
        _validated(record)
        changes.append([f"Completers {year}", "" if before is None else str(before), str(count)])
    _history(program, actor, via, changes)


@transaction.atomic
def completers_import_upload(*, partnership: Partnership, actor, upload) -> CompletersImport:
    record = CompletersImport(
        partnership=partnership, file_name=upload.name[:255], uploaded_by=_actor(actor)
    )
    record.file.save(upload.name, upload, save=False)
    record.save()
    return record


@transaction.atomic
def completers_import_apply(
    *, record: CompletersImport, plan: CompletersPlan, actor
) -> dict[str, int]:
    """Write the whole plan or nothing: a plan with any problem is refused."""
    if record.applied_at is not None:
        raise ValidationError("This file was already imported.")
    if not plan.ok:
        raise ValidationError("The file still has problems; nothing was imported.")
    completers_plan_write(plan=plan, actor=actor, via="spreadsheet")
    record.applied_at = timezone.now()
    record.summary = plan.counts
    record.save(update_fields=["applied_at", "summary"])
    return plan.counts


def completers_plan_write(
    *, plan: CompletersPlan, actor, via: str, actions: tuple[str, ...] = ("create", "update")
) -> None:
    """Write the plan's rows of these actions (callers hold one transaction: all or nothing)."""
    by_program: dict[int, tuple[Program, list]] = {}
    for row in plan.rows:
        if row.action in actions:
            by_program.setdefault(row.program.pk, (row.program, []))[1].append(
                (row.year, row.completers, row.source)
            )
    for program, years in by_program.values():
        program_completers_set(program=program, actor=actor, years=years, via=via)


# --- IPEDS: which institution a provider is, and its completers --------------------------------


def can_match_provider(membership: Membership, provider: Provider) -> bool:
    """Conveners match any provider; a support partner their own organization's."""
    if membership.role == Role.CONVENER:
        return True
    return (
        membership.role == Role.PARTNER
        and membership.organization_id is not None
        and provider.organization_id == membership.organization_id
    )


@transaction.atomic
def provider_institution_confirm(*, provider: Provider, actor, unitid: int) -> ProviderInstitution:
    """Record that the provider is this IPEDS institution (of the current directory file):
    a first campus, or one more of a college whose campuses report to IPEDS apart.
    Confirming a campus already matched records the new confirmation."""
    from occupations.selectors import ipeds_institutions

    found = ipeds_institutions(unitids=[unitid])
    if not found:
        raise ValidationError(f"No institution {unitid} in the imported IPEDS directory (HD) file.")
    institution = found[0]
    match = ProviderInstitution.objects.filter(
        provider=provider, unitid=institution.unitid
    ).first() or ProviderInstitution(provider=provider, unitid=institution.unitid)
    match.name, match.city, match.state = institution.name, institution.city, institution.state
    match.confirmed_by, match.confirmed_at = _actor(actor), timezone.now()
    return _validated(match)


@transaction.atomic
def provider_institution_remove(*, provider: Provider, actor, unitid: int) -> int:
    """Remove one campus from the provider's IPEDS match; the others stay. Returns how many
    rows went (0 when that campus was not matched)."""
    deleted, _ = ProviderInstitution.objects.filter(provider=provider, unitid=unitid).delete()
    return deleted


@transaction.atomic
def ipeds_completers_pull(*, pull, actor, expected: str, include_updates: bool) -> dict[str, int]:
    """Write what the person saw in the preview: new years, and changed counts only when they
    chose to. A plan that differs from the preview they confirmed is refused."""
    if pull.plan.problems:
        raise ValidationError(" ".join(pull.plan.problems))
    if expected != pull.fingerprint:
        raise ValidationError(
            "The figures changed since the preview was shown (a count was edited or a file "
            "imported); look at the preview again before confirming."
        )
    actions = ("create", "update") if include_updates else ("create",)
    completers_plan_write(plan=pull.plan, actor=actor, via="IPEDS", actions=actions)
    return {
        "create": pull.plan.count("create"),
        "update": pull.plan.count("update") if include_updates else 0,
        "kept": 0 if include_updates else pull.plan.count("update"),
    }


# --- the asset map review, the worksheet -----------------------------------------------------


@transaction.atomic
def asset_map_review_record(
    *, partnership: Partnership, actor, convening: Convening, note: str = ""
) -> AssetMapReview:
    review = AssetMapReview.objects.filter(partnership=partnership, convening=convening).first()
    if review is None:
        review = AssetMapReview(partnership=partnership, convening=convening)
    review.note, review.recorded_by = note, _actor(actor)
    return _validated(review)


@transaction.atomic
def gap_answer_save(
    *,
    partnership: Partnership,
    actor,
    question: str,
    answer: str,
    decision: str,
    convening: Convening | None,
    expected_version: int | None,
) -> GapAnswer:
    """Record the team's answer; a save based on an older version is refused (EditConflict)."""
    from inventory.alignment.questions import QUESTION_KEYS

    if question not in QUESTION_KEYS:
        raise ValidationError("No such question.")
    if convening is not None and convening.partnership_id != partnership.pk:
        raise ValidationError({"convening": "Choose one of this partnership's convenings."})
    record = GapAnswer.objects.filter(partnership=partnership, question=question).first()
    if record is None:
        return _validated(
            GapAnswer(
                partnership=partnership,
                question=question,
                answer=answer,
                decision=decision,
                convening=convening,
                answered_by=_actor(actor),
            )
        )
    record.answer, record.decision, record.convening = answer, decision, convening
    record.answered_by, record.updated_at = _actor(actor), timezone.now()
    record.full_clean()
    save_versioned(
        record,
        expected_version=expected_version or record.version,
        fields=["answer", "decision", "convening", "answered_by", "updated_at"],
    )
    return record


# --- pathway programs -------------------------------------------------------------------------

PATHWAY_FIELDS = [
    "name",
    "summary",
    "who_may_enter",
    "prerequisites",
    "prior_learning",
    "support_services",
    "work_based_learning",
]


@transaction.atomic
def pathway_program_create(*, partnership: Partnership, actor, **fields) -> PathwayProgram:
    unknown = set(fields) - set(PATHWAY_FIELDS)
    if unknown:
        raise ValidationError(f"Unknown fields: {', '.join(sorted(unknown))}")
    if PathwayProgram.objects.filter(
        partnership=partnership, name__iexact=fields.get("name", "")
    ).exists():
        raise ValidationError({"name": "A pathway program with this name already exists."})
    return _validated(PathwayProgram(partnership=partnership, created_by=_actor(actor), **fields))


@transaction.atomic
def pathway_program_update(
    *, pathway: PathwayProgram, actor, expected_version: int, **fields
) -> PathwayProgram:
    for name, value in fields.items():
        if name not in PATHWAY_FIELDS:
            raise ValidationError(f"Unknown field: {name}")
        setattr(pathway, name, value)
    pathway.full_clean()
    save_versioned(pathway, expected_version=expected_version, fields=list(fields))
    return pathway


@transaction.atomic
def pathway_program_delete(*, pathway: PathwayProgram, actor) -> None:
    pathway.delete()


@transaction.atomic
def pathway_step_add(
    *, pathway: PathwayProgram, actor, program: Program, exit_soc_code: str = "", note: str = ""
) -> PathwayStep:
    if program.partnership_id != pathway.partnership_id:
        raise PermissionDenied
    if pathway.steps.filter(program=program).exists():
        raise ValidationError({"program": f"{program.name} is already a step of this pathway."})
    last = pathway.steps.aggregate(m=Max("position"))["m"] or 0
    step = _validated(
        PathwayStep(
            pathway=pathway,
            position=last + 1,
            program=program,
            exit_soc_code=exit_soc_code,
            note=note,
        )
    )
    PathwayProgram.objects.filter(pk=pathway.pk).update(updated_at=timezone.now())
    return step


@transaction.atomic
def pathway_step_remove(*, step: PathwayStep, actor) -> None:
    pathway = step.pathway
    step.delete()
    for position, remaining in enumerate(pathway.steps.order_by("position"), start=1):
        if remaining.position != position:
            PathwayStep.objects.filter(pk=remaining.pk).update(position=position)


@transaction.atomic
def pathway_step_move(*, step: PathwayStep, actor, up: bool) -> None:
    """Swap a step with the one before (up) or after it."""
    siblings = list(step.pathway.steps.select_for_update().order_by("position"))
    index = next(i for i, s in enumerate(siblings) if s.pk == step.pk)
    other = index - 1 if up else index + 1
    if not 0 <= other < len(siblings):
        return
    a, b = siblings[index], siblings[other]
    # Through a free position: (pathway, position) is unique.
    free = max(s.position for s in siblings) + 1
    PathwayStep.objects.filter(pk=a.pk).update(position=free)
    PathwayStep.objects.filter(pk=b.pk).update(position=a.position)
    PathwayStep.objects.filter(pk=a.pk).update(position=b.position)


# --- the program-by-function grid ----------------------------------------------------------


@transaction.atomic
def program_functions_set(
    *,
    programs: list[Program],
    soc_code: str,
    functions: list,
    marked: set[tuple[int, str]],
    actor,
) -> int:
    """Make the grid's marks for these programs and this occupation exactly `marked`
    ((program id, function key) pairs). Returns how many marks changed."""
    labels = {f.key: f.label for f in functions}
    ids = [p.pk for p in programs]
    existing = set(
        ProgramFunction.objects.filter(
            program_id__in=ids, soc_code=soc_code, function_key__in=labels
        ).values_list("program_id", "function_key")
    )
    wanted = {(pid, key) for pid, key in marked if pid in ids and key in labels}
    removed = existing - wanted
    for pid, key in removed:
        ProgramFunction.objects.filter(program_id=pid, soc_code=soc_code, function_key=key).delete()
    ProgramFunction.objects.bulk_create(
        ProgramFunction(
            program_id=pid,
            soc_code=soc_code,
            function_key=key,
            label=labels[key],
            marked_by=_actor(actor),
        )  # fmt: skip
        for pid, key in wanted - existing
    )
    return len(removed) + len(wanted - existing)
