from __future__ import annotations

from csp.decorators import csp_replace
from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.core.files.storage import default_storage
from django.http import FileResponse, Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils import translation
from django.utils.cache import patch_cache_control, patch_vary_headers
from django.views.decorators.clickjacking import xframe_options_exempt
from django.views.decorators.http import require_POST

from partnerships.access import Need, get_partnership_for
from partnerships.models import Membership, Role
from pathways.maps import editions, page_cache
from pathways.maps import selectors as map_selectors
from pathways.maps import services as map_services
from pathways.maps.forms import MapFilterForm, MapOccupationForm, MapSettingsForm
from pathways.maps.models import MapVersion
from pathways.validation import add_errors

# --- Step 7: the career pathway map ---------------------------------------------------------
# Published maps are public (no login); drafts are for members; conveners publish and render.


def _language(request: HttpRequest) -> tuple[str, bool]:
    """The reader's language and whether it was negotiated from the browser's headers."""
    requested = request.GET.get("lang")
    return editions.choose(requested, request), requested not in editions.LANGUAGES


def _map_page_context(data: dict, language: str = editions.DEFAULT, **extra) -> dict:
    context = map_services.map_context(data, map_services.ONE_PAGE, language=language)
    context.update(extra)
    return context


def _published_or_404(slug: str, number: int | None = None) -> MapVersion:
    version = map_selectors.published_version(slug, number)
    if version is None:
        raise Http404("No published map here.")
    return version


def _version_context(version: MapVersion, language: str) -> dict:
    slug = version.slug
    latest = map_selectors.published_version(slug)
    is_latest = latest is not None and latest.number == version.number
    query = "" if language == editions.DEFAULT else f"?lang={language}"
    if is_latest:
        pdf_url = reverse("maps:map_pdf", args=[slug])
        detail_url = reverse("maps:map_detail_pdf", args=[slug])
    else:
        pdf_url = reverse("maps:map_version_pdf", args=[slug, version.number])
        detail_url = reverse("maps:map_version_detail_pdf", args=[slug, version.number])
    return {
        "version": version,
        "is_latest": is_latest,
        "latest": latest,
        "versions": map_selectors.versions_of(version.pathway_map),
        "pdf_url": pdf_url + query,
        "detail_pdf_url": detail_url + query,
        "text_url": reverse("maps:map_text", args=[slug]) + query,
        "map_url": reverse("maps:map_public", args=[slug]) + query,
        "page_url": version.get_absolute_url()
        if not is_latest
        else reverse("maps:map_public", args=[slug]),
    }


def _manager_of(request: HttpRequest, slug: str) -> bool:
    return (
        request.user.is_authenticated
        and Membership.objects.filter(
            user=request.user, partnership__slug=slug, role=Role.CONVENER
        ).exists()
    )


def _share_links(request: HttpRequest, slug: str) -> dict:
    """What a convener hands to partners: the addresses and the embed code, per language."""
    out = {}
    for language in editions.LANGUAGES:
        query = "" if language == editions.DEFAULT else f"?lang={language}"
        embed = request.build_absolute_uri(reverse("maps:map_embed", args=[slug])) + query
        out[language] = {
            "page": request.build_absolute_uri(reverse("maps:map_public", args=[slug])) + query,
            "embed": embed,
            "text": request.build_absolute_uri(reverse("maps:map_text", args=[slug])) + query,
        }
    return out


def _public_page(
    request: HttpRequest, slug: str, number: int | None, template: str, kind: str, **extra
) -> HttpResponse:
    """A published map page in the reader's language: from the cache for the public, rendered
    fresh (with the share panel) for the partnership's conveners."""
    language, negotiated = _language(request)
    current = page_cache.current_version(slug, lambda: map_selectors.newest_stamp(slug))
    if current is None:
        return None
    shown = current[0] if number is None else number
    if not 1 <= shown <= current[0]:
        raise Http404("No published map here.")

    def render_page() -> HttpResponse:
        version = _published_or_404(slug, shown)
        with translation.override(language):
            context = _map_page_context(
                version.snapshot, language, **_version_context(version, language), **extra
            )
            context["share"] = extra.get("share")
            return render(request, template, context)

    # A flash message (e.g. after signing out) is for this visitor only: never cache it.
    if request.user.is_authenticated or len(messages.get_messages(request)):
        share = None
        if _manager_of(request, slug):
            share = _share_links(request, slug)
        extra["share"] = share
        response = render_page()
        patch_cache_control(response, private=True, no_cache=True)
        return response
    version_published = (
        current[1] if shown == current[0] else _published_or_404(slug, shown).published_at
    )
    return page_cache.serve(
        request,
        parts=(kind, slug, shown, current[0], language),
        last_modified=version_published,
        negotiated=negotiated,
        render=render_page,
    )


