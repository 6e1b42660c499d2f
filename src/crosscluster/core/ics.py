"""The iCalendar (RFC 5545) boilerplate every calendar file of the site shares: the empty
calendar (``PRODID``, ``VERSION``, ``CALSCALE``) and the stable ``UID`` of what it lists.

The UID is ``<kind>-<id>@<site host>`` (``event-12@crosscluster.example.eu``): it never changes,
so downloading a file again or refreshing a feed updates the entry instead of adding it twice.
The files themselves (events, a programme, a B2B agenda, a conversation's meeting) stay in their
apps.
"""

from __future__ import annotations

from urllib.parse import urlsplit

import icalendar
from django.conf import settings

#: the Content-Type of every calendar file
CONTENT_TYPE = "text/calendar; charset=utf-8"


def product_id(product: str) -> str:
    """The ``PRODID`` of one kind of file: ``-//crosscluster//Events//EN``."""
    return f"-//crosscluster//{product}//EN"


def new_calendar(product: str, *, gregorian: bool = True) -> icalendar.Calendar:
    """An empty calendar of ``product`` (:func:`product_id`), version 2.0; with
    ``CALSCALE:GREGORIAN`` unless told (the B2B agenda has always left it out: it is the
    default, and leaving it out keeps the file its readers already imported)."""
    calendar = icalendar.Calendar()
    calendar.add("prodid", product_id(product))
    calendar.add("version", "2.0")
    if gregorian:
        calendar.add("calscale", "GREGORIAN")
    return calendar


def uid(kind: str, pk: int | str) -> str:
    """The stable UID of the ``kind`` object ``pk`` (``event-12@<site host>``)."""
    host = urlsplit(settings.SITE_URL).hostname or "crosscluster"
    return f"{kind}-{pk}@{host}"
