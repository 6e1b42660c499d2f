"""The e-mails a B2B participant gets: the reminder before the event (with their agenda attached
as an ICS file) and the outcome-survey invitations (when the event ends, six months later).

``send_reminders`` sends what is due at ``now``, each e-mail once per participant (recorded by
``services.send_reminder_once``); the ``send_event_reminders`` command runs it hourly.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Sequence
from dataclasses import dataclass

from django.core.mail import EmailMessage
from django.template.loader import render_to_string
from django.utils import timezone
from django.utils.translation import gettext as _

from crosscluster.brokerage import queries, services
from crosscluster.brokerage.documents.agenda import (
    ICS_CONTENT_TYPE,
    agenda_file_name,
    agenda_url,
    render_agenda_ics,
)
from crosscluster.brokerage.models import (
    Participant,
    ReminderKind,
    ScheduleRun,
    SurveyWave,
)
from crosscluster.brokerage.queries import AgendaItem
from crosscluster.core.dates import format_date
from crosscluster.core.i18n import language_for
from crosscluster.core.times import venue_zone


@dataclass(frozen=True)
class ReminderCounts:
    before_event: int = 0
    survey_after_event: int = 0
    survey_six_months: int = 0

    @property
    def total(self) -> int:
        return self.before_event + self.survey_after_event + self.survey_six_months


def _render_reminder(
    *,
    participant: Participant,
    published: ScheduleRun | None,
    items: Sequence[AgendaItem],
    calendar_file: str,
) -> str:
    event = participant.session.event
    return render_to_string(
        "brokerage/email/before_event.txt",
        {
            "participant": participant,
            "event": event,
            "published": published,
            "items": items,
            "fixed_table": queries.get_fixed_table(participant=participant),
            "agenda_url": agenda_url(participant),
            "calendar_file": calendar_file,
        },
    )


def _reminder_message(*, participant: Participant, now: dt.datetime) -> EmailMessage:
    session = participant.session
    event = session.event
    zone = venue_zone(event.timezone)
    published = queries.get_published_run(session=session)
    items = queries.list_agenda(participant=participant, run=published)
    # In the participant's language; times are the venue's, like the agenda.
    with language_for(participant.user), timezone.override(zone):
        calendar_file = agenda_file_name(participant, extension="ics")
        body = _render_reminder(
            participant=participant, published=published, items=items, calendar_file=calendar_file
        )
        subject = _("Reminder: %(title)s on %(date)s") % {
            "title": event.title,
            "date": format_date(event.start_at.astimezone(zone), "d F Y"),
        }
    message = EmailMessage(subject=subject, body=body, to=[participant.user.email])
    if items:
        message.attach(
            calendar_file,
            render_agenda_ics(participant=participant, items=items, stamp=now),
            ICS_CONTENT_TYPE,
        )
    return message


def _survey_message(*, participant: Participant, wave: str, meetings: int) -> EmailMessage:
    event = participant.session.event
    with language_for(participant.user):
        body = render_to_string(
            "brokerage/email/survey.txt",
            {
                "participant": participant,
                "event": event,
                "wave": wave,
                "count": meetings,
                "agenda_url": agenda_url(participant),
            },
        )
        if wave == SurveyWave.SIX_MONTHS:
            subject = _("%(title)s, six months on: what came of your meetings?")
        else:
            subject = _("%(title)s, how did it go: what came of your meetings?")
        subject = subject % {"title": event.title}
    return EmailMessage(subject=subject, body=body, to=[participant.user.email])


def send_reminders(*, now: dt.datetime) -> ReminderCounts:
    """E-mail what is due at ``now``, each e-mail once per participant (recorded).

    - ``reminder_days`` before the event (until it starts): approved participants get the
      date, venue, their meetings and agenda link, with their agenda as an ICS attachment.
    - When the event ends, and six months later: approved participants with meetings in the
      published schedule are invited to the outcome survey (within 30 days of the wave
      opening, so a late first run sends nothing stale).
    """
    counts = dict.fromkeys(ReminderKind.values, 0)
    for participant in queries.list_due_reminders(now=now):
        message = _reminder_message(participant=participant, now=now)
        if services.send_reminder_once(
            participant=participant, kind=ReminderKind.BEFORE_EVENT, now=now, message=message
        ):
            counts[ReminderKind.BEFORE_EVENT] += 1
    for due in queries.list_due_surveys(now=now):
        message = _survey_message(participant=due.participant, wave=due.wave, meetings=due.meetings)
        if services.send_reminder_once(
            participant=due.participant, kind=due.kind, now=now, message=message
        ):
            counts[due.kind] += 1
    return ReminderCounts(**counts)
