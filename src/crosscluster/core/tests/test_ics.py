"""The calendar boilerplate the events, conversations and B2B agenda files share, byte for byte
as those files wrote it before it was shared (their own tests read the whole files back)."""

from __future__ import annotations

import icalendar

from crosscluster.core import ics


def test_an_empty_calendar_is_written_as_before() -> None:
    assert ics.new_calendar("Events").to_ical() == (
        b"BEGIN:VCALENDAR\r\nVERSION:2.0\r\nPRODID:-//crosscluster//Events//EN\r\n"
        b"CALSCALE:GREGORIAN\r\nEND:VCALENDAR\r\n"
    )
    # the B2B agenda never wrote CALSCALE (the default): its file stays as its readers have it
    assert ics.new_calendar("B2B agenda", gregorian=False).to_ical() == (
        b"BEGIN:VCALENDAR\r\nVERSION:2.0\r\nPRODID:-//crosscluster//B2B agenda//EN\r\n"
        b"END:VCALENDAR\r\n"
    )


def test_a_uid_is_the_kind_the_id_and_the_sites_host(settings) -> None:  # type: ignore[no-untyped-def]
    settings.SITE_URL = "https://platform.example.eu:8443/base"
    assert ics.uid("event", 12) == "event-12@platform.example.eu"
    assert ics.uid("b2b", "7-3") == "b2b-7-3@platform.example.eu"
    settings.SITE_URL = ""
    assert ics.uid("slot-meeting", 5) == "slot-meeting-5@crosscluster"


def test_the_calendar_reads_back() -> None:
    calendar = ics.new_calendar("Conversations")
    event = icalendar.Event()
    event.add("uid", ics.uid("slot-meeting", 1))
    calendar.add_component(event)
    parsed = icalendar.Calendar.from_ical(calendar.to_ical())
    assert str(parsed["PRODID"]) == "-//crosscluster//Conversations//EN"
    assert [str(component["UID"]) for component in parsed.walk("VEVENT")] == [
        ics.uid("slot-meeting", 1)
    ]
