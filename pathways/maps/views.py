from __future__ import annotations

from csp.decorators import csp_replace
from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.core.files.storage import default_storage
from django.http import FileResponse, Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.cache import patch_cache_control
from django.views.decorators.clickjacking import xframe_options_exempt
from django.views.decorators.http import require_POST

from partnerships.access import Need, get_partnership_for
from partnerships.models import Membership
from pathways.maps import selectors as map_selectors
from pathways.maps import services as map_services
from pathways.maps.forms import MapFilterForm, MapSettingsForm
from pathways.maps.models import MapVersion

# --- Step 7: the career pathway map ---------------------------------------------------------
# Published maps are public (no login); drafts are for members; conveners publish and render.


def _map_page_context(data: dict, **extra) -> dict:
    context = map_services.map_context(data, map_services.ONE_PAGE)
    context.update(extra)
    return context


def _published_or_404(slug: str, number: int | None = None) -> MapVersion:
    version = map_selectors.published_version(slug, number)
    if version is None:
        raise Http404("No published map here.")
    return version


def _version_context(version: MapVersion) -> dict:
    slug = version.slug
    latest = map_selectors.published_version(slug)
    is_latest = latest is not None and latest.number == version.number
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
        "pdf_url": pdf_url,
        "detail_pdf_url": detail_url,
    }


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
    version = map_selectors.published_version(slug)
    if version is None:
        if (
            request.user.is_authenticated
            and Membership.objects.filter(user=request.user, partnership__slug=slug).exists()
        ):
            return redirect("maps:map_draft", slug)
        raise Http404("This partnership has not published a map yet.")
    return render(
        request,
        "maps/map_public.html",
        _map_page_context(version.snapshot, **_version_context(version)),
    )


def map_version(request: HttpRequest, slug: str, number: int) -> HttpResponse:
    version = _published_or_404(slug, number)
    return render(
        request,
        "maps/map_public.html",
        _map_page_context(version.snapshot, **_version_context(version)),
    )


@xframe_options_exempt
@csp_replace({"frame-ancestors": ["*"]})
def map_embed(request: HttpRequest, slug: str) -> HttpResponse:
    """The published map without the site's navigation, for partners' websites (iframes)."""
    version = _published_or_404(slug)
    return render(
        request,
        "maps/map_embed.html",
        _map_page_context(version.snapshot, **_version_context(version), embedded=True),
    )


def _serve_pdf(name: str, download_name: str, max_age: int) -> FileResponse:
    response = FileResponse(
        default_storage.open(name, "rb"), content_type="application/pdf", filename=download_name
    )
    patch_cache_control(response, public=True, max_age=max_age)
    return response


def map_pdf(
    request: HttpRequest, slug: str, number: int | None = None, detail: bool = False
) -> HttpResponse:
    """A published PDF straight from storage. The current map's address serves the newest
    PDF there is, so nobody waits while a new version renders."""
    found = map_selectors.pdf_to_serve(slug, number, detail)
    if found is None:
        if map_selectors.published_version(slug, number) is None:
            raise Http404("No published map here.")
        response = render(request, "maps/map_pdf_pending.html", {"slug": slug}, status=503)
        response["Retry-After"] = "30"
        return response
    name, served = found
    suffix = "-program-detail" if detail else ""
    download_name = f"{slug}-career-pathway-map-v{served}{suffix}.pdf"
    max_age = 300 if number is None else 3600
    try:
        return _serve_pdf(name, download_name, max_age)
    except FileNotFoundError:
        # Replaced by a newer render since it was cached: look again.
        map_selectors.forget_pdfs(slug, number)
        found = map_selectors.pdf_to_serve(slug, number, detail)
        if found is None:
            raise Http404("No PDF here.") from None
        return _serve_pdf(found[0], download_name, max_age)


@login_required
def map_draft(request: HttpRequest, slug: str) -> HttpResponse:
    """The map as it would be published now, for the partnership's members."""
    access = get_partnership_for(request.user, slug, Need.VIEW)
    pathway_map = map_selectors.map_for(access.partnership)
    data = map_selectors.map_data(access.partnership, pathway_map)
    latest = map_selectors.latest_version(access.partnership)
    return render(
        request,
        "maps/map_draft.html",
        _map_page_context(
            data,
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
    file = pathway_map.draft_detail_pdf if detail else pathway_map.draft_pdf
    if not file:
        raise Http404("No draft PDF yet: render one from the draft page.")
    suffix = "-program-detail" if detail else ""
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


@login_required
@require_POST
def map_publish(request: HttpRequest, slug: str) -> HttpResponse:
    access = get_partnership_for(request.user, slug, Need.MANAGE)
    try:
        version = map_services.map_publish(partnership=access.partnership, actor=request.user)
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
