"""A meeting period lies within one day at the venue, through the API as on the page.

The set-up page has one date per period (a row of a date, a start and an end); a period the
API saved across midnight (22:00 to 01:00 the next day) came back on the page as a row whose
end is before its start, which the page refuses. The API now refuses it first, naming the
period and the fix (a second period on the next day), and an end before the start in the
page's own words; whatever the API saves reads back on the page as valid rows.
"""

from __future__ import annotations

import datetime as dt

import pytest
from django.test import Client

from crosscluster.brokerage import queries
from crosscluster.brokerage.forms import SessionForm
from crosscluster.brokerage.models import B2BSession, Slot
from crosscluster.events.models import EventKind
from crosscluster.events.tests.factories import make_event

pytestmark = pytest.mark.django_db
API = "/api/v1/brokerage/sessions"
OVERNIGHT = (
    "Period %s: the end must be on the same day as the start (at the venue, Europe/Rome); for "
    "meetings after midnight, add a second period on the next day."
)
BACKWARDS = "Period %s: the end must be after the start."
DAY = {"start_at": "2026-03-03T09:00:00", "end_at": "2026-03-03T10:00:00"}


@pytest.fixture
def event(cast):  # type: ignore[no-untyped-def]
    """Two days in Milan (UTC+1 in March), so that every period below lies inside it."""
    return make_event(
        cast.partnership,
        "Milan brokerage",
        kind=EventKind.BROKERAGE,
        timezone="Europe/Rome",
        start_at=dt.datetime(2026, 3, 3, 6, 0, tzinfo=dt.UTC),
        hours=48,
    )


def save(client: Client, token: str, event, *periods: dict[str, str]):  # type: ignore[no-untyped-def]
    body = {"event_id": event.pk, "periods": list(periods), "slot_minutes": 20, "tables": 2}
    return client.post(API, body, content_type="application/json", HTTP_AUTHORIZATION=token)


@pytest.mark.parametrize(
    ("periods", "message"),
    [
        # 22:00 to 01:00 the next day, at the venue
        ([{"start_at": "2026-03-03T22:00:00", "end_at": "2026-03-04T01:00:00"}], OVERNIGHT % 1),
        # the same day in UTC, but 23:00 to 00:30 in Milan
        ([{"start_at": "2026-03-03T22:00:00Z", "end_at": "2026-03-03T23:30:00Z"}], OVERNIGHT % 1),
        # ending at midnight is the next day too (the page has no 24:00)
        (
            [DAY, {"start_at": "2026-03-03T22:00:00", "end_at": "2026-03-04T00:00:00"}],
            OVERNIGHT % 2,
        ),
        ([{"start_at": "2026-03-03T11:00:00", "end_at": "2026-03-03T10:00:00"}], BACKWARDS % 1),
        (
            [DAY, {"start_at": "2026-03-04T01:00:00", "end_at": "2026-03-03T22:00:00"}],
            BACKWARDS % 2,
        ),
    ],
)
def test_the_api_refuses_a_period_across_midnight_or_backwards_and_writes_nothing(
    cast, client: Client, token_for, event, periods: list[dict[str, str]], message: str
) -> None:
    response = save(client, token_for(cast.coordinator), event, *periods)
    assert response.status_code == 400, response.content
    assert response.json()["errors"] == {"periods": [message]}
    assert not B2BSession.objects.exists()
    assert not Slot.objects.exists()


def test_the_page_refuses_the_same_period_in_its_own_row() -> None:
    rows = {
        "slot_minutes": "20",
        "gap_minutes": "0",
        "tables": "2",
        "request_days": "7",
        "periods-TOTAL_FORMS": "1",
        "periods-INITIAL_FORMS": "0",
        "periods-0-date": "2026-03-03",
        "periods-0-start": "22:00",
        "periods-0-end": "01:00",
    }
    form = SessionForm(rows)
    assert not form.is_valid()
    assert form.periods.forms[0].errors["end"] == [BACKWARDS % 1]


def test_periods_the_api_saves_read_back_on_the_page_as_valid_rows(
    cast, client: Client, token_for, event
) -> None:
    late = {"start_at": "2026-03-03T22:00:00", "end_at": "2026-03-03T23:59:00"}
    after_midnight = {"start_at": "2026-03-04T00:00:00", "end_at": "2026-03-04T01:00:00"}
    response = save(client, token_for(cast.coordinator), event, DAY, late, after_midnight)
    assert response.status_code == 201, response.content
    initial = queries.get_set_up_initial(event_id=event.pk)
    assert initial is not None
    rows = initial["periods"]
    assert isinstance(rows, list)
    data: dict[str, object] = {
        **{key: value for key, value in initial.items() if key != "periods" and value is not None},
        "periods-TOTAL_FORMS": str(len(rows)),
        "periods-INITIAL_FORMS": str(len(rows)),
    }
    for index, row in enumerate(rows):
        data |= {
            f"periods-{index}-date": row["date"].isoformat(),
            f"periods-{index}-start": row["start"].strftime("%H:%M"),
            f"periods-{index}-end": row["end"].strftime("%H:%M"),
        }
    form = SessionForm(data, initial=initial)
    assert form.is_valid(), (form.errors, form.periods.errors)
    assert form.session_data().periods == [
        (dt.datetime(2026, 3, 3, 9), dt.datetime(2026, 3, 3, 10)),
        (dt.datetime(2026, 3, 3, 22), dt.datetime(2026, 3, 3, 23, 59)),
        (dt.datetime(2026, 3, 4, 0), dt.datetime(2026, 3, 4, 1)),
    ]
