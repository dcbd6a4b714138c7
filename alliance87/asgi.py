"""ASGI entry point: cached public pages first, then HTTP through Django and WebSockets through Channels."""

import os

from django.core.asgi import get_asgi_application

os.environ.setdefault("DJANGO_SETTINGS_MODULE", "alliance87.settings")
django_asgi_app = get_asgi_application()

from channels.routing import ProtocolTypeRouter  # noqa: E402 -- Django must be set up first

from alliance87.pagecache import PublicPageCacheASGI  # noqa: E402

application = ProtocolTypeRouter({"http": PublicPageCacheASGI(django_asgi_app)})
