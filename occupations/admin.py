"""Admin: releases and import jobs. Row tables (composite keys, hundreds of thousands of
rows) are read through the explorer, not the admin."""

from __future__ import annotations

from django.contrib import admin

from occupations.models import DataRelease, ImportJob


@admin.register(DataRelease)
class DataReleaseAdmin(admin.ModelAdmin):
    list_display = ["__str__", "source", "version", "file_name", "imported_at", "imported_by"]
    list_filter = ["source"]
    search_fields = ["version", "file_name", "checksum"]
    readonly_fields = [f.name for f in DataRelease._meta.fields]

    def has_add_permission(self, request) -> bool:
        return False  # releases come from imports only

    def has_delete_permission(self, request, obj=None) -> bool:
        return False  # rows carry no database cascade: use services.release_delete


@admin.register(ImportJob)
class ImportJobAdmin(admin.ModelAdmin):
    list_display = ["__str__", "source", "status", "created_at", "requested_by", "release"]
    list_filter = ["source", "status"]
    readonly_fields = [f.name for f in ImportJob._meta.fields]

    def has_add_permission(self, request) -> bool:
        return False
