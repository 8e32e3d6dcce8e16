"""Step 6: every view checks access, validates, calls one service or selector, and renders
or redirects."""

from __future__ import annotations

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.template.defaultfilters import pluralize
from django.urls import reverse
from django.views.decorators.http import require_http_methods, require_POST

from inventory.alignment import forms, selectors, services
from inventory.alignment import ipeds as ipeds_reads
from inventory.alignment.importers import completers as completers_sheet
from inventory.alignment.models import CompletersImport, PathwayProgram, PathwayStep
from inventory.alignment.questions import QUESTIONS
from inventory.importers.reader import UnreadableFile, read_table
from inventory.models import Program, Provider
from occupations.models import CriticalOccupation
from partnerships.access import Access, Need, get_partnership_for
from pathways.concurrency import EditConflict
from pathways.validation import add_errors, error_text

GAPS_SHOWN = 25  # findings of one kind listed before "show all"
XLSX = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"


def _context(access: Access, **extra) -> dict:
    return {"access": access, "partnership": access.partnership, **extra}


# --- the asset map ---------------------------------------------------------------------------


@login_required
def asset_map(request: HttpRequest, slug: str) -> HttpResponse:
    access = get_partnership_for(request.user, slug, Need.VIEW)
    filters = selectors.MapFilters.from_query(request.GET)
    data = selectors.asset_map(access.partnership, filters)
    review_form = forms.ReviewForm(partnership=access.partnership) if access.can_manage else None
    return render(
        request,
        "alignment/asset_map.html",
        _context(
            access,
            map=data,
            filters=filters,
            reviews=selectors.reviews_for(access.partnership),
            review_form=review_form,
        ),
    )


@login_required
@require_POST
def asset_map_review(request: HttpRequest, slug: str) -> HttpResponse:
    access = get_partnership_for(request.user, slug, Need.MANAGE)
    form = forms.ReviewForm(request.POST, partnership=access.partnership)
    if form.is_valid():
        try:
            services.asset_map_review_record(
                partnership=access.partnership, actor=request.user, **form.cleaned_data
            )
            messages.success(request, "Recorded: the team reviewed the asset map.")
        except ValidationError as error:
            messages.error(request, error_text(error))
    else:
        messages.error(request, "Choose a step-6 convening (plan one under Convenings first).")
    return redirect("alignment:asset_map", slug)


# --- the gaps --------------------------------------------------------------------------------


@login_required
def gaps(request: HttpRequest, slug: str) -> HttpResponse:
    access = get_partnership_for(request.user, slug, Need.VIEW)
    found = selectors.findings(access.partnership)
    expanded = request.GET.get("all", "")
    groups: dict[str, dict] = {}
    for finding in found:
        group = groups.setdefault(
            finding.kind, {"kind": finding.kind, "label": finding.kind_label, "items": []}
        )
        group["items"].append(finding)
    for group in groups.values():
        group["count"] = len(group["items"])
        if group["kind"] != expanded:
            group["items"] = group["items"][:GAPS_SHOWN]
    return render(
        request,
        "alignment/gaps.html",
        _context(access, findings=found, groups=list(groups.values())),
    )


@login_required
def gap_detail(request: HttpRequest, slug: str, key: str) -> HttpResponse:
    access = get_partnership_for(request.user, slug, Need.VIEW)
    inv = selectors.load_inventory(access.partnership)
    finding = next(
        (f for f in selectors.findings(access.partnership, inv=inv) if f.key == key), None
    )
    if finding is None:
        raise Http404("This gap is not (or no longer) in the data.")
    rows = [inv.programs[i] for i in finding.programs if i in inv.programs]
    compare = selectors.comparison(inv, finding.programs) if finding.kind == "duplication" else None
    return render(
        request,
        "alignment/gap_detail.html",
        _context(access, finding=finding, rows=rows, compare=compare),
    )


