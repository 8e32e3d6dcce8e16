from django.contrib import admin

from inventory.alignment.models import (
    AssetMapReview,
    GapAnswer,
    PathwayProgram,
    PathwayStep,
    ProgramCompleters,
    ProgramFunction,
)


@admin.register(ProgramCompleters)
class ProgramCompletersAdmin(admin.ModelAdmin):
    list_display = ["program", "year", "completers", "source"]
    list_select_related = ["program"]
    search_fields = ["program__name"]
    raw_id_fields = ["program", "updated_by"]


class PathwayStepInline(admin.TabularInline):
    model = PathwayStep
    raw_id_fields = ["program"]
    extra = 0


@admin.register(PathwayProgram)
class PathwayProgramAdmin(admin.ModelAdmin):
    list_display = ["name", "partnership", "updated_at"]
    list_select_related = ["partnership"]
    search_fields = ["name"]
    inlines = [PathwayStepInline]
    raw_id_fields = ["created_by"]


@admin.register(GapAnswer)
class GapAnswerAdmin(admin.ModelAdmin):
    list_display = ["partnership", "question", "updated_at"]
    list_select_related = ["partnership"]
    raw_id_fields = ["answered_by", "convening"]


@admin.register(AssetMapReview)
class AssetMapReviewAdmin(admin.ModelAdmin):
    list_display = ["partnership", "convening", "recorded_at"]
    list_select_related = ["partnership", "convening"]
    raw_id_fields = ["convening", "recorded_by"]


@admin.register(ProgramFunction)
class ProgramFunctionAdmin(admin.ModelAdmin):
    list_display = ["program", "soc_code", "function_key"]
    list_select_related = ["program"]
    raw_id_fields = ["program", "marked_by"]
