"""Stage 5: an illustrative work plan that computes the published "67% completed".

Only the leaders of work packages 1, 2 and 5 are published (Basquegame, TICE.PT, Pôle SCS); the
titles, items, weights and dates below are illustrative, built on the ESCP-4i Strand 1
deliverables (partnership agreement, joint internationalisation strategy, implementation
roadmap), the study visits in Germany, Italy and Sweden, the business plan and the S3 guidelines
of the partnership's "results expected". Items weighing 32 of 48 are done before the end of the
partnership: 66.7%, shown as 67%.

Dates are relative to the partnership's own start and 24 months (``_day(months, day)``: that day
of the partnership's month number ``months``, counted from 0; ``_end(months)``: its last day), so
the plan always falls inside the partnership's period, and an item never done counts as late up to
the partnership's end, not for ever.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

from crosscluster.demo.partnership import get_demo_partnership, get_or_create_partner_clusters
from crosscluster.engines.workplan import add_months, period_end
from crosscluster.partnerships.models import WorkItem, WorkItemKind, WorkPackage

TASK, MILESTONE, DELIVERABLE = WorkItemKind.TASK, WorkItemKind.MILESTONE, WorkItemKind.DELIVERABLE
PLAN_MONTHS = 24  # the plan spans the partnership's published duration


@dataclass(frozen=True)
class Offset:
    """A day of the partnership, relative to its start."""

    months: int  # the partnership's month, counted from 0
    day: int | None  # the day of that month (1 = its first day); None: its last day

    def on(self, start: dt.date) -> dt.date:
        if self.day is None:
            return add_months(start, self.months + 1) - dt.timedelta(days=1)
        return add_months(start, self.months) + dt.timedelta(days=self.day - 1)


def _day(months: int, day: int) -> Offset:
    return Offset(months, day)


def _end(months: int) -> Offset:
    return Offset(months, None)


@dataclass(frozen=True)
class PlannedItem:
    kind: str
    code: str
    title: str
    weight: int
    start: Offset | None
    due: Offset
    done: Offset | None

    def start_date(self, start: dt.date) -> dt.date | None:
        return self.start.on(start) if self.start else None

    def due_date(self, start: dt.date) -> dt.date:
        return self.due.on(start)

    def done_date(self, start: dt.date) -> dt.date | None:
        return self.done.on(start) if self.done else None


@dataclass(frozen=True)
class PlannedPackage:
    number: int
    title: str
    leader: str | None  # PartnerCluster.key; None when the leader is not published
    items: tuple[PlannedItem, ...]


def _item(
    kind: str,
    code: str,
    title: str,
    weight: int,
    start: Offset | None,
    due: Offset,
    done: Offset | None,
) -> PlannedItem:
    return PlannedItem(kind, code, title, weight, start, due, done)


WORK_PLAN = (
    PlannedPackage(1, "Collaboration model and mapping of competences and needs", "spain", (
        _item(TASK, "T1.1", "Map the Industry 4.0 competences of the ICT clusters' SMEs", 3, _day(0, 1), _end(3), _day(3, 28)),
        _item(TASK, "T1.2", "Map the modernisation needs of the industrial clusters' players", 3, _day(0, 1), _end(4), _day(4, 26)),
        _item(DELIVERABLE, "D1.1", "Partnership agreement signed by the six clusters", 2, _day(0, 1), _end(3), _day(3, 25)),
        _item(MILESTONE, "M1.1", "Cross-sectoral collaboration model agreed", 1, None, _end(6), _day(6, 27)),
    )),
    PlannedPackage(2, "Study visits and B2B matchmaking", "portugal", (
        _item(TASK, "T2.1", "Study visit in Germany", 3, _day(6, 1), _end(8), _day(8, 22)),
        _item(MILESTONE, "M2.1", "First study visit held", 1, None, _end(8), _day(8, 22)),
        _item(TASK, "T2.2", "Study visit in Italy", 3, _day(10, 1), _end(12), _day(11, 28)),
        _item(TASK, "T2.3", "Study visit in Sweden", 3, _day(13, 1), _end(15), None),
        _item(DELIVERABLE, "D2.1", "Study visit reports with the outcomes of the B2B meetings", 2, _day(10, 1), _end(18), None),
    )),
    PlannedPackage(3, "Joint Internationalisation Strategy", None, (
        _item(TASK, "T3.1", "Define the technology domains, joint products and services", 3, _day(3, 1), _end(12), _day(12, 27)),
        _item(TASK, "T3.2", "Select up to 4 priority markets worldwide", 3, _day(7, 1), _end(15), _day(15, 26)),
        _item(TASK, "T3.3", "Define joint commercialisation and internationalisation initiatives", 2, _day(10, 1), _end(16), _day(16, 24)),
        _item(DELIVERABLE, "D3.1", "Joint Internationalisation Strategy", 3, _day(10, 1), _end(18), _end(18)),
        _item(DELIVERABLE, "D3.2", "Implementation roadmap", 2, _day(16, 1), _end(21), None),
    )),
    PlannedPackage(4, "Business plan and S3 guidelines", None, (
        _item(TASK, "T4.1", "Identify regional, national and EU funding for the strategy", 2, _day(12, 1), _end(18), _day(18, 25)),
        _item(DELIVERABLE, "D4.1", "Business plan of the Joint Internationalisation Strategy", 3, _day(15, 1), _end(22), None),
        _item(DELIVERABLE, "D4.2", "S3 guidelines and recommendations for clusters", 3, _day(15, 1), _end(23), None),
    )),
    PlannedPackage(5, "Coordination and communication", "france", (
        _item(MILESTONE, "M5.1", "Kick-off meeting of the partners", 1, None, _end(0), _day(0, 21)),
        _item(TASK, "T5.1", "Coordination, partnership management and reporting", 3, _day(0, 1), _end(23), None),
        _item(TASK, "T5.2", "Communication on the ECCP page and social media", 2, _day(0, 1), _end(21), _day(21, 18)),
    )),
)  # fmt: skip


def load_work_plan() -> str:
    partnership = get_demo_partnership()
    if partnership is None:
        raise RuntimeError("The work plan needs the DIA partnership: load stage 3 first.")
    start = partnership.start_date
    if period_end(start, PLAN_MONTHS) > period_end(start, partnership.duration_months):
        raise RuntimeError(
            f"The illustrative work plan spans {PLAN_MONTHS} months; the DIA partnership lasts "
            f"{partnership.duration_months}."
        )
    clusters = get_or_create_partner_clusters()
    items = 0
    for planned in WORK_PLAN:
        package, _ = WorkPackage.objects.update_or_create(
            partnership=partnership,
            number=planned.number,
            defaults={
                "title": planned.title,
                "leader": clusters[planned.leader] if planned.leader else None,
            },
        )
        for item in planned.items:
            WorkItem.objects.update_or_create(
                work_package=package,
                code=item.code,
                defaults={
                    "kind": item.kind,
                    "title": item.title,
                    "weight": item.weight,
                    "start_date": item.start_date(start),
                    "due_date": item.due_date(start),
                    "done_date": item.done_date(start),
                },
            )
            items += 1
    done = sum(i.weight for p in WORK_PLAN for i in p.items if i.done is not None)
    total = sum(i.weight for p in WORK_PLAN for i in p.items)
    return (
        f"{len(WORK_PLAN)} work packages, {items} items; {done} of {total} weighted items done "
        "(illustrative)"
    )
