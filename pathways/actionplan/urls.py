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
    path(P + "action-plan.pdf", views.plan_pdf, name="plan_pdf"),
    path(P + "reminders/", views.reminders, name="reminders"),
    path(P + "actions/new/", views.action_create, name="action_create"),
    path(A, views.action_detail, name="action"),
    path(A + "edit/", views.action_edit, name="action_edit"),
    path(A + "delete/", views.action_delete, name="action_delete"),
    path(A + "notes/", views.note_add, name="note_add"),
    path(A + "rate/", views.rate, name="rate"),
]
