"""send_event_reminders: the reminder before the event and the survey waves, each sent once."""

from __future__ import annotations

import datetime as dt
from io import StringIO

import icalendar
import pytest
from django.conf import settings
from django.core import mail
from django.core.exceptions import ValidationError
from django.core.management import CommandError, call_command
from django.urls import reverse

from crosscluster.brokerage import documents, queries, services
from crosscluster.brokerage.models import ParticipantStatus, ReminderSent
from crosscluster.brokerage.tests.factories import NOW, join, make_session, schedule
from crosscluster.events.tests.factories import TUESDAY_0800

pytestmark = pytest.mark.django_db
START = TUESDAY_0800  # the event: 3 March 2026, 08:00-16:00 UTC (09:00 in Milan)
END = START + dt.timedelta(hours=8)


@pytest.fixture
def world(cast):  # type: ignore[no-untyped-def]
    session = make_session(cast)
    ada = join(session, cast.sme_member, cast.sme, name="Ada")
    carla = join(session, cast.outsider, cast.other_sme, name="Carla")
    max_ = join(session, cast.cluster_manager, cast.other_cluster, name="Max")
    pending = join(session, cast.coordinator, cast.cluster, status=ParticipantStatus.PENDING)
    request = services.send_request(user=ada.user, requester=ada, recipient_id=carla.pk, now=NOW)
    services.answer_request(user=carla.user, request=request, accept=True, now=NOW)
    return {"session": session, "ada": ada, "carla": carla, "max": max_, "pending": pending}


def publish(cast, session) -> None:  # type: ignore[no-untyped-def]
    services.publish_run(user=cast.coordinator, run=schedule(cast, session), now=NOW)


def by_recipient() -> dict[str, mail.EmailMessage]:
    return {message.to[0]: message for message in mail.outbox}


def test_the_reminder_goes_out_two_days_before_with_the_agenda_and_its_ics(cast, world) -> None:
    publish(cast, world["session"])
    too_early = documents.send_reminders(now=START - dt.timedelta(days=2, minutes=1))
    assert too_early.total == 0
    assert mail.outbox == []

    counts = documents.send_reminders(now=START - dt.timedelta(days=2))
    assert counts.before_event == 3  # Ada, Carla and Max; not the pending registration
    sent = by_recipient()
    assert set(sent) == {"member@example.eu", "outsider@example.eu", "manager@example.eu"}

    ada = sent["member@example.eu"]
    assert ada.subject == "Reminder: Brokerage event in Milan on 03 March 2026"
    agenda = f"{settings.SITE_URL}{reverse('brokerage:agenda', args=[world['session'].pk, world['ada'].pk])}"
    assert f"Your agenda: {agenda}" in ada.body
    assert "Tuesday 3 March 2026, 09:00 (Europe/Rome) at Fiera Milano, Milan" in ada.body
    [(filename, content, mimetype)] = ada.attachments
    assert (filename, mimetype) == (
        "TDA-brokerage-event-in-milan-b2b-agenda-ada.ics",
        "text/calendar; charset=utf-8",
    )
    [meeting] = icalendar.Calendar.from_ical(content).walk("VEVENT")
    slot = world["session"].slots.get(pk=meeting_slot(world))
    assert meeting.decoded("dtstart") == slot.start_at
    assert "Carla (Unrelated SME)" in str(meeting.get("summary"))
    # The line in the body is in venue time, like the agenda page.
    local = slot.start_at.astimezone(dt.timezone(dt.timedelta(hours=1)))
    assert f"- {local:%a} {local.day} {local:%b %H:%M}" in ada.body

    max_ = sent["manager@example.eu"]
    assert "No meetings are scheduled for you." in max_.body
    assert max_.attachments == []

    # Once each: a rerun (cron, every hour) sends nothing more.
    assert documents.send_reminders(now=START - dt.timedelta(days=1)).total == 0
    assert len(mail.outbox) == 3
    assert ReminderSent.objects.count() == 3


