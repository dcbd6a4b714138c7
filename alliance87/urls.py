from django.conf.urls.i18n import i18n_patterns
from django.contrib import admin
from django.urls import include, path
from django.views.generic import TemplateView

from alliance87 import first_language
from alliance87.api import api

handler404 = "alliance87.errors.not_found"

urlpatterns = [
    path("admin/", admin.site.urls),
    path("api/", api.urls),
    *first_language.urls,
    path("robots.txt", TemplateView.as_view(template_name="robots.txt", content_type="text/plain")),
]

urlpatterns += i18n_patterns(
    path("accounts/", include("allauth.urls")),
    path("me/", include("alliance87.accounts.urls")),
    path("", include("alliance87.events.urls")),
    path("", include("alliance87.artwork.urls")),
    path("", include("alliance87.pathfinders.urls")),
    path("", include("alliance87.engagement.urls")),
    path("", include("alliance87.commitments.urls")),
    path("", include("alliance87.exchange.urls")),
    path("", include("alliance87.indicators.urls")),
    path("", include("alliance87.stocktake.urls")),
    path("", include("alliance87.network.urls")),
    path("", include("alliance87.search.urls")),
    path("", include("alliance87.pages.urls")),
    prefix_default_language=False,
)
