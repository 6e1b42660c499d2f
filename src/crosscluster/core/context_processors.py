from __future__ import annotations

from django.conf import settings
from django.http import HttpRequest
from django.utils import timezone


def site(request: HttpRequest) -> dict[str, object]:
    return {
        "site_name": "crosscluster",
        "site_url": settings.SITE_URL,
        "viewer_timezone": timezone.get_current_timezone_name(),
    }
