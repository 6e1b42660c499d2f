"""The illustrative work plan, event placement and programme, checked (mostly) without the
database; the last tests load the events stage into a minimal database."""

from __future__ import annotations

import datetime as dt
import itertools
from zoneinfo import ZoneInfo

import pytest

from crosscluster.demo import facts
from crosscluster.demo.events import ILLUSTRATIVE_ITEM, plan_events, plan_programme
from crosscluster.demo.workplan import WORK_PLAN
from crosscluster.engines.workplan import WorkItem, compute_progress, period_end

END = dt.date(2021, 2, 28)  # 24 months from the illustrative start


def engine_items(start: dt.date = facts.ILLUSTRATIVE_START_DATE) -> list[WorkItem]:
    return [
        WorkItem(
            key=item.code,
            package=package.number,
            kind=item.kind,
            code=item.code,
            title=item.title,
            weight=item.weight,
            due_date=item.due_date(start),
            done_date=item.done_date(start),
            start_date=item.start_date(start),
        )
        for package in WORK_PLAN
        for item in package.items
    ]


@pytest.mark.parametrize("today", [END + dt.timedelta(days=1), dt.date(2030, 1, 1)])
def test_the_plan_computes_the_published_67_percent_after_the_end(today: dt.date) -> None:
    progress = compute_progress(engine_items(), today=today, period_end=END)
    assert progress.percent == 67
    # Lateness stops at the end: no item shows thousands of days late years later.
    assert len(progress.late) == 6
    assert max(item.days_late for item in progress.late) <= (END - dt.date(2019, 3, 1)).days


def test_the_dates_are_the_published_plan_on_the_illustrative_start() -> None:
    dates = {item.code: (item.start_date, item.due_date, item.done_date) for item in engine_items()}
    assert dates["T1.1"] == (dt.date(2019, 3, 1), dt.date(2019, 6, 30), dt.date(2019, 6, 28))
    assert dates["T5.1"] == (dt.date(2019, 3, 1), END, None)
    assert period_end(facts.ILLUSTRATIVE_START_DATE, facts.DURATION_MONTHS) == END


@pytest.mark.parametrize(
    "start", [facts.ILLUSTRATIVE_START_DATE, dt.date(2024, 9, 15), dt.date(2023, 1, 31)]
)
def test_the_plan_fits_the_partnership_period_and_its_leaders(start: dt.date) -> None:
    end = period_end(start, facts.DURATION_MONTHS)
    for item in engine_items(start):
        assert start <= item.due_date <= end, item.code
        assert item.start_date is None or start <= item.start_date <= item.due_date, item.code
        assert item.done_date is None or start <= item.done_date <= end, item.code
    leaders = {package.number: package.leader for package in WORK_PLAN}
    assert leaders == {1: "spain", 2: "portugal", 3: None, 4: None, 5: "france"}


def test_the_study_visits_are_in_the_plan() -> None:
    titles = " ".join(item.title for package in WORK_PLAN for item in package.items)
    for text in ("Germany", "Italy", "Sweden", "Partnership agreement", "Implementation roadmap",
                 "Business plan", "S3 guidelines", "Joint Internationalisation Strategy"):  # fmt: skip
        assert text in titles