@login_required
def supply(request: HttpRequest, slug: str) -> HttpResponse:
    access = get_partnership_for(request.user, slug, Need.VIEW)
    method = request.GET.get("method", selectors.COUNT)
    match_award = request.GET.get("award", "1") != "0"
    sd = selectors.supply_demand(access.partnership, method=method, match_award=match_award)
    return render(
        request,
        "alignment/supply.html",
        _context(
            access,
            sd=sd,
            methods=selectors.METHODS.items(),
            shortage_below=selectors.SHORTAGE_BELOW,
            surplus_above=selectors.SURPLUS_ABOVE,
        ),
    )


# --- the worksheet ---------------------------------------------------------------------------


@login_required
def worksheet(request: HttpRequest, slug: str) -> HttpResponse:
    access = get_partnership_for(request.user, slug, Need.VIEW)
    p = access.partnership
    inv = selectors.load_inventory(p)
    found = selectors.findings(p, inv=inv)
    answers = selectors.gap_answers(p)
    work_based = [x for x in inv.programs.values() if x.work_based and x.offered]
    items = []
    for question in QUESTIONS:
        answer = answers.get(question.key)
        items.append(
            {
                "question": question,
                "evidence": [f for f in found if f.kind in question.kinds],
                "answer": answer,
                "form": forms.GapAnswerForm(instance=answer, partnership=p, prefix=question.key)
                if access.can_team
                else None,
            }
        )
    return render(
        request,
        "alignment/worksheet.html",
        _context(
            access,
            items=items,
            work_based=work_based,
            convenings=list(forms.step6_convenings(p)) if access.can_team else [],
        ),
    )


@login_required
@require_POST
def worksheet_answer(request: HttpRequest, slug: str, question: str) -> HttpResponse:
    access = get_partnership_for(request.user, slug, Need.TEAM)
    answer = selectors.gap_answers(access.partnership).get(question)
    form = forms.GapAnswerForm(
        request.POST, instance=answer, partnership=access.partnership, prefix=question
    )
    if not form.is_valid():
        messages.error(
            request,
            "The answer was not saved: "
            + " ".join(str(e) for errors in form.errors.values() for e in errors),
        )
        return redirect("alignment:worksheet", slug)
    try:
        services.gap_answer_save(
            partnership=access.partnership,
            actor=request.user,
            question=question,
            answer=form.cleaned_data["answer"],
            decision=form.cleaned_data["decision"],
            convening=form.cleaned_data["convening"],
            expected_version=form.cleaned_data.get("version"),
        )
        messages.success(request, "Answer saved.")
    except EditConflict as conflict:
        messages.error(
            request,
            "Someone saved this answer after you opened the page; yours was not saved. Their "
            f"answer: “{conflict.current.answer}”. Yours: “{form.cleaned_data['answer']}”.",
        )
    except ValidationError as error:
        messages.error(request, error_text(error))
    return redirect(reverse("alignment:worksheet", args=[slug]) + f"#q-{question}")


# --- completers ------------------------------------------------------------------------------


@login_required
def completers(request: HttpRequest, slug: str) -> HttpResponse:
    access = get_partnership_for(request.user, slug, Need.VIEW)
    inv = selectors.load_inventory(access.partnership)
    counts = selectors.completers_by_program(access.partnership, inv.programs)
    editable = services.editable_program_ids(access.membership)
    rows = [
        {
            "program": p,
            "completers": counts.get(p.id),
            "can_edit": editable is None or p.id in editable,
        }
        for p in inv.programs.values()
    ]
    return render(
        request,
        "alignment/completers.html",
        _context(access, rows=rows, can_import=services.can_import_completers(access.membership)),
    )


