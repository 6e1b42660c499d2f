"""Calendar feeds: parsed back with icalendar, they give the right instants and a link back."""

from __future__ import annotations

import datetime as dt

import icalendar
import pytest
from django.test import Client
from django.urls import reverse
from django.utils import timezone, translation

from crosscluster.core.choices import Visibility
from crosscluster.events.tests.factories import UTC, make_event
from tests.cast import PASSWORD

pytestmark = pytest.mark.django_db

SITE_URL = "https://events.example.eu"


@pytest.fixture(autouse=True)
def _site_url(settings) -> None:
    settings.SITE_URL = SITE_URL


def parse(response) -> icalendar.Calendar:
    assert response.status_code == 200
    assert response["Content-Type"] == "text/calendar; charset=utf-8"
    return icalendar.Calendar.from_ical(response.content)


def by_summary(calendar: icalendar.Calendar) -> dict[str, icalendar.Event]:
    return {str(event["SUMMARY"]): event for event in calendar.walk("VEVENT")}


def feed_url(cast) -> str:
    return reverse("events:partnership_ics", args=[cast.partnership.slug])


def test_the_partnership_feed(cast, client: Client) -> None:
    soon = timezone.now().replace(microsecond=0) + dt.timedelta(days=10)
    visit = make_event(
        cast.partnership,
        "Study visit to Berlin",
        start_at=soon,
        venue_name="Factory of the Future",
        venue_address="Unter den Linden 1",
        country_id="DE",
        description="A guided tour; bring ID.",
    )
    webinar = make_event(
        cast.partnership,
        "Webinar",
        kind="webinar",
        city="",
        online_url="https://meet.example.eu/w",
        start_at=soon + dt.timedelta(days=1),
    )
    calendar = parse(client.get(feed_url(cast)))

    assert str(calendar["X-WR-CALNAME"]) == "TDA events"
    assert calendar["REFRESH-INTERVAL"].params["VALUE"] == "DURATION"
    assert calendar.decoded("REFRESH-INTERVAL") == dt.timedelta(hours=6)
    assert str(calendar["VERSION"]) == "2.0"
    events = by_summary(calendar)
    assert set(events) == {"Study visit to Berlin", "Webinar"}

    vevent = events["Study visit to Berlin"]
    assert str(vevent["UID"]) == f"event-{visit.pk}@events.example.eu"
    assert vevent.decoded("DTSTART") == soon
    assert vevent.decoded("DTSTART").utcoffset() == dt.timedelta(0)
    assert vevent.decoded("DTEND") == soon + dt.timedelta(hours=8)
    assert "DTSTAMP" in vevent
    assert str(vevent["URL"]) == f"{SITE_URL}/events/{cast.partnership.slug}/{visit.slug}/"
    assert str(vevent["LOCATION"]) == "Factory of the Future, Unter den Linden 1, Berlin, Germany"
    description = str(vevent["DESCRIPTION"])
    assert "A guided tour; bring ID." in description
    assert "Europe/Berlin" in description
    assert f"{SITE_URL}/events/{cast.partnership.slug}/{visit.slug}/" in description

    online = events["Webinar"]
    assert str(online["LOCATION"]) == "https://meet.example.eu/w"
    assert str(online["UID"]) == f"event-{webinar.pk}@events.example.eu"


def test_an_event_held_online_without_its_link_is_located_online(cast, client: Client) -> None:
    event = make_event(cast.partnership, "Webinar", kind="webinar", city="", held_online=True)
    url = reverse("events:event_ics", args=[cast.partnership.slug, event.slug])
    vevent = by_summary(parse(client.get(url)))["Webinar"]
    assert str(vevent["LOCATION"]) == "Online"
    with translation.override("fr"):
        french_url = reverse("events:event_ics", args=[cast.partnership.slug, event.slug])
    french = by_summary(parse(client.get(french_url)))["Webinar"]
    assert str(french["LOCATION"]) == "En ligne"


def test_the_dtstart_is_the_utc_instant_of_the_venue_time(cast, client: Client) -> None:
    # Tuesday 3 March 2026 09:00 in Berlin.
    event = make_event(cast.partnership, start_at=dt.datetime(2026, 3, 3, 8, 0, tzinfo=UTC))
    body = client.get(reverse("events:event_ics", args=[cast.partnership.slug, event.slug])).content
    assert b"DTSTART:20260303T080000Z" in body
    assert b"DTEND:20260303T160000Z" in body


def test_uids_are_stable_across_fetches_and_edits(cast, client: Client) -> None:
    event = make_event(cast.partnership, start_at=timezone.now() + dt.timedelta(days=2))
    first = by_summary(parse(client.get(feed_url(cast))))["Study visit to Berlin"]["UID"]
    event.title = "Study visit (new programme)"
    event.save()
    second = by_summary(parse(client.get(feed_url(cast))))["Study visit (new programme)"]["UID"]
    assert str(first) == str(second) == f"event-{event.pk}@events.example.eu"


def test_the_feed_holds_only_what_the_requester_may_see(cast, client: Client) -> None:
    soon = timezone.now() + dt.timedelta(days=3)
    make_event(cast.partnership, "Public visit", start_at=soon)
    make_event(
        cast.partnership, "Members meeting", visibility=Visibility.PARTNERSHIP, start_at=soon
    )
    make_event(
        cast.partnership, "Coordinators meeting", visibility=Visibility.PRIVATE, start_at=soon
    )
    make_event(cast.partnership, "Long ago", start_at=timezone.now() - dt.timedelta(days=400))
    anonymous = parse(client.get(feed_url(cast)))
    assert set(by_summary(anonymous)) == {"Public visit"}
    assert client.get(feed_url(cast))["Cache-Control"].startswith("public")

    client.login(email=cast.sme_member.email, password=PASSWORD)
    assert set(by_summary(parse(client.get(feed_url(cast))))) == {"Public visit", "Members meeting"}
    client.login(email=cast.coordinator.email, password=PASSWORD)
    response = client.get(feed_url(cast))
    assert set(by_summary(parse(response))) == {
        "Public visit",
        "Members meeting",
        "Coordinators meeting",
    }
    assert "private" in response["Cache-Control"]
    classes = {str(e["SUMMARY"]): str(e["CLASS"]) for e in parse(response).walk("VEVENT")}
    assert classes["Public visit"] == "PUBLIC"
    assert classes["Members meeting"] == "PRIVATE"


def test_one_event_as_a_file_to_add(cast, client: Client) -> None:
    event = make_event(cast.partnership)
    response = client.get(reverse("events:event_ics", args=[cast.partnership.slug, event.slug]))
    calendar = parse(response)
    assert response["Content-Disposition"] == 'attachment; filename="study-visit-to-berlin.ics"'
    (vevent,) = calendar.walk("VEVENT")
    assert vevent.decoded("DTSTART") == dt.datetime(2026, 3, 3, 8, 0, tzinfo=UTC)
    assert str(vevent["URL"]).startswith(SITE_URL)


def test_a_hidden_event_has_no_file(cast, client: Client) -> None:
    event = make_event(cast.partnership, visibility=Visibility.PARTNERSHIP)
    url = reverse("events:event_ics", args=[cast.partnership.slug, event.slug])
    assert client.get(url).status_code == 404
    client.login(email=cast.cluster_manager.email, password=PASSWORD)
    assert client.get(url).status_code == 200
