"""Writing events: who may, what is checked, and nothing half-written."""

from __future__ import annotations

import dataclasses
import datetime as dt

import pytest
from django.contrib.auth.models import AnonymousUser
from django.core.exceptions import PermissionDenied, ValidationError

from crosscluster.events.models import Event
from crosscluster.events.services import (
    EventData,
    create_event,
    data_from_event,
    delete_event,
    update_event,
)
from crosscluster.events.tests.factories import UTC, make_event, make_other_partnership

pytestmark = pytest.mark.django_db


def study_visit(**changes: object) -> EventData:
    data = EventData(
        title="Study visit to Berlin",
        kind="study_visit",
        start_at=dt.datetime(2026, 3, 3, 9, 0),  # wall clock at the venue
        end_at=dt.datetime(2026, 3, 3, 17, 0),
        timezone="Europe/Berlin",
        venue_name="Factory of the Future",
        city="Berlin",
        country="DE",
    )
    return dataclasses.replace(data, **changes)


def test_a_coordinator_creates_an_event_stored_in_utc(cast) -> None:
    event = create_event(user=cast.coordinator, partnership=cast.partnership, data=study_visit())
    event.refresh_from_db()
    assert event.start_at == dt.datetime(2026, 3, 3, 8, 0, tzinfo=UTC)
    assert event.end_at == dt.datetime(2026, 3, 3, 16, 0, tzinfo=UTC)
    assert event.timezone == "Europe/Berlin"
    assert event.slug == "study-visit-to-berlin"
    assert event.country_id == "DE"


def test_summer_time_at_the_venue_is_respected(cast) -> None:
    event = create_event(
        user=cast.coordinator,
        partnership=cast.partnership,
        data=study_visit(
            start_at=dt.datetime(2026, 7, 7, 9, 0), end_at=dt.datetime(2026, 7, 7, 17, 0)
        ),
    )
    assert event.start_at == dt.datetime(2026, 7, 7, 7, 0, tzinfo=UTC)


def test_aware_times_keep_their_instant(cast) -> None:
    event = create_event(
        user=cast.coordinator,
        partnership=cast.partnership,
        data=study_visit(
            start_at=dt.datetime(2026, 3, 3, 8, 0, tzinfo=UTC),
            end_at=dt.datetime(2026, 3, 3, 16, 0, tzinfo=UTC),
        ),
    )
    assert data_from_event(event).start_at == dt.datetime(2026, 3, 3, 9, 0)


def test_slugs_are_unique_per_partnership(cast) -> None:
    first = create_event(user=cast.coordinator, partnership=cast.partnership, data=study_visit())
    second = create_event(user=cast.coordinator, partnership=cast.partnership, data=study_visit())
    new = create_event(
        user=cast.coordinator, partnership=cast.partnership, data=study_visit(title="New")
    )
    assert (first.slug, second.slug) == ("study-visit-to-berlin", "study-visit-to-berlin-2")
    assert new.slug == "new-2"  # "new" is the address of the "add an event" page
    other, other_coordinator = make_other_partnership(cast)
    elsewhere = create_event(user=other_coordinator, partnership=other, data=study_visit())
    assert elsewhere.slug == "study-visit-to-berlin"


def test_an_online_event_needs_no_venue(cast) -> None:
    event = create_event(
        user=cast.coordinator,
        partnership=cast.partnership,
        data=study_visit(
            kind="webinar",
            venue_name="",
            city="",
            country="",
            online_url="https://meet.example.eu/x",
        ),
    )
    assert event.online_url == "https://meet.example.eu/x"


def test_an_online_event_whose_link_follows_needs_no_place(cast) -> None:
    event = create_event(
        user=cast.coordinator,
        partnership=cast.partnership,
        data=study_visit(kind="webinar", venue_name="", city="", country="", held_online=True),
    )
    event.refresh_from_db()
    assert event.held_online
    assert event.is_online
    assert not event.has_place
    assert event.online_url == ""


def test_a_link_makes_an_event_held_online(cast) -> None:
    event = create_event(
        user=cast.coordinator,
        partnership=cast.partnership,
        data=study_visit(online_url="https://meet.example.eu/h"),
    )
    event.refresh_from_db()
    assert event.held_online  # hybrid: a venue and a link
    assert event.has_place
    update_event(
        user=cast.coordinator,
        event=event,
        data=dataclasses.replace(data_from_event(event), online_url="", held_online=False),
    )
    event.refresh_from_db()
    assert not event.held_online
    assert not event.is_online


def test_a_country_is_enough_while_the_venue_is_not_known(cast) -> None:
    event = create_event(
        user=cast.coordinator,
        partnership=cast.partnership,
        data=study_visit(venue_name="", city="", country="de"),
    )
    assert event.country_id == "DE"
    assert event.has_place


def test_an_administrator_may_create(cast) -> None:
    create_event(user=cast.administrator, partnership=cast.partnership, data=study_visit())
    assert Event.objects.count() == 1


