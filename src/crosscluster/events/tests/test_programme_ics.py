"""The programme as a calendar file: one VEVENT per item, parsed back with icalendar."""

from __future__ import annotations

import datetime as dt

import icalendar
import pytest
from django.test import Client
from django.urls import reverse

from crosscluster.core.choices import Visibility
from crosscluster.events.tests.factories import UTC, make_event, make_programme_item

pytestmark = pytest.mark.django_db

SITE_URL = "https://events.example.eu"


@pytest.fixture(autouse=True)
def _site_url(settings) -> None:  # type: ignore[no-untyped-def]
    settings.SITE_URL = SITE_URL


def programme_ics(client: Client, event) -> icalendar.Calendar:  # type: ignore[no-untyped-def]
    url = reverse("events:programme_ics", args=[event.partnership.slug, event.slug])
    response = client.get(url)
    assert response.status_code == 200
    assert response["Content-Type"] == "text/calendar; charset=utf-8"
    assert f'filename="{event.slug}-programme.ics"' in response["Content-Disposition"]
    return icalendar.Calendar.from_ical(response.content)


def test_one_vevent_per_item_in_utc_linked_to_the_event(cast, client: Client) -> None:
    event = make_event(cast.partnership, hours=32, venue_name="Messe", country_id="DE")
    welcome = make_programme_item(event, "Welcome", speakers="The host cluster")
    visit = make_programme_item(
        event,
        "Visit of a member company",
        kind="company_visit",
        start_at=dt.datetime(2026, 3, 3, 13, 0, tzinfo=UTC),
        minutes=90,
        visited_organisation=cast.sme,
        place="Werkstrasse 1, Berlin",
        description="Safety shoes required.",
    )
    calendar = programme_ics(client, event)
    assert str(calendar["X-WR-CALNAME"]) == "Programme: Study visit to Berlin"
    components = {str(c["SUMMARY"]): c for c in calendar.walk("VEVENT")}
    assert set(components) == {"Welcome", "Visit of a member company"}  # not the event itself
    parsed = components["Visit of a member company"]
    assert parsed.decoded("DTSTART") == dt.datetime(2026, 3, 3, 13, 0, tzinfo=UTC)
    assert parsed.decoded("DTEND") == dt.datetime(2026, 3, 3, 14, 30, tzinfo=UTC)
    assert str(parsed["UID"]) == f"programme-item-{visit.pk}@events.example.eu"
    assert str(parsed["LOCATION"]) == "Werkstrasse 1, Berlin"
    assert str(parsed["RELATED-TO"]) == f"event-{event.pk}@events.example.eu"
    assert parsed["RELATED-TO"].params["RELTYPE"] == "PARENT"
    description = str(parsed["DESCRIPTION"])
    assert "Company visit" in description
    assert "Visit: Vision Systems SME" in description
    assert "Safety shoes required." in description
    assert f"{SITE_URL}/events/test-alliance/{event.slug}/" in description
    welcome_component = components["Welcome"]
    assert str(welcome_component["UID"]) == f"programme-item-{welcome.pk}@events.example.eu"
    assert str(welcome_component["LOCATION"]) == "Messe, Berlin, Germany"  # the event's place
    assert "With: The host cluster" in str(welcome_component["DESCRIPTION"])
    assert str(welcome_component["CLASS"]) == "PUBLIC"


def test_an_empty_programme_is_a_valid_empty_calendar(cast, client: Client) -> None:
    calendar = programme_ics(client, make_event(cast.partnership))
    assert calendar.walk("VEVENT") == []
    assert str(calendar["VERSION"]) == "2.0"


def test_a_members_only_programme_needs_a_member(cast, client: Client) -> None:
    event = make_event(cast.partnership, visibility=Visibility.PARTNERSHIP)
    make_programme_item(event, "Members' lunch")
    url = reverse("events:programme_ics", args=[cast.partnership.slug, event.slug])
    assert client.get(url).status_code == 404
    from tests.cast import PASSWORD

    assert client.login(email=cast.sme_member.email, password=PASSWORD)
    calendar = programme_ics(client, event)
    (component,) = calendar.walk("VEVENT")
    assert str(component["CLASS"]) == "PRIVATE"
    assert "private" in client.get(url)["Cache-Control"]
