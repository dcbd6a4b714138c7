from .views import profiles, report, tenyears

app_name = "stocktake"

urlpatterns = [*report.urls, *profiles.urls, *tenyears.urls]
