"""ASGI entry point: the reader's language, then cached public pages, then HTTP through Django (on request
threads that keep their database connections) and WebSockets through Channels."""

import os

from django.core.asgi import get_asgi_application

os.environ.setdefault("DJANGO_SETTINGS_MODULE", "alliance87.settings")
django_asgi_app = get_asgi_application()

from channels.auth import AuthMiddlewareStack  # noqa: E402 -- Django must be set up first
from channels.routing import ProtocolTypeRouter, URLRouter  # noqa: E402
from channels.security.websocket import AllowedHostsOriginValidator  # noqa: E402

from alliance87.accounts.twofactor import SecondFactorSocketMiddleware  # noqa: E402
from alliance87.artwork import routing as artwork_routing  # noqa: E402
from alliance87.events import prebuild  # noqa: E402
from alliance87.events import routing as events_routing  # noqa: E402
from alliance87.first_language import FirstLanguageASGI  # noqa: E402
from alliance87.gctune import tune as tune_gc  # noqa: E402
from alliance87.page_render_process import RenderProcess  # noqa: E402
from alliance87.pagecache import PublicPageCacheASGI  # noqa: E402
from alliance87.request_threads import RequestThreads  # noqa: E402

prebuild.enable()  # a server builds the large PDFs after each change, ahead of their download

application = ProtocolTypeRouter(
    {
        # An unprefixed page is first sent to the reader's language (first_language.py), before the cache.
        "http": FirstLanguageASGI(
            # A stale page's new copy is rendered in a process of its own (page_render_process.py).
            PublicPageCacheASGI(RequestThreads(django_asgi_app), renderer=RenderProcess())
        ),
        # Only pages of this site may open a socket (the Origin must be an allowed host), signed in or not;
        # a secretariat session that owes its second factor has none of the secretariat's rights there.
        "websocket": AllowedHostsOriginValidator(
            AuthMiddlewareStack(
                SecondFactorSocketMiddleware(
                    URLRouter(events_routing.websocket_urlpatterns + artwork_routing.websocket_urlpatterns)
                )
            )
        ),
    }
)
tune_gc()  # last: start-up's objects are kept out of the collector's sight (gctune.py)
