"""The reader's language on an address without one: the browser's on a first visit, then the one remembered.

English addresses have no prefix (``/artwork/…``), French, Spanish and Arabic ones do (``/fr/…``).
Django never uses the browser's language on an unprefixed address, so a French phone scanning the
banner's QR code would read English. Here a GET to an unprefixed page is sent (302) to the same page in:

1. the language remembered on this device: the ``django_language`` cookie, which ``js/site.js`` sets
   when a page in French, Spanish or Arabic is read, and the English language link sets through
   ``choose_language`` (below);
2. else, for a signed-in person, the language they last read the platform in (``User.language``);
3. else the first language of the browser's ``Accept-Language`` the platform speaks (q-values
   honoured, ``fr-MA`` read as French);
4. else English: no redirect (a bot sends no ``Accept-Language``).

``redirect_language`` decides; three callers use it. ``FirstLanguageASGI`` runs before the ASGI page
cache, so a cached English page is never served to a French first visit and the redirect costs no
Django render; ``FirstLanguageMiddleware`` does the same in front of the page-cache middleware (WSGI,
the test client); ``accounts.middleware.RememberLanguageMiddleware`` adds the signed-in person's
language, which only Django knows. The first two leave a request with a session cookie and no
language cookie to the third.
"""

import functools
import re

from django.conf import settings
from django.http import HttpResponseRedirect
from django.urls import is_valid_path, path
from django.utils import translation
from django.utils.cache import patch_vary_headers
from django.utils.http import url_has_allowed_host_and_scheme
from django.utils.translation.trans_real import parse_accept_lang_header

# What a redirect depends on: caches in between keep one answer per language header and cookie.
VARY = ("Accept-Language", "Cookie")
# Addresses no language applies to, refused before anything else is looked at (the prefixed page
# must also exist: see ``_has_page``).
NEVER = re.compile(r"^/(?:api|admin|static|media|language)/|^/robots\.txt$")


@functools.cache
def _prefixed() -> re.Pattern:
    """An address that already names its language (``/fr``, ``/fr/…``)."""
    others = "|".join(re.escape(code) for code, _name in settings.LANGUAGES if code != settings.LANGUAGE_CODE)
    return re.compile(rf"^/(?:{others})(?:/|$)")


@functools.cache
def _codes() -> frozenset[str]:
    return frozenset(code for code, _name in settings.LANGUAGES)


@functools.lru_cache(maxsize=512)
def browser_language(accept_language: str) -> str | None:
    """The first language of an ``Accept-Language`` header the platform speaks, or None."""
    for tag, quality in parse_accept_lang_header(accept_language.strip().lower()):
        if quality <= 0 or tag == "*":
            continue
        try:
            return translation.get_supported_language_variant(tag)
        except LookupError:
            continue
    return None


def remembered_language(value: str | None) -> str | None:
    """A language cookie's value, when it names a language of the platform."""
    return value if value in _codes() else None


@functools.lru_cache(maxsize=4096)
def _has_page(language: str, path: str) -> bool:
    """Whether ``path`` is a page of ``i18n_patterns`` (its prefixed form resolves): never the admin,
    the API or an address that exists in English only."""
    with translation.override(language):
        return is_valid_path(f"/{language}{path}")


def redirect_language(
    *, method: str, path: str, remembered: str | None, accept_language: str, htmx: bool = False
) -> str | None:
    """The language an unprefixed page should be shown in instead of English, or None to serve it.

    ``remembered`` is the person's own choice (cookie, or ``User.language`` when signed in); it beats
    the browser's. Only GET and HEAD are sent on: a form's POST, the API, static files, the admin and
    htmx's partial requests (made from a page already in its language) never are.
    """
    if method not in ("GET", "HEAD") or htmx or NEVER.match(path) or _prefixed().match(path):
        return None
    language = remembered or browser_language(accept_language)
    if not language or language == settings.LANGUAGE_CODE:
        return None
    return language if _has_page(language, path) else None


def vary(request, response) -> None:
    """An unprefixed page depends on the language header and the cookie (they may send it elsewhere)."""
    if not NEVER.match(request.path_info) and not _prefixed().match(request.path_info):
        patch_vary_headers(response, VARY)


def target(language: str, path: str, query: str, script_prefix: str = "") -> str:
    """The same page's address in ``language``, its query kept."""
    return f"{script_prefix}/{language}{path}" + (f"?{query}" if query else "")


