"""The one place every text a request brings is checked before any view sees it: no NUL character, no
single value longer than ``TEXT_INPUT_MAX_CHARS``.

Why NUL: PostgreSQL refuses it in text (SQLite stores it), so a NUL that reached a service was a 500 in
production and a silent oddity in development. Why a ceiling per value: the body as a whole is bounded
by ``DATA_UPLOAD_MAX_MEMORY_SIZE``, but no field of the platform takes more than a long report answer,
and a megabyte in a name field is an attack or a mistake, not content. Each field's own limit (a
name's 200 characters) is still checked by its form, schema or model, naming the field.

Checked: the query string, form fields (urlencoded and multipart, not the files: a PDF holds NUL bytes
by nature; a service that reads a file's text checks it), and JSON bodies, every key and string at any
depth. The answer names where: under ``/api/`` a 422 in the API's error shape
(``{"detail": [{"loc": ["body", "name"], "msg": ...}]}``); to a page's script that asks for JSON (the
report's autosave) a 400 ``{"errors": {"name": [...]}}`` as the page's forms answer; elsewhere a 400
page. WebSocket frames are checked by ``alliance87.sockets``; services that validate models refuse NUL
too (``writes.save_validated``).
"""

import json

from django.conf import settings
from django.http import JsonResponse
from django.shortcuts import render
from django.utils.formats import number_format
from django.utils.translation import gettext as _

NUL = "\x00"


class BadText(Exception):
    def __init__(self, loc: list, reason: str):
        super().__init__(reason)
        self.loc = loc
        self.reason = reason

    def message(self) -> str:
        if self.reason == "nul":
            return _("Text may not contain NUL characters.")
        count = number_format(settings.TEXT_INPUT_MAX_CHARS, force_grouping=True)  # 200 000 in French
        return _("Text may be at most %(count)s characters long.") % {"count": count}


def check_text(value: str, loc: list) -> None:
    """Raise BadText if ``value`` holds a NUL or is longer than the ceiling."""
    if NUL in value:
        raise BadText(loc, "nul")
    if len(value) > settings.TEXT_INPUT_MAX_CHARS:
        raise BadText(loc, "too_long")


def _check_json(value, loc: list) -> None:
    if isinstance(value, str):
        check_text(value, loc)
    elif isinstance(value, dict):
        for key, item in value.items():
            check_text(key, [*loc, key])
            _check_json(item, [*loc, key])
    elif isinstance(value, list):
        for index, item in enumerate(value):
            _check_json(item, [*loc, index])


def _check_pairs(pairs, where: str) -> None:
    for key, values in pairs.lists():
        check_text(key, [where, key])
        for value in values:
            check_text(value, [where, key])


def check_request(request) -> None:
    """Raise BadText for the first text of ``request`` that is refused."""
    _check_pairs(request.GET, "query")
    if request.method in ("GET", "HEAD", "OPTIONS"):
        return
    content_type = request.content_type or ""
    if content_type in ("multipart/form-data", "application/x-www-form-urlencoded"):
        if request.path_info.startswith("/api/"):
            # The API reads request.body itself, which Django refuses once POST has consumed the stream:
            # read it first (the API takes no file, so the body is bounded by DATA_UPLOAD_MAX_MEMORY_SIZE).
            request.body  # noqa: B018 -- kept by Django, for request.POST and the API alike
        _check_pairs(request.POST, "body")  # files are not text; request.FILES is left alone
    elif content_type == "application/json" or content_type.endswith("+json"):
        try:
            content = json.loads(request.body)
        except (ValueError, RecursionError):
            return  # not JSON: the API answers that itself, naming the body
        _check_json(content, ["body"])
    elif request.body and b"\x00" in request.body and content_type.startswith("text/"):
        raise BadText(["body"], "nul")


class RefuseBadTextMiddleware:
    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        try:
            check_request(request)
        except BadText as bad:
            if request.path_info.startswith("/api/"):
                return JsonResponse({"detail": [{"loc": bad.loc, "msg": bad.message()}]}, status=422)
            field = str(bad.loc[-1]) if len(bad.loc) > 1 else ""
            if "application/json" in request.headers.get("Accept", ""):  # a page's script (autosave)
                return JsonResponse({"errors": {field or "__all__": [bad.message()]}}, status=400)
            return render(request, "400.html", {"field": field, "message": bad.message()}, status=400)
        return self.get_response(request)
