"""The events API: reads show what the requester may see; writes need a coordinator's token."""

from __future__ import annotations

import datetime as dt

import pytest
from django.contrib.auth.models import AnonymousUser
from django.test import Client
from django.utils import timezone

from crosscluster.core.choices import Visibility
from crosscluster.events import queries
from crosscluster.events.models import Event
from crosscluster.events.tests.factories import UTC, make_event, make_other_partnership
from crosscluster.partnerships.queries import get_standing

pytestmark = pytest.mark.django_db

API = "/api/v1/events/"


def new_event(**changes: object) -> dict[str, object]:
    body: dict[str, object] = {
        "partnership": "test-alliance",
        "title": "Study visit to Stockholm",
        "kind": "study_visit",
        "start_at": "2026-03-03T09:00:00",  # wall clock at the venue
        "end_at": "2026-03-03T17:00:00",
        "timezone": "Europe/Stockholm",
        "venue_name": "Kista Science City",
        "city": "Stockholm",
    }
    body.update(changes)
    return body


def titles(response) -> list[str]:
    assert response.status_code == 200, response.content
    return [item["title"] for item in response.json()["items"]]


def test_anonymous_lists_public_events_with_times_in_utc_and_at_the_venue(
    cast, client: Client
) -> None:
    event = make_event(cast.partnership)
    make_event(cast.partnership, "Members meeting", visibility=Visibility.PARTNERSHIP)
    response = client.get(API)
    assert titles(response) == ["Study visit to Berlin"]
    (item,) = response.json()["items"]
    assert item["id"] == event.pk
    assert item["partnership"] == "test-alliance"
    assert item["start_at"] == "2026-03-03T08:00:00Z"
    assert item["end_at"] == "2026-03-03T16:00:00Z"
    assert item["start_local"] == "2026-03-03T09:00:00+01:00"
    assert item["timezone"] == "Europe/Berlin"
    assert item["url"].endswith(f"/events/test-alliance/{event.slug}/")
    assert item["ics_url"].endswith(f"/events/test-alliance/{event.slug}/event.ics")
    assert response.json()["count"] == 1


def test_filters(cast, client: Client) -> None:
    other, _ = make_other_partnership(cast)
    make_event(cast.partnership, "March visit", start_at=dt.datetime(2026, 3, 3, 8, tzinfo=UTC))
    make_event(
        cast.partnership,
        "April webinar",
        kind="webinar",
        start_at=dt.datetime(2026, 4, 7, 8, tzinfo=UTC),
    )
    make_event(
        other, "Other fair", kind="trade_fair", start_at=dt.datetime(2026, 3, 20, 8, tzinfo=UTC)
    )
    make_event(cast.partnership, "Far future", start_at=timezone.now() + dt.timedelta(days=30))
    assert titles(client.get(API, {"partnership": "other-alliance"})) == ["Other fair"]
    assert titles(client.get(API, {"kind": "webinar"})) == ["April webinar"]
    assert titles(client.get(API, {"from": "2026-03-04", "to": "2026-04-07"})) == [
        "Other fair",
        "April webinar",
    ]
    assert titles(client.get(API, {"to": "2026-03-03"})) == ["March visit"]
    assert titles(client.get(API, {"upcoming": "true"})) == ["Far future"]


@pytest.mark.parametrize(
    ("params", "status", "field"),
    [
        ({"kind": "party"}, 400, "kind"),
        ({"from": "2026-05-01", "to": "2026-04-01"}, 400, "to"),
        ({"from": "yesterday"}, 422, "from"),
    ],
)
def test_bad_filters_name_the_field(cast, client: Client, params, status, field) -> None:
    response = client.get(API, params)
    assert response.status_code == status
    assert field in response.json()["errors"]


def test_an_unknown_partnership_filter_is_404(cast, client: Client) -> None:
    assert client.get(API, {"partnership": "no-such-partnership"}).status_code == 404


def test_the_list_runs_a_bounded_number_of_queries(
    cast, client: Client, django_assert_max_num_queries, token_for
) -> None:
    for number in range(20):
        make_event(cast.partnership, f"Event {number}", host=cast.cluster, country_id="DE")
    with django_assert_max_num_queries(4):
        assert len(titles(client.get(API))) == 20
    header = token_for(cast.sme_member)
    with django_assert_max_num_queries(10):
        assert len(titles(client.get(API, headers={"Authorization": header}))) == 20


