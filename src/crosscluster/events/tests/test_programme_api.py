"""The programme API: read with the event's visibility; coordinators write with a token."""

from __future__ import annotations

import datetime as dt

import pytest
from django.test import Client

from crosscluster.core.choices import Visibility
from crosscluster.events.models import ProgrammeItem
from crosscluster.events.tests.factories import (
    UTC,
    make_event,
    make_other_partnership,
    make_programme_item,
)

pytestmark = pytest.mark.django_db


def programme_url(event) -> str:  # type: ignore[no-untyped-def]
    return f"/api/v1/events/{event.pk}/programme"


def new_item(**changes: object) -> dict[str, object]:
    body: dict[str, object] = {
        "kind": "b2b",
        "title": "B2B meetings",
        "start_at": "2026-03-03T14:00:00",  # wall clock at the venue (Berlin)
        "end_at": "2026-03-03T16:30:00",
        "place": "Hall 2",
    }
    body.update(changes)
    return body


def test_anyone_reads_a_public_events_programme(cast, client: Client) -> None:
    event = make_event(cast.partnership)
    make_programme_item(
        event,
        "Company visit",
        kind="company_visit",
        start_at=dt.datetime(2026, 3, 3, 13, tzinfo=UTC),
        visited_organisation=cast.sme,
    )
    make_programme_item(event, "Welcome")
    response = client.get(programme_url(event))
    assert response.status_code == 200, response.content
    body = response.json()
    assert body["event"] == event.pk
    assert body["timezone"] == "Europe/Berlin"
    assert body["ics_url"].endswith(f"/events/test-alliance/{event.slug}/programme.ics")
    assert [item["title"] for item in body["items"]] == ["Welcome", "Company visit"]
    visit = body["items"][1]
    assert visit["start_at"] == "2026-03-03T13:00:00Z"
    assert visit["start_local"] == "2026-03-03T14:00:00+01:00"
    assert visit["visited_organisation"]["id"] == cast.sme.pk
    assert visit["visited_organisation"]["url"].endswith(
        f"/directory/organisations/{cast.sme.slug}/"
    )


def test_a_hidden_events_programme_is_404_until_a_token_shows_it(
    cast, client: Client, token_for
) -> None:
    event = make_event(cast.partnership, visibility=Visibility.PRIVATE)
    make_programme_item(event, "Secret dinner")
    url = programme_url(event)
    assert client.get(url).status_code == 404
    assert client.get(url, headers={"Authorization": token_for(cast.sme_member)}).status_code == 404
    response = client.get(url, headers={"Authorization": token_for(cast.coordinator)})
    assert [item["title"] for item in response.json()["items"]] == ["Secret dinner"]
    assert client.get(url, headers={"Authorization": "Bearer nope"}).status_code == 401


def test_a_coordinator_adds_patches_orders_and_deletes(cast, client: Client, token_for) -> None:
    event = make_event(cast.partnership)
    header = {"Authorization": token_for(cast.coordinator)}
    response = client.post(
        programme_url(event), new_item(), content_type="application/json", headers=header
    )
    assert response.status_code == 201, response.content
    created = response.json()
    assert created["start_at"] == "2026-03-03T13:00:00Z"  # 14:00 in Berlin
    item = ProgrammeItem.objects.get(pk=created["id"])
    other = make_programme_item(event, "Parallel track", start_at=item.start_at)
    response = client.patch(
        f"{programme_url(event)}/{item.pk}",
        {"title": "B2B meetings (tables 1-20)", "place": "Hall 3"},
        content_type="application/json",
        headers=header,
    )
    assert response.status_code == 200, response.content
    assert response.json()["title"] == "B2B meetings (tables 1-20)"
    assert response.json()["start_at"] == "2026-03-03T13:00:00Z"  # unchanged: not sent
    response = client.put(
        f"{programme_url(event)}/order",
        {"item_ids": [other.pk, item.pk]},
        content_type="application/json",
        headers=header,
    )
    assert response.status_code == 200, response.content
    assert [i["id"] for i in response.json()["items"]] == [other.pk, item.pk]
    response = client.delete(f"{programme_url(event)}/{item.pk}", headers=header)
    assert response.status_code == 204
    assert list(ProgrammeItem.objects.values_list("pk", flat=True)) == [other.pk]


