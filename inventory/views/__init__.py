"""Step 4: the program inventory, by concern. Every view: check access, validate, call a
service, redirect (or render a table row for htmx)."""

from __future__ import annotations

from inventory.views.credential import credential_edit, credentials
from inventory.views.gaps import coverage, flag_create, flag_resolve
from inventory.views.linkage import linkage_document, linkage_edit, linkages
from inventory.views.program import (
    occupation_add,
    occupation_confirm,
    occupation_remove,
    occupations_suggest,
    program_comment,
    program_create,
    program_delete,
    program_detail,
    program_edit,
    program_review,
)
from inventory.views.provider import contact_remove, provider_detail, provider_invite, providers
from inventory.views.spreadsheet import (
    export,
    import_confirm,
    import_preview,
    import_retry,
    import_upload,
    spreadsheet_template,
)
from inventory.views.table import COLUMNS, program_inline, program_row, programs, programs_bulk

__all__ = [
    "COLUMNS",
    "program_inline",
    "program_row",
    "programs",
    "programs_bulk",
    "occupation_add",
    "occupation_confirm",
    "occupation_remove",
    "occupations_suggest",
    "program_comment",
    "program_create",
    "program_delete",
    "program_detail",
    "program_edit",
    "program_review",
    "contact_remove",
    "provider_detail",
    "provider_invite",
    "providers",
    "credential_edit",
    "credentials",
    "linkage_document",
    "linkage_edit",
    "linkages",
    "export",
    "import_confirm",
    "import_preview",
    "import_retry",
    "import_upload",
    "spreadsheet_template",
    "coverage",
    "flag_create",
    "flag_resolve",
]
