from __future__ import annotations

from django.contrib import admin

from inventory.models import (
    Credential,
    Linkage,
    MissingProgramFlag,
    Program,
    ProgramChange,
    ProgramComment,
    ProgramImport,
    ProgramOccupation,
    Provider,
    ProviderContact,
)


class ContactInline(admin.TabularInline):
    model = ProviderContact
    extra = 0


@admin.register(Provider)
class ProviderAdmin(admin.ModelAdmin):
    list_display = ["organization", "kind", "partnership"]
    list_filter = ["kind", "partnership"]
    search_fields = ["organization__name"]
    inlines = [ContactInline]


class OccupationInline(admin.TabularInline):
    model = ProgramOccupation
    extra = 0
    raw_id_fields = ["confirmed_by"]


@admin.register(Program)
class ProgramAdmin(admin.ModelAdmin):
    list_display = ["name", "provider", "program_type", "status", "cip_code", "updated_at"]
    list_filter = ["program_type", "status", "partnership"]
    search_fields = ["name", "provider__organization__name", "cip_code"]
    raw_id_fields = ["provider", "reviewed_by", "created_by"]
    filter_horizontal = ["credentials", "entry_credentials"]
    readonly_fields = ["version", "created_at", "updated_at"]
    inlines = [OccupationInline]


@admin.register(Credential)
class CredentialAdmin(admin.ModelAdmin):
    list_display = ["name", "kind", "level", "issuer", "partnership"]
    list_filter = ["kind", "partnership"]
    search_fields = ["name", "issuer"]
    filter_horizontal = ["stacks_into"]


@admin.register(Linkage)
class LinkageAdmin(admin.ModelAdmin):
    list_display = ["from_program", "to_program", "kind", "status"]
    list_filter = ["kind", "status"]
    raw_id_fields = ["from_program", "to_program", "created_by"]


@admin.register(ProgramChange)
class ProgramChangeAdmin(admin.ModelAdmin):
    list_display = ["program_name", "action", "via", "actor", "at"]
    list_filter = ["action", "via"]
    readonly_fields = [f.name for f in ProgramChange._meta.fields]

    # History is written by the services as changes happen; nobody adds or rewrites it.
    def has_add_permission(self, request) -> bool:
        return False

    def has_change_permission(self, request, obj=None) -> bool:
        return False

    def has_delete_permission(self, request, obj=None) -> bool:
        return False


admin.site.register(ProgramComment)
admin.site.register(MissingProgramFlag)
admin.site.register(ProgramImport)
