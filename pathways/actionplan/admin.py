from django.contrib import admin

from pathways.actionplan.models import Action, ActionRating, ProgressNote, ReminderSetting


class NoteInline(admin.TabularInline):
    model = ProgressNote
    extra = 0
    raw_id_fields = ["author"]


@admin.register(Action)
class ActionAdmin(admin.ModelAdmin):
    list_display = ["title", "partnership", "horizon", "status", "due_date"]
    list_filter = ["horizon", "status", "source_kind"]
    search_fields = ["title", "partnership__name"]
    list_select_related = ["partnership"]
    raw_id_fields = ["owner", "owner_organization", "created_by"]
    inlines = [NoteInline]


@admin.register(ActionRating)
class ActionRatingAdmin(admin.ModelAdmin):
    list_display = ["action", "rater", "group", "impact", "feasibility"]
    list_select_related = ["action", "rater"]
    raw_id_fields = ["action", "rater"]


@admin.register(ReminderSetting)
class ReminderSettingAdmin(admin.ModelAdmin):
    list_display = ["user", "partnership", "weekly_email"]
    list_select_related = ["user", "partnership"]
    raw_id_fields = ["user", "partnership"]
