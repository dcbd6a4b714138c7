from django.urls import path

from . import views

app_name = "network"

urlpatterns = [
    path("", views.home, name="home"),
    path("partners/", views.directory, name="directory"),
    path("partners/download.<str:fmt>", views.directory_download, name="directory_download"),
    path("partners/<slug:slug>/", views.organisation, name="organisation"),
    path("partners/<slug:slug>/edit/", views.organisation_edit, name="organisation_edit"),
    path("people/", views.people, name="people"),
    path("action-groups/", views.action_groups, name="action_groups"),
    path("action-groups/<slug:slug>/", views.action_group, name="action_group"),
    path("action-groups/<slug:slug>/edit/", views.action_group_edit, name="action_group_edit"),
    path("action-groups/<slug:slug>/members/", views.membership_add, name="membership_add"),
    path(
        "action-groups/<slug:slug>/members/<int:pk>/remove/",
        views.membership_remove,
        name="membership_remove",
    ),
]