@login_required
def program_completers(request: HttpRequest, slug: str, pk: int) -> HttpResponse:
    access = get_partnership_for(request.user, slug, Need.VIEW)
    program = get_object_or_404(
        Program.objects.select_related("provider__organization"),
        partnership=access.partnership,
        pk=pk,
    )
    editable = services.editable_program_ids(access.membership)
    if editable is not None and program.pk not in editable:
        raise PermissionDenied("Only the convener or the provider's own team can change this.")
    records = list(program.completer_years.all())
    form = forms.CompletersForm(request.POST or None, records=records)
    if request.method == "POST" and form.is_valid():
        try:
            services.program_completers_set(
                program=program, actor=request.user, years=form.years_data()
            )
            messages.success(request, f"Completers saved for {program.name}.")
            return redirect("alignment:completers", slug)
        except ValidationError as error:
            add_errors(form, error)
    return render(
        request, "alignment/program_completers.html", _context(access, program=program, form=form)
    )


@login_required
def completers_template(request: HttpRequest, slug: str) -> HttpResponse:
    access = get_partnership_for(request.user, slug, Need.VIEW)
    fmt = "csv" if request.GET.get("format") == "csv" else "xlsx"
    body = completers_sheet.template(access.partnership, fmt)
    return _download(body, fmt, f"{slug}-completers-template")


@login_required
def completers_export(request: HttpRequest, slug: str) -> HttpResponse:
    access = get_partnership_for(request.user, slug, Need.VIEW)
    fmt = "csv" if request.GET.get("format") == "csv" else "xlsx"
    return _download(completers_sheet.export(access.partnership, fmt), fmt, f"{slug}-completers")


def _download(body: bytes, fmt: str, stem: str) -> HttpResponse:
    response = HttpResponse(body, content_type="text/csv; charset=utf-8" if fmt == "csv" else XLSX)
    response["Content-Disposition"] = f'attachment; filename="{stem}.{fmt}"'
    return response


@login_required
def completers_import(request: HttpRequest, slug: str) -> HttpResponse:
    access = get_partnership_for(request.user, slug, Need.TEAM)
    if not services.can_import_completers(access.membership):
        raise PermissionDenied("Conveners and support partners import completers.")
    form = forms.UploadForm(request.POST or None, request.FILES or None)
    if request.method == "POST" and form.is_valid():
        record = services.completers_import_upload(
            partnership=access.partnership, actor=request.user, upload=form.cleaned_data["file"]
        )
        return redirect("alignment:completers_preview", slug, record.pk)
    return render(request, "alignment/completers_import.html", _context(access, form=form))


def _import_for(access: Access, pk: int) -> CompletersImport:
    record = CompletersImport.objects.filter(partnership=access.partnership, pk=pk).first()
    if record is None:
        raise Http404
    if not access.can_manage and record.uploaded_by_id != access.membership.user_id:
        raise PermissionDenied
    return record


def _plan(access: Access, record: CompletersImport):
    with record.file.open("rb") as handle:
        data = handle.read()
    try:
        table = read_table(data, record.file_name)
    except UnreadableFile as problem:
        return completers_sheet.CompletersPlan(record.file_name, problems=[str(problem)])
    return completers_sheet.build_plan(
        table,
        partnership=access.partnership,
        editable=services.editable_program_ids(access.membership),
    )


@login_required
def completers_preview(request: HttpRequest, slug: str, pk: int) -> HttpResponse:
    access = get_partnership_for(request.user, slug, Need.TEAM)
    record = _import_for(access, pk)
    plan = _plan(access, record)
    return render(
        request, "alignment/completers_preview.html", _context(access, record=record, plan=plan)
    )


@login_required
@require_POST
def completers_confirm(request: HttpRequest, slug: str, pk: int) -> HttpResponse:
    access = get_partnership_for(request.user, slug, Need.TEAM)
    record = _import_for(access, pk)
    plan = _plan(access, record)
    try:
        counts = services.completers_import_apply(record=record, plan=plan, actor=request.user)
    except ValidationError as error:
        messages.error(request, error_text(error))
        return redirect("alignment:completers_preview", slug, pk)
    messages.success(
        request,
        f"Imported {record.file_name}: {counts['create']} year{pluralize(counts['create'])} "
        f"added, {counts['update']} "
        f"changed, {counts['unchanged']} unchanged.",
    )
    return redirect("alignment:completers", slug)


