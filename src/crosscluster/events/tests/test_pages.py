"""The events pages: list, detail in two time zones, visibility."""

from __future__ import annotations

import datetime as dt
import re

import pytest
from django.test import Client
from django.urls import reverse
from django.utils import timezone, translation

from crosscluster.core.choices import Visibility
from crosscluster.events.tests.factories import UTC, make_event
from tests.cast import PASSWORD

pytestmark = pytest.mark.django_db


def detail_url(event) -> str:
    return reverse("events:detail", args=[event.partnership.slug, event.slug])


def test_the_detail_shows_venue_time_and_the_viewers_time(cast, client: Client) -> None:
    host = cast.cluster
    event = make_event(
        cast.partnership,
        venue_name="Factory of the Future",
        venue_address="Unter den Linden 1",
        country_id="DE",
        host=host,
        description="A **guided** tour.<script>alert(1)</script>",
    )
    html = client.get(detail_url(event)).content.decode()
    # No time zone cookie and no user setting: the viewer's time is UTC.
    assert "Tue 3 March 2026, 09:00–17:00</time> <abbr" in html  # noqa: RUF001
    assert ">Europe/Berlin</abbr>" in html
    assert "(08:00–16:00 UTC, your time)" in html  # noqa: RUF001
    assert "Factory of the Future<br>Unter den Linden 1<br>Berlin, Germany" in html
    assert reverse("directory:organisation", args=[host.slug]) in html
    assert reverse("events:event_ics", args=[cast.partnership.slug, event.slug]) in html
    assert "Add to calendar (ICS)" in html
    assert "<strong>guided</strong>" in html
    assert "<script>alert" not in html
    assert "illustrative" not in html


def test_the_viewers_zone_comes_from_the_browser_cookie(cast, client: Client) -> None:
    event = make_event(cast.partnership)
    client.cookies["tz"] = "Asia/Tokyo"
    html = client.get(detail_url(event)).content.decode()
    assert "(Tue 3 March 2026, 17:00 – Wed 4 March 2026, 01:00 Asia/Tokyo, your time)" in html  # noqa: RUF001
    client.cookies["tz"] = "Europe/Berlin"
    html = client.get(detail_url(event)).content.decode()
    assert "(your time zone)" in html


def test_an_online_demo_event(cast, client: Client) -> None:
    event = make_event(
        cast.partnership,
        "Webinar",
        kind="webinar",
        city="",
        online_url="https://meet.example.eu/abc",
        is_illustrative=True,
    )
    html = client.get(detail_url(event)).content.decode()
    assert '<a href="https://meet.example.eu/abc" rel="noopener noreferrer nofollow">' in html
    assert 'class="badge illustrative"' in html
    assert "Where" not in html


def test_an_event_held_online_whose_link_follows(cast, client: Client) -> None:
    event = make_event(cast.partnership, "Webinar", kind="webinar", city="", held_online=True)
    html = client.get(detail_url(event)).content.decode()
    assert "Held online; the organisers have not published the link yet." in html
    assert "Where" not in html
    past = reverse("events:partnership_list", args=[cast.partnership.slug]) + "?show=past"
    listing = client.get(past).content.decode()
    assert "Webinar" in listing
    assert "· online" in listing


@pytest.mark.parametrize(
    ("visibility", "allowed", "refused"),
    [
        (
            Visibility.PARTNERSHIP,
            ["coordinator", "cluster_manager", "sme_member", "administrator"],
            ["outsider", None],
        ),
        (
            Visibility.PRIVATE,
            ["coordinator", "administrator"],
            ["cluster_manager", "sme_member", "outsider", None],
        ),
    ],
)
def test_hidden_events_are_404_for_those_who_may_not_see_them(
    cast, visibility, allowed, refused
) -> None:
    event = make_event(
        cast.partnership,
        "Closed meeting",
        visibility=visibility,
        start_at=timezone.now() + dt.timedelta(days=1),
    )
    urls = [
        detail_url(event),
        reverse("events:event_ics", args=[cast.partnership.slug, event.slug]),
    ]
    lists = [
        reverse("events:partnership_list", args=[cast.partnership.slug]),
        reverse("partnerships:detail", args=[cast.partnership.slug]),
        reverse("events:partnership_ics", args=[cast.partnership.slug]),
    ]
    for who in allowed + refused:
        client = Client()
        if who:
            client.login(email=getattr(cast, who).email, password=PASSWORD)
        may_see = who in allowed
        for url in urls:
            assert client.get(url).status_code == (200 if may_see else 404), (who, url)
        for url in lists:
            assert ("Closed meeting" in client.get(url).content.decode()) is may_see, (who, url)


