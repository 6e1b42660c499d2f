"""Request helpers."""

from __future__ import annotations

from django.http import HttpRequest


def is_htmx(request: HttpRequest) -> bool:
    """True for a partial-page request made by htmx.

    htmx also sends ``HX-Request`` when it restores a page from history after its cache was
    emptied; that request needs the whole page, so it does not count.
    """
    return (
        request.headers.get("HX-Request") == "true"
        and request.headers.get("HX-History-Restore-Request") != "true"
    )
