"""An accepted slot as an iCalendar (RFC 5545) file: the two organisations meet during a slot of
an event's programme, and each side adds the meeting to its calendar.

Texts are in the active language (the address's: ``/de/conversations/…/meeting.ics`` is
German); times in UTC, which every calendar program shows in its user's zone. The UID
(``slot-meeting-<proposal id>@<site host>``) never changes, so downloading the file again
updates the meeting instead of adding it twice.
"""

from __future__ import annotations

import datetime as dt

import icalendar
from django.urls import reverse
from django.utils.translation import gettext

from crosscluster.conversations.models import SlotProposal
from crosscluster.core import ics
from crosscluster.core.http import absolute_url
from crosscluster.events import queries as events_queries

CONTENT_TYPE = ics.CONTENT_TYPE


def meeting_summary(proposal: SlotProposal) -> str:
    conversation = proposal.conversation
    return gettext("Meeting of %(first)s and %(second)s (%(slot)s)") % {
        "first": conversation.seeker.name,
        "second": conversation.provider.name,
        "slot": proposal.item.title,
    }


def render_meeting_file(*, proposal: SlotProposal) -> bytes:
    """The accepted slot as one VEVENT, to add to a calendar."""
    item, event, conversation = proposal.item, proposal.item.event, proposal.conversation
    conversation_url = absolute_url(reverse("conversations:detail", args=[conversation.pk]))
    event_url = absolute_url(reverse("events:detail", args=[event.partnership.slug, event.slug]))
    description = [
        proposal.note,
        gettext("About: %(need)s") % {"need": conversation.need.title},
        gettext("Part of %(event)s: %(url)s") % {"event": event.title, "url": event_url},
        gettext("The conversation: %(url)s") % {"url": f"{conversation_url}#slots"},
    ]
    component = icalendar.Event()
    component.add("uid", ics.uid("slot-meeting", proposal.pk))
    stamp = (proposal.answered_at or proposal.created_at).astimezone(dt.UTC)
    component.add("dtstamp", stamp)
    component.add("dtstart", item.start_at.astimezone(dt.UTC))
    component.add("dtend", item.end_at.astimezone(dt.UTC))
    component.add("summary", meeting_summary(proposal))
    component.add("description", "\n\n".join(part for part in description if part))
    location = item.place or events_queries.place_text(event)
    if location:
        component.add("location", location)
    component.add("url", f"{conversation_url}#slots")
    component.add("status", "CONFIRMED")
    component.add("class", "PRIVATE")
    calendar = ics.new_calendar("Conversations")
    calendar.add_component(component)
    return bytes(calendar.to_ical())
