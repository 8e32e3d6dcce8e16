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
]
