"""Migration 0004: events with a link are held online; an "Online" typed as the only place
(as the demo did) becomes a held-online event without a venue; real venues are kept."""

from __future__ import annotations

import datetime as dt

import pytest
from django.db import connection
from django.db.migrations.executor import MigrationExecutor

BEFORE = [("events", "0003_programme_item")]
START = dt.datetime(2026, 3, 3, 8, 0, tzinfo=dt.UTC)


@pytest.mark.django_db(transaction=True)
def test_online_venues_become_held_online_events(cast) -> None:
    executor = MigrationExecutor(connection)
    executor.migrate(BEFORE)
    try:
        old = executor.loader.project_state(BEFORE).apps.get_model("events", "Event")
        times = {"start_at": START, "end_at": START + dt.timedelta(hours=2), "kind": "webinar"}
        partnership_id = cast.partnership.pk
        for slug, place in [
            ("typed-online", {"venue_name": "Online"}),
            ("with-link", {"online_url": "https://meet.example.eu/l"}),
            ("online-in-berlin", {"venue_name": "online", "city": "Berlin"}),
            ("in-a-hall", {"venue_name": "Kista Science City"}),
        ]:
            old.objects.create(
                partnership_id=partnership_id, slug=slug, title=slug, **times, **place
            )
    finally:
        executor = MigrationExecutor(connection)
        executor.migrate(executor.loader.graph.leaf_nodes())

    from crosscluster.events.models import Event

    events = {event.slug: event for event in Event.objects.filter(partnership=cast.partnership)}
    assert events["typed-online"].held_online
    assert events["typed-online"].venue_name == ""
    assert events["with-link"].held_online
    # a venue beside a city is someone's own wording of a place: kept, not held online
    assert events["online-in-berlin"].venue_name == "online"
    assert not events["online-in-berlin"].held_online
    assert not events["in-a-hall"].held_online
    assert events["in-a-hall"].venue_name == "Kista Science City"
