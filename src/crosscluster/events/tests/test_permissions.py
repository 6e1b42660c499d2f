"""Who may add, edit and delete events on the web, whatever address they type."""

from __future__ import annotations

import datetime as dt
import re

import pytest
from django.test import Client
from django.urls import reverse

from crosscluster.events.models import Event
from crosscluster.events.tests.factories import UTC, make_event, make_other_partnership
from tests.cast import PASSWORD

pytestmark = pytest.mark.django_db


def event_form(**changes: str) -> dict[str, str]:
    data = {
        "title": "Brokerage event in Milan",
        "kind": "brokerage",
        "timezone": "Europe/Rome",
        "start_at": "2026-03-10T09:00",
        "end_at": "2026-03-10T18:00",
        "description": "Meet the **Lombardy** cluster.",
        "venue_name": "Fiera Milano",
        "venue_address": "Strada Statale 33",
        "city": "Milan",
        "country": "",
        "online_url": "",
        "host": "",
        "visibility": "public",
    }
    data.update(changes)
    return data


def login(client: Client, user) -> None:
    assert client.login(email=user.email, password=PASSWORD)


def test_a_coordinator_adds_an_event_in_venue_time(cast, client: Client) -> None:
    login(client, cast.coordinator)
    client.cookies["tz"] = "America/New_York"  # the coordinator's browser is far from Milan
    url = reverse("events:create", args=[cast.partnership.slug])
    page = client.get(url).content.decode()
    assert "local time at the venue" in page
    assert 'type="datetime-local"' in page
    response = client.post(url, event_form(host=cast.other_cluster.slug, country="DE"))
    assert response.status_code == 302
    event = Event.objects.get()
    assert response["Location"] == reverse(
        "events:detail", args=[cast.partnership.slug, event.slug]
    )
    # 09:00 in Rome (UTC+1 in March), whatever the coordinator's own zone.
    assert event.start_at == dt.datetime(2026, 3, 10, 8, 0, tzinfo=UTC)
    assert event.end_at == dt.datetime(2026, 3, 10, 17, 0, tzinfo=UTC)
    assert event.timezone == "Europe/Rome"
    assert event.host == cast.other_cluster
    assert event.country_id == "DE"
    assert event.slug == "brokerage-event-in-milan"


def test_the_edit_form_shows_venue_time_and_saves(cast, client: Client) -> None:
    event = make_event(cast.partnership)  # 09:00-17:00 Berlin
    login(client, cast.coordinator)
    client.cookies["tz"] = "Asia/Tokyo"
    url = reverse("events:edit", args=[cast.partnership.slug, event.slug])
    page = client.get(url).content.decode()
    assert 'value="2026-03-03T09:00"' in page
    assert 'value="2026-03-03T17:00"' in page
    response = client.post(
        url,
        event_form(
            title="Study visit, new programme",
            timezone="Europe/Berlin",
            start_at="2026-03-03T10:00",
            end_at="2026-03-03T17:00",
        ),
    )
    assert response.status_code == 302
    event.refresh_from_db()
    assert event.title == "Study visit, new programme"
    assert event.start_at == dt.datetime(2026, 3, 3, 9, 0, tzinfo=UTC)
    assert event.slug == "study-visit-to-berlin"


def test_a_coordinator_deletes_after_confirming(cast, client: Client) -> None:
    event = make_event(cast.partnership)
    login(client, cast.coordinator)
    url = reverse("events:delete", args=[cast.partnership.slug, event.slug])
    assert client.get(url).status_code == 200
    assert Event.objects.exists()
    response = client.post(url)
    assert response.status_code == 302
    assert not Event.objects.exists()


def test_an_administrator_may_edit(cast, client: Client) -> None:
    event = make_event(cast.partnership)
    login(client, cast.administrator)
    url = reverse("events:edit", args=[cast.partnership.slug, event.slug])
    assert client.post(url, event_form(title="By the administrator")).status_code == 302
    event.refresh_from_db()
    assert event.title == "By the administrator"


