"""Stage 7: illustrative events placed around ``today`` so the calendar has something to show.

The study visits in Germany, Italy and Sweden are in the published plan of the partnership, but
not these dates: every event here is demo content (``is_illustrative``) and says so. Times are
set in the venue's zone and stored in UTC. Host cities are not published, so no city is given.

The three study visits get an illustrative programme (welcome, industrial players presenting
their needs, a company visit, B2B meetings, a networking dinner; a workshop and a debrief on the
second day). The visited company is not named: no real company is said to host a visit.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from zoneinfo import ZoneInfo

from crosscluster.core.choices import Visibility
from crosscluster.demo.partnership import get_demo_partnership, get_or_create_partner_clusters
from crosscluster.events.models import Event, EventKind, ProgrammeItem, ProgrammeItemKind

ILLUSTRATIVE = (
    "This is an illustrative demo event, placed in the weeks around the day the demo was loaded "
    "to show the calendar; it is not a published event of the partnership."
)


@dataclass(frozen=True)
class PlannedEvent:
    slug: str
    kind: str
    title: str
    summary: str
    host: str  # PartnerCluster.key
    country: str | None  # ISO2; None when online
    timezone: str
    start_at: dt.datetime  # aware, UTC
    end_at: dt.datetime

    @property
    def description(self) -> str:
        return f"{self.summary}\n\n{ILLUSTRATIVE}"


def _at(day: dt.date, hour: int, minute: int, zone: str) -> dt.datetime:
    local = dt.datetime.combine(day, dt.time(hour, minute), tzinfo=ZoneInfo(zone))
    return local.astimezone(dt.UTC)


def plan_events(today: dt.date) -> list[PlannedEvent]:
    """The five events for a given ``today``: one in its week, the others 2 to 6 weeks later."""
    monday = today - dt.timedelta(days=today.weekday())
    # The webinar is tomorrow when tomorrow is still this week, else late today (a Sunday).
    if today.weekday() < 6:
        webinar_day, webinar_start, webinar_end = today + dt.timedelta(days=1), (10, 0), (11, 30)
    else:
        webinar_day, webinar_start, webinar_end = today, (18, 0), (19, 30)
    paris, berlin, rome, stockholm = (
        "Europe/Paris",
        "Europe/Berlin",
        "Europe/Rome",
        "Europe/Stockholm",
    )
    germany = monday + dt.timedelta(weeks=2, days=1)  # Tuesday
    italy = monday + dt.timedelta(weeks=4, days=1)
    sweden = monday + dt.timedelta(weeks=6, days=1)
    one_day = dt.timedelta(days=1)
    return [
        PlannedEvent(
            slug="partners-webinar",
            kind=EventKind.WEBINAR,
            title="Partners' webinar: preparing the study visits",
            summary="Online meeting of the six partner clusters to prepare the study visits "
            "and the B2B meetings between ICT SMEs and industrial players.",
            host="france",
            country=None,
            timezone=paris,
            start_at=_at(webinar_day, *webinar_start, paris),
            end_at=_at(webinar_day, *webinar_end, paris),
        ),
        PlannedEvent(
            slug="study-visit-germany",
            kind=EventKind.STUDY_VISIT,
            title="Study visit in Germany",
            summary="ICT clusters and their SMEs visit the German industrial cluster and its "
            "industrial players, who present their needs for modernising their production "
            "towards Industry 4.0.",
            host="germany",
            country="DE",
            timezone=berlin,
            start_at=_at(germany, 9, 0, berlin),
            end_at=_at(germany + one_day, 17, 0, berlin),
        ),
        PlannedEvent(
            slug="study-visit-italy",
            kind=EventKind.STUDY_VISIT,
            title="Study visit in Italy",
            summary="ICT clusters and their SMEs visit the Italian industrial cluster and its "
            "industrial players.",
            host="italy",
            country="IT",
            timezone=rome,
            start_at=_at(italy, 9, 0, rome),
            end_at=_at(italy + one_day, 17, 0, rome),
        ),
        PlannedEvent(
            slug="b2b-brokerage-italy",
            kind=EventKind.BROKERAGE,
            title="B2B brokerage event: ICT SMEs meet industrial players",
            summary="Pre-arranged one-to-one meetings between the ICT SMEs of the partner "
            "clusters and industrial players, on the second day of the study visit in Italy.",
            host="italy",
            country="IT",
            timezone=rome,
            start_at=_at(italy + one_day, 13, 30, rome),
            end_at=_at(italy + one_day, 17, 0, rome),
        ),
        PlannedEvent(
            slug="study-visit-sweden",
            kind=EventKind.STUDY_VISIT,
            title="Study visit in Sweden",
            summary="ICT clusters and their SMEs visit the Swedish industrial cluster and its "
            "industrial players.",
            host="sweden",
            country="SE",
            timezone=stockholm,
            start_at=_at(sweden, 9, 0, stockholm),
            end_at=_at(sweden + one_day, 17, 0, stockholm),
        ),
    ]


ILLUSTRATIVE_ITEM = "Illustrative programme item of a demo event, not a published programme."


@dataclass(frozen=True)
class PlannedItem:
    kind: str
    title: str
    summary: str
    start_at: dt.datetime  # aware, UTC
    end_at: dt.datetime
    speakers: str = ""

    @property
    def description(self) -> str:
        return f"{self.summary}\n\n{ILLUSTRATIVE_ITEM}"


def plan_programme(event: PlannedEvent) -> list[PlannedItem]:
    """The programme of a two-day study visit (none for the other events), in venue time.

    On the Italian visit, the second afternoon is the B2B brokerage event, so its B2B round on
    the first day is the first of two and the debrief comes before lunch.
    """
    if event.kind != EventKind.STUDY_VISIT:
        return []
    zone = event.timezone
    first = event.start_at.astimezone(ZoneInfo(zone)).date()
    second = first + dt.timedelta(days=1)
    with_brokerage = event.slug == "study-visit-italy"

    def item(
        kind: str, title: str, summary: str, day: dt.date, start: str, end: str, speakers: str = ""
    ) -> PlannedItem:
        start_hour, start_minute = map(int, start.split(":"))
        end_hour, end_minute = map(int, end.split(":"))
        return PlannedItem(
            kind=kind,
            title=title,
            summary=summary,
            start_at=_at(day, start_hour, start_minute, zone),
            end_at=_at(day, end_hour, end_minute, zone),
            speakers=speakers,
        )

    programme = [
        item(
            ProgrammeItemKind.TALK,
            "Welcome and introductions",
            "The host cluster welcomes the visiting ICT clusters and their SMEs; each partner "
            "cluster introduces itself.",
            first,
            "09:00",
            "09:30",
            "The host cluster and the partnership's coordinator",
        ),
        item(
            ProgrammeItemKind.NEEDS_PRESENTATION,
            "Industrial players present their Industry 4.0 needs",
            "Industrial players of the host cluster present their needs for modernising their "
            "production towards Industry 4.0.",
            first,
            "09:30",
            "11:00",
            "Industrial players of the host cluster",
        ),
        item(
            ProgrammeItemKind.COMPANY_VISIT,
            "Visit of a member company of the host cluster (illustrative)",
            "A guided visit of the production of a member company of the host cluster "
            "(illustrative: no company is named).",
            first,
            "11:30",
            "13:00",
        ),
        item(
            ProgrammeItemKind.B2B_MEETINGS,
            "B2B meetings: ICT SMEs meet industrial players"
            + (" (first round)" if with_brokerage else ""),
            "Pre-arranged one-to-one meetings between the visiting ICT SMEs and the industrial "
            "players.",
            first,
            "14:00",
            "17:00",
        ),
        item(
            ProgrammeItemKind.NETWORKING,
            "Networking dinner",
            "Dinner for all participants.",
            first,
            "19:30",
            "22:00",
        ),
        item(
            ProgrammeItemKind.TALK,
            "Workshop: joint offers for Industry 4.0",
            "ICT SMEs and industrial players work on joint offers answering the needs "
            "presented on the first day.",
            second,
            "09:00",
            "11:30" if with_brokerage else "12:30",
        ),
    ]
    if with_brokerage:
        programme += [
            item(
                ProgrammeItemKind.OTHER,
                "Debrief and next steps",
                "The partner clusters review the visit and agree on the follow-up.",
                second,
                "11:30",
                "12:30",
            ),
            item(
                ProgrammeItemKind.B2B_MEETINGS,
                "B2B meetings (second round, the B2B brokerage event)",
                "The B2B brokerage event of the afternoon, on its own event page.",
                second,
                "13:30",
                "17:00",
            ),
        ]
    else:
        programme.append(
            item(
                ProgrammeItemKind.OTHER,
                "Debrief and next steps",
                "The partner clusters review the visit and agree on the follow-up.",
                second,
                "14:00",
                "16:00",
            )
        )
    return programme


def events_are_placed(*, today: dt.date) -> bool:
    """Whether the illustrative events, and their programmes, are where ``today`` puts them."""
    partnership = get_demo_partnership()
    if partnership is None:
        return False
    stored = dict(
        Event.objects.filter(partnership=partnership, is_illustrative=True).values_list(
            "slug", "start_at"
        )
    )
    planned = plan_events(today)
    if not all(stored.get(event.slug) == event.start_at for event in planned):
        return False
    stored_items = set(
        ProgrammeItem.objects.filter(
            event__partnership=partnership, event__is_illustrative=True
        ).values_list("event__slug", "title", "start_at")
    )
    planned_items = {
        (event.slug, item.title, item.start_at)
        for event in planned
        for item in plan_programme(event)
    }
    return stored_items == planned_items


def _place_programme(event: Event, planned: PlannedEvent) -> int:
    """The event's illustrative programme, moved or created; other items are removed."""
    items = plan_programme(planned)
    for position, item in enumerate(items):
        ProgrammeItem.objects.update_or_create(
            event=event,
            title=item.title,
            defaults={
                "kind": item.kind,
                "description": item.description,
                "start_at": item.start_at,
                "end_at": item.end_at,
                "place": "",
                "visited_organisation": None,
                "speakers": item.speakers,
                "position": position,
            },
        )
    ProgrammeItem.objects.filter(event=event).exclude(
        title__in=[item.title for item in items]
    ).delete()
    return len(items)


def load_events(*, today: dt.date) -> str:
    partnership = get_demo_partnership()
    if partnership is None:
        raise RuntimeError("The events need the DIA partnership: load stage 3 first.")
    clusters = get_or_create_partner_clusters()
    planned = plan_events(today)
    items = 0
    for event in planned:
        stored, _ = Event.objects.update_or_create(
            partnership=partnership,
            slug=event.slug,
            defaults={
                "kind": event.kind,
                "title": event.title,
                "description": event.description,
                "start_at": event.start_at,
                "end_at": event.end_at,
                "timezone": event.timezone,
                "venue_name": "",
                "held_online": event.country is None,
                "city": "",
                "country_id": event.country,
                "host": clusters[event.host],
                "visibility": Visibility.PUBLIC,
                "is_illustrative": True,
            },
        )
        items += _place_programme(stored, event)
    first, last = planned[0].start_at.date(), planned[-1].end_at.date()
    return (
        f"{len(planned)} illustrative events from {first} to {last}, "
        f"with {items} illustrative programme items"
    )
