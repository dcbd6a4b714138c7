from .views import downloads, imports, notices, public

app_name = "indicators"

# Fixed addresses first ("indicators/import/", "indicators/download/…"), then a series' code.
urlpatterns = [*imports.urls, *notices.urls, *downloads.urls, *public.urls]
