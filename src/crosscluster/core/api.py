"""API plumbing shared by the apps: errors that name the field and the fix, token auth."""

from __future__ import annotations

from typing import Any

from django.core.exceptions import PermissionDenied, ValidationError
from django.http import Http404, HttpRequest, HttpResponse
from ninja import NinjaAPI, Schema
from ninja.errors import ValidationError as NinjaValidationError


class ErrorOut(Schema):
    detail: str
    errors: dict[str, list[str]] = {}


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

    @api.exception_handler(PermissionDenied)
    def on_permission_denied(request: HttpRequest, exc: PermissionDenied) -> HttpResponse:
        return api.create_response(
            request, {"detail": str(exc) or "You may not change this object."}, status=403
        )

    @api.exception_handler(Http404)
    def on_not_found(request: HttpRequest, exc: Http404) -> HttpResponse:
        return api.create_response(request, {"detail": str(exc) or "Not found."}, status=404)
