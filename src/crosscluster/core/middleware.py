"""Activate the viewer's time zone (the user's setting, else the browser's ``tz`` cookie); the
site's own error pages in every mode."""

from __future__ import annotations

import logging
import zoneinfo
from collections.abc import Callable
from urllib.parse import unquote

from allauth.core.exceptions import ReauthenticationRequired
from django.conf import settings
from django.core.exceptions import PermissionDenied
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import render
from django.urls import Resolver404, resolve
from django.utils import timezone

logger = logging.getLogger("django.request")


def zone_or_none(name: str | None) -> zoneinfo.ZoneInfo | None:
    if not name:
        return None
    try:
        return zoneinfo.ZoneInfo(name)
    except (zoneinfo.ZoneInfoNotFoundError, ValueError):
        return None


class ViewerTimezoneMiddleware:
    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        user = getattr(request, "user", None)
        zone = zone_or_none(getattr(user, "timezone", "") if user and user.is_authenticated else "")
        # site.js writes the cookie URL-encoded (Europe%2FBerlin).
        zone = zone or zone_or_none(unquote(request.COOKIES.get("tz") or ""))
        if zone is not None:
            timezone.activate(zone)
        else:
            timezone.deactivate()
        try:
            return self.get_response(request)
        finally:
            timezone.deactivate()


class SiteErrorPagesMiddleware:
    """The site's own 404 and 500 pages (with its navigation) in every mode.

    With ``DEBUG`` off Django already uses ``handler404``/``handler500``; with it on (``make run``)
    it shows its technical pages, which list every URL of the site. This middleware answers a
    missing page and an unhandled error with the site's pages in both modes (the error is still
    logged with its traceback). It sits after ``CommonMiddleware``, so a missing slash is still
    redirected first."""

    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        if settings.DEBUG:
            try:
                resolve(request.path_info, urlconf=getattr(request, "urlconf", None))
            except Resolver404:
                return render(request, "404.html", status=404)
        return self.get_response(request)

    def process_exception(self, request: HttpRequest, exception: Exception) -> HttpResponse | None:
        if not settings.DEBUG:
            return None  # Django's handlers answer with the same pages
        if isinstance(exception, ReauthenticationRequired):
            return None  # allauth's middleware answers: it asks for the password again
        if isinstance(exception, Http404):
            return render(request, "404.html", status=404)
        if isinstance(exception, PermissionDenied):
            return render(request, "403.html", status=403)
        logger.error(
            "Internal Server Error: %s",
            request.path,
            exc_info=exception,
            extra={"request": request},
        )
        return render(request, "500.html", status=500)
