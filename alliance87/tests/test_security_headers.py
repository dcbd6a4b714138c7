"""Every page says what it may load and run, signed-in pages are never stored, a refusal is one log line."""

import io
import logging

from alliance87.log_filters import RefusalsInOneLine


def _policy(response) -> dict[str, str]:
    directives = (part.strip().split(" ", 1) for part in response["Content-Security-Policy"].split(";"))
    return {name: value for name, value in directives}


def test_public_page_forbids_inline_script_and_style(client, db):
    response = client.get("/")
    policy = _policy(response)
    assert policy["script-src"] == "'self'" and policy["style-src"] == "'self'"
    assert "unsafe-inline" not in response["Content-Security-Policy"]
    assert policy["frame-ancestors"] == "'none'" and policy["object-src"] == "'none'"
    assert "camera=()" in response["Permissions-Policy"]


def test_pages_have_no_inline_script_or_style(client, db):
    # What the policy refuses must not be in our own pages: no <style>, no style="", no inline <script>.
    for path in ("/", "/partners/", "/pathfinders/", "/framework/", "/accounts/login/", "/fr/"):
        page = client.get(path).content.decode()
        assert "<style" not in page and ' style="' not in page, path
        assert all('src="' in tag.split(">", 1)[0] for tag in page.split("<script")[1:]), path


def test_signed_in_pages_are_not_stored(client, cast):
    client.force_login(cast.partner_editor)
    response = client.get("/me/")
    assert "no-store" in response["Cache-Control"] and "private" in response["Cache-Control"]


def test_public_pages_may_be_cached_for_visitors(client, db):
    assert "no-store" not in client.get("/partners/").get("Cache-Control", "")


def test_admin_pages_carry_the_policy(secretariat_client):
    response = secretariat_client.get("/admin/")
    assert response.status_code == 200
    assert _policy(response)["script-src"] == "'self'"


def test_api_docs_carry_the_policy(client, db):
    response = client.get("/api/docs")
    assert response.status_code == 200
    assert _policy(response)["script-src"] == "'self'"


def _site_handler() -> logging.Handler:
    return next(h for h in logging.getLogger().handlers if any(isinstance(f, RefusalsInOneLine) for f in h.filters))


def test_a_refusal_is_logged_in_one_line(client, cast):
    handler = _site_handler()
    stream = io.StringIO()
    previous = handler.setStream(stream)
    try:
        client.force_login(cast.outsider)
        response = client.get("/admin/login/")  # signed in, not the secretariat: PermissionDenied
    finally:
        handler.setStream(previous)
    assert response.status_code == 403
    lines = stream.getvalue().splitlines()
    assert lines == ["Forbidden (Permission denied): /admin/login/"]


def test_server_errors_keep_their_traceback():
    record = logging.LogRecord("django.request", logging.ERROR, __file__, 1, "boom", (), (ValueError, None, None))
    record.status_code = 500
    RefusalsInOneLine().filter(record)
    assert record.exc_info is not None
