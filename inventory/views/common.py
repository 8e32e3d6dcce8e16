"""What the inventory pages share: the program getter, the page context, the way back
to the table and the edit-conflict rebase."""

from __future__ import annotations

from django.core.exceptions import PermissionDenied
from django.shortcuts import get_object_or_404
from django.urls import reverse

from inventory import services
from inventory.models import Program
from partnerships.access import Access
from pathways.concurrency import EditConflict


def _rebase_on_conflict(form, conflict: EditConflict) -> None:
    """Keep what the person typed, point the form at the newer version, and show both
    versions as people read them (labels for choices, yes/no, names)."""
    form.rebase(conflict.current)
    by_label = {str(f.verbose_name): f.name for f in Program._meta.fields}
    conflict.changed = [
        (
            label,
            services.display_value(by_label.get(str(label), ""), theirs),
            services.display_value(by_label.get(str(label), ""), yours),
        )
        for label, theirs, yours in conflict.changed
    ]


def _program_for(access: Access, pk: int, *, edit: bool = False) -> Program:
    """The one getter for a program: 404 outside the partnership, 403 without edit rights."""
    program = get_object_or_404(
        Program.objects.select_related("provider__organization", "partnership"),
        partnership=access.partnership,
        pk=pk,
    )
    if edit and not services.can_edit_program(access.membership, program):
        raise PermissionDenied("Only the convener or the provider's own team can change this.")
    return program


def _context(access: Access, **extra) -> dict:
    return {
        "access": access,
        "partnership": access.partnership,
        # Rows link to their program by appending the id: one reverse() per page, not per row.
        "programs_base": reverse("inventory:programs", args=[access.partnership.slug])
        + "programs/",
        **extra,
    }


def _inventory_url(slug: str) -> str:
    return reverse("inventory:programs", args=[slug])