@pytest.mark.parametrize("today", [dt.date(2026, 3, 2) + dt.timedelta(days=n) for n in range(7)])
def test_one_event_falls_in_the_current_week_and_the_others_within_eight(today: dt.date) -> None:
    monday = today - dt.timedelta(days=today.weekday())
    events = plan_events(today)
    weeks = sorted((event.start_at.date() - monday).days // 7 for event in events)
    assert weeks[0] == 0
    assert all(2 <= week <= 8 for week in weeks[1:])
    assert all(event.start_at.utcoffset() == dt.timedelta(0) for event in events)
    assert all(event.end_at > event.start_at for event in events)
    assert events[0].start_at.date() >= today


REQUIRED_KINDS = {"talk", "needs", "company_visit", "b2b", "networking", "other"}


@pytest.mark.parametrize(
    "today",
    # an ordinary week, the weeks around both summer-time changes, a Sunday
    [dt.date(2026, 3, 4), dt.date(2026, 3, 10), dt.date(2026, 10, 6), dt.date(2026, 11, 29)],
)
def test_each_study_visit_has_an_illustrative_two_day_programme(today: dt.date) -> None:
    for event in plan_events(today):
        items = plan_programme(event)
        if event.kind != "study_visit":
            assert items == []
            continue
        zone = ZoneInfo(event.timezone)
        first_day = event.start_at.astimezone(zone).date()
        assert {item.kind for item in items} >= REQUIRED_KINDS, event.slug
        assert len({item.title for item in items}) == len(items)  # the demo's key per event
        for item in items:
            assert event.start_at <= item.start_at < item.end_at <= event.end_at, item.title
            assert item.start_at.utcoffset() == dt.timedelta(0)
            assert item.description.endswith(ILLUSTRATIVE_ITEM)
        # No overlaps: each item ends before the next starts.
        for earlier, later in itertools.pairwise(items):
            assert earlier.end_at <= later.start_at, (earlier.title, later.title)
        by_title = {item.title: item for item in items}
        welcome = by_title["Welcome and introductions"]
        assert welcome.start_at == event.start_at  # 09:00 at the venue, whatever the season
        dinner = by_title["Networking dinner"]
        assert dinner.start_at.astimezone(zone).time() == dt.time(19, 30)
        second_day = {item.start_at.astimezone(zone).date() for item in items} - {first_day}
        assert second_day == {first_day + dt.timedelta(days=1)}
        assert any("Workshop" in item.title for item in items)
        assert any("Debrief" in item.title for item in items)


def test_the_visited_company_is_not_named() -> None:
    for event in plan_events(dt.date(2026, 3, 4)):
        for item in plan_programme(event):
            if item.kind == "company_visit":
                assert item.title == "Visit of a member company of the host cluster (illustrative)"
                assert "no company is named" in item.description


def test_the_italian_visit_ends_with_the_brokerage_event() -> None:
    events = {event.slug: event for event in plan_events(dt.date(2026, 3, 4))}
    brokerage = events["b2b-brokerage-italy"]
    last = plan_programme(events["study-visit-italy"])[-1]
    assert last.kind == "b2b"
    assert (last.start_at, last.end_at) == (brokerage.start_at, brokerage.end_at)


@pytest.fixture
def demo_partnership(db: None):  # type: ignore[no-untyped-def]
    from crosscluster.demo.partnership import get_or_create_partner_clusters
    from crosscluster.partnerships.models import Partnership, PartnershipKind
    from tests.cast import make_country

    for iso2, iso3, name in [("FR", "FRA", "France"), ("ES", "ESP", "Spain"),
                             ("PT", "PRT", "Portugal"), ("DE", "DEU", "Germany"),
                             ("IT", "ITA", "Italy"), ("SE", "SWE", "Sweden")]:  # fmt: skip
        make_country(iso2, iso3, name)
    clusters = get_or_create_partner_clusters()
    return Partnership.objects.create(
        slug=facts.SLUG,
        name=facts.NAME,
        kind=PartnershipKind.ESCP_4I,
        coordinator=clusters["france"],
        start_date=facts.ILLUSTRATIVE_START_DATE,
        duration_months=24,
        summary="Demo.",
    )


def test_the_programme_moves_with_the_events_and_keeps_its_rows(demo_partnership) -> None:  # type: ignore[no-untyped-def]
    from crosscluster.demo.events import events_are_placed, load_events
    from crosscluster.events.models import Event, ProgrammeItem

    summary = load_events(today=dt.date(2026, 3, 4))
    assert "with 22 illustrative programme items" in summary  # 7 + 8 (Italy) + 7
    assert events_are_placed(today=dt.date(2026, 3, 4))
    assert not events_are_placed(today=dt.date(2026, 6, 10))
    ids = set(ProgrammeItem.objects.values_list("pk", flat=True))
    load_events(today=dt.date(2026, 3, 4))  # idempotent
    assert set(ProgrammeItem.objects.values_list("pk", flat=True)) == ids
    load_events(today=dt.date(2026, 6, 10))
    assert events_are_placed(today=dt.date(2026, 6, 10))
    assert set(ProgrammeItem.objects.values_list("pk", flat=True)) == ids  # moved, not recreated
    for event in Event.objects.filter(partnership=demo_partnership).prefetch_related(
        "programme_items"
    ):
        for item in event.programme_items.all():
            assert event.start_at <= item.start_at < item.end_at <= event.end_at
            assert item.visited_organisation_id is None
    assert not ProgrammeItem.objects.filter(start_at__date__lt=dt.date(2026, 6, 10)).exists()


def test_the_demo_programme_shows_as_illustrative(demo_partnership, client) -> None:  # type: ignore[no-untyped-def]
    from django.urls import reverse

    from crosscluster.demo.events import load_events

    load_events(today=dt.date(2026, 3, 4))
    url = reverse("events:detail", args=[facts.SLUG, "study-visit-germany"])
    page = client.get(url).content.decode()
    section = page[page.index('id="programme"') :]
    assert 'class="badge illustrative"' in section
    assert "Visit of a member company of the host cluster (illustrative)" in section
    assert "Networking dinner" in section
