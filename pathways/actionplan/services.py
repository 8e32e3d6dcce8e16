"""Every write to the action plan."""

from __future__ import annotations

from collections.abc import Callable
from datetime import date
from decimal import Decimal

from django.conf import settings
from django.core.exceptions import ValidationError
from django.core.files.base import ContentFile
from django.core.files.storage import default_storage
from django.core.mail import EmailMultiAlternatives
from django.db import transaction
from django.template.loader import render_to_string
from django.urls import reverse
from django.utils import timezone

from partnerships.models import Membership, Organization, Partnership, Role
from pathways import jobs
from pathways.actionplan import exports, selectors, sources
from pathways.actionplan.models import (
    Action,
    ActionRating,
    Condition,
    HireFeedback,
    Horizon,
    MaturityRating,
    MaturityRound,
    PlanDocument,
    ProgramOutcome,
    ProgressNote,
    RaterGroup,
    ReminderSetting,
    Status,
)
from pathways.concurrency import save_versioned

EDITABLE_FIELDS = [
    "title",
    "description",
    "owner_organization",
    "owner",
    "horizon",
    "start_date",
    "due_date",
    "status",
    "dropped_reason",
    "target_outcome",
    "aims_program",
    "aims_pathway",
    "aims_measure",
]


def _check_owner(partnership: Partnership, owner) -> None:
    if (
        owner is not None
        and not Membership.objects.filter(partnership=partnership, user=owner)
        .exclude(role=Role.COUNSELOR)
        .exists()
    ):
        raise ValidationError(
            {"owner": "The owner is a member of the partnership's team (not a counselor)."}
        )


@transaction.atomic
def action_create(*, partnership: Partnership, actor, title: str, **fields) -> Action:
    unknown = set(fields) - set(EDITABLE_FIELDS) - {"source_kind", "source_key",
                                                     "source_title", "source_url"}  # fmt: skip
    if unknown:
        raise TypeError(f"not an action field: {', '.join(sorted(unknown))}")
    action = Action(partnership=partnership, title=title, created_by=actor, **fields)
    _check_owner(partnership, action.owner)
    action.full_clean()
    action.save()
    return action


@transaction.atomic
def action_create_for_need(
    *, partnership: Partnership, actor, kind: str, key: str, **fields
) -> Action:
    """One click from a need: the action takes the need's words as its first draft."""
    found = sources.need(partnership, kind, key)
    if found is None:
        raise ValidationError("That need is no longer on the list: it may have been removed.")
    horizon = Horizon.EARLY if kind == "quick_win" else Horizon.SHORT
    values = {
        "title": found.title[:200],
        "description": found.detail,
        "horizon": horizon,
        "start_date": timezone.localdate(),
        **fields,
    }
    return action_create(
        partnership=partnership,
        actor=actor,
        source_kind=kind,
        source_key=found.key,
        source_title=found.title,
        source_url=found.url,
        **values,
    )


@transaction.atomic
def action_update(*, action: Action, actor, expected_version: int, **fields) -> Action:
    """Change an action. Raises EditConflict when someone saved it since the form was loaded."""
    for name, value in fields.items():
        if name not in EDITABLE_FIELDS:
            raise TypeError(f"not an action field: {name}")
        setattr(action, name, value)
    if action.status != Status.DROPPED:
        action.dropped_reason = ""
    _check_owner(action.partnership, action.owner)
    action.full_clean()
    save_versioned(action, expected_version=expected_version, fields=list(EDITABLE_FIELDS))
    return action


@transaction.atomic
def action_delete(*, action: Action) -> None:
    action.delete()


@transaction.atomic
def note_add(*, action: Action, actor, text: str, written_on: date | None = None,
             status: str = "") -> ProgressNote:  # fmt: skip
    """Record progress; optionally move the action's status at the same time."""
    written_on = written_on or timezone.localdate()
    if written_on > timezone.localdate():
        raise ValidationError({"written_on": "A progress note is dated today or earlier."})
    note = ProgressNote(action=action, text=text.strip(), written_on=written_on, author=actor)
    note.full_clean()
    note.save()
    if status and status != action.status:
        if status == Status.DROPPED:
            raise ValidationError(
                {"status": "To drop an action, edit it and say why it was dropped."}
            )
        Action.objects.filter(pk=action.pk).update(
            status=status, updated_at=timezone.now(), version=action.version + 1
        )
        action.status = status
        action.version += 1
    return note


