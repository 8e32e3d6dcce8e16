from __future__ import annotations

from django.urls import path

from occupations.competencies import views

app_name = "competencies"
P = "p/<slug:slug>/competencies/"
S = P + "strawmen/<int:pk>/"
F = P + "focus-groups/<int:pk>/"
urlpatterns = [
    path(P, views.index, name="index"),
    path(P + "occupations/<int:occupation_pk>/build/", views.strawman_build, name="build"),
    path(S, views.strawman, name="strawman"),
    path(S + "functions/", views.function_add, name="function_add"),
    path(S + "functions/<int:function_pk>/", views.function_edit, name="function_edit"),
    path(S + "tasks/", views.task_add, name="task_add"),
    path(S + "tasks/<int:task_pk>/", views.task_edit, name="task_edit"),
    path(S + "tasks/<int:task_pk>/detail/", views.task_detail, name="task_detail"),
    path(S + "job-descriptions/", views.job_description_add, name="job_description_add"),
    path(S + "suggestions/<int:suggestion_pk>/", views.suggestion_decide, name="suggestion"),
    path(S + "focus-groups/", views.focus_group_start, name="focus_group_start"),
    path(S + "paths/", views.path_offer, name="path_offer"),
    path(S + "approve/", views.approve, name="approve"),
    path(S + "description/", views.description, name="description"),
    path(S + "task-matrix.xlsx", views.description_xlsx, name="description_xlsx"),
    path(S + "description.pdf", views.description_pdf, name="description_pdf"),
    path(S + "description/render/", views.description_render, name="description_render"),
    path(
        S + "description/renders/<int:render_id>/",
        views.description_render_status,
        name="description_render_status",
    ),
    path(S + "climbs/<int:path_pk>/", views.climb_edit, name="climb_edit"),
    path(F, views.tally, name="tally"),
    path(F + "poll/", views.tally_poll, name="tally_poll"),
    path(F + "open/", views.focus_group_open, name="focus_group_open"),
    path(F + "paths/", views.focus_group_paths, name="focus_group_paths"),
    path(
        F + "participants/<int:participant_pk>/remove/",
        views.participant_remove,
        name="participant_remove",
    ),  # fmt: skip
    # A participant's phone: the round's secret link, no account.
    path("focus/<str:token>/", views.answer, name="answer"),
]
