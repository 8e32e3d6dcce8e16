from django.urls import path

from inventory import views

app_name = "inventory"

urlpatterns = [
    path("p/<slug:slug>/inventory/", views.programs, name="programs"),
    path("p/<slug:slug>/inventory/new/", views.program_create, name="program_create"),
    path("p/<slug:slug>/inventory/bulk/", views.programs_bulk, name="programs_bulk"),
    path("p/<slug:slug>/inventory/programs/<int:pk>/", views.program_detail, name="program_detail"),
    path("p/<slug:slug>/inventory/programs/<int:pk>/edit/", views.program_edit, name="program_edit"),
    path("p/<slug:slug>/inventory/programs/<int:pk>/row/", views.program_row, name="program_row"),
    path("p/<slug:slug>/inventory/programs/<int:pk>/inline/", views.program_inline, name="program_inline"),
    path("p/<slug:slug>/inventory/programs/<int:pk>/delete/", views.program_delete, name="program_delete"),
    path("p/<slug:slug>/inventory/programs/<int:pk>/review/", views.program_review, name="program_review"),
    path("p/<slug:slug>/inventory/programs/<int:pk>/comment/", views.program_comment, name="program_comment"),
    path("p/<slug:slug>/inventory/programs/<int:pk>/occupations/add/", views.occupation_add, name="occupation_add"),
    path("p/<slug:slug>/inventory/programs/<int:pk>/occupations/suggest/", views.occupations_suggest, name="occupations_suggest"),
    path("p/<slug:slug>/inventory/programs/<int:pk>/occupations/<int:occupation_pk>/confirm/", views.occupation_confirm, name="occupation_confirm"),
    path("p/<slug:slug>/inventory/programs/<int:pk>/occupations/<int:occupation_pk>/remove/", views.occupation_remove, name="occupation_remove"),
    path("p/<slug:slug>/inventory/flags/", views.flag_create, name="flag_create"),
    path("p/<slug:slug>/inventory/flags/<int:pk>/resolve/", views.flag_resolve, name="flag_resolve"),
    path("p/<slug:slug>/inventory/providers/", views.providers, name="providers"),
    path("p/<slug:slug>/inventory/providers/<int:pk>/", views.provider_detail, name="provider_detail"),
    path("p/<slug:slug>/inventory/providers/<int:pk>/contacts/<int:contact_pk>/remove/", views.contact_remove, name="contact_remove"),
    path("p/<slug:slug>/inventory/providers/<int:pk>/invite/", views.provider_invite, name="provider_invite"),
    path("p/<slug:slug>/inventory/credentials/", views.credentials, name="credentials"),
    path("p/<slug:slug>/inventory/credentials/<int:pk>/", views.credential_edit, name="credential_edit"),
    path("p/<slug:slug>/inventory/linkages/", views.linkages, name="linkages"),
    path("p/<slug:slug>/inventory/linkages/<int:pk>/", views.linkage_edit, name="linkage_edit"),
    path("p/<slug:slug>/inventory/linkages/<int:pk>/agreement/", views.linkage_document, name="linkage_document"),
    path("p/<slug:slug>/inventory/template/", views.spreadsheet_template, name="template"),
    path("p/<slug:slug>/inventory/export/", views.export, name="export"),
    path("p/<slug:slug>/inventory/import/", views.import_upload, name="import"),
    path("p/<slug:slug>/inventory/import/<int:pk>/", views.import_preview, name="import_preview"),
    path("p/<slug:slug>/inventory/import/<int:pk>/confirm/", views.import_confirm, name="import_confirm"),
    path("p/<slug:slug>/inventory/import/<int:pk>/again/", views.import_retry, name="import_retry"),
    path("p/<slug:slug>/inventory/coverage/", views.coverage, name="coverage"),
]  # fmt: skip