def rater_group(partnership: Partnership, user) -> str:
    """Employers are champions and members from an employer; everyone else is public."""
    membership = (
        Membership.objects.select_related("organization")
        .filter(partnership=partnership, user=user)
        .first()
    )
    if membership is None:
        raise ValidationError("Only members of the partnership rate its actions.")
    organization = membership.organization
    if membership.role == Role.CHAMPION or (
        organization is not None and organization.kind == Organization.Kind.EMPLOYER
    ):
        return RaterGroup.EMPLOYER
    return RaterGroup.PUBLIC


@transaction.atomic
def rating_set(*, action: Action, actor, impact: int, feasibility: int) -> ActionRating:
    """A member's rating; rating again replaces their earlier one."""
    group = rater_group(action.partnership, actor)
    rating = ActionRating.objects.filter(action=action, rater=actor).first() or ActionRating(
        action=action, rater=actor
    )
    rating.group = group
    rating.impact = impact
    rating.feasibility = feasibility
    rating.rated_at = timezone.now()
    rating.full_clean()
    rating.save()
    return rating


@transaction.atomic
def reminders_set(*, partnership: Partnership, user, weekly_email: bool) -> ReminderSetting:
    setting, _ = ReminderSetting.objects.update_or_create(
        partnership=partnership, user=user, defaults={"weekly_email": weekly_email}
    )
    return setting


# --- the weekly email ---------------------------------------------------------------------


def reminders_send(*, today: date | None = None) -> int:
    """Email each owner whose actions are overdue or at risk, one email per partnership.
    Returns how many emails went out."""
    today = today or timezone.localdate()
    sent = 0
    for (partnership, owner), actions in selectors.reminders_due(today=today).items():
        if not owner.email:
            continue
        url = settings.SITE_URL.rstrip("/") + reverse("actionplan:plan", args=[partnership.slug])
        settings_url = settings.SITE_URL.rstrip("/") + reverse(
            "actionplan:reminders", args=[partnership.slug]
        )
        context = {
            "partnership": partnership,
            "owner": owner,
            "actions": actions,
            "overdue": [a for a in actions if a.health_now == "overdue"],
            "at_risk": [a for a in actions if a.health_now == "at_risk"],
            "site_url": settings.SITE_URL.rstrip("/"),
            "url": url,
            "settings_url": settings_url,
        }
        subject = render_to_string("emails/action_reminder_subject.txt", context).strip()
        message = EmailMultiAlternatives(
            subject=" ".join(subject.split()),
            body=render_to_string("emails/action_reminder.txt", context),
            to=[owner.email],
        )
        message.attach_alternative(
            render_to_string("emails/action_reminder.html", context), "text/html"
        )
        message.send()
        sent += 1
    return sent


# --- outcomes ------------------------------------------------------------------------------

OUTCOME_FIELDS = ["participants", "completers", "credentials", "employed_q2", "employed_q4",
                  "median_earnings", "suppressed", "source"]  # fmt: skip


@transaction.atomic
def outcome_save(
    *, partnership: Partnership, actor, year: int, program=None, pathway=None, **fields
) -> ProgramOutcome:
    """Enter one program's (or one pathway program's) figures for one year; entering the
    same year again replaces it."""
    unknown = set(fields) - set(OUTCOME_FIELDS)
    if unknown:
        raise TypeError(f"not an outcome field: {', '.join(sorted(unknown))}")
    if (program is None) == (pathway is None):
        raise ValidationError("Choose a program or a pathway program (one of them).")
    whose = {"program": program} if program is not None else {"pathway": pathway}
    outcome = ProgramOutcome.objects.filter(year=year, **whose).first() or (
        ProgramOutcome(partnership=partnership, year=year, **whose)
    )
    for name, value in fields.items():
        setattr(outcome, name, value)
    # A suppressed figure has no number, whatever was typed.
    for measure in outcome.suppressed or []:
        setattr(outcome, measure, None)
    outcome.entered_by = actor
    outcome.full_clean()
    outcome.save()
    return outcome


@transaction.atomic
def outcome_delete(*, outcome: ProgramOutcome) -> None:
    outcome.delete()


