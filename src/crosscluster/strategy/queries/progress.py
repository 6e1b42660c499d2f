"""How far the roadmap has come: each action's recorded status and the count "actions done /
actions planned to be done by a day", read by the strategy page, its API and the scoreboard (one
function, so their numbers are the same by construction)."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, datetime
from typing import TYPE_CHECKING

from crosscluster.strategy.models import ActionStatus, RoadmapAction

if TYPE_CHECKING:
    from crosscluster.strategy.models import Strategy


@dataclass(frozen=True)
class ActionProgress:
    id: int
    code: str
    title: str
    owner: str
    start_date: date
    end_date: date
    status: str
    status_label: str
    done_date: date | None
    changed_by: str
    changed_at: datetime | None


@dataclass(frozen=True)
class RoadmapProgress:
    """Actions done by ``until`` out of the actions planned to be done by then: those not
    dropped whose planned end is on or before ``until``, plus those done by then ahead of
    their plan (so the share never passes 100 %)."""

    until: date
    actions: tuple[ActionProgress, ...]
    done: int
    planned: int
    #: status -> number, over the actions planned by ``until``
    by_status: dict[str, int]

    @property
    def percent(self) -> float:
        return round(100 * self.done / self.planned, 1) if self.planned else 0.0


def _is_done_by(action: ActionProgress, until: date) -> bool:
    return (
        action.status == ActionStatus.DONE
        and action.done_date is not None
        and (action.done_date <= until)
    )


def get_roadmap_progress(*, strategy: Strategy | None, until: date) -> RoadmapProgress:
    """Every roadmap action of the working copy with its status, and the count as of ``until``
    (statuses are as recorded now; a done action counts from its ``done_date``)."""
    actions: tuple[ActionProgress, ...] = ()
    if strategy is not None:
        rows = (
            RoadmapAction.objects.filter(strategy=strategy)
            .select_related("owner", "status_changed_by")
            .order_by("position", "start_date", "code", "pk")
        )
        actions = tuple(
            ActionProgress(
                id=row.pk,
                code=row.code,
                title=row.title,
                owner=row.owner.name,
                start_date=row.start_date,
                end_date=row.end_date,
                status=row.status,
                status_label=str(ActionStatus(row.status).label),
                done_date=row.done_date,
                changed_by=str(row.status_changed_by or ""),
                changed_at=row.status_changed_at,
            )
            for row in rows
        )
    planned = [
        action
        for action in actions
        if action.status != ActionStatus.DROPPED
        and (action.end_date <= until or _is_done_by(action, until))
    ]
    by_status: dict[str, int] = {}
    for action in planned:
        # done after ``until``: it was not done yet then
        done_later = action.status == ActionStatus.DONE and not _is_done_by(action, until)
        status = ActionStatus.IN_PROGRESS if done_later else action.status
        by_status[status] = by_status.get(status, 0) + 1
    return RoadmapProgress(
        until=until,
        actions=actions,
        done=sum(1 for action in planned if _is_done_by(action, until)),
        planned=len(planned),
        by_status=dict(sorted(by_status.items())),
    )


def action_status_labels() -> dict[str, str]:
    """Each roadmap action status's name in the active language, by its stored value."""
    return {value: str(label) for value, label in ActionStatus.choices}
