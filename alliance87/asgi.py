"""ASGI entry point: HTTP through Django, WebSockets through Channels (routes added by the live apps)."""

import os

from django.core.asgi import get_asgi_application

os.environ.setdefault("DJANGO_SETTINGS_MODULE", "alliance87.settings")
django_asgi_app = get_asgi_application()

from channels.routing import ProtocolTypeRouter  # noqa: E402 -- Django must be set up first

application = ProtocolTypeRouter({"http": django_asgi_app})