@pytest.mark.parametrize("who", ["cluster_manager", "sme_member", "outsider", "other_coordinator"])
def test_everyone_else_gets_403_and_changes_nothing(cast, client: Client, who: str) -> None:
    user = make_other_partnership(cast)[1] if who == "other_coordinator" else getattr(cast, who)
    event = make_event(cast.partnership)
    login(client, user)
    slug = cast.partnership.slug
    for url in (
        reverse("events:create", args=[slug]),
        reverse("events:edit", args=[slug, event.slug]),
        reverse("events:delete", args=[slug, event.slug]),
        reverse("events:edit", args=[slug, "no-such-event"]),  # guessing addresses reveals nothing
    ):
        assert client.get(url).status_code == 403, url
        assert client.post(url, event_form(title="Hijacked")).status_code == 403, url
    assert list(Event.objects.values_list("title", flat=True)) == ["Study visit to Berlin"]


def test_a_coordinator_cannot_reach_another_partnerships_event_through_their_own(
    cast, client: Client
) -> None:
    other, other_coordinator = make_other_partnership(cast)
    event = make_event(cast.partnership)
    login(client, other_coordinator)
    for name in ("events:edit", "events:delete"):
        url = reverse(name, args=[other.slug, event.slug])
        assert client.get(url).status_code == 404
        assert client.post(url, event_form(title="Hijacked")).status_code == 404
    event.refresh_from_db()
    assert event.title == "Study visit to Berlin"


def test_anonymous_visitors_are_sent_to_log_in(cast, client: Client) -> None:
    event = make_event(cast.partnership)
    slug = cast.partnership.slug
    for url in (
        reverse("events:create", args=[slug]),
        reverse("events:edit", args=[slug, event.slug]),
        reverse("events:delete", args=[slug, event.slug]),
    ):
        for response in (client.get(url), client.post(url, event_form(title="Hijacked"))):
            assert response.status_code == 302
            assert response["Location"].startswith("/accounts/login/")
    assert list(Event.objects.values_list("title", flat=True)) == ["Study visit to Berlin"]


def test_bad_input_names_the_field_and_writes_nothing(cast, client: Client) -> None:
    login(client, cast.coordinator)
    url = reverse("events:create", args=[cast.partnership.slug])
    response = client.post(
        url, event_form(end_at="2026-03-10T08:00", venue_name="", venue_address="", city="")
    )
    assert response.status_code == 200
    html = response.content.decode()
    assert "The event must end after it starts" in html
    assert "or say it is held online" in html
    assert not Event.objects.exists()
    response = client.post(url, event_form(start_at="tomorrow morning"))
    assert "Enter a date and time such as 2026-03-03 09:00" in response.content.decode()
    response = client.post(url, event_form(start_at="2026-03-29T02:30", end_at="2026-03-29T09:00"))
    assert "does not exist in Europe/Rome" in response.content.decode()
    assert not Event.objects.exists()


def test_a_bad_edit_changes_nothing(cast, client: Client) -> None:
    event = make_event(cast.partnership)
    before = Event.objects.values().get(pk=event.pk)
    login(client, cast.coordinator)
    url = reverse("events:edit", args=[cast.partnership.slug, event.slug])
    response = client.post(url, event_form(title="Changed", end_at="2026-03-01T09:00"))
    assert response.status_code == 200
    assert Event.objects.values().get(pk=event.pk) == before


def test_an_event_held_online_is_added_without_a_place(cast, client: Client) -> None:
    login(client, cast.coordinator)
    url = reverse("events:create", args=[cast.partnership.slug])
    response = client.post(
        url,
        event_form(venue_name="", venue_address="", city="", country="", held_online="on"),
    )
    assert response.status_code == 302, response.content.decode()
    created = Event.objects.get()
    assert created.held_online
    assert not created.has_place
    edit = client.get(reverse("events:edit", args=[cast.partnership.slug, created.slug]))
    checkbox = r'<input type="checkbox" name="held_online"[^>]* checked>'
    assert re.search(checkbox, edit.content.decode())
