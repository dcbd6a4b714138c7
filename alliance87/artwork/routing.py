"""The artwork's WebSocket addresses (joined into the ASGI router in ``alliance87/asgi.py``)."""

from django.urls import path

from .consumers import ConsoleConsumer, WallConsumer

websocket_urlpatterns = [
    path("ws/artwork/<slug:slug>/wall/", WallConsumer.as_asgi()),
    path("ws/artwork/<slug:slug>/console/", ConsoleConsumer.as_asgi()),
]