def map_list(request: HttpRequest) -> HttpResponse:
    """Every published map, for counselors and anyone else: filter by industry and region."""
    directory = map_selectors.map_directory()
    form = MapFilterForm(
        request.GET or None, industries=directory["industries"], states=directory["states"]
    )
    filters = form.cleaned_data if form.is_valid() else {}
    if filters:
        directory = map_selectors.map_directory(
            industry=filters.get("industry", ""),
            state=filters.get("state", ""),
            q=filters.get("q", ""),
        )
    template = (
        "maps/_map_list_results.html" if request.headers.get("HX-Request") else "maps/map_list.html"
    )
    return render(request, template, {"form": form, "versions": directory["versions"]})


def map_public(request: HttpRequest, slug: str) -> HttpResponse:
    response = _public_page(request, slug, None, "maps/map_public.html", "page")
    if response is None:
        if (
            request.user.is_authenticated
            and Membership.objects.filter(user=request.user, partnership__slug=slug).exists()
        ):
            return redirect("maps:map_draft", slug)
        raise Http404("This partnership has not published a map yet.")
    return response


def map_version(request: HttpRequest, slug: str, number: int) -> HttpResponse:
    response = _public_page(request, slug, number, "maps/map_public.html", "page")
    if response is None:
        raise Http404("No published map here.")
    return response


def map_text(request: HttpRequest, slug: str) -> HttpResponse:
    """The current map as plain text in reading order, for screen readers and slow links."""
    response = _public_page(request, slug, None, "maps/map_text.html", "text")
    if response is None:
        raise Http404("No published map here.")
    return response


@xframe_options_exempt
@csp_replace({"frame-ancestors": ["*"]})
def map_embed(request: HttpRequest, slug: str) -> HttpResponse:
    """The published map without the site's navigation, for partners' websites (iframes)."""
    response = _public_page(request, slug, None, "maps/map_embed.html", "embed", embedded=True)
    if response is None:
        raise Http404("No published map here.")
    return response


def _serve_pdf(name: str, download_name: str, max_age: int) -> FileResponse:
    response = FileResponse(
        default_storage.open(name, "rb"), content_type="application/pdf", filename=download_name
    )
    patch_cache_control(response, public=True, max_age=max_age)
    return response


def map_pdf(
    request: HttpRequest, slug: str, number: int | None = None, detail: bool = False
) -> HttpResponse:
    """A published PDF straight from storage, in the reader's language. The current map's
    address serves the newest PDF there is, so nobody waits while a new version renders."""
    language, negotiated = _language(request)
    found = map_selectors.pdf_to_serve(slug, number, detail, language)
    if found is None:
        if map_selectors.published_version(slug, number) is None:
            raise Http404("No published map here.")
        response = render(request, "maps/map_pdf_pending.html", {"slug": slug}, status=503)
        response["Retry-After"] = "30"
        return response
    name, served = found
    suffix = ("-program-detail" if detail else "") + ("" if language == "en" else f"-{language}")
    download_name = f"{slug}-career-pathway-map-v{served}{suffix}.pdf"
    max_age = 300 if number is None else 3600
    try:
        response = _serve_pdf(name, download_name, max_age)
    except FileNotFoundError:
        # Replaced by a newer render since it was cached: look again.
        map_selectors.forget_pdfs(slug, number)
        found = map_selectors.pdf_to_serve(slug, number, detail, language)
        if found is None:
            raise Http404("No PDF here.") from None
        response = _serve_pdf(found[0], download_name, max_age)
    if negotiated:
        patch_vary_headers(response, ["Accept-Language"])
    return response


@login_required
def map_draft(request: HttpRequest, slug: str) -> HttpResponse:
    """The map as it would be published now, for the partnership's members."""
    access = get_partnership_for(request.user, slug, Need.VIEW)
    pathway_map = map_selectors.map_for(access.partnership)
    data = map_selectors.map_data(access.partnership, pathway_map)
    latest = map_selectors.latest_version(access.partnership)
    language, _ = _language(request)
    with translation.override(language):
        return render(
            request,
            "maps/map_draft.html",
            _map_page_context(
                data,
                language,
                access=access,
                partnership=access.partnership,
                pathway_map=pathway_map,
                latest=latest,
                versions=map_selectors.versions_of(pathway_map),
                render_job=map_selectors.latest_render(pathway_map),
                draft=True,
            ),
        )


@login_required
def map_draft_pdf(request: HttpRequest, slug: str, detail: bool = False) -> HttpResponse:
    access = get_partnership_for(request.user, slug, Need.VIEW)
    pathway_map = map_selectors.map_for(access.partnership)
    language, _ = _language(request)
    edition = map_services.DETAIL if detail else map_services.ONE_PAGE
    file = getattr(pathway_map, map_services.pdf_field(edition, language, draft=True))
    if not file:
        raise Http404("No draft PDF yet: render one from the draft page.")
    suffix = ("-program-detail" if detail else "") + ("" if language == "en" else f"-{language}")
    response = _serve_pdf(file.name, f"{slug}-career-pathway-map-draft{suffix}.pdf", 0)
    patch_cache_control(response, private=True, no_cache=True)
    return response


