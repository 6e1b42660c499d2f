"""The programme on the event page, its edit pages (with and without htmx) and who may use them."""

from __future__ import annotations

import datetime as dt
import re

import pytest
from django.test import Client
from django.urls import reverse

from crosscluster.core.choices import Visibility
from crosscluster.events.models import ProgrammeItem
from crosscluster.events.tests.factories import (
    UTC,
    make_event,
    make_other_partnership,
    make_programme_item,
)
from tests.cast import PASSWORD

pytestmark = pytest.mark.django_db
HTMX = {"HX-Request": "true"}


def login(client: Client, user) -> None:  # type: ignore[no-untyped-def]
    assert client.login(email=user.email, password=PASSWORD)


def item_form(**changes: str) -> dict[str, str]:
    data = {
        "kind": "company_visit",
        "title": "Visit of a member company",
        "start_at": "2026-03-03T14:00",  # venue time, Berlin
        "end_at": "2026-03-03T16:00",
        "place": "Factory floor",
        "speakers": "",
        "visited_organisation": "",
        "description": "",
    }
    data.update(changes)
    return data


def shown_titles(html: str) -> list[str]:
    return re.findall(r"<div><strong>(.*?)</strong></div>", html)


def detail_url(event) -> str:  # type: ignore[no-untyped-def]
    return reverse("events:detail", args=[event.partnership.slug, event.slug])


def item_url(name: str, item: ProgrammeItem) -> str:
    event = item.event
    return reverse(f"events:{name}", args=[event.partnership.slug, event.slug, item.pk])


def test_the_page_groups_the_programme_by_venue_day_with_the_viewers_time(
    cast, client: Client
) -> None:
    event = make_event(cast.partnership, hours=32)  # Tue 09:00 - Wed 17:00 Berlin
    make_programme_item(
        event,
        "Visit of a member company",
        kind="company_visit",
        start_at=dt.datetime(2026, 3, 3, 13, 0, tzinfo=UTC),  # 14:00 Berlin
        minutes=90,
        visited_organisation=cast.sme,
        place="Werkstrasse 1",
    )
    make_programme_item(event, "Welcome")  # Tue 09:00 Berlin
    make_programme_item(
        event, "Debrief", start_at=dt.datetime(2026, 3, 4, 14, 0, tzinfo=UTC), kind="other"
    )
    client.cookies["tz"] = "America/New_York"
    page = client.get(detail_url(event)).content.decode()
    section = page[page.index('id="programme"') :]
    assert shown_titles(section) == ["Welcome", "Visit of a member company", "Debrief"]
    assert section.index("Tuesday 3 March 2026") < section.index("Welcome")
    assert section.index("Visit of a member company") < section.index("Wednesday 4 March 2026")
    assert section.index("Wednesday 4 March 2026") < section.index("Debrief")
    assert "14:00\u201315:30" in section  # at the venue
    assert "(08:00\u201309:30 America/New_York)" in section  # the viewer's clock (UTC-5)
    assert "Company visit" in section  # the kind badge
    organisation_url = reverse("directory:organisation", args=[cast.sme.slug])
    assert f'href="{organisation_url}"' in section
    assert "Werkstrasse 1" in section
    assert reverse("events:programme_ics", args=[cast.partnership.slug, event.slug]) in section
    # Visitors get no edit forms.
    assert "Add to the programme" not in section
    assert "/programme/add/" not in section


def test_the_viewers_zone_is_not_repeated_when_it_is_the_venues(cast, client: Client) -> None:
    event = make_event(cast.partnership)
    make_programme_item(event)
    client.cookies["tz"] = "Europe/Berlin"
    section = client.get(detail_url(event)).content.decode().split('id="programme"')[1]
    assert "which is also your time zone" in section
    assert "09:00\u201310:00" in section
    assert "(09:00\u201310:00 Europe/Berlin)" not in section


def test_an_empty_programme_says_so(cast, client: Client) -> None:
    event = make_event(cast.partnership)
    assert "No programme published yet." in client.get(detail_url(event)).content.decode()


def test_a_coordinator_adds_without_javascript(cast, client: Client) -> None:
    event = make_event(cast.partnership)
    make_programme_item(event, "Parallel talk", start_at=dt.datetime(2026, 3, 3, 13, tzinfo=UTC))
    login(client, cast.coordinator)
    page = client.get(detail_url(event)).content.decode()
    add_url = reverse("events:programme_add", args=[cast.partnership.slug, event.slug])
    assert f'action="{add_url}"' in page
    assert f'hx-post="{add_url}"' in page
    response = client.post(add_url, item_form(visited_organisation=cast.sme.slug))
    assert response.status_code == 302
    assert response["Location"] == f"{detail_url(event)}#programme"
    item = ProgrammeItem.objects.get(title="Visit of a member company")
    assert item.start_at == dt.datetime(2026, 3, 3, 13, 0, tzinfo=UTC)
    assert item.visited_organisation == cast.sme
    followed = client.get(response["Location"]).content.decode()
    assert "The item was added to the programme." in followed
    assert "It runs in parallel with: Parallel talk" in followed


def test_a_coordinator_adds_with_htmx_and_gets_the_section_back(cast, client: Client) -> None:
    event = make_event(cast.partnership)
    login(client, cast.coordinator)
    add_url = reverse("events:programme_add", args=[cast.partnership.slug, event.slug])
    response = client.post(add_url, item_form(), headers=HTMX)
    assert response.status_code == 200
    body = response.content.decode()
    assert body.startswith('<section id="programme"')
    assert "<html" not in body
    assert "Visit of a member company" in body
    assert "The item was added to the programme." in body  # the message travels in the partial


