from __future__ import annotations

from django.urls import path

from occupations import views

app_name = "occupations"
urlpatterns = [
    path("occupations/", views.search, name="search"),
    path("occupations/soc/<str:soc_code>/", views.soc_redirect, name="soc"),
    path("occupations/<str:onet_code>/", views.profile, name="profile"),
    path("occupations/<str:onet_code>/wages/", views.wages, name="wages"),
    path("data/", views.data, name="data"),
    path("data/jobs/<int:job_id>/", views.job_status, name="job"),
    path("data/jobs/<int:job_id>/retry/", views.job_retry, name="job_retry"),
    path("data/state-oews/", views.state_upload, name="state_upload"),
    path("data/jobs/<int:job_id>/map/", views.job_map, name="job_map"),
]

# --- Step 3: identify critical occupations (partnership pages) ------------------------------
P = "p/<slug:slug>/occupations/"
CS = P + "card-sorts/<int:pk>/"
urlpatterns += [
    path(P + "critical/", views.critical, name="critical"),
    path(P + "critical/add/", views.critical_add, name="critical_add"),
    path(P + "critical/<int:pk>/edit/", views.critical_edit, name="critical_edit"),
    path(P + "critical/<int:pk>/move/", views.critical_move, name="critical_move"),
    path(P + "critical/<int:pk>/remove/", views.critical_remove, name="critical_remove"),
    path(P + "paths/add/", views.path_add, name="path_add"),
    path(P + "paths/<int:pk>/remove/", views.path_remove, name="path_remove"),
    path(P + "quick-wins/add/", views.quick_win_add, name="quick_win_add"),
    path(P + "quick-wins/<int:pk>/remove/", views.quick_win_remove, name="quick_win_remove"),
    path(P + "search/", views.occupation_search, name="step3_search"),
    path(P + "picture/", views.picture, name="picture"),
    path(P + "picture/present/", views.picture_present, name="picture_present"),
    path(P + "picture/watch/", views.watch_add, name="watch_add"),
    path(P + "picture/watch/<int:pk>/remove/", views.watch_remove, name="watch_remove"),
    path(
        P + "convenings/<int:convening_pk>/card-sort/",
        views.card_sort_start,
        name="card_sort_start",
    ),
    path(CS, views.board, name="board"),
    path(CS + "poll/", views.board_poll, name="board_poll"),
    path(CS + "cards/", views.card_add, name="card_add"),
    path(CS + "cards/<int:card_pk>/move/", views.card_move, name="card_move"),
    path(CS + "cards/<int:card_pk>/delete/", views.card_delete, name="card_delete"),
    path(CS + "columns/", views.category_add, name="category_add"),
    path(CS + "columns/<int:category_pk>/", views.category_save, name="category_save"),
    path(CS + "columns/<int:category_pk>/delete/", views.category_delete, name="category_delete"),
    path(CS + "notes/", views.card_sort_save, name="card_sort_save"),
    path(CS + "employers/", views.employer_add, name="employer_add"),
    path(CS + "employers/<int:employer_pk>/", views.sourcing_save, name="sourcing_save"),
    path(CS + "tally/", views.tally, name="tally"),
    path(CS + "tally/match/", views.tally_match, name="tally_match"),
    path(CS + "summary/", views.summary, name="summary"),
    path(CS + "summary.pdf", views.summary_pdf, name="summary_pdf"),
]