def redirect(language: str, request) -> HttpResponseRedirect:
    script_prefix = request.path.removesuffix(request.path_info)
    response = HttpResponseRedirect(
        target(language, request.path_info, request.META.get("QUERY_STRING", ""), script_prefix)
    )
    patch_vary_headers(response, VARY)
    return response


@functools.cache
def _cookie_patterns() -> tuple[re.Pattern, re.Pattern]:
    """The language cookie's value and the session cookie's presence, in a raw ``Cookie`` header."""
    language = re.escape(settings.LANGUAGE_COOKIE_NAME).encode()
    session = re.escape(settings.SESSION_COOKIE_NAME).encode()
    start = rb"(?:^|[;,]\s*)"
    return re.compile(start + language + rb'="?([A-Za-z-]{2,10})'), re.compile(start + session + rb"=")


def session_without_choice(cookies) -> bool:
    """A signed-in person may have a language of their own, which only Django knows: such a request is
    decided by ``RememberLanguageMiddleware``, after the session is read."""
    return settings.SESSION_COOKIE_NAME in cookies and settings.LANGUAGE_COOKIE_NAME not in cookies


class FirstLanguageMiddleware:
    """Before the page cache: send an unprefixed page to the reader's language (WSGI, test client)."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        if not session_without_choice(request.COOKIES):
            language = redirect_language(
                method=request.method,
                path=request.path_info,
                remembered=remembered_language(request.COOKIES.get(settings.LANGUAGE_COOKIE_NAME)),
                accept_language=request.headers.get("Accept-Language", ""),
                htmx=bool(request.headers.get("HX-Request")),
            )
            if language:
                return redirect(language, request)
        return self.get_response(request)


class FirstLanguageASGI:
    """Before the ASGI page cache: the same decision, answered without Django."""

    def __init__(self, app):
        self.app = app

    async def __call__(self, scope, receive, send):
        if scope["type"] == "http" and scope["method"] in ("GET", "HEAD"):
            language = self._language(scope)
            if language:
                location = target(language, scope["path"], scope.get("query_string", b"").decode("latin-1"))
                await send(
                    {
                        "type": "http.response.start",
                        "status": 302,
                        "headers": [
                            (b"location", location.encode("latin-1")),
                            (b"vary", ", ".join(VARY).encode()),
                            (b"content-length", b"0"),
                        ],
                    }
                )
                await send({"type": "http.response.body", "body": b""})
                return
        await self.app(scope, receive, send)

    @staticmethod
    def _language(scope) -> str | None:
        path = scope["path"]
        if scope.get("root_path") or NEVER.match(path) or _prefixed().match(path):
            return None  # the common case (a prefixed page, a static file) costs two regex matches
        headers = dict(scope.get("headers") or [])
        remembered = None
        if raw := headers.get(b"cookie"):
            # Two names looked for in the header, not the whole header parsed: a tenth of the time.
            language_cookie, session_cookie = _cookie_patterns()
            if found := language_cookie.search(raw):
                remembered = remembered_language(found[1].decode("latin-1"))
            elif session_cookie.search(raw):
                return None  # session_without_choice: Django decides (RememberLanguageMiddleware)
        return redirect_language(
            method=scope["method"],
            path=path,
            remembered=remembered,
            accept_language=headers.get(b"accept-language", b"").decode("latin-1"),
            htmx=b"hx-request" in headers,
        )


def choose_language(request, code: str):
    """A language link: remember the choice on this device, then show the page in it.

    The English link of the header comes here (``/language/en/?next=/partners/``) rather than straight
    to the page, because an English address carries no language: without the cookie set here, choosing
    English on a French browser would be sent back to French. A plain link, so it works without
    JavaScript and the page that shows it stays the same for everyone (cacheable).
    """
    if code not in _codes():
        code = settings.LANGUAGE_CODE
    next_url = request.GET.get("next", "")
    if not next_url.startswith("/") or not url_has_allowed_host_and_scheme(
        next_url, allowed_hosts={request.get_host()}, require_https=request.is_secure()
    ):
        next_url = "/" if code == settings.LANGUAGE_CODE else f"/{code}/"
    response = HttpResponseRedirect(next_url)
    response.set_cookie(
        settings.LANGUAGE_COOKIE_NAME,
        code,
        max_age=settings.LANGUAGE_COOKIE_AGE,
        path=settings.LANGUAGE_COOKIE_PATH,
        secure=settings.LANGUAGE_COOKIE_SECURE,
        samesite=settings.LANGUAGE_COOKIE_SAMESITE,
    )
    return response


urls = [path("language/<str:code>/", choose_language, name="choose_language")]