def test_the_list_has_upcoming_and_past_and_filters_by_kind(cast, client: Client) -> None:
    now = timezone.now()
    make_event(
        cast.partnership, "Next workshop", kind="workshop", start_at=now + dt.timedelta(days=3)
    )
    make_event(
        cast.partnership,
        "Next webinar",
        kind="webinar",
        start_at=now + dt.timedelta(days=4),
        city="",
        online_url="https://x.example.eu/",
    )
    make_event(cast.partnership, "Old visit", start_at=now - dt.timedelta(days=30))
    make_event(
        cast.partnership,
        "Running fair",
        kind="trade_fair",
        start_at=now - dt.timedelta(hours=2),
        hours=6,
    )
    url = reverse("events:partnership_list", args=[cast.partnership.slug])

    upcoming = client.get(url).content.decode()
    assert (
        upcoming.index("Running fair")
        < upcoming.index("Next workshop")
        < upcoming.index("Next webinar")
    )
    assert "Old visit" not in upcoming.split('id="list-heading"')[1]

    past = client.get(url, {"show": "past"}).content.decode().split('id="list-heading"')[1]
    assert "Old visit" in past
    assert "Next workshop" not in past

    webinars = client.get(url, {"kind": "webinar"}).content.decode().split('id="list-heading"')[1]
    assert "Next webinar" in webinars
    assert "Next workshop" not in webinars

    unknown_kind = client.get(url, {"kind": "party"}).content.decode().split('id="list-heading"')[1]
    assert "Next workshop" in unknown_kind  # an unknown filter is ignored, not an error
    assert "Subscribe to the calendar (ICS)" in upcoming


def test_the_list_paginates_with_bounded_queries(
    cast, client: Client, django_assert_max_num_queries
) -> None:
    start = timezone.now() + dt.timedelta(days=1)
    for number in range(30):
        make_event(
            cast.partnership,
            f"Event {number:02d}",
            start_at=start + dt.timedelta(hours=number),
            hours=0.5,
        )
    url = reverse("events:partnership_list", args=[cast.partnership.slug])
    with django_assert_max_num_queries(12):
        first = client.get(url).content.decode()
    assert "Event 00" in first
    assert "Event 25" not in first.split('id="list-heading"')[1]
    assert "Page 1 of 2" in first
    assert 'aria-label="Pages"' in first
    second = client.get(url, {"kind": "", "page": 2}).content.decode()
    assert "Event 25" in second
    # the pager keeps the list's filters
    assert '<a href="?kind=&amp;page=1" rel="prev">← Previous</a>' in second


def test_only_coordinators_see_the_edit_links(cast, client: Client) -> None:
    event = make_event(cast.partnership)
    add = reverse("events:create", args=[cast.partnership.slug])
    edit = reverse("events:edit", args=[cast.partnership.slug, event.slug])
    client.login(email=cast.sme_member.email, password=PASSWORD)
    assert edit not in client.get(detail_url(event)).content.decode()
    assert (
        add
        not in client.get(
            reverse("events:partnership_list", args=[cast.partnership.slug])
        ).content.decode()
    )
    client.login(email=cast.coordinator.email, password=PASSWORD)
    assert edit in client.get(detail_url(event)).content.decode()
    assert (
        add
        in client.get(
            reverse("events:partnership_list", args=[cast.partnership.slug])
        ).content.decode()
    )


def test_an_unknown_event_is_a_friendly_404(cast, client: Client) -> None:
    response = client.get(reverse("events:detail", args=[cast.partnership.slug, "no-such-event"]))
    assert response.status_code == 404
    assert b"Page not found" in response.content


def test_events_of_a_private_partnership_are_hidden_with_it(cast, client: Client) -> None:
    event = make_event(cast.partnership, start_at=dt.datetime(2030, 1, 1, tzinfo=UTC))
    cast.partnership.is_public = False
    cast.partnership.save()
    assert client.get(detail_url(event)).status_code == 404
    assert (
        client.get(reverse("events:partnership_ics", args=[cast.partnership.slug])).status_code
        == 404
    )


def test_the_country_picker_sorts_by_the_name_the_reader_sees(cast, client: Client) -> None:
    """German names in the German alphabet's order, not in the order of the English names
    ("Austria" first would put "Österreich" before "Deutschland")."""
    from tests.cast import make_country

    make_country("AT", "AUT", "Austria")
    event = make_event(cast.partnership, country_id="DE")
    client.login(email=cast.coordinator.email, password=PASSWORD)
    with translation.override("de"):
        page = client.get(
            reverse("events:edit", args=[cast.partnership.slug, event.slug])
        ).content.decode()
    picker = page.split('name="country"')[1].split("</select>")[0]
    assert re.findall(r'<option value="([A-Z]+)"[^>]*>([^<]*)</option>', picker) == [
        ("DE", "Deutschland"),
        ("FR", "Frankreich"),
        ("AT", "Österreich"),
        ("US", "Vereinigte Staaten"),
    ]
    assert '<option value="DE" selected>' in picker
