"""Every write to the program inventory, and who may make it. One transaction per action;
every change to a program leaves an entry in its history.

By concern:

- `common`: the fields a program form, an in-place edit or a spreadsheet row can change;
- `permissions`: who may change programs, record reviews, linkages and shared credentials;
- `history`: a program's fields as people read them, and its history entries;
- `providers`: providers, their contacts, inviting one onto the support team;
- `credentials`: the partnership's credentials and how they stack;
- `programs`: adding, changing, reviewing and deleting programs, one or many at a time;
- `program_occupations`: the occupations a program prepares for (crosswalk suggestions);
- `linkages`: linkages between programs and their agreements;
- `imports`: spreadsheets in, read by a worker, previewed, then applied all or nothing.
"""

from __future__ import annotations

from inventory.services.common import (
    INLINE_FIELDS,
    PROGRAM_FIELDS,
)
from inventory.services.credentials import (
    credential_create,
    credential_delete,
    credential_update,
)
from inventory.services.history import (
    diff,
    display_value,
    snapshot,
)
from inventory.services.imports import (
    ImportRefused,
    program_import_apply,
    program_import_confirm,
    program_import_plan,
    program_import_read,
    program_import_retry,
    program_import_upload,
)
from inventory.services.linkages import (
    linkage_create,
    linkage_delete,
    linkage_update,
)
from inventory.services.permissions import (
    LINKAGE_REFUSED,
    can_add_programs,
    can_edit_credential,
    can_edit_linkage,
    can_edit_program,
    can_review,
    credential_ids_used_beyond,
)
from inventory.services.program_occupations import (
    program_occupation_add,
    program_occupation_confirm,
    program_occupation_remove,
    program_occupations_suggest,
)
from inventory.services.programs import (
    BULK_ACTIONS,
    missing_program_flag_raise,
    missing_program_flag_resolve,
    program_comment_add,
    program_create,
    program_delete,
    program_mark_reviewed,
    program_update,
    programs_bulk,
)
from inventory.services.providers import (
    SYSTEM_FOR_PROVIDER_KIND,
    provider_contact_add,
    provider_contact_remove,
    provider_create,
    provider_delete,
    provider_invite_to_support_team,
    provider_update,
)

__all__ = [
    "PROGRAM_FIELDS",
    "INLINE_FIELDS",
    "can_edit_program",
    "can_add_programs",
    "can_review",
    "can_edit_linkage",
    "LINKAGE_REFUSED",
    "can_edit_credential",
    "credential_ids_used_beyond",
    "display_value",
    "snapshot",
    "diff",
    "SYSTEM_FOR_PROVIDER_KIND",
    "provider_create",
    "provider_update",
    "provider_delete",
    "provider_contact_add",
    "provider_contact_remove",
    "provider_invite_to_support_team",
    "credential_create",
    "credential_update",
    "credential_delete",
    "program_create",
    "program_update",
    "program_delete",
    "program_mark_reviewed",
    "program_comment_add",
    "missing_program_flag_raise",
    "missing_program_flag_resolve",
    "BULK_ACTIONS",
    "programs_bulk",
    "program_occupations_suggest",
    "program_occupation_add",
    "program_occupation_confirm",
    "program_occupation_remove",
    "linkage_create",
    "linkage_update",
    "linkage_delete",
    "ImportRefused",
    "program_import_upload",
    "program_import_retry",
    "program_import_read",
    "program_import_plan",
    "program_import_confirm",
    "program_import_apply",
]
