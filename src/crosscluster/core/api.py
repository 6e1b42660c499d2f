"""API plumbing shared by the apps: errors that name the field and the fix, token auth."""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from datetime import datetime
from typing import Any

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import InterfaceError, OperationalError
from django.db.models import QuerySet
from django.http import Http404, HttpRequest, HttpResponse, JsonResponse
from django.http.multipartparser import MultiPartParserError
from django.utils.translation import gettext as _
from django.views.decorators.csrf import csrf_exempt
from ninja import Field, NinjaAPI, Router, Schema, Status
from ninja.conf import settings as ninja_settings
from ninja.errors import ValidationError as NinjaValidationError
from ninja.pagination import PageNumberPagination

from crosscluster.core.middleware import database_unavailable
from crosscluster.core.translations import TranslatableText, originals_of

#: the error statuses every operation may answer with, and when (documented in the schema)
ERROR_RESPONSES = {
    400: "The request breaks a rule: `errors` names each field and the fix.",
    401: "The bearer token is missing, not valid, expired or revoked.",
    403: "You may see this object but not change it.",
    404: "No such object, or you may not see it (both look alike).",
    414: "The address is too long (the server refuses request lines over 4 KB).",
    422: "A parameter or field has the wrong type or form: `errors` names it.",
    503: "The database is unavailable for a moment (a restart): retry after `Retry-After` seconds.",
}


class ErrorOut(Schema):
    detail: str
    errors: dict[str, list[str]] = {}


class TextTranslationOut(Schema):
    """An item's texts in one more language (docs/languages.md)."""

    language: str = Field(description="ISO 639-1 code: en, pt, es, fr, it, de or sv")
    texts: dict[str, str] = Field(description="text key -> the text in that language")
    outdated: list[str] = Field(
        description="keys whose original changed since they were translated: readers see the "
        "original until the translation is written again"
    )
    updated_at: datetime


class TextTranslationIn(Schema):
    texts: dict[str, str] = Field(
        description="text key -> the text in that language (Markdown where the original is); "
        "a key left out or empty is not translated; no text at all removes the translation"
    )


def translation_out(translation: Any, texts: Iterable[TranslatableText]) -> dict[str, Any]:
    """A ``core.translations.TextTranslation`` of ``texts`` as :class:`TextTranslationOut`."""
    return {
        "language": translation.language,
        "texts": translation.texts,
        "outdated": translation.outdated(originals_of(texts)),
        "updated_at": translation.updated_at,
    }


def translations_out(
    held: Mapping[str, Any], texts: Iterable[TranslatableText]
) -> list[dict[str, Any]]:
    texts = list(texts)
    return [translation_out(translation, texts) for translation in held.values()]


def translation_answer(saved: Any, texts: Iterable[TranslatableText]) -> Status[Any]:
    """A PUT's answer: the translation (200), or 204 when no text was left (removed)."""
    return Status(204, None) if saved is None else Status(200, translation_out(saved, texts))


class Pagination(PageNumberPagination):
    """Page numbers and sizes within bounds: a page past the last is empty, not a server error."""

    class Input(Schema):
        page: int = Field(1, ge=1, le=1_000_000)
        page_size: int | None = Field(None, ge=1, le=200)


def paged(rows: QuerySet[Any], pagination: Pagination.Input) -> tuple[list[Any], int]:
    """One page of ``rows`` as :class:`Pagination` reads ``page`` and ``page_size``, for an
    operation that builds its items from the page's rows (or pages one list of several): the
    page's rows and the count of all, in two queries however many rows there are."""
    size = pagination.page_size or ninja_settings.PAGINATION_PER_PAGE
    start = (pagination.page - 1) * size
    return list(rows[start : start + size]), rows.count()


def document_error_responses(schema: dict[str, Any]) -> dict[str, Any]:
    """Add the shared error body and ``ERROR_RESPONSES`` to every operation of an OpenAPI schema
    (an operation's own description of a status wins)."""
    components = schema.setdefault("components", {}).setdefault("schemas", {})
    components["ErrorOut"] = ErrorOut.model_json_schema()
    reference = {"application/json": {"schema": {"$ref": "#/components/schemas/ErrorOut"}}}
    for operations in schema.get("paths", {}).values():
        for operation in operations.values():
            responses = operation.setdefault("responses", {})
            for status, description in ERROR_RESPONSES.items():
                # A too-long address is refused by the HTTP server itself, before the API.
                content = (
                    {"text/html": {"schema": {"type": "string"}}} if status == 414 else reference
                )
                responses.setdefault(status, {"description": description, "content": content})
    return schema


