from django.contrib import admin

from pathways.maps.models import MapRender, MapVersion, PathwayMap


class MapVersionInline(admin.TabularInline):
    model = MapVersion
    fields = ["number", "published_at", "published_by", "pdf", "detail_pdf", "rendered_at"]
    readonly_fields = fields
    extra = 0
    can_delete = False
    show_change_link = True


@admin.register(PathwayMap)
class PathwayMapAdmin(admin.ModelAdmin):
    list_display = ["partnership", "title", "updated_at"]
    search_fields = ["partnership__name", "title"]
    raw_id_fields = ["partnership", "updated_by"]
    inlines = [MapVersionInline]


@admin.register(MapVersion)
class MapVersionAdmin(admin.ModelAdmin):
    list_display = [
        "pathway_map",
        "number",
        "published_at",
        "industry_title",
        "state",
        "rendered_at",
    ]
    list_filter = ["state"]
    search_fields = ["pathway_map__partnership__name", "industry_title", "region_name"]
    readonly_fields = ["snapshot"]
    raw_id_fields = ["pathway_map", "published_by"]


@admin.register(MapRender)
class MapRenderAdmin(admin.ModelAdmin):
    list_display = ["pathway_map", "version", "status", "progress", "created_at", "seconds"]
    list_filter = ["status"]
    readonly_fields = ["error"]
    raw_id_fields = ["pathway_map", "version", "requested_by"]
