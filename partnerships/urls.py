from django.urls import path

from partnerships import views

app_name = "partnerships"

urlpatterns = [
    path("p/new/", views.partnership_create, name="create"),
    path("p/<slug:slug>/", views.partnership_detail, name="detail"),
    path("p/<slug:slug>/edit/", views.partnership_edit, name="edit"),
    path("p/<slug:slug>/industries/add/", views.industry_add, name="industry_add"),
    path("p/<slug:slug>/industries/<int:pk>/remove/", views.industry_remove, name="industry_remove"),
    path("p/<slug:slug>/areas/add/", views.area_add, name="area_add"),
    path("p/<slug:slug>/areas/<int:pk>/remove/", views.area_remove, name="area_remove"),
    path("p/<slug:slug>/organizations/", views.organization_list, name="organizations"),
    path("p/<slug:slug>/organizations/<int:pk>/edit/", views.organization_edit, name="organization_edit"),
    path("p/<slug:slug>/organizations/<int:pk>/delete/", views.organization_delete, name="organization_delete"),
    path("p/<slug:slug>/committee/", views.committee, name="committee"),
    path("p/<slug:slug>/committee/<int:pk>/edit/", views.committee_member_edit, name="committee_edit"),
    path("p/<slug:slug>/committee/<int:pk>/remove/", views.committee_member_remove, name="committee_remove"),
    path("p/<slug:slug>/members/", views.members, name="members"),
    path("p/<slug:slug>/members/<int:pk>/role/", views.membership_role, name="membership_role"),
    path("p/<slug:slug>/members/<int:pk>/remove/", views.membership_remove, name="membership_remove"),
    path("p/<slug:slug>/invitations/<int:pk>/resend/", views.invitation_resend, name="invitation_resend"),
    path("p/<slug:slug>/invitations/<int:pk>/revoke/", views.invitation_revoke, name="invitation_revoke"),
    path("p/<slug:slug>/convenings/", views.convening_list, name="convenings"),
    path("p/<slug:slug>/convenings/new/", views.convening_create, name="convening_create"),
    path("p/<slug:slug>/convenings/<int:pk>/", views.convening_detail, name="convening_detail"),
    path("p/<slug:slug>/convenings/<int:pk>/edit/", views.convening_edit, name="convening_edit"),
    path("p/<slug:slug>/convenings/<int:pk>/delete/", views.convening_delete, name="convening_delete"),
    path("p/<slug:slug>/convenings/<int:pk>/guests/<int:guest_pk>/remove/", views.convening_guest_remove, name="guest_remove"),
    path("p/<slug:slug>/support-team/", views.support_team, name="support_team"),
    path("p/<slug:slug>/support-team/<int:pk>/edit/", views.support_partner_edit, name="support_partner_edit"),
    path("p/<slug:slug>/support-team/<int:pk>/accept/", views.support_partner_accept, name="support_partner_accept"),
    path("p/<slug:slug>/support-team/<int:pk>/remove/", views.support_partner_remove, name="support_partner_remove"),
    path("p/<slug:slug>/support-team/<int:pk>/mou/", views.support_partner_mou, name="support_partner_mou"),
    path("p/<slug:slug>/steps/", views.tracker, name="tracker"),
    path("p/<slug:slug>/steps/<int:number>/", views.step_detail, name="step"),
    path("p/<slug:slug>/steps/<int:number>/complete/", views.step_complete, name="step_complete"),
    path("p/<slug:slug>/steps/<int:number>/reopen/", views.step_reopen, name="step_reopen"),
]  # fmt: skip
