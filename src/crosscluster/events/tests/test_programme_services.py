"""Writing an event's programme: coordinators only, inside the event, errors name the field."""

from __future__ import annotations

import datetime as dt

import pytest
from django.core.exceptions import PermissionDenied, ValidationError

from crosscluster.events import queries, services
from crosscluster.events.models import ProgrammeItem, ProgrammeItemKind
from crosscluster.events.services import ProgrammeItemData
from crosscluster.events.tests.factories import UTC, make_event, make_programme_item

pytestmark = pytest.mark.django_db


def item_data(**changes: object) -> ProgrammeItemData:
    values: dict[str, object] = {
        "title": "Industrial players present their needs",
        "kind": ProgrammeItemKind.NEEDS_PRESENTATION,
        "start_at": dt.datetime(2026, 3, 3, 10, 0),  # naive: 10:00 at the venue (Berlin)
        "end_at": dt.datetime(2026, 3, 3, 11, 30),
    }
    values.update(changes)
    return ProgrammeItemData(**values)  # type: ignore[arg-type]


def errors_of(raised: pytest.ExceptionInfo[ValidationError]) -> dict[str, list[str]]:
    return raised.value.message_dict


def test_a_coordinator_adds_items_in_venue_time(cast) -> None:
    event = make_event(cast.partnership)  # 09:00-17:00 Berlin = 08:00-16:00 UTC
    first = services.add_programme_item(user=cast.coordinator, event=event, data=item_data())
    # 10:00 in Berlin in March is UTC+1.
    assert first.start_at == dt.datetime(2026, 3, 3, 9, 0, tzinfo=UTC)
    assert first.end_at == dt.datetime(2026, 3, 3, 10, 30, tzinfo=UTC)
    second = services.add_programme_item(
        user=cast.administrator,
        event=event,
        data=item_data(title="Visit", kind="company_visit", visited_organisation_id=cast.sme.pk),
    )
    assert (first.position, second.position) == (0, 1)
    assert second.visited_organisation == cast.sme


def test_an_aware_instant_is_taken_as_is(cast) -> None:
    event = make_event(cast.partnership)
    item = services.add_programme_item(
        user=cast.coordinator,
        event=event,
        data=item_data(
            start_at=dt.datetime(2026, 3, 3, 15, 0, tzinfo=UTC),
            end_at=dt.datetime(2026, 3, 3, 16, 0, tzinfo=UTC),
        ),
    )
    assert (item.start_at, item.end_at) == (
        dt.datetime(2026, 3, 3, 15, 0, tzinfo=UTC),
        dt.datetime(2026, 3, 3, 16, 0, tzinfo=UTC),
    )


@pytest.mark.parametrize("who", ["cluster_manager", "sme_member", "outsider"])
def test_only_coordinators_write_the_programme(cast, who: str) -> None:
    event = make_event(cast.partnership)
    item = make_programme_item(event)
    user = getattr(cast, who)
    with pytest.raises(PermissionDenied):
        services.add_programme_item(user=user, event=event, data=item_data())
    with pytest.raises(PermissionDenied):
        services.update_programme_item(user=user, item=item, data=item_data())
    with pytest.raises(PermissionDenied):
        services.delete_programme_item(user=user, item=item)
    with pytest.raises(PermissionDenied):
        services.reorder_programme(user=user, event=event, item_ids=[item.pk])
    assert ProgrammeItem.objects.get().title == "Welcome"


