"""The project's URLs plus the artwork's, for tests, until the lead wires the artwork into ``alliance87/urls.py``
and its router into ``alliance87/api.py`` (then this module adds nothing). Use with
``pytestmark = pytest.mark.urls("alliance87.artwork.tests.urls")``."""

from django.conf.urls.i18n import i18n_patterns
from django.urls import include, path
from ninja import NinjaAPI

from alliance87 import urls as project
from alliance87.api import api as project_api
from alliance87.artwork.api import router

handler404 = project.handler404
urlpatterns = list(project.urlpatterns)

if not any(mounted is router for _, mounted in project_api._routers):
    test_api = NinjaAPI(title="Artwork (tests)", urls_namespace="artwork-test-api")
    test_api._exception_handlers.update(project_api._exception_handlers)
    test_api.add_router("/", router)
    urlpatterns.insert(0, path("api/", test_api.urls))

if not any(getattr(p, "namespace", None) == "artwork" for p in project.urlpatterns[-1].url_patterns):
    urlpatterns += i18n_patterns(path("", include("alliance87.artwork.urls")), prefix_default_language=False)