@pytest.mark.parametrize(
    "who", ["coordinator", "cluster_manager", "sme_member", "outsider", "administrator", None]
)
def test_the_api_shows_what_the_pages_show(cast, client: Client, token_for, who) -> None:
    other, _ = make_other_partnership(cast)
    for partnership in (cast.partnership, other):
        for visibility in Visibility.values:
            make_event(partnership, f"{partnership.slug} {visibility}", visibility=visibility)
    user = getattr(cast, who) if who else AnonymousUser()
    headers = {"Authorization": token_for(user)} if who else {}
    expected = sorted(
        event.title
        for partnership in (cast.partnership, other)
        for event in queries.visible_events(
            partnership=partnership, standing=get_standing(user=user, partnership_id=partnership.pk)
        )
    )
    assert sorted(titles(client.get(API, headers=headers))) == expected
    assert f"test-alliance {Visibility.PUBLIC}" in expected


def test_one_event_hidden_is_404_until_a_token_shows_it(cast, client: Client, token_for) -> None:
    event = make_event(cast.partnership, visibility=Visibility.PRIVATE)
    url = f"{API}{event.pk}"
    assert client.get(url).status_code == 404
    assert client.get(url, headers={"Authorization": token_for(cast.sme_member)}).status_code == 404
    response = client.get(url, headers={"Authorization": token_for(cast.coordinator)})
    assert response.status_code == 200
    assert response.json()["visibility"] == "private"
    assert client.get(url, headers={"Authorization": "Bearer not-a-token"}).status_code == 401


def test_a_coordinator_creates_with_venue_time(cast, client: Client, token_for) -> None:
    response = client.post(
        API,
        new_event(host_id=cast.cluster.pk),
        content_type="application/json",
        headers={"Authorization": token_for(cast.coordinator)},
    )
    assert response.status_code == 201, response.content
    body = response.json()
    assert body["start_at"] == "2026-03-03T08:00:00Z"
    assert body["start_local"] == "2026-03-03T09:00:00+01:00"
    assert body["slug"] == "study-visit-to-stockholm"
    assert body["host"] == {
        "id": cast.cluster.pk,
        "slug": cast.cluster.slug,
        "name": cast.cluster.name,
    }
    assert Event.objects.get().start_at == dt.datetime(2026, 3, 3, 8, 0, tzinfo=UTC)


def test_an_event_held_online_needs_no_place_and_a_patch_adds_its_link(
    cast, client: Client, token_for
) -> None:
    header = {"Authorization": token_for(cast.coordinator)}
    response = client.post(
        API,
        new_event(venue_name="", city="", held_online=True),
        content_type="application/json",
        headers=header,
    )
    assert response.status_code == 201, response.content
    body = response.json()
    assert body["held_online"] is True
    assert body["online_url"] == ""
    response = client.patch(
        f"{API}{body['id']}",
        {"online_url": "https://meet.example.eu/s"},
        content_type="application/json",
        headers=header,
    )
    assert response.status_code == 200, response.content
    assert response.json()["held_online"] is True
    assert response.json()["online_url"] == "https://meet.example.eu/s"
    response = client.patch(
        f"{API}{body['id']}",
        {"online_url": "", "held_online": False},
        content_type="application/json",
        headers=header,
    )
    assert response.status_code == 400
    assert set(response.json()["errors"]) == {"venue_name", "online_url"}
    assert Event.objects.get().online_url == "https://meet.example.eu/s"


def test_an_instant_with_an_offset_is_taken_as_is(cast, client: Client, token_for) -> None:
    response = client.post(
        API,
        new_event(start_at="2026-03-03T08:00:00Z", end_at="2026-03-03T17:00:00+01:00"),
        content_type="application/json",
        headers={"Authorization": token_for(cast.coordinator)},
    )
    assert response.status_code == 201, response.content
    assert response.json()["end_at"] == "2026-03-03T16:00:00Z"


@pytest.mark.parametrize("who", ["cluster_manager", "sme_member", "outsider", "other_coordinator"])
def test_others_may_not_write(cast, client: Client, token_for, who) -> None:
    user = make_other_partnership(cast)[1] if who == "other_coordinator" else getattr(cast, who)
    header = {"Authorization": token_for(user)}
    event = make_event(cast.partnership)
    assert (
        client.post(API, new_event(), content_type="application/json", headers=header).status_code
        == 403
    )
    url = f"{API}{event.pk}"
    assert (
        client.patch(
            url, {"title": "Hijacked"}, content_type="application/json", headers=header
        ).status_code
        == 403
    )
    assert client.delete(url, headers=header).status_code == 403
    assert list(Event.objects.values_list("title", flat=True)) == ["Study visit to Berlin"]


