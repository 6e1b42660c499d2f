"""The roadmap's progress over the API: each action's status and the count "actions done /
actions planned to be done by a day" (members), and recording an action's status
(coordinators, whatever the strategy's state).

No ``from __future__ import annotations`` here: ninja reads the operations' types at run time.
"""

from datetime import date, datetime

from django.http import HttpRequest
from django.utils import timezone
from ninja import Field, Schema

from crosscluster.accounts.auth import api_viewer, token_auth, token_user
from crosscluster.strategy import permissions, queries, services
from crosscluster.strategy.api.common import READ_ERRORS, WRITE_ERRORS, router
from crosscluster.strategy.models import ActionStatus


class ActionProgressOut(Schema):
    id: int
    code: str
    title: str
    owner: str
    start_date: date
    end_date: date
    status: str = Field(description=f"One of: {', '.join(ActionStatus.values)}.")
    done_date: date | None = Field(description="The day it was done (status done only).")
    changed_by: str = Field(description="Who recorded the status last ('' when nobody has).")
    changed_at: datetime | None


class RoadmapProgressOut(Schema):
    until: date = Field(description="The day the count is for (today in your time zone).")
    done: int = Field(description="Actions done by that day.")
    planned: int = Field(
        description="Actions planned to be done by that day: not dropped, planned end on or "
        "before it, or done by then ahead of their plan."
    )
    percent: float = Field(description="done / planned, in % (0 when nothing is planned).")
    by_status: dict[str, int] = Field(description="Status -> number, over the planned actions.")
    actions: list[ActionProgressOut]


class ActionProgressIn(Schema):
    status: str = Field(description=f"One of: {', '.join(ActionStatus.values)}.")
    done_date: date | None = Field(
        default=None, description="The day it was done: required with status done, else empty."
    )


def _progress_out(progress: queries.RoadmapProgress) -> RoadmapProgressOut:
    return RoadmapProgressOut(
        until=progress.until,
        done=progress.done,
        planned=progress.planned,
        percent=progress.percent,
        by_status=progress.by_status,
        actions=[ActionProgressOut(**vars(action)) for action in progress.actions],
    )


@router.get(
    "/{slug}/progress",
    response={200: RoadmapProgressOut, **READ_ERRORS},
    summary="The roadmap's progress: actions done / planned to be done by today (members)",
)
def get_roadmap_progress(request: HttpRequest, slug: str) -> RoadmapProgressOut:
    access = permissions.access_for_members(user=api_viewer(request), slug=slug)
    return _progress_out(
        queries.get_roadmap_progress(
            strategy=queries.get_strategy(partnership=access.partnership),
            until=timezone.localdate(),
        )
    )


@router.put(
    "/{slug}/actions/{item_id}/progress",
    response={200: RoadmapProgressOut, **WRITE_ERRORS},
    auth=token_auth,
    summary="Record where a roadmap action stands: status, the day it was done (coordinators)",
)
def put_action_progress(
    request: HttpRequest, slug: str, item_id: int, payload: ActionProgressIn
) -> RoadmapProgressOut:
    user = token_user(request)
    action = permissions.access_action_for_progress(user=user, slug=slug, action_id=item_id)
    today = timezone.localdate()
    services.record_action_progress(
        user=user,
        action=action,
        data=services.ProgressInput(status=payload.status, done_date=payload.done_date),
        today=today,
    )
    return _progress_out(queries.get_roadmap_progress(strategy=action.strategy, until=today))