@csrf_exempt  # answers every method with a JSON 404: there is nothing to protect
def api_not_found(request: HttpRequest, path: str = "") -> JsonResponse:
    """The API's answer for an address no operation has (JSON, as every other API answer)."""
    return JsonResponse(
        {
            "detail": _("No API operation at %(path)s: see /api/v1/docs.")
            % {"path": "/" + request.path.lstrip("/")}
        },
        status=404,
    )


def validation_errors(error: ValidationError) -> dict[str, list[str]]:
    if hasattr(error, "error_dict"):
        return {
            field: [str(m) for e in errs for m in e.messages]
            for field, errs in error.error_dict.items()
        }
    return {"__all__": [str(m) for m in error.messages]}


def install_error_handlers(api: NinjaAPI) -> None:
    @api.exception_handler(ValidationError)
    def on_validation_error(request: HttpRequest, exc: ValidationError) -> HttpResponse:
        errors = validation_errors(exc)
        summary = "; ".join(f"{field}: {' '.join(msgs)}" for field, msgs in errors.items())
        return api.create_response(request, {"detail": summary, "errors": errors}, status=400)

    @api.exception_handler(NinjaValidationError)
    def on_schema_error(request: HttpRequest, exc: NinjaValidationError) -> HttpResponse:
        errors: dict[str, list[str]] = {}
        for item in exc.errors:
            location: list[Any] = list(item.get("loc", []))
            if location and location[0] in {
                "body",
                "query",
                "path",
                "header",
                "cookie",
                "form",
                "file",
            }:
                location = location[1:]
            location = [part for part in location if part != "payload"]
            field = ".".join(str(p) for p in location) or "__all__"
            errors.setdefault(field, []).append(str(item.get("msg", "invalid value")))
        summary = "; ".join(f"{field}: {' '.join(msgs)}" for field, msgs in errors.items())
        return api.create_response(request, {"detail": summary, "errors": errors}, status=422)

    @api.exception_handler(MultiPartParserError)
    def on_unreadable_body(request: HttpRequest, exc: MultiPartParserError) -> HttpResponse:
        return api.create_response(
            request,
            {
                "detail": _("The request body cannot be read as multipart/form-data: %(error)s")
                % {"error": exc}
            },
            status=400,
        )

    @api.exception_handler(OverflowError)
    def on_number_out_of_range(request: HttpRequest, exc: OverflowError) -> HttpResponse:
        # An id beyond what the database can store cannot name a stored object.
        return api.create_response(request, {"detail": _("Not found.")}, status=404)

    @api.exception_handler(OperationalError)
    @api.exception_handler(InterfaceError)
    def on_database_unavailable(request: HttpRequest, exc: Exception) -> HttpResponse:
        # A restart or failover of the database: 503 with Retry-After, in every mode.
        return database_unavailable(request)

    @api.exception_handler(PermissionDenied)
    def on_permission_denied(request: HttpRequest, exc: PermissionDenied) -> HttpResponse:
        return api.create_response(
            request, {"detail": str(exc) or _("You may not change this object.")}, status=403
        )

    @api.exception_handler(Http404)
    def on_not_found(request: HttpRequest, exc: Http404) -> HttpResponse:
        return api.create_response(request, {"detail": str(exc) or _("Not found.")}, status=404)


def keep_operation_ids(router: Router, *, module: str) -> None:
    """Name the router's operations as when they lived in one module ``module``.

    django-ninja derives an operation's id from its function's module and name; an API module
    split into a package would change every id (and the clients generated from the schema).
    Operations that set ``operation_id`` themselves keep theirs.
    """
    for path_view in router.path_operations.values():
        for operation in path_view.operations:
            if operation.operation_id is None:
                name = operation.view_func.__name__
                operation.operation_id = f"{module}_{name}".replace(".", "_")