def outcomes_preview(partnership: Partnership, rows: list[dict]) -> tuple[list[dict], list[str]]:
    """Each parsed row with its program or pathway program and whether it adds a year or
    replaces one; plus the rows that name one outside the partnership."""
    from inventory.alignment.models import PathwayProgram
    from inventory.models import Program

    programs = {
        p.pk: p
        for p in Program.objects.filter(
            partnership=partnership, pk__in={r.get("program_id") for r in rows} - {None}
        ).select_related("provider")
    }
    pathways = {
        p.pk: p
        for p in PathwayProgram.objects.filter(
            partnership=partnership, pk__in={r.get("pathway_id") for r in rows} - {None}
        )
    }
    existing = {
        ("program" if program_id else "pathway", program_id or pathway_id, year)
        for program_id, pathway_id, year in ProgramOutcome.objects.filter(
            partnership=partnership
        ).values_list("program_id", "pathway_id", "year")
    }
    errors = []
    preview = []
    for row in rows:
        if row.get("pathway_id"):
            pathway = pathways.get(row["pathway_id"])
            if pathway is None:
                errors.append(
                    f"Row {row['line']}: pathway program {row['pathway_id']} is not one of this "
                    "partnership's (keep the Pathway program ID column from the template)."
                )
                continue
            key = ("pathway", pathway.pk, row["year"])
            preview.append({**row, "program": None, "pathway": pathway,
                            "name": f"{pathway.name} (pathway program)",
                            "replaces": key in existing})  # fmt: skip
            continue
        program = programs.get(row.get("program_id"))
        if program is None:
            errors.append(
                f"Row {row['line']}: program {row.get('program_id')} is not in this "
                "partnership's inventory (keep the Program ID column from the template)."
            )
            continue
        key = ("program", program.pk, row["year"])
        preview.append({**row, "program": program, "pathway": None, "name": program.name,
                        "replaces": key in existing})  # fmt: skip
    return preview, errors


@transaction.atomic
def outcomes_import(*, partnership: Partnership, actor, rows: list[dict]) -> int:
    """All the rows or none: any refusal rolls the whole import back."""
    preview, errors = outcomes_preview(partnership, rows)
    if errors:
        raise ValidationError(errors)
    for row in preview:
        try:
            outcome_save(
                partnership=partnership,
                actor=actor,
                program=row["program"],
                pathway=row["pathway"],
                year=row["year"],
                source=row["source"],
                suppressed=row["suppressed"],
                **{m: (Decimal(v) if v is not None else None) for m, v in row["figures"].items()},
            )
        except ValidationError as error:
            raise ValidationError(
                f"Row {row['line']}: {' '.join(error.messages)} Nothing was imported."
            ) from error
    return len(preview)


# --- maturity ------------------------------------------------------------------------------


@transaction.atomic
def maturity_round_open(*, partnership: Partnership, actor, name: str) -> MaturityRound:
    name = name.strip()
    if MaturityRound.objects.filter(partnership=partnership, name__iexact=name).exists():
        raise ValidationError({"name": f"There is already a round called “{name}”."})
    round_ = MaturityRound(partnership=partnership, name=name, opened_by=actor)
    round_.full_clean()
    round_.save()
    return round_


@transaction.atomic
def maturity_rate(*, round_: MaturityRound, actor, levels: dict[str, int],
                  comments: dict[str, str] | None = None) -> int:  # fmt: skip
    """A member's levels for the round's conditions; rating again replaces theirs. Only the
    newest round is open: older ones are the record."""
    latest = MaturityRound.objects.filter(partnership=round_.partnership).last()
    if latest is None or latest.pk != round_.pk:
        raise ValidationError("This round is closed: rate in the newest round.")
    comments = comments or {}
    saved = 0
    for condition, level in levels.items():
        if condition not in Condition.values:
            raise ValidationError(f"Not one of the six conditions: {condition}.")
        if level in (None, ""):
            continue
        rating = MaturityRating.objects.filter(
            round=round_, rater=actor, condition=condition
        ).first() or MaturityRating(round=round_, rater=actor, condition=condition)
        rating.level = int(level)
        rating.comment = (comments.get(condition) or "").strip()[:300]
        rating.rated_at = timezone.now()
        rating.full_clean()
        rating.save()
        saved += 1
    return saved


