from django.contrib import admin
from django.contrib.auth.views import LoginView
from django.urls import include, path

from partnerships import views as partnership_views
from pathways import views
from pathways.throttle import ThrottledAuthenticationForm

handler403 = "pathways.errors.permission_denied"

urlpatterns = [
    path("", views.home, name="home"),
    path("healthz", views.healthz, name="healthz"),
    path("invitations/<str:token>/", partnership_views.invitation_accept, name="invitation_accept"),
    path(
        "accounts/login/",
        LoginView.as_view(authentication_form=ThrottledAuthenticationForm),
        name="login",
    ),
    path("accounts/", include("django.contrib.auth.urls")),
    path("admin/", admin.site.urls),
    path("", include("partnerships.urls")),
    path("", include("occupations.urls")),
    path("", include("occupations.competencies.urls")),
    path("", include("inventory.urls")),
    path("", include("inventory.alignment.urls")),
    path("maps/", include("pathways.maps.urls")),
    path("", include("pathways.actionplan.urls")),
]