# --- IPEDS: match providers to institutions, pull completers ----------------------------------


@login_required
def ipeds(request: HttpRequest, slug: str) -> HttpResponse:
    access = get_partnership_for(request.user, slug, Need.TEAM)
    data = ipeds_reads.matching(access.partnership)
    rows, others = [], []
    for row in data.rows:
        item = {
            "row": row,
            "can_match": services.can_match_provider(access.membership, row.provider),
        }
        (rows if row.campuses or row.suggestions else others).append(item)
    return render(
        request,
        "alignment/ipeds.html",
        _context(
            access,
            matching=data,
            rows=rows,
            others=others,
            can_pull=services.can_import_completers(access.membership),
            award_levels=ipeds_reads.award_level_help(),
        ),
    )


@login_required
@require_POST
def ipeds_match(request: HttpRequest, slug: str, pk: int) -> HttpResponse:
    access = get_partnership_for(request.user, slug, Need.TEAM)
    provider = get_object_or_404(
        Provider.objects.select_related("organization"), partnership=access.partnership, pk=pk
    )
    if not services.can_match_provider(access.membership, provider):
        raise PermissionDenied(
            "Conveners match any provider to IPEDS; support partners their own organization."
        )
    back = redirect(reverse("alignment:ipeds", args=[slug]) + f"#provider-{provider.pk}")
    remove = request.POST.get("remove", "").strip()
    if remove:
        if remove.isdigit() and services.provider_institution_remove(
            provider=provider, actor=request.user, unitid=int(remove)
        ):
            messages.success(
                request, f"IPEDS institution {remove} is no longer counted for {provider.name}."
            )
        else:
            messages.error(request, f"{provider.name} is not matched to IPEDS {remove}.")
        return back
    unitid = request.POST.get("unitid", "").strip()
    if not unitid.isdigit():
        messages.error(request, f"Choose the institution {provider.name} is.")
        return back
    try:
        match = services.provider_institution_confirm(
            provider=provider, actor=request.user, unitid=int(unitid)
        )
    except ValidationError as error:
        messages.error(request, error_text(error))
        return back
    messages.success(
        request, f"{provider.name} counts IPEDS institution {match.unitid}, {match.name}."
    )
    return back


@login_required
@require_http_methods(["GET", "POST"])
def ipeds_pull(request: HttpRequest, slug: str) -> HttpResponse:
    access = get_partnership_for(request.user, slug, Need.TEAM)
    if not services.can_import_completers(access.membership):
        raise PermissionDenied("Conveners and support partners pull completers from IPEDS.")
    pull = ipeds_reads.pull_plan(
        access.partnership, services.editable_program_ids(access.membership)
    )
    if request.method == "POST":
        try:
            counts = services.ipeds_completers_pull(
                pull=pull,
                actor=request.user,
                expected=request.POST.get("fingerprint", ""),
                include_updates=request.POST.get("include_updates") == "1",
            )
        except ValidationError as error:
            messages.error(request, error_text(error))
            return redirect("alignment:ipeds_pull", slug)
        text = (
            f"From IPEDS: {counts['create']} year{pluralize(counts['create'])} added, "
            f"{counts['update']} changed"
        )
        if counts["kept"]:
            text += f"; {counts['kept']} count{pluralize(counts['kept'])} entered before kept"
        messages.success(request, text + ".")
        return redirect("alignment:completers", slug)
    return render(request, "alignment/ipeds_pull.html", _context(access, pull=pull))


# --- programs against functions ---------------------------------------------------------------