@login_required
def map_edit(request: HttpRequest, slug: str) -> HttpResponse:
    access = get_partnership_for(request.user, slug, Need.MANAGE)
    pathway_map = map_selectors.map_for(access.partnership)
    form = MapSettingsForm(
        request.POST or None, instance=pathway_map, partnership=access.partnership
    )
    if request.method == "POST" and form.is_valid():
        map_services.map_settings_update(
            partnership=access.partnership, actor=request.user, **form.settings()
        )
        messages.success(request, "Map settings saved. Preview the draft, then publish it.")
        return redirect("maps:map_draft", slug)
    return render(
        request,
        "maps/map_edit.html",
        {"form": form, "partnership": access.partnership, "access": access},
    )


def _occupation_form(row: dict, data=None) -> MapOccupationForm:
    return MapOccupationForm(
        data,
        prefix=f"o{row['occupation'].pk}",
        options=row["options"],
        programs=row["programs"],
        setting=row["setting"],
    )


@login_required
def map_occupations(request: HttpRequest, slug: str) -> HttpResponse:
    """Per occupation: the tools and technology students will learn, the program shown first
    and the Spanish title and description. Conveners only."""
    access = get_partnership_for(request.user, slug, Need.MANAGE)
    pathway_map = map_selectors.map_for(access.partnership)
    rows = map_selectors.occupation_rows(access.partnership, pathway_map)
    bound = None
    if request.method == "POST":
        row = next(
            (r for r in rows if str(r["occupation"].pk) == request.POST.get("occupation")), None
        )
        if row is None:
            raise Http404("Not one of the partnership's critical occupations.")
        bound = _occupation_form(row, request.POST)
        if bound.is_valid():
            try:
                map_services.map_occupation_update(
                    partnership=access.partnership,
                    actor=request.user,
                    soc_code=row["occupation"].soc_code,
                    tools=bound.tools(),
                    pinned_program=bound.cleaned_data["pinned_program"],
                    title_es=bound.cleaned_data["title_es"],
                    description_es=bound.cleaned_data["description_es"],
                )
            except ValidationError as error:
                add_errors(bound, error)
            else:
                messages.success(request, f"Saved {row['occupation'].title}.")
                return redirect(
                    reverse("maps:map_occupations", args=[slug])
                    + f"#occupation-{row['occupation'].pk}"
                )
        row["form"] = bound
    for row in rows:
        row.setdefault("form", _occupation_form(row))
    return render(
        request,
        "maps/map_occupations.html",
        {"rows": rows, "partnership": access.partnership, "access": access},
    )


@login_required
@require_POST
def map_publish(request: HttpRequest, slug: str) -> HttpResponse:
    access = get_partnership_for(request.user, slug, Need.MANAGE)
    # The draft's form lists the pathway programs to draw; a form without that list (or a
    # script posting only "publish") draws every one with two steps.
    pathway_ids = None
    if request.POST.get("pathways_listed"):
        pathway_ids = [int(i) for i in request.POST.getlist("pathway") if i.isdigit()]
    try:
        version = map_services.map_publish(
            partnership=access.partnership,
            actor=request.user,
            include_unreviewed=request.POST.get("include_unreviewed") == "on",
            pathway_ids=pathway_ids,
        )
    except ValidationError as exc:
        messages.error(request, " ".join(exc.messages))
        return redirect("maps:map_draft", slug)
    messages.success(
        request,
        f"Version {version.number} is published at "
        f"{request.build_absolute_uri(reverse('maps:map_public', args=[slug]))}. "
        "Its PDFs are rendering; until they are ready, downloads serve the previous ones.",
    )
    return redirect("maps:map_draft", slug)


@login_required
@require_POST
def map_render(request: HttpRequest, slug: str) -> HttpResponse:
    """Render the draft's PDFs (or a version's again) on demand."""
    access = get_partnership_for(request.user, slug, Need.MANAGE)
    version = None
    if request.POST.get("version", "").isdigit():
        version = map_selectors.published_version(slug, int(request.POST["version"]))
        if version is None:
            raise Http404
    render_job = map_services.map_render_request(
        partnership=access.partnership, actor=request.user, version=version
    )
    if request.headers.get("HX-Request"):
        return _render_status_response(request, access, render_job)
    return redirect("maps:map_draft", slug)


def _render_status_response(request, access, render_job) -> HttpResponse:
    pathway_map = render_job.pathway_map if render_job else None
    return render(
        request,
        "maps/_render_status.html",
        {
            "render_job": render_job,
            "partnership": access.partnership,
            "access": access,
            "pathway_map": pathway_map,
            "latest": map_selectors.latest_version(access.partnership),
        },
    )


@login_required
def map_render_status(request: HttpRequest, slug: str, render_id: int) -> HttpResponse:
    """The render's progress, polled by htmx while it runs."""
    access = get_partnership_for(request.user, slug, Need.VIEW)
    render_job = map_selectors.render_for(map_selectors.map_for(access.partnership), render_id)
    if render_job is None:
        raise Http404
    return _render_status_response(request, access, render_job)
