from .views import country, exports, framework, overview, reports, roadmap

app_name = "pathfinders"

urlpatterns = [*overview.urls, *country.urls, *roadmap.urls, *reports.urls, *framework.urls, *exports.urls]