# --- employers' feedback on new hires ------------------------------------------------------


@transaction.atomic
def hire_feedback_add(*, partnership: Partnership, actor, **fields) -> HireFeedback:
    feedback = HireFeedback(partnership=partnership, recorded_by=actor, **fields)
    feedback.full_clean()
    feedback.save()
    return feedback


# --- PDFs for a meeting and for the board --------------------------------------------------

Progress = Callable[[int, str], None]
ACTIVE = (PlanDocument.Status.QUEUED, PlanDocument.Status.RUNNING)


def document_render_request(
    *, partnership: Partnership, kind: str, actor, year: int | None = None
) -> PlanDocument:
    """Queue a PDF of the plan as it reads now (or of the year's annual report). While one of
    the same kind is still rendering, that one is the answer; one whose worker died is given
    up and a fresh one starts."""
    if kind not in PlanDocument.Kind.values:
        raise ValidationError("Choose the action plan or the annual report.")
    year = year if kind == PlanDocument.Kind.ANNUAL_REPORT else None
    if kind == PlanDocument.Kind.ANNUAL_REPORT and year is None:
        raise ValidationError("Choose the annual report's year.")
    with transaction.atomic():
        Partnership.objects.select_for_update().filter(pk=partnership.pk).first()
        active = PlanDocument.objects.filter(
            partnership=partnership, kind=kind, year=year, status__in=ACTIVE
        ).first()
        if active is not None and not active.give_up_if_dead():
            return active
        document = PlanDocument.objects.create(
            partnership=partnership, kind=kind, year=year, requested_by=actor
        )
        from pathways.actionplan import tasks

        jobs.enqueue_on_commit(tasks.render_plan_document, document)
    return document


def _document_context(document: PlanDocument) -> dict:
    partnership = document.partnership
    if document.kind == PlanDocument.Kind.ANNUAL_REPORT:
        context = selectors.annual_report(partnership, document.requested_by, year=document.year)
    else:
        actions = selectors.plan_actions(partnership)
        context = {
            "actions": actions,
            "glance": selectors.at_a_glance(actions),
            "quadrants": selectors.quadrants(actions),
        }
    context.update(partnership=partnership, printed_at=timezone.localtime())
    return context


def document_file_name(document: PlanDocument) -> str:
    """The name people see when they download it."""
    slug = document.partnership.slug
    if document.kind == PlanDocument.Kind.ANNUAL_REPORT:
        return f"{slug}-annual-report-{document.year}.pdf"
    made = timezone.localtime(document.finished_at or document.created_at)
    return f"{slug}-action-plan-{made:%Y-%m-%d}.pdf"


def document_render_run(*, document_id: int, progress: Progress | None = None) -> PlanDocument:
    """Render the PDF and store it. A failure is recorded for the page to show; the last good
    PDF of that kind stays what people download."""
    document = PlanDocument.objects.select_related("partnership", "requested_by").get(
        pk=document_id
    )
    if document.is_finished:
        return document
    document.mark_running()
    try:
        document.report(10, "Reading the plan", progress)
        context = _document_context(document)
        document.report(40, "Laying out the pages", progress)
        if document.kind == PlanDocument.Kind.ANNUAL_REPORT:
            pdf = exports.annual_report_pdf(context)
        else:
            pdf = exports.plan_pdf(context)
        document.report(90, "Storing the PDF", progress)
        name = default_storage.save(
            f"actionplan/{document.partnership.slug}/{document.kind}-{document.pk}.pdf",
            ContentFile(pdf),
        )
    except Exception as exc:  # noqa: BLE001 - any failure is shown to the team
        document.mark_failed(exc)
        return document
    with transaction.atomic():
        document.mark_succeeded(pdf=name)
        # Older good PDFs of the same kind (and year) are superseded: their files go.
        older = list(
            PlanDocument.objects.filter(
                partnership=document.partnership,
                kind=document.kind,
                year=document.year,
                status=PlanDocument.Status.SUCCEEDED,
                pk__lt=document.pk,
            ).exclude(pdf="")
        )
        PlanDocument.objects.filter(pk__in=[o.pk for o in older]).update(pdf="")
    for old in older:
        default_storage.delete(old.pdf.name)
    document.refresh_from_db()
    return document