@login_required
def functions_grid(request: HttpRequest, slug: str) -> HttpResponse:
    access = get_partnership_for(request.user, slug, Need.VIEW)
    source = request.POST if request.method == "POST" else request.GET
    page = source.get("page", "1")
    grid = selectors.function_grid(
        access.partnership, source.get("occupation", ""), int(page) if page.isdigit() else 1
    )
    editable = services.editable_program_ids(access.membership)
    may_edit = {
        p.id for p in grid["programs"] if access.can_team and (editable is None or p.id in editable)
    }
    if request.method == "POST":
        if not may_edit or grid["occupation"] is None:
            raise PermissionDenied(
                "Conveners and the providers' own teams mark what programs teach."
            )
        marked = set()
        for name in request.POST:
            if name.startswith("f|"):
                _, pid, key = name.split("|", 2)
                if pid.isdigit():
                    marked.add((int(pid), key))
        programs = list(Program.objects.filter(partnership=access.partnership, pk__in=may_edit))
        changed = services.program_functions_set(
            programs=programs,
            soc_code=grid["occupation"].soc_code,
            functions=grid["functions"],
            marked=marked,
            actor=request.user,
        )
        messages.success(request, f"Saved: {changed} mark{pluralize(changed)} changed.")
        return redirect(
            reverse("alignment:functions", args=[slug])
            + f"?occupation={grid['occupation'].soc_code}&page={grid['page']}"
        )
    rows = [
        {
            "program": p,
            "editable": p.id in may_edit,
            "cells": [(f, (p.id, f.key) in grid["marks"]) for f in grid["functions"]],
        }
        for p in grid["programs"]
    ]
    return render(
        request,
        "alignment/functions.html",
        _context(access, grid=grid, rows=rows, can_save=bool(may_edit)),
    )


# --- pathway programs ------------------------------------------------------------------------


def _pathway_for(access: Access, pk: int) -> PathwayProgram:
    return get_object_or_404(PathwayProgram, partnership=access.partnership, pk=pk)


@login_required
def pathways(request: HttpRequest, slug: str) -> HttpResponse:
    access = get_partnership_for(request.user, slug, Need.VIEW)
    inv = selectors.load_inventory(access.partnership)
    routes = [
        {"pathway": p, "steps": selectors.pathway_route(p, inv)}
        for p in selectors.pathway_programs_for(access.partnership)
    ]
    form = forms.PathwayProgramForm() if access.can_manage else None
    return render(request, "alignment/pathways.html", _context(access, routes=routes, form=form))


@login_required
@require_POST
def pathway_create(request: HttpRequest, slug: str) -> HttpResponse:
    access = get_partnership_for(request.user, slug, Need.MANAGE)
    form = forms.PathwayProgramForm(request.POST)
    if form.is_valid():
        fields = {k: form.cleaned_data[k] for k in services.PATHWAY_FIELDS}
        try:
            pathway = services.pathway_program_create(
                partnership=access.partnership, actor=request.user, **fields
            )
            return redirect("alignment:pathway_detail", slug, pathway.pk)
        except ValidationError as error:
            add_errors(form, error)
    inv = selectors.load_inventory(access.partnership)
    routes = [
        {"pathway": p, "steps": selectors.pathway_route(p, inv)}
        for p in selectors.pathway_programs_for(access.partnership)
    ]
    return render(request, "alignment/pathways.html", _context(access, routes=routes, form=form))


