"""What the inventory's services share: the fields a program can change, and saving
an instance only once it validates."""

from __future__ import annotations

# Fields a program form, an in-place edit or a spreadsheet row can change.
PROGRAM_FIELDS = [
    "provider",
    "name",
    "program_type",
    "cip_code",
    "status",
    "description",
    "clock_hours",
    "credits",
    "weeks",
    "months",
    "tuition",
    "fees",
    "other_costs",
    "prerequisites",
    "evening",
    "weekend",
    "online",
    "open_entry",
    "non_semester",
    "childcare",
    "transportation",
    "tutoring",
    "advising",
    "completions_per_year",
    "capacity",
    "waiting_list",
    "placement_rate",
    "placement_year",
    "placement_source",
]
# The common fields the inventory table edits in place.
INLINE_FIELDS = [
    "name",
    "program_type",
    "status",
    "clock_hours",
    "tuition",
    "completions_per_year",
    "capacity",
    "placement_rate",
]


def _validated(instance):
    instance.full_clean()
    instance.save()
    return instance
