"""Telling listeners that a banner's log grew. The log in the database is the truth; this is only a nudge."""

from asgiref.sync import async_to_sync
from channels.layers import get_channel_layer


def group_name(banner_id: int) -> str:
    return f"artwork.banner.{banner_id}"


def announce(banner_id: int, seq: int) -> None:
    layer = get_channel_layer()
    if layer is None:
        return
    async_to_sync(layer.group_send)(group_name(banner_id), {"type": "log.grew", "seq": seq})
