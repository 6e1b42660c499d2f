"""Stage 5: an illustrative work plan that computes the published "67% completed".

Only the leaders of work packages 1, 2 and 5 are published (Basquegame, TICE.PT, Pôle SCS); the
titles, items, weights and dates below are illustrative, built on the ESCP-4i Strand 1
deliverables (partnership agreement, joint internationalisation strategy, implementation
roadmap), the study visits in Germany, Italy and Sweden, the business plan and the S3 guidelines
of the partnership's "results expected". Items weighing 32 of 48 are done before the end of the
partnership: 66.7%, shown as 67%.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

from crosscluster.demo.partnership import get_demo_partnership, get_or_create_partner_clusters
from crosscluster.partnerships.models import WorkItem, WorkItemKind, WorkPackage

TASK, MILESTONE, DELIVERABLE = WorkItemKind.TASK, WorkItemKind.MILESTONE, WorkItemKind.DELIVERABLE


@dataclass(frozen=True)
class PlannedItem:
    kind: str
    code: str
    title: str
    weight: int
    start_date: dt.date | None
    due_date: dt.date
    done_date: dt.date | None


@dataclass(frozen=True)
class PlannedPackage:
    number: int
    title: str
    leader: str | None  # PartnerCluster.key; None when the leader is not published
    items: tuple[PlannedItem, ...]


def _d(text: str) -> dt.date:
    return dt.date.fromisoformat(text)


def _item(
    kind: str, code: str, title: str, weight: int, start: str | None, due: str, done: str | None
) -> PlannedItem:
    return PlannedItem(
        kind=kind,
        code=code,
        title=title,
        weight=weight,
        start_date=_d(start) if start else None,
        due_date=_d(due),
        done_date=_d(done) if done else None,
    )


WORK_PLAN = (
    PlannedPackage(1, "Collaboration model and mapping of competences and needs", "spain", (
        _item(TASK, "T1.1", "Map the Industry 4.0 competences of the ICT clusters' SMEs", 3, "2019-03-01", "2019-06-30", "2019-06-28"),
        _item(TASK, "T1.2", "Map the modernisation needs of the industrial clusters' players", 3, "2019-03-01", "2019-07-31", "2019-07-26"),
        _item(DELIVERABLE, "D1.1", "Partnership agreement signed by the six clusters", 2, "2019-03-01", "2019-06-30", "2019-06-25"),
        _item(MILESTONE, "M1.1", "Cross-sectoral collaboration model agreed", 1, None, "2019-09-30", "2019-09-27"),
    )),
    PlannedPackage(2, "Study visits and B2B matchmaking", "portugal", (
        _item(TASK, "T2.1", "Study visit in Germany", 3, "2019-09-01", "2019-11-30", "2019-11-22"),
        _item(MILESTONE, "M2.1", "First study visit held", 1, None, "2019-11-30", "2019-11-22"),
        _item(TASK, "T2.2", "Study visit in Italy", 3, "2020-01-01", "2020-03-31", "2020-02-28"),
        _item(TASK, "T2.3", "Study visit in Sweden", 3, "2020-04-01", "2020-06-30", None),
        _item(DELIVERABLE, "D2.1", "Study visit reports with the outcomes of the B2B meetings", 2, "2020-01-01", "2020-09-30", None),
    )),
    PlannedPackage(3, "Joint Internationalisation Strategy", None, (
        _item(TASK, "T3.1", "Define the technology domains, joint products and services", 3, "2019-06-01", "2020-03-31", "2020-03-27"),
        _item(TASK, "T3.2", "Select up to 4 priority markets worldwide", 3, "2019-10-01", "2020-06-30", "2020-06-26"),
        _item(TASK, "T3.3", "Define joint commercialisation and internationalisation initiatives", 2, "2020-01-01", "2020-07-31", "2020-07-24"),
        _item(DELIVERABLE, "D3.1", "Joint Internationalisation Strategy", 3, "2020-01-01", "2020-09-30", "2020-09-30"),
        _item(DELIVERABLE, "D3.2", "Implementation roadmap", 2, "2020-07-01", "2020-12-31", None),
    )),
    PlannedPackage(4, "Business plan and S3 guidelines", None, (
        _item(TASK, "T4.1", "Identify regional, national and EU funding for the strategy", 2, "2020-03-01", "2020-09-30", "2020-09-25"),
        _item(DELIVERABLE, "D4.1", "Business plan of the Joint Internationalisation Strategy", 3, "2020-06-01", "2021-01-31", None),
        _item(DELIVERABLE, "D4.2", "S3 guidelines and recommendations for clusters", 3, "2020-06-01", "2021-02-28", None),
    )),
    PlannedPackage(5, "Coordination and communication", "france", (
        _item(MILESTONE, "M5.1", "Kick-off meeting of the partners", 1, None, "2019-03-31", "2019-03-21"),
        _item(TASK, "T5.1", "Coordination, partnership management and reporting", 3, "2019-03-01", "2021-02-28", None),
        _item(TASK, "T5.2", "Communication on the ECCP page and social media", 2, "2019-03-01", "2020-12-31", "2020-12-18"),
    )),
)  # fmt: skip


def load_work_plan() -> str:
    partnership = get_demo_partnership()
    if partnership is None:
        raise RuntimeError("The work plan needs the DIA partnership: load stage 3 first.")
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
                    "start_date": item.start_date,
                    "due_date": item.due_date,
                    "done_date": item.done_date,
                },
            )
            items += 1
    done = sum(i.weight for p in WORK_PLAN for i in p.items if i.done_date is not None)
    total = sum(i.weight for p in WORK_PLAN for i in p.items)
    return (
        f"{len(WORK_PLAN)} work packages, {items} items; {done} of {total} weighted items done "
        "(illustrative)"
    )
