from django.urls import path

from . import views, views_personal_data

app_name = "accounts"

urlpatterns = [
    path("", views.dashboard, name="dashboard"),
    path("tokens/", views.tokens, name="tokens"),
    path("tokens/<int:pk>/revoke/", views.token_revoke, name="token_revoke"),
    path("data/", views_personal_data.personal_data, name="personal_data"),
    path("data/download/", views_personal_data.personal_data_download, name="personal_data_download"),
    path("delete/", views_personal_data.account_delete_confirm, name="account_delete"),
    path("deleted/", views_personal_data.account_deleted, name="deleted"),
]
