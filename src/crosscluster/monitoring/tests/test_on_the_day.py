"""The scoreboard reads what the organisers and participants recorded on a B2B session's day:
a meeting recorded as a no-show is not held, and counts as a no-show."""

from __future__ import annotations

import datetime as dt

import pytest

from crosscluster.brokerage import services
from crosscluster.brokerage.tests.factories import NOW, make_session
from crosscluster.brokerage.tests.onsite_helpers import published_day
from crosscluster.monitoring import queries as monitoring

pytestmark = pytest.mark.django_db


@pytest.fixture
def day(cast):  # type: ignore[no-untyped-def]
    session = make_session(cast)
    people, run = published_day(cast, session, now=NOW)
    return {"session": session, "meeting": run.meetings.get(), **people}


def test_the_scoreboard_counts_no_shows_and_not_as_held(cast, day) -> None:
    after = day["session"].event.end_at + dt.timedelta(days=1)

    def figures() -> tuple[float, float]:
        board = monitoring.compute_scoreboard(
            partnership=cast.partnership, today=after.date(), now=after
        )
        return board.figure("meetings_held").value, board.figure("meetings_no_show").value

    assert figures() == (1, 0)
    services.record_attendance(
        user=cast.coordinator,
        request=day["meeting"].request,
        status="no_show",
        absent_id=day["carla"].pk,
        now=NOW,
    )
    assert figures() == (0, 1)
