"""Recording where a roadmap action stands (planned, in progress, done on a day, dropped).

Completion is the strategy's execution, not its content: coordinators record it whatever the
strategy's state (an adopted strategy is being carried out), and it is not part of the adopted
versions. Each change is a ``save()`` of the action, so the audit log records who changed what.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date

from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from crosscluster.core.validation import FieldErrors, choose_one_of
from crosscluster.partnerships.queries import AnyUser, require_coordinator
from crosscluster.strategy.models import ActionStatus, RoadmapAction
from crosscluster.strategy.services.common import NOT_A_COORDINATOR


@dataclass(frozen=True)
class ProgressInput:
    status: str
    #: the day the action was done (only with status ``done``)
    done_date: date | None = None


def record_action_progress(
    *, user: AnyUser, action: RoadmapAction, data: ProgressInput, today: date
) -> RoadmapAction:
    """Set the action's status (and the day it was done); the errors name ``status`` or
    ``done_date`` and the fix, and nothing is written when there is one."""
    partnership = action.strategy.partnership
    require_coordinator(user=user, partnership_id=partnership.pk, message=NOT_A_COORDINATOR)
    errors = FieldErrors()
    if data.status not in ActionStatus.values:
        errors.add("status", choose_one_of(ActionStatus.values))
    elif data.status == ActionStatus.DONE:
        if data.done_date is None:
            errors.add("done_date", _("Give the day the action was done, e.g. 2026-05-29."))
        elif data.done_date > today:
            errors.add(
                "done_date",
                _("The day it was done cannot be in the future (today is %(today)s).")
                % {"today": today.isoformat()},
            )
    elif data.done_date is not None:
        errors.add("done_date", _("Give a day only for a done action (or choose the status done)."))
    errors.raise_if_any()
    with transaction.atomic():
        locked = RoadmapAction.objects.select_for_update().get(pk=action.pk)
        locked.status = data.status
        locked.done_date = data.done_date if data.status == ActionStatus.DONE else None
        locked.status_changed_by = user if user.is_authenticated else None
        locked.status_changed_at = timezone.now()
        locked.save(update_fields=["status", "done_date", "status_changed_by", "status_changed_at"])
    return locked