def test_writes_without_a_token_are_401(cast, client: Client) -> None:
    event = make_event(cast.partnership)
    assert client.post(API, new_event(), content_type="application/json").status_code == 401
    assert (
        client.patch(
            f"{API}{event.pk}", {"title": "x"}, content_type="application/json"
        ).status_code
        == 401
    )
    assert client.delete(f"{API}{event.pk}").status_code == 401
    assert Event.objects.get().title == "Study visit to Berlin"


def test_a_hidden_event_is_404_to_writers_who_may_not_see_it(
    cast, client: Client, token_for
) -> None:
    event = make_event(cast.partnership, visibility=Visibility.PRIVATE)
    header = {"Authorization": token_for(cast.outsider)}
    assert (
        client.patch(
            f"{API}{event.pk}", {"title": "x"}, content_type="application/json", headers=header
        ).status_code
        == 404
    )
    assert client.delete(f"{API}{event.pk}", headers=header).status_code == 404
    assert Event.objects.exists()


@pytest.mark.parametrize(
    ("changes", "status", "fields"),
    [
        ({"end_at": "2026-03-03T08:00:00"}, 400, {"end_at"}),
        ({"timezone": "Stockholm"}, 400, {"timezone"}),
        ({"kind": "party", "country": "XX"}, 400, {"kind", "country"}),
        ({"venue_name": "", "city": ""}, 400, {"venue_name", "online_url"}),
        ({"start_at": "next tuesday"}, 422, {"start_at"}),
        ({"title": None}, 422, {"title"}),
    ],
)
def test_bad_input_names_the_field_and_writes_nothing(
    cast, client: Client, token_for, changes, status, fields
) -> None:
    response = client.post(
        API,
        new_event(**changes),
        content_type="application/json",
        headers={"Authorization": token_for(cast.coordinator)},
    )
    assert response.status_code == status, response.content
    assert set(response.json()["errors"]) == fields
    assert not Event.objects.exists()


def test_a_coordinator_patches_and_deletes(cast, client: Client, token_for) -> None:
    event = make_event(cast.partnership, country_id="DE")
    header = {"Authorization": token_for(cast.coordinator)}
    url = f"{API}{event.pk}"
    response = client.patch(
        url,
        {"title": "Study visit, day two", "start_at": "2026-03-03T10:00:00", "country": None},
        content_type="application/json",
        headers=header,
    )
    assert response.status_code == 200, response.content
    body = response.json()
    assert body["title"] == "Study visit, day two"
    assert body["start_at"] == "2026-03-03T09:00:00Z"
    assert body["end_at"] == "2026-03-03T16:00:00Z"  # unchanged
    assert body["country"] is None
    assert body["slug"] == event.slug
    response = client.delete(url, headers=header)
    assert response.status_code == 204
    assert not Event.objects.exists()


@pytest.mark.parametrize(
    ("changes", "fields"),
    [
        ({"title": None}, {"title"}),
        ({"end_at": "2026-03-02T09:00:00"}, {"end_at"}),
        ({"title": "Changed", "online_url": "javascript:alert(1)"}, {"online_url"}),
    ],
)
def test_a_bad_patch_changes_nothing(cast, client: Client, token_for, changes, fields) -> None:
    event = make_event(cast.partnership)
    before = Event.objects.values().get(pk=event.pk)
    response = client.patch(
        f"{API}{event.pk}",
        changes,
        content_type="application/json",
        headers={"Authorization": token_for(cast.coordinator)},
    )
    assert response.status_code == 400
    assert set(response.json()["errors"]) == fields
    assert Event.objects.values().get(pk=event.pk) == before


def test_create_in_a_hidden_partnership_is_404(cast, client: Client, token_for) -> None:
    cast.partnership.is_public = False
    cast.partnership.save()
    response = client.post(
        API,
        new_event(),
        content_type="application/json",
        headers={"Authorization": token_for(cast.outsider)},
    )
    assert response.status_code == 404
    assert not Event.objects.exists()
