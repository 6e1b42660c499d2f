"""Request helpers."""

from __future__ import annotations

from django.http import HttpRequest


def is_htmx(request: HttpRequest) -> bool:
    """True for a request made by htmx (a partial page update)."""
    return request.headers.get("HX-Request") == "true"
