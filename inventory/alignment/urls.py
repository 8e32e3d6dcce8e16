from django.urls import path

from inventory.alignment import views

app_name = "alignment"

urlpatterns = [
    path("p/<slug:slug>/alignment/", views.asset_map, name="asset_map"),
    path("p/<slug:slug>/alignment/review/", views.asset_map_review, name="asset_map_review"),
    path("p/<slug:slug>/alignment/gaps/", views.gaps, name="gaps"),
    path("p/<slug:slug>/alignment/gaps/<str:key>/", views.gap_detail, name="gap_detail"),
    path("p/<slug:slug>/alignment/supply/", views.supply, name="supply"),
    path("p/<slug:slug>/alignment/questions/", views.worksheet, name="worksheet"),
    path("p/<slug:slug>/alignment/questions/<slug:question>/", views.worksheet_answer, name="worksheet_answer"),
    path("p/<slug:slug>/alignment/completers/", views.completers, name="completers"),
    path("p/<slug:slug>/alignment/completers/template/", views.completers_template, name="completers_template"),
    path("p/<slug:slug>/alignment/completers/export/", views.completers_export, name="completers_export"),
    path("p/<slug:slug>/alignment/completers/import/", views.completers_import, name="completers_import"),
    path("p/<slug:slug>/alignment/completers/import/<int:pk>/", views.completers_preview, name="completers_preview"),
    path("p/<slug:slug>/alignment/completers/import/<int:pk>/confirm/", views.completers_confirm, name="completers_confirm"),
    path("p/<slug:slug>/alignment/completers/<int:pk>/", views.program_completers, name="program_completers"),
    path("p/<slug:slug>/alignment/completers/ipeds/", views.ipeds, name="ipeds"),
    path("p/<slug:slug>/alignment/completers/ipeds/providers/<int:pk>/", views.ipeds_match, name="ipeds_match"),
    path("p/<slug:slug>/alignment/completers/ipeds/pull/", views.ipeds_pull, name="ipeds_pull"),
    path("p/<slug:slug>/alignment/functions/", views.functions_grid, name="functions"),
    path("p/<slug:slug>/alignment/pathways/", views.pathways, name="pathways"),
    path("p/<slug:slug>/alignment/pathways/new/", views.pathway_create, name="pathway_create"),
    path("p/<slug:slug>/alignment/pathways/<int:pk>/", views.pathway_detail, name="pathway_detail"),
    path("p/<slug:slug>/alignment/pathways/<int:pk>/delete/", views.pathway_delete, name="pathway_delete"),
    path("p/<slug:slug>/alignment/pathways/<int:pk>/steps/", views.pathway_step_add, name="pathway_step_add"),
    path("p/<slug:slug>/alignment/pathways/<int:pk>/steps/<int:step_pk>/remove/", views.pathway_step_remove, name="pathway_step_remove"),
    path("p/<slug:slug>/alignment/pathways/<int:pk>/steps/<int:step_pk>/move/", views.pathway_step_move, name="pathway_step_move"),
]  # fmt: skip
