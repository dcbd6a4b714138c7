"""The API at /api/: one NinjaAPI, each app's router, errors always as JSON with the field named."""

from django.core.exceptions import PermissionDenied, ValidationError
from django.http import Http404
from ninja import NinjaAPI
from ninja.errors import AuthenticationError
from ninja.errors import ValidationError as NinjaValidationError

from alliance87.artwork.api import router as artwork_router
from alliance87.events.api import router as events_router
from alliance87.network.api import router as network_router
from alliance87.pathfinders.api import router as pathfinders_router

api = NinjaAPI(
    title="Alliance 8.7 API",
    version="1",
    description=(
        "Public reads of the Alliance 8.7 network; writes with a bearer token made on your account page. "
        "Errors are JSON: `detail` is a message, or a list of `{loc, msg}` naming each field."
    ),
    urls_namespace="api",
)
api.add_router("/", network_router)
api.add_router("/", pathfinders_router)
api.add_router("/", events_router)
api.add_router("/", artwork_router)


def _location(loc) -> list:
    """["body", "payload", "website"] → ["body", "website"]: the same shape as the services' errors."""
    loc = list(loc)
    if len(loc) > 2 and loc[0] == "body" and loc[1] == "payload":
        del loc[1]
    return loc


@api.exception_handler(PermissionDenied)
def permission_denied(request, exc):
    return api.create_response(request, {"detail": str(exc) or "You may not do this."}, status=403)


@api.exception_handler(ValidationError)
def validation_error(request, exc: ValidationError):
    if hasattr(exc, "error_dict"):
        detail = [
            {"loc": ["body", field], "msg": " ".join(m for e in errors for m in e.messages)}
            for field, errors in exc.error_dict.items()
        ]
    else:
        detail = [{"loc": ["body"], "msg": " ".join(exc.messages)}]
    return api.create_response(request, {"detail": detail}, status=422)


@api.exception_handler(Http404)
def not_found(request, exc):
    return api.create_response(request, {"detail": "Not found."}, status=404)


@api.exception_handler(AuthenticationError)
def unauthenticated(request, exc):
    return api.create_response(
        request, {"detail": "A valid bearer token is required (Authorization: Bearer a87_…)."}, status=401
    )


@api.exception_handler(NinjaValidationError)
def invalid_input(request, exc: NinjaValidationError):
    detail = [{"loc": _location(e.get("loc", [])), "msg": e.get("msg", "")} for e in exc.errors]
    return api.create_response(request, {"detail": detail}, status=422)