def test_bad_input_in_the_form_names_the_field_and_writes_nothing(cast, client: Client) -> None:
    event = make_event(cast.partnership)
    login(client, cast.coordinator)
    add_url = reverse("events:programme_add", args=[cast.partnership.slug, event.slug])
    response = client.post(add_url, item_form(end_at="2026-03-03T18:30"))
    assert response.status_code == 200
    page = response.content.decode()
    assert "The programme lies within the event" in page
    assert "Europe/Berlin" in page
    response = client.post(add_url, item_form(kind="lunch"), headers=HTMX)
    assert "Select a valid choice" in response.content.decode()
    response = client.post(add_url, item_form(kind="talk", visited_organisation=cast.sme.slug))
    assert "Only a company visit names a visited organisation" in response.content.decode()
    assert not ProgrammeItem.objects.exists()


def test_a_coordinator_edits_moves_and_deletes(cast, client: Client) -> None:
    event = make_event(cast.partnership)
    a = make_programme_item(event, "Track A")
    b = make_programme_item(event, "Track B")
    login(client, cast.coordinator)
    client.cookies["tz"] = "Asia/Tokyo"
    page = client.get(item_url("programme_edit", a)).content.decode()
    assert 'value="2026-03-03T09:00"' in page  # venue time, whatever the coordinator's zone
    response = client.post(
        item_url("programme_edit", a),
        item_form(
            kind="talk",
            title="Track A, renamed",
            start_at="2026-03-03T09:00",
            end_at="2026-03-03T10:30",
        ),
    )
    assert response.status_code == 302
    a.refresh_from_db()
    assert (a.title, a.end_at) == ("Track A, renamed", dt.datetime(2026, 3, 3, 9, 30, tzinfo=UTC))
    # Both start at 09:00, so B may move before A.
    page = client.get(detail_url(event)).content.decode()
    assert item_url("programme_move", b) in page
    response = client.post(item_url("programme_move", b), {"direction": "up"}, headers=HTMX)
    assert response.status_code == 200
    assert shown_titles(response.content.decode()) == ["Track B", "Track A, renamed"]
    assert client.get(item_url("programme_delete", b)).status_code == 200  # the confirm page
    response = client.post(item_url("programme_delete", b))
    assert response.status_code == 302
    assert list(ProgrammeItem.objects.values_list("title", flat=True)) == ["Track A, renamed"]


@pytest.mark.parametrize("who", ["cluster_manager", "sme_member", "outsider"])
def test_others_get_403_on_every_programme_address(cast, client: Client, who: str) -> None:
    event = make_event(cast.partnership)
    item = make_programme_item(event)
    login(client, getattr(cast, who))
    add_url = reverse("events:programme_add", args=[cast.partnership.slug, event.slug])
    assert client.get(add_url).status_code == 403
    assert client.post(add_url, item_form()).status_code == 403
    for name in ("programme_edit", "programme_delete"):
        assert client.get(item_url(name, item)).status_code == 403
        assert client.post(item_url(name, item), item_form()).status_code == 403
    assert client.post(item_url("programme_move", item), {"direction": "up"}).status_code == 403
    missing = reverse("events:programme_edit", args=[cast.partnership.slug, event.slug, 999_999])
    assert client.get(missing).status_code == 403  # learns nothing about which ids exist
    assert ProgrammeItem.objects.get().title == "Welcome"


def test_anonymous_visitors_are_sent_to_log_in(cast, client: Client) -> None:
    item = make_programme_item(make_event(cast.partnership))
    response = client.post(item_url("programme_delete", item))
    assert response.status_code == 302
    assert "login" in response["Location"]
    assert ProgrammeItem.objects.exists()


def test_another_partnerships_item_is_404_through_this_event(cast, client: Client) -> None:
    event = make_event(cast.partnership)
    other, other_coordinator = make_other_partnership(cast)
    foreign = make_programme_item(make_event(other, "Their visit"), "Their welcome")
    login(client, cast.coordinator)
    for name in ("programme_edit", "programme_delete", "programme_move"):
        url = reverse(f"events:{name}", args=[cast.partnership.slug, event.slug, foreign.pk])
        assert client.post(url, item_form()).status_code == 404
    # ... and their coordinator gets 403 on ours.
    ours = make_programme_item(event)
    client.logout()
    login(client, other_coordinator)
    assert client.post(item_url("programme_delete", ours)).status_code == 403
    assert ProgrammeItem.objects.count() == 2


def test_a_hidden_events_programme_is_hidden(cast, client: Client) -> None:
    event = make_event(cast.partnership, visibility=Visibility.PRIVATE)
    make_programme_item(event, "Secret dinner")
    ics_url = reverse("events:programme_ics", args=[cast.partnership.slug, event.slug])
    assert client.get(detail_url(event)).status_code == 404
    assert client.get(ics_url).status_code == 404
    login(client, cast.sme_member)
    assert client.get(ics_url).status_code == 404
    client.logout()
    login(client, cast.coordinator)
    assert b"Secret dinner" in client.get(ics_url).content


def test_the_page_query_count_does_not_grow_with_the_programme(cast, client: Client) -> None:
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    event = make_event(cast.partnership, hours=32)
    make_programme_item(event, "Visit 0", kind="company_visit", visited_organisation=cast.sme)
    login(client, cast.coordinator)
    with CaptureQueriesContext(connection) as small:
        assert client.get(detail_url(event)).status_code == 200
    for number in range(1, 20):
        make_programme_item(
            event,
            f"Visit {number}",
            kind="company_visit",
            start_at=event.start_at + dt.timedelta(hours=number),
            visited_organisation=cast.other_sme,
        )
    with CaptureQueriesContext(connection) as large:
        page = client.get(detail_url(event)).content.decode()
    assert len(shown_titles(page)) == 20
    assert len(large.captured_queries) == len(small.captured_queries)
