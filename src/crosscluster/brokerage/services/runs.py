"""Scheduler runs (organisers): queue a run for the background, lock meetings, publish.

``run_scheduler`` only queues: it creates the run ``queued`` and enqueues the django-tasks task
``solve_schedule_run`` (brokerage/tasks.py, queue "scheduling") in the same transaction; the
worker does ``prepare -> solve -> store`` (brokerage/jobs.py), so nothing slow happens inside a
request.
"""

from __future__ import annotations

import datetime as dt

from django.core.exceptions import ValidationError
from django.db import transaction
from django.db.models import Q
from django.utils.translation import gettext as _
from django.utils.translation import gettext_noop

from crosscluster.brokerage import queries
from crosscluster.brokerage.models import (
    RUN_IN_PROGRESS,
    B2BSession,
    RunState,
    RunStatus,
    ScheduledMeeting,
    ScheduleRun,
    SessionStatus,
    check_has_slots,
    check_time_limit,
    default_time_limit,
)
from crosscluster.brokerage.services.onsite import seat_run
from crosscluster.brokerage.services.sessions import check_organiser
from crosscluster.brokerage.tasks import solve_schedule_run
from crosscluster.core import stored_text
from crosscluster.partnerships.queries import AnyUser

#: a queued or running run older than this is taken as lost (worker stopped) when the organiser
#: starts a new one; it is then marked failed with a message saying so
STALE_RUN_AFTER = dt.timedelta(minutes=30)


def _fail_stale_runs(*, session: B2BSession, now: dt.datetime) -> None:
    session.runs.filter(state__in=RUN_IN_PROGRESS, created_at__lt=now - STALE_RUN_AFTER).update(
        state=RunState.FAILED,
        finished_at=now,
        error=stored_text.store(
            gettext_noop(
                "The run did not finish within %(minutes)s minutes: is the background worker "
                "(crosscluster worker) running? A new run was started instead."
            ),
            minutes=int(STALE_RUN_AFTER.total_seconds() // 60),
        ),
    )


def run_scheduler(
    *,
    user: AnyUser,
    session: B2BSession,
    now: dt.datetime,
    time_limit: float | None = None,
    seed: int = 0,
) -> ScheduleRun:
    """Queue a scheduler run for the background; a repair of the published schedule if any.

    The run is created ``queued`` and ``solve_schedule_run`` (brokerage/tasks.py, queue
    "scheduling") is enqueued in the same transaction: the worker sees it on commit. One run
    at a time per session. Meetings the organiser locked stay in their slot; with a published
    schedule, its still-feasible meetings stay where they are (never dropped to make room).
    """
    check_organiser(user=user, session=session)
    check_time_limit(time_limit)
    check_has_slots(session.slots.exists())
    with transaction.atomic():
        B2BSession.objects.select_for_update().filter(pk=session.pk).first()
        _fail_stale_runs(session=session, now=now)
        if session.runs.filter(state__in=RUN_IN_PROGRESS).exists():
            raise ValidationError(
                {
                    "session": [
                        _(
                            "A scheduler run is already in progress for this session: wait for it to finish (the organiser page shows its status)."
                        )
                    ]
                }
            )
        limit = time_limit
        if limit is None:
            limit = default_time_limit(queries.list_schedulable_requests(session=session).count())
        run = ScheduleRun.objects.create(
            session=session,
            started_by_id=user.pk,
            created_at=now,
            state=RunState.QUEUED,
            time_limit=limit,
            seed=seed,
            is_repair=session.runs.filter(status=RunStatus.PUBLISHED).exists(),
        )
        result = solve_schedule_run.enqueue(run.pk)
        run.task_id = str(result.id)[:64]
        run.save(update_fields=["task_id"])
    return run


def lock_meeting(*, user: AnyUser, meeting: ScheduledMeeting, locked: bool) -> ScheduledMeeting:
    """Fix a meeting of a provisional schedule in its slot for the next runs."""
    check_organiser(user=user, session=meeting.run.session)
    if meeting.run.status != RunStatus.PROVISIONAL:
        raise ValidationError(
            {"run": [_("Only meetings of a provisional schedule can be locked.")]}
        )
    if meeting.run.session.runs.filter(state__in=RUN_IN_PROGRESS).exists():
        raise ValidationError(
            {"run": [_("A scheduler run is in progress: lock meetings once it has finished.")]}
        )
    meeting.is_locked = locked
    meeting.save(update_fields=["is_locked"])
    return meeting


def publish_run(*, user: AnyUser, run: ScheduleRun, now: dt.datetime) -> ScheduleRun:
    """Make a provisional schedule the session's agenda; the previous one is superseded."""
    session = run.session
    check_organiser(user=user, session=session)
    if run.state != RunState.DONE:
        raise ValidationError(
            {
                "run": [
                    {
                        RunState.QUEUED: _("This run is queued: publish a finished run."),
                        RunState.RUNNING: _("This run is still running: publish a finished run."),
                    }.get(
                        RunState(run.state),
                        _("This run failed: publish a finished run."),
                    )
                ]
            }
        )
    if run.status != RunStatus.PROVISIONAL:
        raise ValidationError(
            {
                "run": [
                    _("This schedule is published already; publish a provisional one.")
                    if run.status == RunStatus.PUBLISHED
                    else _("This schedule was superseded; publish a provisional one.")
                ]
            }
        )
    if session.runs.filter(state__in=RUN_IN_PROGRESS).exists():
        raise ValidationError(
            {"run": [_("A scheduler run is in progress: wait for it and publish the latest.")]}
        )
    newer = session.runs.filter(
        Q(created_at__gt=run.created_at) | Q(created_at=run.created_at, pk__gt=run.pk),
        state=RunState.DONE,
    ).exists()
    if newer:
        raise ValidationError({"run": [_("A newer run exists: publish the latest schedule.")]})
    with transaction.atomic():
        session.runs.filter(status=RunStatus.PUBLISHED).update(status=RunStatus.SUPERSEDED)
        run.status = RunStatus.PUBLISHED
        run.published_at = now
        run.save(update_fields=["status", "published_at"])
        seat_run(run=run)  # one seat per person and slot: what bookings on site check against
        session.status = SessionStatus.PUBLISHED
        session.save(update_fields=["status", "updated_at"])
    return run
