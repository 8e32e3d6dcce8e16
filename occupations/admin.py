"""Admin: releases and import jobs. Row tables (composite keys, hundreds of thousands of
rows) are read through the explorer, not the admin."""

from __future__ import annotations

from django.contrib import admin

from occupations.models import (
    AdvancementPath,
    Card,
    CardCategory,
    CardSort,
    CriticalOccupation,
    DataRelease,
    ImportJob,
    QuickWin,
)


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


# --- Step 3: the partnership's critical occupations and card sorts ----------------------


class AdvancementPathInline(admin.TabularInline):
    model = AdvancementPath
    fk_name = "from_occupation"
    extra = 0


@admin.register(CriticalOccupation)
class CriticalOccupationAdmin(admin.ModelAdmin):
    list_display = ["soc_code", "title", "tier", "partnership", "onet_code", "agreed_at"]
    list_filter = ["tier"]
    search_fields = ["soc_code", "title", "partnership__name"]
    inlines = [AdvancementPathInline]


class CardCategoryInline(admin.TabularInline):
    model = CardCategory
    extra = 0


@admin.register(CardSort)
class CardSortAdmin(admin.ModelAdmin):
    list_display = ["__str__", "partnership"]
    inlines = [CardCategoryInline]


@admin.register(Card)
class CardAdmin(admin.ModelAdmin):
    list_display = ["title", "soc_code", "employer", "card_sort"]
    search_fields = ["title", "soc_code"]


@admin.register(QuickWin)
class QuickWinAdmin(admin.ModelAdmin):
    list_display = ["__str__", "partnership", "kind"]
    list_filter = ["kind"]
