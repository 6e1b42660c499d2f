"""The B2B day at the planned scale: the running day and the check-in desk of a session with
3,000 approved participants and a published schedule, through the whole Django stack (test
client: middleware, view, template), as the organiser at the desk. Median, p95, queries and
the page's bytes go to ``var/bench/brokerage-day-<engine>.json`` and docs/benchmarks.md.

Workload (seeded): 1,500 organisations of 2 participants each; one day of two periods (09:00 to
12:30 and 14:00 to 17:30 at the venue, 25-minute slots with 5 minutes to change tables: 14
slots) with 600 tables; in each slot 600 meetings of two participants of different
organisations (8,400 meetings, each its own accepted request), published with a seat per
person and slot as publishing writes them. Synthetic names; nothing here is presented as real
data.

    make bench PYTEST_ARGS="-k brokerage_day -s"
"""

from __future__ import annotations

import datetime as dt
import json
import os
import random
import statistics
import time
from pathlib import Path
from typing import Any

import pytest
from django.db import connection
from django.test import Client
from django.urls import reverse
from django.utils import timezone

from crosscluster.accounts.models import User
from crosscluster.brokerage import services
from crosscluster.brokerage.models import (
    B2BSession,
    MeetingRequest,
    MeetingSeat,
    Participant,
    ParticipantStatus,
    RequestStatus,
    RunState,
    RunStatus,
    ScheduledMeeting,
    ScheduleRun,
)
from crosscluster.directory.models import Country, Organisation
from crosscluster.events.models import Event
from crosscluster.partnerships.models import Partnership, PartnershipKind

pytestmark = pytest.mark.django_db
SEED = 3000
PARTICIPANTS = 3_000
TABLES = 600
ROUNDS = 10  # before the slot filter, a running day took 10 s
RESULTS = Path(__file__).resolve().parent.parent / "var" / "bench"