@pytest.mark.parametrize(
    ("changes", "field", "says"),
    [
        # The event runs 09:00-17:00 Berlin time.
        ({"start_at": dt.datetime(2026, 3, 3, 8, 30)}, "start_at", "09:00"),
        ({"end_at": dt.datetime(2026, 3, 3, 17, 30)}, "end_at", "Europe/Berlin"),
        (
            {"start_at": dt.datetime(2026, 3, 4, 9, 0), "end_at": dt.datetime(2026, 3, 4, 10, 0)},
            "start_at",
            "Tue 3 March 2026",
        ),
        ({"end_at": dt.datetime(2026, 3, 3, 9, 30)}, "end_at", "end after it starts"),
        ({"end_at": dt.datetime(2026, 3, 3, 10, 0)}, "end_at", "end after it starts"),
        ({"kind": "lunch"}, "kind", "company_visit"),
        ({"title": "  "}, "title", "title"),
        ({"title": "x" * 201}, "title", "at most 200"),
        ({"place": "x" * 301}, "place", "at most 300"),
        ({"visited_organisation_id": 999_999}, "visited_organisation_id", "No organisation"),
    ],
)
def test_bad_input_names_the_field_and_writes_nothing(
    cast, changes: dict[str, object], field: str, says: str
) -> None:
    event = make_event(cast.partnership)
    make_programme_item(event)
    with pytest.raises(ValidationError) as raised:
        services.add_programme_item(user=cast.coordinator, event=event, data=item_data(**changes))
    assert field in errors_of(raised)
    assert says in " ".join(errors_of(raised)[field])
    assert ProgrammeItem.objects.count() == 1


def test_the_span_error_gives_the_event_span_in_its_zone(cast) -> None:
    event = make_event(cast.partnership)
    with pytest.raises(ValidationError) as raised:
        services.add_programme_item(
            user=cast.coordinator, event=event, data=item_data(start_at=dt.datetime(2026, 3, 3, 7))
        )
    (message,) = errors_of(raised)["start_at"]
    assert "Tue 3 March 2026, 09:00\u201317:00 Europe/Berlin" in message


def test_only_a_company_visit_names_a_visited_organisation(cast) -> None:
    event = make_event(cast.partnership)
    with pytest.raises(ValidationError) as raised:
        services.add_programme_item(
            user=cast.coordinator,
            event=event,
            data=item_data(kind="talk", visited_organisation_id=cast.sme.pk),
        )
    assert "company_visit" in errors_of(raised)["visited_organisation_id"][0]
    assert not ProgrammeItem.objects.exists()


def test_a_bad_update_changes_nothing(cast) -> None:
    event = make_event(cast.partnership)
    item = make_programme_item(event)
    data = services.data_from_programme_item(item)
    assert data.start_at == dt.datetime(2026, 3, 3, 9, 0)  # as the venue's clock shows it
    with pytest.raises(ValidationError):
        services.update_programme_item(
            user=cast.coordinator,
            item=item,
            data=item_data(title="Moved", end_at=dt.datetime(2026, 3, 3, 18, 0)),
        )
    item.refresh_from_db()
    assert (item.title, item.end_at) == ("Welcome", event.start_at + dt.timedelta(hours=1))


def test_overlapping_items_are_allowed_and_said_so(cast) -> None:
    event = make_event(cast.partnership)
    a = make_programme_item(event, "Track A", minutes=120)
    b = services.add_programme_item(
        user=cast.coordinator,
        event=event,
        data=item_data(title="Track B", start_at=dt.datetime(2026, 3, 3, 10, 0)),
    )
    later = make_programme_item(event, "Lunch", start_at=event.start_at + dt.timedelta(hours=3))
    assert queries.list_overlapping_titles(item=b) == ["Track A"]
    assert queries.list_overlapping_titles(item=later) == []
    programme = queries.build_programme(event=event, viewer_zone=dt.UTC)
    parallel = {e.item.title: e.parallel_with for d in programme.days for e in d.entries}
    assert parallel == {"Track A": ("Track B",), "Track B": ("Track A",), "Lunch": ()}
    assert a.pk in programme.item_ids


def test_reorder_decides_among_items_that_start_together(cast) -> None:
    event = make_event(cast.partnership)
    a = make_programme_item(event, "Track A")
    b = make_programme_item(event, "Track B")
    first = make_programme_item(event, "Coffee")
    # All three start at 09:00; the given order wins among them.
    services.reorder_programme(user=cast.coordinator, event=event, item_ids=[b.pk, first.pk, a.pk])
    titles = [item.title for item in queries.list_programme_items(event=event)]
    assert titles == ["Track B", "Coffee", "Track A"]