@pytest.mark.parametrize(
    "who", ["cluster_manager", "sme_member", "outsider", "anonymous", "other_coordinator"]
)
def test_only_coordinators_write(cast, who: str) -> None:
    if who == "anonymous":
        user = AnonymousUser()
    elif who == "other_coordinator":
        user = make_other_partnership(cast)[1]
    else:
        user = getattr(cast, who)
    event = make_event(cast.partnership)
    with pytest.raises(PermissionDenied):
        create_event(user=user, partnership=cast.partnership, data=study_visit(title="Hijack"))
    with pytest.raises(PermissionDenied):
        update_event(user=user, event=event, data=study_visit(title="Hijack"))
    with pytest.raises(PermissionDenied):
        delete_event(user=user, event=event)
    assert list(Event.objects.values_list("title", flat=True)) == ["Study visit to Berlin"]


@pytest.mark.parametrize(
    ("changes", "field", "fragment"),
    [
        ({"end_at": dt.datetime(2026, 3, 3, 8, 0)}, "end_at", "must end after it starts"),
        ({"end_at": dt.datetime(2026, 3, 3, 9, 0)}, "end_at", "must end after it starts"),
        ({"end_at": dt.datetime(2026, 9, 3, 9, 0)}, "end_at", "at most 90 days"),
        ({"timezone": "Berlin"}, "timezone", "use a name such as Europe/Berlin"),
        ({"timezone": ""}, "timezone", "is not an IANA time zone"),
        ({"kind": "party"}, "kind", "Choose one of: study_visit"),
        ({"visibility": "secret"}, "visibility", "Choose one of: public, partnership, private"),
        ({"title": "  "}, "title", "Give the event a title"),
        ({"title": "x" * 201}, "title", "at most 200 characters"),
        ({"venue_name": "", "city": "", "country": ""}, "venue_name", "or say it is held online"),
        ({"venue_name": "", "city": "", "country": ""}, "online_url", "or say it is held online"),
        ({"online_url": "javascript:alert(1)"}, "online_url", "starting with https://"),
        ({"online_url": "ftp://files.example.eu/"}, "online_url", "starting with https://"),
        ({"country": "XX"}, "country", "use an ISO 3166 two-letter code"),
        ({"host_id": 999999}, "host_id", "No organisation with id 999999"),
        ({"slug": "Not a slug!"}, "slug", "lower-case letters, digits and hyphens"),
        ({"slug": "new"}, "slug", "reserved"),
        (
            {"start_at": dt.datetime(2026, 3, 29, 2, 30), "end_at": dt.datetime(2026, 3, 29, 9, 0)},
            "start_at",
            "does not exist in Europe/Berlin",
        ),
    ],
)
def test_bad_input_names_the_field_and_writes_nothing(cast, changes, field, fragment) -> None:
    with pytest.raises(ValidationError) as caught:
        create_event(
            user=cast.coordinator, partnership=cast.partnership, data=study_visit(**changes)
        )
    messages = caught.value.message_dict[field]
    assert any(fragment in message for message in messages), messages
    assert not Event.objects.exists()


def test_a_taken_slug_is_refused(cast) -> None:
    make_event(cast.partnership, slug="berlin")
    with pytest.raises(ValidationError) as caught:
        create_event(
            user=cast.coordinator, partnership=cast.partnership, data=study_visit(slug="berlin")
        )
    assert "already uses 'berlin'" in caught.value.message_dict["slug"][0]
    assert Event.objects.count() == 1


def test_update_keeps_the_address_and_moves_the_instant_with_the_zone(cast) -> None:
    event = create_event(user=cast.coordinator, partnership=cast.partnership, data=study_visit())
    data = dataclasses.replace(
        data_from_event(event), title="Study visit to Rome", timezone="Europe/Rome"
    )
    update_event(user=cast.coordinator, event=event, data=data)
    event.refresh_from_db()
    assert event.title == "Study visit to Rome"
    assert event.slug == "study-visit-to-berlin"  # links and calendar entries stay valid
    assert event.start_at == dt.datetime(2026, 3, 3, 8, 0, tzinfo=UTC)  # 09:00 in Rome (CET too)
    data = dataclasses.replace(data_from_event(event), timezone="Europe/London")
    update_event(user=cast.coordinator, event=event, data=data)
    event.refresh_from_db()
    assert event.start_at == dt.datetime(
        2026, 3, 3, 9, 0, tzinfo=UTC
    )  # 09:00 stays 09:00 at the venue


def test_a_bad_update_changes_nothing(cast) -> None:
    event = create_event(user=cast.coordinator, partnership=cast.partnership, data=study_visit())
    before = Event.objects.values().get(pk=event.pk)
    bad = dataclasses.replace(
        data_from_event(event), title="Changed", country="ZZ", end_at=dt.datetime(2020, 1, 1)
    )
    with pytest.raises(ValidationError) as caught:
        update_event(user=cast.coordinator, event=event, data=bad)
    assert set(caught.value.message_dict) == {"country", "end_at"}
    assert Event.objects.values().get(pk=event.pk) == before


def test_an_update_may_not_take_another_events_address(cast) -> None:
    make_event(cast.partnership, "Workshop", slug="workshop")
    event = create_event(user=cast.coordinator, partnership=cast.partnership, data=study_visit())
    with pytest.raises(ValidationError) as caught:
        update_event(
            user=cast.coordinator,
            event=event,
            data=dataclasses.replace(data_from_event(event), slug="workshop"),
        )
    assert "slug" in caught.value.message_dict
    event.refresh_from_db()
    assert event.slug == "study-visit-to-berlin"


def test_a_coordinator_deletes(cast) -> None:
    event = make_event(cast.partnership)
    delete_event(user=cast.coordinator, event=event)
    assert not Event.objects.exists()
