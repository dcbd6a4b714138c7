"""The API at /api/: one NinjaAPI, each app's router, errors always as JSON with the field named."""

from django.core.exceptions import NON_FIELD_ERRORS, PermissionDenied, ValidationError
from django.http import Http404
from ninja import NinjaAPI
from ninja.errors import AuthenticationError
from ninja.errors import ValidationError as NinjaValidationError

from alliance87.artwork.api import router as artwork_router
from alliance87.commitments.api import router as commitments_router
from alliance87.commitments.api_making import router as commitments_making_router
from alliance87.commitments.api_progress import router as commitments_progress_router
from alliance87.engagement.api import router as engagement_router
from alliance87.engagement.api_priorities import router as priorities_router
from alliance87.engagement.api_rounds import router as rounds_router
from alliance87.engagement.api_themes import router as engagement_themes_router
from alliance87.events.api import router as events_router
from alliance87.exchange.api import router as exchange_router
from alliance87.indicators.api import router as indicators_router
from alliance87.network.api import router as network_router
from alliance87.pathfinders.api import router as pathfinders_router

# The answers every operation may give besides its own, with the shapes the handlers below send. Added to
# the OpenAPI centrally, from what each operation takes, so a client (and the fuzzer, which fails on an
# undocumented status) knows them without every endpoint repeating them.
MESSAGE = "Message"
FIELD_ERRORS = "FieldErrors"
ERROR_SCHEMAS = {
    MESSAGE: {
        "title": MESSAGE,
        "type": "object",
        "properties": {"detail": {"title": "Detail", "type": "string"}},
        "required": ["detail"],
    },
    FIELD_ERRORS: {
        "title": FIELD_ERRORS,
        "type": "object",
        "properties": {
            "detail": {
                "title": "Detail",
                "type": "array",
                "items": {
                    "type": "object",
                    "properties": {
                        "loc": {
                            "type": "array",
                            "items": {"anyOf": [{"type": "string"}, {"type": "integer"}]},
                            "description": "where: body, query, path or header, then the field",
                        },
                        "msg": {"type": "string"},
                    },
                    "required": ["loc", "msg"],
                },
            }
        },
        "required": ["detail"],
    },
}
READS = {"get", "head", "options"}


def _error(description: str, schema: str) -> dict:
    return {
        "description": description,
        "content": {"application/json": {"schema": {"$ref": f"#/components/schemas/{schema}"}}},
    }


def error_responses(method: str, operation: dict) -> dict[int, dict]:
    """The error answers ``operation`` can give, from what it takes.

    400 when it reads a body (which may not be JSON); 401 when it reads a token; 403 when it is a write with
    a token (every write checks the caller's right; a read answers 404 for what the caller may not see,
    never 403); 404 when it has path parameters; 422 always.
    """
    parameters = operation.get("parameters", [])
    errors = {}
    if operation.get("security"):
        errors[401] = _error("No bearer token where one is needed, or a token that is wrong or revoked", MESSAGE)
        if method not in READS:
            errors[403] = _error("The token's user may not do this", MESSAGE)
    if any(p["in"] == "path" for p in parameters):
        errors[404] = _error("Nothing at this address, or nothing the caller may see", MESSAGE)
    if "requestBody" in operation:
        errors[400] = _error("The body is not JSON", MESSAGE)
    # Any request may carry a query string, and the text check (alliance87.text_input) refuses a NUL or an
    # oversized value in it before any view: so every operation, even one that takes nothing, may answer 422.
    errors[422] = _error("The input was refused; each item names where and says why", FIELD_ERRORS)
    return errors


class AllianceAPI(NinjaAPI):
    def get_openapi_schema(self, **kwargs):
        schema = super().get_openapi_schema(**kwargs)
        schema.setdefault("components", {}).setdefault("schemas", {}).update(ERROR_SCHEMAS)
        for operations in schema["paths"].values():
            for method, operation in operations.items():
                for status, answer in error_responses(method, operation).items():
                    # An operation that documents its own answer for a status keeps it.
                    operation["responses"].setdefault(status, answer)
        return schema


api = AllianceAPI(
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
api.add_router("/", engagement_router)
api.add_router("/", priorities_router)
api.add_router("/", rounds_router)
api.add_router("/", engagement_themes_router)
api.add_router("/", commitments_router)
api.add_router("/", commitments_making_router)
api.add_router("/", commitments_progress_router)
api.add_router("/", exchange_router)
api.add_router("/", indicators_router)


def _body_arguments() -> frozenset[str]:
    """The names of the views' arguments that each take the whole body (``payload``, ``items``)."""
    names = set()
    for _prefix, router in api._routers:
        for path_view in router.path_operations.values():
            for operation in path_view.operations:
                for model in operation.models:
                    if model.__ninja_param_source__ == "body" and getattr(model, "__read_from_single_attr__", None):
                        names.add(model.__read_from_single_attr__)
    return frozenset(names)


# A view's argument is no field of the request: ninja puts its name in ``loc``, which told a client that a
# missing body lacked a field "payload" (and a service that names the argument, as the agenda's new order
# does with "items", pointed at a field the array body does not have). Each body here is read whole into
# one argument, so that name goes: the error is about the body itself.
BODY_ARGUMENTS = _body_arguments()


def _location(loc) -> list:
    """["body", "payload", "website"] → ["body", "website"], ["body", "payload"] → ["body"]: the same shape
    as the services' errors, naming what the client sent."""
    loc = list(loc)
    # A model's error about no one field (a constraint over several) is about the body as a whole too.
    if len(loc) > 1 and loc[0] == "body" and (loc[1] in BODY_ARGUMENTS or loc[1] == NON_FIELD_ERRORS):
        del loc[1]
    return loc


@api.exception_handler(PermissionDenied)
def permission_denied(request, exc):
    return api.create_response(request, {"detail": str(exc) or "You may not do this."}, status=403)


@api.exception_handler(ValidationError)
def validation_error(request, exc: ValidationError):
    if hasattr(exc, "error_dict"):
        detail = [
            {"loc": _location(["body", field]), "msg": " ".join(m for e in errors for m in e.messages)}
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
