"""The meeting periods on the set-up page: rows of a date, a start and an end (no typed ISO
text), each problem named by its row and field, overlaps refused, rows added and removed
without JavaScript, and nothing saved while anything is wrong."""

from __future__ import annotations

import datetime as dt

import pytest
from django.http import QueryDict
from django.test import Client
from django.urls import reverse

from crosscluster.brokerage.forms import SessionForm
from crosscluster.brokerage.models import B2BSession
from crosscluster.core.forms import edit_rows
from crosscluster.events.tests.factories import make_event
from tests.cast import PASSWORD

pytestmark = pytest.mark.django_db

SETTINGS = {"slot_minutes": "20", "gap_minutes": "0", "tables": "2", "request_days": "7"}


def login(client: Client, user) -> None:  # type: ignore[no-untyped-def]
    assert client.login(email=user.email, password=PASSWORD)


def _rows(*rows: tuple[str, str, str], **extra: str) -> dict[str, str]:
    data = {**SETTINGS, "periods-TOTAL_FORMS": str(len(rows)), "periods-INITIAL_FORMS": "0"}
    for index, (date, start, end) in enumerate(rows):
        data |= {
            f"periods-{index}-date": date,
            f"periods-{index}-start": start,
            f"periods-{index}-end": end,
        }
    return data | extra


def _period_errors(form: SessionForm) -> list[str]:
    assert not form.is_valid()
    messages = [str(m) for m in form.periods.non_form_errors()]
    for row in form.periods.forms:
        for problems in row.errors.values():
            messages += [str(m) for m in problems]
    return messages


def test_rows_become_venue_periods_and_empty_rows_are_none() -> None:
    form = SessionForm(
        _rows(("2026-03-03", "09:00", "10:00"), ("", "", ""), ("2026-03-04", "14:00", "15:30"))
    )
    assert form.is_valid(), form.errors
    assert form.session_data().periods == [
        (dt.datetime(2026, 3, 3, 9), dt.datetime(2026, 3, 3, 10)),
        (dt.datetime(2026, 3, 4, 14), dt.datetime(2026, 3, 4, 15, 30)),
    ]


@pytest.mark.parametrize(
    ("row", "field", "message"),
    [
        (("2026-03-03", "09:00", ""), "end", "Period 2: give the time it ends."),
        (("2026-03-03", "", "10:00"), "start", "Period 2: give the time it starts."),
        (("", "09:00", "10:00"), "date", "Period 2: choose its date."),
        (("2026-03-03", "11:00", "10:00"), "end", "Period 2: the end must be after the start."),
        (("2026-03-03", "11:00", "11:00"), "end", "Period 2: the end must be after the start."),
        (("3 March", "09:00", "10:00"), "date", "Period 2: give the date as a day of the"),
        (("2026-03-03", "9 am", "10:00"), "start", "Period 2: give the start as a time of day"),
    ],
)
def test_a_rows_problem_names_the_row_and_the_field(
    row: tuple[str, str, str], field: str, message: str
) -> None:
    form = SessionForm(_rows(("2026-03-02", "09:00", "10:00"), row))
    assert not form.is_valid()
    [problem] = form.periods.forms[1].errors[field]
    assert problem.startswith(message)
    assert not form.periods.forms[0].errors


def test_overlapping_periods_are_refused_by_their_numbers() -> None:
    form = SessionForm(
        _rows(
            ("2026-03-03", "14:00", "16:00"),
            ("2026-03-03", "09:00", "10:00"),
            ("2026-03-03", "15:30", "17:00"),
        )
    )
    assert _period_errors(form) == [
        "Periods 1 and 3 overlap: make one end before the other starts."
    ]


def test_back_to_back_periods_do_not_overlap() -> None:
    form = SessionForm(_rows(("2026-03-03", "09:00", "10:00"), ("2026-03-03", "10:00", "11:00")))
    assert form.is_valid(), form.periods.non_form_errors()


def test_add_another_period_without_javascript_adds_an_empty_row_and_checks_nothing() -> None:
    data = QueryDict(mutable=True)
    data.update(_rows(("2026-03-03", "09:00", ""), **{"periods-add": "1"}))
    form = SessionForm(data)
    assert form.editing_rows
    assert not form.is_valid()
    assert len(form.periods.forms) == 2
    assert form.periods.forms[0]["end"].value() == ""  # kept as typed, not refused yet
    assert not form.errors
    assert not any(row.errors for row in form.periods.forms)


def test_remove_without_javascript_drops_that_row_and_renumbers_the_rest() -> None:
    data = QueryDict(mutable=True)
    rows = (
        ("2026-03-03", "09:00", "10:00"),
        ("2026-03-03", "11:00", "12:00"),
        ("2026-03-03", "14:00", "15:00"),
    )
    data.update(_rows(*rows, **{"periods-remove": "1"}))
    edited = edit_rows(data, prefix="periods", fields=("date", "start", "end"))
    assert edited is not None
    assert edited["periods-TOTAL_FORMS"] == "2"
    assert edited["periods-1-start"] == "14:00"
    assert "periods-2-start" not in edited
    assert "periods-remove" not in edited
    assert edit_rows(QueryDict("a=1"), prefix="periods", fields=("date",)) is None


def test_a_bad_row_saves_nothing_and_the_page_shows_the_row_and_field(cast, client: Client) -> None:
    event = make_event(cast.partnership, "Milan", timezone="Europe/Rome")
    login(client, cast.coordinator)
    url = reverse("brokerage:set_up", args=[event.pk])
    page = client.post(
        url, _rows(("2026-03-03", "09:00", "10:00"), ("2026-03-03", "09:30", "11:00"))
    ).content.decode()
    assert "Periods 1 and 2 overlap: make one end before the other starts." in page
    assert not B2BSession.objects.exists()
    # the service's own refusal (outside the event) is shown above the rows, too
    page = client.post(url, _rows(("2026-03-04", "09:00", "10:00"))).content.decode()
    assert "lies outside the event" in page
    assert not B2BSession.objects.exists()


def test_the_page_names_the_venues_time_zone_and_offers_the_row_buttons(
    cast, client: Client
) -> None:
    event = make_event(cast.partnership, "Milan", timezone="Europe/Rome")
    login(client, cast.coordinator)
    page = client.get(reverse("brokerage:set_up", args=[event.pk])).content.decode()
    assert "at the venue in its time zone: (UTC+01:00) Rome" in page
    assert 'name="periods-add"' in page
    assert "Add another period" in page
    assert 'name="periods-remove" value="0"' in page
    assert 'type="time"' in page
    assert 'type="date"' in page
    assert "<textarea" not in page.split("Meeting periods")[1].split("</fieldset>")[0]
    added = client.post(
        reverse("brokerage:set_up", args=[event.pk]),
        _rows(("2026-03-03", "09:00", "10:00"), **{"periods-add": "1"}),
    ).content.decode()
    assert "<legend>Period 2</legend>" in added
    assert not B2BSession.objects.exists()
