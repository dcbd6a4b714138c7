"""Headers every response carries: what a page may load and run, which browser features it may use, and
that a signed-in person's pages are never stored by a browser or a proxy.

- ``Content-Security-Policy`` on every HTML page: scripts, styles, fonts and images from this site only,
  no inline script or style (the templates have none; the admin and the API docs, which come with
  Django and django-ninja, have none either), no plugins, no framing, forms post only here. Sockets
  connect to this site ("'self'" covers ws: and wss: on the same host in CSP level 3). An SVG export
  gets a policy of its own that runs nothing (it holds contributors' words).
- ``Permissions-Policy``: no camera, microphone, geolocation, payment or USB; full screen (the wall and
  the run-of-show's speaker view) for this site only.
- ``Cache-Control: no-store`` (Django's ``never_cache`` headers) on every answer to a signed-in person:
  a shared computer's back button or a proxy must not show a focal point's draft report.

Outermost but for the public page cache, so cached public pages keep these headers too.
"""

from django.utils.cache import add_never_cache_headers

PAGE_POLICY = "; ".join(
    [
        "default-src 'self'",
        "script-src 'self'",
        "style-src 'self'",
        "img-src 'self' data: blob:",
        "font-src 'self'",
        "connect-src 'self'",
        "object-src 'none'",
        "base-uri 'self'",
        "form-action 'self'",
        "frame-ancestors 'none'",
    ]
)
SVG_POLICY = "default-src 'none'; style-src 'unsafe-inline'; img-src data:; font-src 'self'; sandbox"
PERMISSIONS_POLICY = "camera=(), microphone=(), geolocation=(), payment=(), usb=(), fullscreen=(self)"


class SecurityHeadersMiddleware:
    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        response = self.get_response(request)
        content_type = response.get("Content-Type", "")
        if content_type.startswith("text/html"):
            response.setdefault("Content-Security-Policy", PAGE_POLICY)
        elif content_type.startswith("image/svg+xml"):
            response.setdefault("Content-Security-Policy", SVG_POLICY)
        response.setdefault("Permissions-Policy", PERMISSIONS_POLICY)
        user = getattr(request, "user", None)
        if user is not None and user.is_authenticated and "no-store" not in response.get("Cache-Control", ""):
            add_never_cache_headers(response)
        return response
