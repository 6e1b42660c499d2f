"""Request helpers."""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

from django.core.paginator import Page, Paginator
from django.db.models import QuerySet
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


def absolute_url(path: str) -> str:
    """An absolute link for e-mails, feeds, calendars and API payloads (``SITE_URL`` + path)."""
    from django.conf import settings

    return f"{settings.SITE_URL}{path}"


def safe_next(request: HttpRequest, fallback: str) -> str:
    """The ``next`` address the request names (POST, else GET) when it stays on this site,
    else ``fallback``: a form's ``next=https://evil.example`` never sends anyone away."""
    from django.utils.http import url_has_allowed_host_and_scheme

    target = request.POST.get("next") or request.GET.get("next") or ""
    if target and url_has_allowed_host_and_scheme(
        target, allowed_hosts={request.get_host()}, require_https=request.is_secure()
    ):
        return target
    return fallback


#: rows a page of a waiting list shows (claims, requests to join, clusters to review,
#: partnerships to approve); ``page_of``'s default
WAITING_PAGE_SIZE = 20


def page_of(
    request: HttpRequest,
    rows: QuerySet[Any] | Sequence[Any],
    *,
    parameter: str = "page",
    size: int = WAITING_PAGE_SIZE,
) -> Page[Any]:
    """The page of ``rows`` the query parameter ``parameter`` names (the first page when it is
    missing or not a number, the last past the end): one count and one slice of a queryset,
    however many rows wait."""
    return Paginator(rows, size).get_page(request.GET.get(parameter))