def build(rng: random.Random) -> tuple[B2BSession, User]:
    """The session, its published schedule, and a platform administrator (an organiser)."""
    now = timezone.now()
    country = Country.objects.create(iso2="IT", iso3="ITA", name="Italy", is_eu_member=True)
    organisations = Organisation.objects.bulk_create(
        Organisation(slug=f"org-{index}", name=f"Organisation {index}", kind="sme", country=country)
        for index in range(PARTICIPANTS // 2)
    )
    partnership = Partnership.objects.create(
        slug="bench",
        name="Bench partnership",
        kind=PartnershipKind.ESCP_4I,
        coordinator=organisations[0],
        start_date=dt.date(2026, 1, 1),
        duration_months=24,
    )
    organiser = User.objects.create(email="desk@example.org", is_superuser=True, is_staff=True)
    day = (now + dt.timedelta(days=30)).date()
    event = Event.objects.create(
        partnership=partnership,
        slug="fair",
        kind="brokerage",
        title="Brokerage fair",
        timezone="Europe/Rome",
        start_at=dt.datetime.combine(day, dt.time(6), tzinfo=dt.UTC),
        end_at=dt.datetime.combine(day, dt.time(18), tzinfo=dt.UTC),
    )
    session = services.configure_session(
        user=organiser,
        event=event,
        data=services.SessionData(
            periods=[
                (dt.datetime.combine(day, dt.time(9)), dt.datetime.combine(day, dt.time(12, 30))),
                (dt.datetime.combine(day, dt.time(14)), dt.datetime.combine(day, dt.time(17, 30))),
            ],
            slot_minutes=25,
            gap_minutes=5,
            tables=TABLES,
        ),
    )
    users = User.objects.bulk_create(
        User(email=f"person-{index}@example.org", full_name=f"Person {index}")
        for index in range(PARTICIPANTS)
    )
    people = Participant.objects.bulk_create(
        Participant(
            session=session,
            user=user,
            organisation=organisations[index // 2],
            display_name=f"Person {index}",
            status=ParticipantStatus.APPROVED,
            registered_at=now,
            decided_at=now,
            arrived_at=now if index % 3 == 0 else None,
        )
        for index, user in enumerate(users)
    )
    slots = list(session.slots.order_by("start_at"))
    pairs: list[tuple[int, int, int]] = []  # slot index, requester, recipient (people indexes)
    met: set[frozenset[int]] = set()
    for number in range(len(slots)):
        order = rng.sample(range(PARTICIPANTS), PARTICIPANTS)
        tabled = 0
        for first, second in zip(order[::2], order[1::2], strict=True):
            pair = frozenset((first, second))
            if first // 2 == second // 2 or pair in met:
                continue
            met.add(pair)
            pairs.append((number, first, second))
            tabled += 1
            if tabled == TABLES:
                break
    requests = MeetingRequest.objects.bulk_create(
        MeetingRequest(
            session=session,
            requester=people[first],
            recipient=people[second],
            status=RequestStatus.ACCEPTED,
            created_at=now,
            expires_at=now + dt.timedelta(days=7),
            answered_at=now,
        )
        for _, first, second in pairs
    )
    run = ScheduleRun.objects.create(
        session=session,
        started_by=organiser,
        created_at=now,
        status=RunStatus.PUBLISHED,
        state=RunState.DONE,
        time_limit=10.0,
        request_count=len(requests),
        published_at=now,
    )
    tables: dict[int, int] = {}
    meetings = []
    for request, (number, _, _) in zip(requests, pairs, strict=True):
        tables[number] = tables.get(number, 0) + 1
        meetings.append(
            ScheduledMeeting(run=run, request=request, slot=slots[number], table=tables[number])
        )
    meetings = ScheduledMeeting.objects.bulk_create(meetings)
    MeetingSeat.objects.bulk_create(
        MeetingSeat(meeting=meeting, run=run, slot=meeting.slot, participant_id=person)
        for meeting, request in zip(meetings, requests, strict=True)
        for person in (request.requester_id, request.recipient_id)
    )
    return session, organiser


@pytest.fixture(scope="session")
def django_db_modify_db_settings(django_db_modify_db_settings_parallel_suffix: None) -> None:
    """SQLite on a file: the in-memory default would flatter every figure."""
    from django.db import connections

    database = connections["default"].settings_dict
    if database["ENGINE"].endswith("sqlite3"):
        RESULTS.mkdir(parents=True, exist_ok=True)
        path = RESULTS / "brokerage-day-test.sqlite3"
        for stale in RESULTS.glob("brokerage-day-test.sqlite3*"):
            stale.unlink()
        database["TEST"]["NAME"] = str(path)


def percentile_95(seconds: list[float]) -> float:
    return statistics.quantiles(seconds, n=20)[-1]


def measure(client: Client, url: str) -> dict[str, Any]:
    queries: list[str] = []

    def count(execute: Any, sql: str, *args: Any) -> Any:
        queries.append(sql)
        return execute(sql, *args)

    with connection.execute_wrapper(count):
        response = client.get(url)
    assert response.status_code == 200, url
    times = []
    for _ in range(ROUNDS):
        began = time.perf_counter()
        assert client.get(url).status_code == 200
        times.append(time.perf_counter() - began)
    return {
        "median_ms": round(statistics.median(times) * 1000, 1),
        "p95_ms": round(percentile_95(times) * 1000, 1),
        "queries": len(queries),
        "bytes": len(response.content),
    }


@pytest.mark.timeout(3600)  # a shared machine: the workload alone takes a minute
def test_running_day_and_check_in_at_3000_participants(benchmark: Any) -> None:
    built = time.perf_counter()
    session, organiser = build(random.Random(SEED))
    print(f"\nworkload built in {time.perf_counter() - built:.1f} s")
    client = Client()
    client.force_login(organiser)
    day = reverse("brokerage:running_day", args=[session.pk])
    desk = reverse("brokerage:check_in", args=[session.pk])
    client.get(day)  # warm

    def running_day() -> None:
        assert client.get(day).status_code == 200

    benchmark.pedantic(running_day, rounds=ROUNDS, iterations=1)
    pages = {
        "running day": day,
        "running day, all slots": f"{day}?slot=all",
        "check-in desk": desk,
        "check-in desk, searched": f"{desk}?q=Organisation+77",
        "check-in desk, not arrived yet, last page": f"{desk}?show=waiting&page=40",
    }
    figures: dict[str, Any] = {
        "engine": connection.vendor,
        "participants": PARTICIPANTS,
        "meetings": ScheduledMeeting.objects.filter(run__session=session).count(),
        "slots": session.slots.count(),
        "cpus": os.cpu_count(),
        "load_average_1min": round(os.getloadavg()[0], 2),
    }
    for name, url in pages.items():
        figures[name] = measure(client, url)
    benchmark.extra_info.update(figures)
    RESULTS.mkdir(parents=True, exist_ok=True)
    (RESULTS / f"brokerage-day-{connection.vendor}.json").write_text(json.dumps(figures, indent=2))
    print(json.dumps(figures, indent=2))
