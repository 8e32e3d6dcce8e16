from __future__ import annotations

from django.urls import path

from pathways.actionplan import views

app_name = "actionplan"
P = "p/<slug:slug>/action-plan/"
A = P + "actions/<int:pk>/"
urlpatterns = [
    path(P, views.plan, name="plan"),
    path(P + "needs/", views.needs, name="needs"),
    path(P + "needs/act/", views.action_from_need, name="action_from_need"),
    path(P + "matrix/", views.matrix, name="matrix"),
    path(P + "action-plan.xlsx", views.export_xlsx, name="export_xlsx"),
    path(P + "pdfs/", views.pdfs, name="pdfs"),
    path(P + "pdfs/render/", views.pdf_render, name="pdf_render"),
    path(P + "pdfs/<int:pk>/status/", views.pdf_status, name="pdf_status"),
    path(P + "pdfs/<int:pk>/download/", views.pdf_download, name="pdf_download"),
    path(P + "reminders/", views.reminders, name="reminders"),
    path(P + "outcomes/", views.outcomes, name="outcomes"),
    path(P + "outcomes/new/", views.outcome_edit, name="outcome_create"),
    path(P + "outcomes/<int:pk>/edit/", views.outcome_edit, name="outcome_edit"),
    path(P + "outcomes/<int:pk>/delete/", views.outcome_delete, name="outcome_delete"),
    path(P + "outcomes/template.xlsx", views.outcomes_template, name="outcomes_template"),
    path(P + "outcomes/import/", views.outcomes_import, name="outcomes_import"),
    path(
        P + "outcomes/import/confirm/",
        views.outcomes_import_confirm,
        name="outcomes_import_confirm",
    ),
    path(P + "employer-feedback/", views.feedback, name="feedback"),
    path(P + "maturity/", views.maturity, name="maturity"),
    path(P + "maturity/rounds/", views.maturity_round_open, name="maturity_round_open"),
    path(P + "maturity/rate/", views.maturity_rate, name="maturity_rate"),
    path(P + "map-reviews/<int:pk>/", views.review, name="review"),
    path(P + "map-reviews/<int:pk>/publish/", views.review_publish, name="review_publish"),
    path(P + "map-reviews/<int:pk>/dismiss/", views.review_dismiss, name="review_dismiss"),
    path(P + "actions/new/", views.action_create, name="action_create"),
    path(A, views.action_detail, name="action"),
    path(A + "edit/", views.action_edit, name="action_edit"),
    path(A + "delete/", views.action_delete, name="action_delete"),
    path(A + "notes/", views.note_add, name="note_add"),
    path(A + "rate/", views.rate, name="rate"),
]