@pytest.mark.parametrize("who", ["cluster_manager", "sme_member", "outsider"])
def test_others_may_not_write(cast, client: Client, token_for, who: str) -> None:
    event = make_event(cast.partnership)
    item = make_programme_item(event)
    header = {"Authorization": token_for(getattr(cast, who))}
    url = programme_url(event)
    assert client.post(url, new_item(), content_type="application/json", headers=header).status_code == 403  # fmt: skip
    assert client.patch(f"{url}/{item.pk}", {"title": "x"}, content_type="application/json", headers=header).status_code == 403  # fmt: skip
    assert client.delete(f"{url}/{item.pk}", headers=header).status_code == 403
    assert client.put(f"{url}/order", {"item_ids": [item.pk]}, content_type="application/json", headers=header).status_code == 403  # fmt: skip
    assert ProgrammeItem.objects.get().title == "Welcome"


def test_writes_without_a_token_are_401(cast, client: Client) -> None:
    event = make_event(cast.partnership)
    item = make_programme_item(event)
    url = programme_url(event)
    assert client.post(url, new_item(), content_type="application/json").status_code == 401
    assert client.delete(f"{url}/{item.pk}").status_code == 401
    assert ProgrammeItem.objects.count() == 1


def test_another_partnerships_item_is_404_through_this_event(
    cast, client: Client, token_for
) -> None:
    event = make_event(cast.partnership)
    other, other_coordinator = make_other_partnership(cast)
    their_event = make_event(other, "Their visit")
    foreign = make_programme_item(their_event, "Their welcome")
    header = {"Authorization": token_for(cast.coordinator)}
    url = f"{programme_url(event)}/{foreign.pk}"
    assert client.patch(url, {"title": "x"}, content_type="application/json", headers=header).status_code == 404  # fmt: skip
    assert client.delete(url, headers=header).status_code == 404
    # Through its own event, our coordinator may see it (public) but not change it.
    own_url = f"{programme_url(their_event)}/{foreign.pk}"
    assert client.delete(own_url, headers=header).status_code == 403
    # A hidden event of theirs is 404 to us, items included.
    hidden = make_event(other, "Their board", visibility=Visibility.PRIVATE)
    hidden_item = make_programme_item(hidden)
    assert client.delete(f"{programme_url(hidden)}/{hidden_item.pk}", headers=header).status_code == 404  # fmt: skip
    assert ProgrammeItem.objects.count() == 2
    assert other_coordinator is not None


@pytest.mark.parametrize(
    ("changes", "status", "field"),
    [
        ({"start_at": "2026-03-03T08:00:00"}, 400, "start_at"),  # before the 09:00 start
        ({"end_at": "2026-03-03T17:30:00"}, 400, "end_at"),  # after the 17:00 end
        ({"end_at": "2026-03-03T13:00:00"}, 400, "end_at"),  # before its own start
        ({"kind": "banquet"}, 400, "kind"),
        (
            {"kind": "company_visit", "visited_organisation_id": 999_999},
            400,
            "visited_organisation_id",
        ),
        ({"start_at": "tomorrow"}, 422, None),
    ],
)
def test_bad_input_names_the_field_and_writes_nothing(
    cast, client: Client, token_for, changes: dict[str, object], status: int, field: str | None
) -> None:
    event = make_event(cast.partnership)
    response = client.post(
        programme_url(event),
        new_item(**changes),
        content_type="application/json",
        headers={"Authorization": token_for(cast.coordinator)},
    )
    assert response.status_code == status, response.content
    if field:
        assert field in response.json()["errors"]
    assert not ProgrammeItem.objects.exists()


def test_a_bad_patch_or_order_changes_nothing(cast, client: Client, token_for) -> None:
    event = make_event(cast.partnership)
    item = make_programme_item(event)
    header = {"Authorization": token_for(cast.coordinator)}
    url = f"{programme_url(event)}/{item.pk}"
    response = client.patch(url, {"title": None}, content_type="application/json", headers=header)
    assert response.status_code == 400
    assert "title" in response.json()["errors"]
    response = client.patch(
        url, {"end_at": "2026-03-04T10:00:00"}, content_type="application/json", headers=header
    )
    assert response.status_code == 400
    assert "end_at" in response.json()["errors"]
    response = client.put(
        f"{programme_url(event)}/order",
        {"item_ids": []},
        content_type="application/json",
        headers=header,
    )
    assert response.status_code == 400
    assert "item_ids" in response.json()["errors"]
    item.refresh_from_db()
    assert (item.title, item.end_at) == ("Welcome", event.start_at + dt.timedelta(hours=1))