def meeting_slot(world):  # type: ignore[no-untyped-def]
    from crosscluster.brokerage.models import ScheduledMeeting

    return ScheduledMeeting.objects.get(run__status="published").slot_id


def test_before_publication_the_reminder_says_the_schedule_is_coming(cast, world) -> None:
    documents.send_reminders(now=START - dt.timedelta(hours=5))
    ada = by_recipient()["member@example.eu"]
    assert "The meeting schedule is not published yet" in ada.body
    assert ada.attachments == []


def test_no_reminder_once_the_event_started_or_when_switched_off(cast, world) -> None:
    assert documents.send_reminders(now=START).before_event == 0
    session = world["session"]
    session.reminder_days = 0
    session.save()
    assert documents.send_reminders(now=START - dt.timedelta(hours=1)).before_event == 0
    assert mail.outbox == []


def test_the_survey_waves_go_to_participants_with_meetings(cast, world) -> None:
    publish(cast, world["session"])
    assert documents.send_reminders(now=END - dt.timedelta(minutes=1)).survey_after_event == 0
    counts = documents.send_reminders(now=END)
    assert (counts.before_event, counts.survey_after_event) == (0, 2)  # Max had no meeting
    sent = by_recipient()
    assert set(sent) == {"member@example.eu", "outsider@example.eu"}
    assert "Brokerage event in Milan, where you met 1 partner." in sent["member@example.eu"].body
    assert documents.send_reminders(now=END + dt.timedelta(days=1)).total == 0

    mail.outbox.clear()
    six_months = END + queries.SIX_MONTHS
    assert documents.send_reminders(now=six_months - dt.timedelta(minutes=1)).total == 0
    counts = documents.send_reminders(now=six_months)
    assert counts.survey_six_months == 2
    assert "Six months ago you met 1 partner" in mail.outbox[0].body
    assert "six months on" in mail.outbox[0].subject
    assert documents.send_reminders(now=six_months + dt.timedelta(hours=1)).total == 0


def test_a_first_run_long_after_a_wave_opened_sends_nothing_stale(cast, world) -> None:
    publish(cast, world["session"])
    late = END + queries.SURVEY_SEND_WINDOW + dt.timedelta(minutes=1)
    assert documents.send_reminders(now=late).total == 0
    assert mail.outbox == []


def test_a_failed_send_is_tried_again_at_the_next_run(cast, world, monkeypatch) -> None:
    def down(self: object, fail_silently: bool = False) -> int:
        raise ConnectionRefusedError("mail server down")

    monkeypatch.setattr(mail.EmailMessage, "send", down)
    assert documents.send_reminders(now=START - dt.timedelta(days=1)).total == 0
    assert not ReminderSent.objects.exists()
    monkeypatch.undo()
    assert documents.send_reminders(now=START - dt.timedelta(days=1)).before_event == 3


def test_the_command_with_now(cast, world) -> None:
    out = StringIO()
    moment = (START - dt.timedelta(days=1)).isoformat()
    call_command("send_event_reminders", "--now", moment, stdout=out)
    assert out.getvalue().startswith("3 e-mail(s) sent: 3 reminder(s) before the event")
    out = StringIO()
    call_command("send_event_reminders", "--now", moment, stdout=out)
    assert out.getvalue().startswith("0 e-mail(s) sent")
    with pytest.raises(CommandError):
        call_command("send_event_reminders", "--now", "yesterday")


def test_the_reminder_days_are_bounded(cast) -> None:
    with pytest.raises(ValidationError) as caught:
        make_session(cast, reminder_days=31)
    assert "reminder_days" in caught.value.message_dict
    from crosscluster.events.models import Event

    event = Event.objects.get()
    session = services.configure_session(
        user=cast.coordinator,
        event=event,
        data=services.SessionData(periods=[(event.start_at, event.end_at)], reminder_days=5),
    )
    assert session.reminder_days == 5