@pytest.mark.parametrize("kind", ["missing", "unknown", "repeated", "other_event"])
def test_reorder_needs_every_item_once(cast, kind: str) -> None:
    event = make_event(cast.partnership)
    other = make_event(cast.partnership, "Another event", slug="another")
    a, b = make_programme_item(event, "A"), make_programme_item(event, "B")
    foreign = make_programme_item(other, "Foreign")
    ids = {
        "missing": [a.pk],
        "unknown": [a.pk, b.pk, 999_999],
        "repeated": [a.pk, b.pk, a.pk],
        "other_event": [a.pk, b.pk, foreign.pk],
    }[kind]
    with pytest.raises(ValidationError) as raised:
        services.reorder_programme(user=cast.coordinator, event=event, item_ids=ids)
    assert "exactly once" in errors_of(raised)["item_ids"][0]
    positions = dict(ProgrammeItem.objects.values_list("title", "position"))
    assert positions == {"A": 0, "B": 1, "Foreign": 0}


def test_delete_removes_one_item(cast) -> None:
    event = make_event(cast.partnership)
    a, b = make_programme_item(event, "A"), make_programme_item(event, "B")
    services.delete_programme_item(user=cast.coordinator, item=a)
    assert list(ProgrammeItem.objects.values_list("pk", flat=True)) == [b.pk]


def test_the_programme_moves_with_the_event(cast) -> None:
    event = make_event(cast.partnership, hours=32)  # Tue 09:00 - Wed 17:00 Berlin
    talk = make_programme_item(event, "Talk", start_at=event.start_at + dt.timedelta(hours=1))
    dinner = make_programme_item(event, "Dinner", start_at=event.start_at + dt.timedelta(hours=10))
    data = services.data_from_event(event)
    # A week later, and the venue moves to Lisbon (UTC+0 in March; wall-clock times are kept).
    services.update_event(
        user=cast.coordinator,
        event=event,
        data=services.EventData(
            **{
                **data.__dict__,
                "start_at": dt.datetime(2026, 3, 10, 9, 0),
                "end_at": dt.datetime(2026, 3, 11, 17, 0),
                "timezone": "Europe/Lisbon",
            }
        ),
    )
    talk.refresh_from_db()
    dinner.refresh_from_db()
    # Talk at 10:00 and dinner at 19:00 venue time, now in Lisbon (UTC) a week later.
    assert talk.start_at == dt.datetime(2026, 3, 10, 10, 0, tzinfo=UTC)
    assert dinner.start_at == dt.datetime(2026, 3, 10, 19, 0, tzinfo=UTC)
    assert dinner.end_at - dinner.start_at == dt.timedelta(hours=1)


def test_shortening_the_event_past_an_item_is_refused(cast) -> None:
    event = make_event(cast.partnership, hours=32)
    make_programme_item(event, "Debrief", start_at=event.start_at + dt.timedelta(hours=30))
    data = services.data_from_event(event)
    with pytest.raises(ValidationError) as raised:
        services.update_event(
            user=cast.coordinator,
            event=event,
            data=services.EventData(**{**data.__dict__, "end_at": dt.datetime(2026, 3, 3, 17, 0)}),
        )
    message = errors_of(raised)["end_at"][0]
    assert "'Debrief'" in message
    assert "first" in message
    event.refresh_from_db()
    assert event.end_at == dt.datetime(2026, 3, 4, 16, 0, tzinfo=UTC)


def test_the_database_refuses_an_item_ending_before_it_starts(cast) -> None:
    from django.db import IntegrityError, transaction

    event = make_event(cast.partnership)
    with pytest.raises(IntegrityError), transaction.atomic():
        make_programme_item(event, minutes=-10)
    with pytest.raises(IntegrityError), transaction.atomic():
        make_programme_item(event, kind="lunch")
