"""The running day at scale: one slot at a time (the one under way by default), a picker of
the slots and "all slots", previous/next; the organiser's booking form finds both participants
by name (a search picker fed by the session's approved participants), refused bookings come
back as typed with the problem beside the field."""

from __future__ import annotations

import datetime as dt
import re
from collections import Counter

import pytest
from django.test import Client
from django.urls import reverse

from crosscluster.brokerage import queries
from crosscluster.brokerage.models import ParticipantStatus, ScheduledMeeting
from crosscluster.brokerage.tests.factories import NOW, join
from crosscluster.brokerage.tests.onsite_helpers import coming_session, published_day
from crosscluster.brokerage.tests.test_onsite_pages import api, login
from tests.cast import make_user

pytestmark = pytest.mark.django_db


@pytest.fixture
def day(cast):  # type: ignore[no-untyped-def]
    session = coming_session(cast)
    people, run = published_day(cast, session, now=NOW)
    slots = queries.list_session_slots(session=session)
    return {"session": session, "run": run, "meeting": run.meetings.get(), "slots": slots, **people}


def test_the_current_slot_is_the_one_under_way_else_the_next_else_the_last(day) -> None:  # type: ignore[no-untyped-def]
    first, second, third = day["slots"]
    assert queries.current_slot(day["slots"], now=first.start_at - dt.timedelta(days=1)) == first
    assert (
        queries.current_slot(day["slots"], now=second.start_at + dt.timedelta(minutes=1)) == second
    )
    # in the gap between the second and the third: the third
    assert queries.current_slot(day["slots"], now=second.end_at + dt.timedelta(minutes=1)) == third
    assert queries.current_slot(day["slots"], now=third.end_at + dt.timedelta(days=1)) == third
    assert queries.current_slot([], now=NOW) is None


def test_one_slot_at_a_time_with_a_picker_and_previous_and_next(cast, day, client: Client) -> None:
    login(client, cast.coordinator)
    url = reverse("brokerage:running_day", args=[day["session"].pk])
    meeting = day["meeting"]
    first, second, third = day["slots"]
    where = day["slots"].index(meeting.slot)
    other = day["slots"][(where + 1) % 3]
    # before the day: the first slot, with "next" and no "previous"
    page = client.get(url).content.decode()
    assert 'rel="next"' in page
    assert 'rel="prev"' not in page
    assert f'<option value="{first.pk}" selected>' in page
    assert '<option value="all">' in page
    page = client.get(url, {"slot": meeting.slot_id}).content.decode()
    assert f'data-testid="day-meeting-{meeting.request_id}"' in page
    page = client.get(url, {"slot": other.pk}).content.decode()
    assert f'data-testid="day-meeting-{meeting.request_id}"' not in page
    assert "No meetings in this slot." in page
    page = client.get(url, {"slot": third.pk}).content.decode()
    assert f'href="?slot={second.pk}"' in page
    assert 'rel="next"' not in page
    everything = client.get(url, {"slot": "all"}).content.decode()
    ids = Counter(re.findall(r'\sid="([^"]+)"', everything))
    assert [name for name, count in ids.items() if count > 1] == []
    assert f'data-testid="day-meeting-{meeting.request_id}"' in everything
    assert '<option value="all" selected>' in everything
    # htmx asks for the slot's table only
    fragment = client.get(url, {"slot": meeting.slot_id}, HTTP_HX_REQUEST="true").content.decode()
    assert "<html" not in fragment
    assert "Book a free slot" not in fragment
    assert f'data-testid="day-meeting-{meeting.request_id}"' in fragment


def test_the_booking_form_lists_nobody_until_searched(cast, day, client: Client) -> None:
    login(client, cast.coordinator)
    page = client.get(reverse("brokerage:running_day", args=[day["session"].pk])).content.decode()
    form = page[page.index('data-testid="book-slot"') :]
    assert form.count("<select") == 1  # the slot's; no list of every participant
    assert "Max (" not in form
    assert f'data-picker="/api/v1/brokerage/sessions/{day["session"].pk}/participant-picks"' in form


def test_the_picker_finds_approved_participants_only_for_organisers(
    cast, day, client: Client, token_for
) -> None:
    session = day["session"]
    pia = make_user("pia@example.eu")
    join(session, pia, cast.other_cluster, name="Pia", status=ParticipantStatus.PENDING)
    login(client, cast.coordinator)
    url = f"/api/v1/brokerage/sessions/{session.pk}/participant-picks"
    found = client.get(url, {"q": "BALTIC"}).json()  # Max's organisation, case ignored
    assert found == [{"value": str(day["max"].pk), "label": "Max (Baltic Test Cluster)"}]
    assert client.get(url, {"q": "pia"}).json() == []  # not approved
    assert [row["label"] for row in client.get(url, {"q": "a"}).json()][:1] == [
        "Ada (Vision Systems SME)"
    ]
    token = token_for(cast.coordinator)
    assert (
        len(api(client, "get", f"/sessions/{session.pk}/participant-picks?q=carla", token).json())
        == 1
    )
    login(client, cast.sme_member)  # a participant: sees the session, is no organiser
    assert client.get(url, {"q": "max"}).status_code == 403
    client.logout()
    assert client.get(url, {"q": "max"}).status_code in {401, 403, 404}


def test_booking_two_participants_found_by_name(cast, day, client: Client) -> None:
    login(client, cast.coordinator)
    session = day["session"]
    url = reverse("brokerage:book_slot", args=[session.pk])
    busy = day["meeting"].slot
    free = next(slot for slot in day["slots"] if slot != busy)
    # without JavaScript, "Find" lists the matches and books nothing
    page = client.post(url, {"first-q": "vision", "first-find": "1", "slot": free.pk})
    assert page.status_code == 200
    assert f'value="{day["ada"].pk}"' in page.content.decode()
    assert ScheduledMeeting.objects.count() == 1
    # Ada already meets in the busy slot: refused beside the slot, as typed
    page = client.post(url, {"first": day["ada"].pk, "second": day["max"].pk, "slot": busy.pk})
    assert page.status_code == 400
    body = page.content.decode()
    assert re.search(r'id="book-slot".*?Ada already has a meeting in this slot', body, re.S)
    assert f'value="{day["ada"].pk}" checked' in body
    assert f'value="{day["max"].pk}" checked' in body
    # someone of another session: refused beside the field
    page = client.post(url, {"first": 999_999, "second": day["max"].pk, "slot": free.pk})
    assert page.status_code == 400
    assert (
        "Choose an approved participant of this session from the matches." in page.content.decode()
    )
    assert ScheduledMeeting.objects.count() == 1
    response = client.post(url, {"first": day["ada"].pk, "second": day["max"].pk, "slot": free.pk})
    assert response.status_code == 302
    assert ScheduledMeeting.objects.filter(slot=free, is_locked=True).count() == 1
