"""The partnership menu's links to each step's work, read from the step registry."""

from __future__ import annotations

from django import template

from partnerships import registry

register = template.Library()


@register.inclusion_tag("partnerships/_steps_menu.html", takes_context=True)
def steps_menu(context, access):
    match = context["request"].resolver_match
    current = match.view_name if match else ""
    links = []
    for step in registry.all_steps():
        pages = step.pages_for(access)
        if not pages:
            continue
        page = pages[0]
        namespace = page.url_name.split(":")[0]
        active = current == page.url_name or (
            match is not None
            and namespace not in ("partnerships",)
            and match.namespace == namespace
        )
        links.append({"step": step, "page": page, "active": active})
    return {"links": links, "partnership": access.partnership}