@login_required
def pathway_detail(request: HttpRequest, slug: str, pk: int) -> HttpResponse:
    access = get_partnership_for(request.user, slug, Need.VIEW)
    pathway = _pathway_for(access, pk)
    inv = selectors.load_inventory(access.partnership)
    pathway = next(
        p for p in selectors.pathway_programs_for(access.partnership) if p.pk == pathway.pk
    )
    context = {"pathway": pathway, "steps": selectors.pathway_route(pathway, inv)}
    if access.can_manage:
        form = forms.PathwayProgramForm(request.POST or None, instance=pathway)
        if request.method == "POST" and form.is_valid():
            fields = {k: form.cleaned_data[k] for k in services.PATHWAY_FIELDS}
            try:
                services.pathway_program_update(
                    pathway=pathway,
                    actor=request.user,
                    expected_version=form.cleaned_data.get("version") or pathway.version,
                    **fields,
                )
                messages.success(request, "Pathway program saved.")
                return redirect("alignment:pathway_detail", slug, pk)
            except EditConflict:
                form.data = form.data.copy()
                form.data["version"] = PathwayProgram.objects.get(pk=pk).version
                form.add_error(
                    None,
                    "Someone saved this pathway program after you opened it. Your text is "
                    "below; the saved version is on the left. Save again to keep yours.",
                )
                context["current"] = PathwayProgram.objects.get(pk=pk)
            except ValidationError as error:
                add_errors(form, error)
        programs = Program.objects.filter(partnership=access.partnership).select_related(
            "provider__organization"
        )
        occupations = CriticalOccupation.objects.filter(partnership=access.partnership).order_by(
            "order", "soc_code"
        )
        context["form"] = form
        context["step_form"] = forms.PathwayStepForm(programs=programs, occupations=occupations)
    elif request.method == "POST":
        raise PermissionDenied
    return render(request, "alignment/pathway_detail.html", _context(access, **context))


@login_required
@require_POST
def pathway_delete(request: HttpRequest, slug: str, pk: int) -> HttpResponse:
    access = get_partnership_for(request.user, slug, Need.MANAGE)
    pathway = _pathway_for(access, pk)
    services.pathway_program_delete(pathway=pathway, actor=request.user)
    messages.success(request, f"Deleted the pathway program {pathway.name}.")
    return redirect("alignment:pathways", slug)


@login_required
@require_POST
def pathway_step_add(request: HttpRequest, slug: str, pk: int) -> HttpResponse:
    access = get_partnership_for(request.user, slug, Need.MANAGE)
    pathway = _pathway_for(access, pk)
    programs = Program.objects.filter(partnership=access.partnership).select_related(
        "provider__organization"
    )
    occupations = CriticalOccupation.objects.filter(partnership=access.partnership)
    form = forms.PathwayStepForm(request.POST, programs=programs, occupations=occupations)
    if form.is_valid():
        try:
            services.pathway_step_add(
                pathway=pathway,
                actor=request.user,
                program=programs.get(pk=form.cleaned_data["program"]),
                exit_soc_code=form.cleaned_data["exit_soc_code"],
                note=form.cleaned_data["note"],
            )
        except ValidationError as error:
            messages.error(request, error_text(error))
    else:
        messages.error(request, "Choose one of the inventory's programs.")
    return redirect("alignment:pathway_detail", slug, pk)


def _step_for(access: Access, pk: int, step_pk: int) -> PathwayStep:
    return get_object_or_404(
        PathwayStep.objects.select_related("pathway"),
        pathway__partnership=access.partnership,
        pathway_id=pk,
        pk=step_pk,
    )


@login_required
@require_POST
def pathway_step_remove(request: HttpRequest, slug: str, pk: int, step_pk: int) -> HttpResponse:
    access = get_partnership_for(request.user, slug, Need.MANAGE)
    services.pathway_step_remove(step=_step_for(access, pk, step_pk), actor=request.user)
    return redirect("alignment:pathway_detail", slug, pk)


@login_required
@require_POST
def pathway_step_move(request: HttpRequest, slug: str, pk: int, step_pk: int) -> HttpResponse:
    access = get_partnership_for(request.user, slug, Need.MANAGE)
    services.pathway_step_move(
        step=_step_for(access, pk, step_pk), actor=request.user, up=request.POST.get("up") == "1"
    )
    return redirect("alignment:pathway_detail", slug, pk)
