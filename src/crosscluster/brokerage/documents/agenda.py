"""A participant's agenda as an iCalendar file and as a PDF.

Both in the active language (the request's). ICS: one VEVENT per meeting, times in UTC, the table and the other party in the summary and
location, a stable UID per meeting request (a repaired schedule updates, not duplicates) and a
URL back to the agenda page. PDF: WeasyPrint renders the agenda template (imported lazily: it
loads Pango at import time).
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Sequence
from urllib.parse import urlsplit

import icalendar
from django.conf import settings
from django.template.loader import render_to_string
from django.urls import reverse
from django.utils.translation import gettext

from crosscluster.brokerage.models import Participant
from crosscluster.brokerage.queries import AgendaItem
from crosscluster.core.documents.pdf import render_pdf

PRODUCT_ID = "-//crosscluster//B2B agenda//EN"
ICS_CONTENT_TYPE = "text/calendar; charset=utf-8"


def agenda_url(participant: Participant) -> str:
    path = reverse("brokerage:agenda", args=[participant.session_id, participant.pk])
    return f"{settings.SITE_URL}{path}"


def _names(item: AgendaItem) -> str:
    return ", ".join(f"{other.display_name} ({other.organisation.name})" for other in item.others)


def render_agenda_ics(
    *, participant: Participant, items: Sequence[AgendaItem], stamp: dt.datetime
) -> bytes:
    event = participant.session.event
    host = urlsplit(settings.SITE_URL).hostname or "crosscluster"
    url = agenda_url(participant)
    calendar = icalendar.Calendar()
    calendar.add("prodid", PRODUCT_ID)
    calendar.add("version", "2.0")
    calendar.add("x-wr-calname", gettext("My B2B meetings: %(event)s") % {"event": event.title})
    for item in items:
        component = icalendar.Event()
        component.add("uid", f"b2b-{item.meeting.request_id}-{participant.pk}@{host}")
        component.add("dtstamp", stamp.astimezone(dt.UTC))
        component.add("dtstart", item.slot.start_at.astimezone(dt.UTC))
        component.add("dtend", item.slot.end_at.astimezone(dt.UTC))
        names = {"names": _names(item), "table": item.table}
        component.add("summary", gettext("B2B meeting with %(names)s (%(table)s)") % names)
        location = item.table
        if event.venue_name:
            location = f"{item.table}, {event.venue_name}"
        if item.video_url:
            location = item.video_url
        component.add("location", location)
        description = [gettext("%(table)s. With %(names)s.") % names]
        if item.meeting.request.message:
            description.append(item.meeting.request.message)
        if item.video_url:
            description.append(gettext("Video: %(url)s") % {"url": item.video_url})
        description.append(gettext("Agenda: %(url)s") % {"url": url})
        component.add("description", "\n\n".join(description))
        component.add("url", url)
        calendar.add_component(component)
    return bytes(calendar.to_ical())


def render_agenda_pdf(*, participant: Participant, items: Sequence[AgendaItem]) -> bytes:
    event = participant.session.event
    # Times go through core.times (the template's slot_at filter) in the venue's zone.
    html = render_to_string(
        "brokerage/agenda_pdf.html", {"participant": participant, "event": event, "rows": items}
    )
    return render_pdf(html)
