"""One meeting, one time, everywhere (issue 13): the agenda page, its ICS and PDF, the reminder
e-mail, the organiser's schedule, the table plan and the availability form all show a B2B meeting
at the venue's wall clock (Europe/Rome), whatever zone the viewer or the renderer is in."""

from __future__ import annotations

import datetime as dt
import re
import zoneinfo

import icalendar
import pytest
from django.core import mail
from django.test import Client
from django.urls import reverse

from crosscluster.brokerage import documents, services
from crosscluster.brokerage.tests.factories import NOW, join, make_session, schedule
from crosscluster.brokerage.tests.test_documents import agenda_pdf
from crosscluster.core import times
from crosscluster.strategy.tests.helpers import pdf_text
from tests.cast import PASSWORD

pytestmark = pytest.mark.django_db
ROME = zoneinfo.ZoneInfo("Europe/Rome")
TIME_SPAN = re.compile(r"(\d\d:\d\d)\u2013(\d\d:\d\d)")


@pytest.fixture
def meeting(cast):  # type: ignore[no-untyped-def]
    session = make_session(cast)
    ada = join(session, cast.sme_member, cast.sme, name="Ada Vision")
    carla = join(session, cast.outsider, cast.other_sme, name="Carla Unrelated")
    request = services.send_request(user=ada.user, requester=ada, recipient_id=carla.pk, now=NOW)
    services.answer_request(user=carla.user, request=request, accept=True, now=NOW)
    run = schedule(cast, session, time_limit=1)
    services.publish_run(user=cast.coordinator, run=run, now=NOW)
    return session, ada, run.meetings.get()


def spans(text: str) -> set[tuple[str, str]]:
    return set(TIME_SPAN.findall(text))


def test_the_same_meeting_shows_the_same_venue_time_in_page_ics_pdf_and_e_mail(
    cast, meeting
) -> None:
    session, ada, scheduled = meeting
    slot = scheduled.slot
    venue = (f"{slot.start_at.astimezone(ROME):%H:%M}", f"{slot.end_at.astimezone(ROME):%H:%M}")
    utc = (f"{slot.start_at:%H:%M}", f"{slot.end_at:%H:%M}")
    assert venue != utc  # Milan is UTC+1 in March: the test can tell them apart
    expected = times.format_slot(slot.start_at, slot.end_at, ROME)

    client = Client()
    # The viewer is in New York: the meeting still belongs to the venue, labelled as such.
    client.cookies["tz"] = "America%2FNew_York"
    assert client.login(email=cast.sme_member.email, password=PASSWORD)
    args = [session.pk, ada.pk]
    page = client.get(reverse("brokerage:agenda", args=args)).content.decode()
    assert expected in page
    assert "Europe/Rome" in page

    pdf = pdf_text(agenda_pdf(client, ada))  # made by the worker, in New York's test process
    assert spans(pdf) == {venue}, pdf
    assert "Europe/Rome" in pdf

    calendar = icalendar.Calendar.from_ical(
        client.get(reverse("brokerage:agenda_ics", args=args)).content
    )
    [vevent] = calendar.walk("VEVENT")
    start, end = vevent.decoded("dtstart"), vevent.decoded("dtend")
    assert (f"{start.astimezone(ROME):%H:%M}", f"{end.astimezone(ROME):%H:%M}") == venue

    mail.outbox.clear()  # the worker that made the PDF also sent the meeting's notices
    documents.send_reminders(now=session.event.start_at - dt.timedelta(days=2))
    [email] = [message for message in mail.outbox if message.to == [ada.user.email]]
    assert expected in email.body
    assert spans(email.body) == {venue}


def test_the_organiser_s_schedule_table_plan_and_availability_use_venue_time(cast, meeting) -> None:
    session, _ada, scheduled = meeting
    slot = scheduled.slot
    expected = times.format_slot(slot.start_at, slot.end_at, ROME)
    client = Client()
    assert client.login(email=cast.coordinator.email, password=PASSWORD)
    organise = client.get(reverse("brokerage:organise", args=[session.pk])).content.decode()
    assert expected in organise
    assert "Slot (Europe/Rome)" in organise
    assert "(UTC)" not in organise
    tables = client.get(reverse("brokerage:tables", args=[session.pk])).content.decode()
    assert expected in tables

    client.logout()
    assert client.login(email=cast.sme_member.email, password=PASSWORD)
    page = client.get(reverse("brokerage:session", args=[session.pk])).content.decode()
    first = session.slots.order_by("start_at").first()
    assert times.format_slot(first.start_at, first.end_at, ROME) in page  # 09:00, not 08:00
    assert "Tue 3 Mar 09:00\u201309:15" in page
    assert "08:00\u2013" not in page  # the UTC wall clock is nowhere


@pytest.mark.parametrize(
    ("start", "end", "text"),
    [
        # 23:30-00:30 in Rome crosses midnight: both dates are written.
        (
            dt.datetime(2026, 3, 3, 22, 30, tzinfo=dt.UTC),
            dt.datetime(2026, 3, 3, 23, 30, tzinfo=dt.UTC),
            "Tue 3 Mar 23:30 \u2013 Wed 4 Mar 00:30",
        ),
        # Summer time: UTC+2.
        (
            dt.datetime(2026, 7, 7, 7, 0, tzinfo=dt.UTC),
            dt.datetime(2026, 7, 7, 7, 20, tzinfo=dt.UTC),
            "Tue 7 Jul 09:00\u201309:20",
        ),
    ],
)
def test_format_slot_reads_the_venue_clock(start, end, text) -> None:  # type: ignore[no-untyped-def]
    assert times.format_slot(start, end, ROME) == text
