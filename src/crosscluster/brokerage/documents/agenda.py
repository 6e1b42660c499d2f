"""A participant's agenda as an iCalendar file and as a PDF.

The ICS is cheap and made in the request. The PDF is an export kind (``AGENDA``,
``brokerage.agenda``, subject: the participant's id): asked for on the agenda page or over the
API (``POST /api/v1/exports``), made by the background worker in the language its reader asked
in, the times in the venue's zone; the permission is checked again by the worker.

Both in the active language (the request's, or the export's). ICS: one VEVENT per meeting, times in UTC, the table and the other party in the summary and
location, a stable UID per meeting request (a repaired schedule updates, not duplicates) and a
URL back to the agenda page. PDF: WeasyPrint renders the agenda template (imported lazily: it
loads Pango at import time).
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Sequence

import icalendar
from django.conf import settings
from django.http import Http404
from django.template.loader import render_to_string
from django.urls import reverse
from django.utils.translation import gettext, gettext_lazy
from django.utils.translation import gettext as _

from crosscluster.accounts.queries import AnyUser
from crosscluster.brokerage import permissions, queries
from crosscluster.brokerage.models import B2BSession, Participant
from crosscluster.brokerage.queries import AgendaItem
from crosscluster.core import ics
from crosscluster.core.documents.names import document_file_name
from crosscluster.core.documents.pdf import render_pdf
from crosscluster.exports.registry import (
    ExportKind,
    ExportRequest,
    RenderedFile,
    content_fingerprint,
)

PRODUCT = "B2B agenda"
PRODUCT_ID = ics.product_id(PRODUCT)
ICS_CONTENT_TYPE = ics.CONTENT_TYPE


def agenda_url(participant: Participant) -> str:
    path = reverse("brokerage:agenda", args=[participant.session_id, participant.pk])
    return f"{settings.SITE_URL}{path}"


def _names(item: AgendaItem) -> str:
    return ", ".join(f"{other.display_name} ({other.organisation.name})" for other in item.others)


def render_agenda_ics(
    *, participant: Participant, items: Sequence[AgendaItem], stamp: dt.datetime
) -> bytes:
    event = participant.session.event
    url = agenda_url(participant)
    calendar = ics.new_calendar(PRODUCT, gregorian=False)
    calendar.add("x-wr-calname", gettext("My B2B meetings: %(event)s") % {"event": event.title})
    for item in items:
        component = icalendar.Event()
        component.add("uid", ics.uid("b2b", f"{item.meeting.request_id}-{participant.pk}"))
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


def session_file_name(session: B2BSession, *words: object, extension: str) -> str:
    """A session's document named like the partnership's others (``core.documents.names``):
    the partnership's short name, the session's (its event's, as in the event's address), then
    ``words`` in the active language: ``TDA-study-visit-italy-b2b-meetings.xlsx``
    (``TDA-study-visit-italy-b2b-gespräche.xlsx`` for a German reader)."""
    event = session.event
    partnership = event.partnership
    return document_file_name(
        event.slug,
        *words,
        subject=partnership.acronym or partnership.slug,
        extension=extension,
    )


def agenda_file_name(participant: Participant, *, extension: str) -> str:
    """A participant's agenda, ``pdf`` or ``ics``, in the active language:
    ``TDA-study-visit-italy-b2b-agenda-ada-lovelace.pdf`` (whose agenda it is, for the
    organisers who download several)."""
    return session_file_name(
        participant.session,
        gettext("B2B agenda"),
        participant.display_name,
        extension=extension,
    )


def _participant_of(user: AnyUser, subject: str) -> Participant | None:
    """The participant whose agenda ``subject`` (its id) names, if ``user`` may read it (the
    participant, or the session's organisers: the agenda page's rule); else None."""
    if not subject.isdigit():
        return None
    try:
        return permissions.access_own_participant(user=user, participant_id=int(subject))
    except Http404:
        return None


def _agenda(participant: Participant) -> list[AgendaItem]:
    run = queries.get_published_run(session=participant.session)
    return queries.list_agenda(participant=participant, run=run)


def _can_request(user: AnyUser, subject: str) -> bool:
    return _participant_of(user, subject) is not None


def _render(request: ExportRequest) -> RenderedFile:
    participant = _participant_of(request.user, request.subject)
    if participant is None:  # the worker checked first; a lost access fails clearly
        raise Http404(_("No such participant."))
    pdf = render_agenda_pdf(participant=participant, items=_agenda(participant))
    return RenderedFile(agenda_file_name(participant, extension="pdf"), pdf)


def _cache_key(request: ExportRequest) -> str | None:
    """What the PDF shows: asking again for an unchanged agenda hands out the file made before
    (the participant's and the organisers' alike: both may read it); a changed schedule, table
    or name makes a new one."""
    participant = _participant_of(request.user, request.subject)
    if participant is None:
        return None
    event = participant.session.event
    snapshot = {
        "who": [participant.display_name, participant.organisation.name],
        "event": [event.title, event.timezone],
        "rows": [
            [
                item.slot.start_at.isoformat(),
                item.slot.end_at.isoformat(),
                item.table,
                item.video_url,
                [[other.display_name, other.organisation.name] for other in item.others],
            ]
            for item in _agenda(participant)
        ],
    }
    return content_fingerprint(request.subject, snapshot)


def _page(subject: str) -> str:
    """The agenda page (the home page for a subject that names no participant)."""
    session_id = (
        queries.get_session_id_of_participant(participant_id=int(subject))
        if subject.isdigit()
        else None
    )
    if session_id is None:
        return reverse("home")
    return reverse("brokerage:agenda", args=[session_id, int(subject)])


AGENDA = ExportKind(
    key="brokerage.agenda",
    label=gettext_lazy("B2B agenda"),
    formats=("pdf",),
    can_request=_can_request,
    render=_render,
    cache_key=_cache_key,
    page=_page,
)
