"""Step 7: career pathway maps. Published maps are public; drafts are for members."""

from django.urls import path

from pathways.maps import views

app_name = "maps"

urlpatterns = [
    path("", views.map_list, name="map_list"),
    path("<slug:slug>/", views.map_public, name="map_public"),
    path("<slug:slug>/map.pdf", views.map_pdf, name="map_pdf"),
    path("<slug:slug>/map-program-detail.pdf", views.map_pdf, {"detail": True},
         name="map_detail_pdf"),
    path("<slug:slug>/embed/", views.map_embed, name="map_embed"),
    path("<slug:slug>/text/", views.map_text, name="map_text"),
    path("<slug:slug>/v/<int:number>/", views.map_version, name="map_version"),
    path("<slug:slug>/v/<int:number>/map.pdf", views.map_pdf, name="map_version_pdf"),
    path("<slug:slug>/v/<int:number>/map-program-detail.pdf", views.map_pdf, {"detail": True},
         name="map_version_detail_pdf"),
    path("<slug:slug>/draft/", views.map_draft, name="map_draft"),
    path("<slug:slug>/draft/map.pdf", views.map_draft_pdf, name="map_draft_pdf"),
    path("<slug:slug>/draft/map-program-detail.pdf", views.map_draft_pdf, {"detail": True},
         name="map_draft_detail_pdf"),
    path("<slug:slug>/settings/", views.map_edit, name="map_edit"),
    path("<slug:slug>/occupations/", views.map_occupations, name="map_occupations"),
    path("<slug:slug>/publish/", views.map_publish, name="map_publish"),
    path("<slug:slug>/render/", views.map_render, name="map_render"),
    path("<slug:slug>/renders/<int:render_id>/", views.map_render_status,
         name="map_render_status"),
]  # fmt: skip
