"""The events' WebSocket addresses (joined into the ASGI router in ``alliance87/asgi.py``)."""

from django.urls import path

from .consumers import RunOfShowConsumer

websocket_urlpatterns = [
    path("ws/events/<slug:slug>/run/", RunOfShowConsumer.as_asgi()),
]
