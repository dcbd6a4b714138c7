"""The artwork's pages (helper E1's): the phone page, the moderators' console and the safeguarding page,
the blocklist, the QR poster. The wall, the replay, the launch view and the prints are in ``views_live``.
Each module lists its own ``urls``; ``artwork/urls.py`` joins them."""
