"""The worker side of a scheduler run: ``prepare -> solve -> store`` (what the django-tasks task
``solve_schedule_run`` does, queue "scheduling").

``services.run_scheduler`` queues a run; the task calls ``execute_run``, which reads the
session into the engine's input (``prepare_run``), solves it without the database
(``solve_run``) and stores the meetings, quality and reasons (``store_run``); a failure marks
the run failed with a message for the organiser. Nothing here checks who asks: the service
that queued the run did.
"""

from __future__ import annotations

import datetime as dt
import logging
from collections.abc import Callable, Mapping
from dataclasses import dataclass, field

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import translation
from django.utils.translation import gettext_noop

from crosscluster.brokerage import adapters, queries
from crosscluster.brokerage.models import (
    NO_SLOTS,
    B2BSession,
    Participant,
    ParticipantStatus,
    RunState,
    RunStatus,
    ScheduledMeeting,
    ScheduleRun,
    Slot,
    Table,
    check_has_slots,
    check_time_limit,
    default_time_limit,
)
from crosscluster.core import stored_text
from crosscluster.core.times import format_slot, venue_zone
from crosscluster.engines.scheduling import (
    BreakOptions,
    Instance,
    Meeting,
    ScheduleResult,
    Unscheduled,
    schedule_meetings,
    warm_up_kernel,
)

WORST_OFF_SHOWN = 5
#: the language of the reasons a run stores beside their codes
ENGLISH = "en"

logger = logging.getLogger(__name__)


@dataclass(frozen=True)
class PreparedRun:
    """Everything a scheduler run needs, read from the database: the engine's input.

    ``prepare -> solve -> store``: the solve needs no database (the instance and ``previous``
    are plain frozen dataclasses); the background task calls the three in turn.
    """

    session_id: int
    instance: Instance
    previous: tuple[Meeting, ...] | None
    locked: frozenset[int]
    members: dict[int, tuple[int, ...]]
    fixed_tables: dict[int, int]
    participant_names: dict[int, str]
    slot_names: dict[int, str]
    time_limit: float
    options: BreakOptions = field(default_factory=BreakOptions)


def prepare_run(*, session: B2BSession, time_limit: float | None = None) -> PreparedRun:
    """Approved participants, their accepted requests, availability, caps, locks, previous."""
    check_time_limit(time_limit)
    slots = list(session.slots.order_by("start_at"))
    check_has_slots(bool(slots))
    participants = list(
        Participant.objects.filter(session=session, status=ParticipantStatus.APPROVED)
        .prefetch_related("unavailable_slots")
        .order_by("pk")
    )
    active = {p.pk for p in participants}
    requests = list(queries.list_schedulable_requests(session=session).order_by("pk"))
    for r in requests:
        if r.delegate_id is not None and r.delegate_id not in active:
            r.delegate_id = None  # the colleague withdrew; the meeting still takes place
    request_ids = {r.pk for r in requests}
    published = session.runs.filter(status=RunStatus.PUBLISHED).first()
    latest = (
        session.runs.filter(state=RunState.DONE)
        .exclude(status=RunStatus.SUPERSEDED)
        .order_by("-created_at", "-pk")
        .first()
    )
    locked = {
        m.request_id: m.slot_id
        for m in (latest.meetings.filter(is_locked=True) if latest is not None else [])
        if m.request_id in request_ids
    }
    instance = adapters.build_instance(
        slots=slots,
        participants=participants,
        unavailable={p.pk: {s.pk for s in p.unavailable_slots.all()} for p in participants},
        requests=requests,
        locked=locked,
        default_max_meetings=session.max_meetings,
        default_max_consecutive=session.max_consecutive,
    )
    previous = None
    if published is not None:
        previous = tuple(
            m
            for m in adapters.meetings_from_rows(published.meetings.all())
            if m.request in request_ids
        )
    return PreparedRun(
        session_id=session.pk,
        instance=instance,
        previous=previous,
        locked=frozenset(locked),
        members={r.pk: tuple(p.pk for p in r.members() if p.pk in active) for r in requests},
        fixed_tables=dict(
            Table.objects.filter(session=session, host__isnull=False).values_list(
                "host_id", "number"
            )
        ),
        participant_names={p.pk: p.display_name for p in participants},
        slot_names=_slot_names(slots, zone=venue_zone(session.event.timezone)),
        time_limit=time_limit if time_limit is not None else default_time_limit(len(requests)),
        options=BreakOptions(
            compact=session.compact_agendas,
            max_break_difference=session.max_break_difference,
            half_day=session.half_day_agendas,
        ),
    )


def _slot_names(slots: list[Slot], *, zone: dt.tzinfo) -> dict[int, str]:
    """Each slot at the venue's time, in English ("Tue 3 Mar 09:00-09:20"): the stored
    reasons' words (``stored_reason``)."""
    with translation.override(ENGLISH):
        return {slot.pk: format_slot(slot.start_at, slot.end_at, zone) for slot in slots}


def stored_reason(
    item: Unscheduled, *, names: Mapping[int, str], slots: Mapping[int, str]
) -> dict[str, object]:
    """A left-out request as the run keeps it: the engine's code and values
    (``adapters.stored_reason``) and ``reason``, the sentence the page shows an English reader
    ("Ada has reached the most meetings they accept (1)."; ``names`` and ``slots`` by primary
    key), the record of why in plain words. Readers get the code worded in their own language
    (``queries.word_reason``), never this."""
    stored = adapters.stored_reason(item)
    with translation.override(ENGLISH):
        worded = queries.word_reason(stored, names=names, slots=slots)
    # a code the brokerage cannot word yet keeps the engine's own English (ids for names)
    stored["reason"] = worded or item.reason
    return stored


def solve_run(prepared: PreparedRun, *, seed: int = 0) -> ScheduleResult:
    """The engine's part: no database (safe in a worker)."""
    return schedule_meetings(
        prepared.instance,
        previous=prepared.previous,
        time_limit=prepared.time_limit,
        seed=seed,
        options=prepared.options,
    )


def store_run(
    *, run: ScheduleRun, prepared: PreparedRun, result: ScheduleResult, now: dt.datetime
) -> ScheduleRun:
    """Fill a run with its meetings (fixed tables for hosts), quality and reasons: done."""
    meetings = adapters.place_fixed_tables(
        result.meetings, members=prepared.members, fixed_table=prepared.fixed_tables
    )
    busy = {person for m in meetings for person in prepared.members[int(m.request)]}
    with transaction.atomic():
        run.state = RunState.DONE
        run.finished_at = now
        run.is_repair = prepared.previous is not None
        run.time_limit = prepared.time_limit
        run.objective = result.objective
        run.upper_bound = result.upper_bound
        run.ratio = result.ratio
        run.bound_method = result.bound_method[:200]
        run.bound_code = result.bound_code
        run.bound_solver = result.bound_solver[:40]
        run.moved = result.moved
        run.dropped = result.dropped
        run.request_count = len(prepared.instance.requests)
        run.unscheduled = [
            stored_reason(item, names=prepared.participant_names, slots=prepared.slot_names)
            for item in result.unscheduled
        ]
        run.without_meeting = [pk for pk in prepared.participant_names if pk not in busy]
        run.compact_agendas = prepared.options.compact
        run.breaks = result.breaks
        run.breaks_lower_bound = result.breaks_lower_bound
        run.breaks_before = result.breaks_before
        run.breaks_distribution = result.breaks_distribution
        run.worst_off = adapters.worst_off(
            result.worst_off(WORST_OFF_SHOWN), names=prepared.participant_names
        )
        run.save()
        ScheduledMeeting.objects.bulk_create(
            ScheduledMeeting(
                run=run,
                request_id=int(m.request),
                slot_id=adapters.slot_pk(m.slot),
                table=m.table,
                is_locked=int(m.request) in prepared.locked,
            )
            for m in meetings
        )
    return run


def _readable_failure(error: BaseException) -> str:
    if isinstance(error, ValidationError):
        if any(item.code == "no_slots" for item in error.error_dict.get("session", [])):
            return stored_text.store(NO_SLOTS)  # worded when read, in the reader's language
        return " ".join(
            f"{field}: {' '.join(messages)}" if field != "__all__" else " ".join(messages)
            for field, messages in error.message_dict.items()
        )
    return stored_text.store(
        gettext_noop(
            "The scheduler stopped with an internal error (%(error)s). Run it again; if it fails "
            "again, tell the platform's administrators (the worker's log has the details)."
        ),
        error=type(error).__name__,
    )


def execute_run(*, run_id: int, now: Callable[[], dt.datetime]) -> ScheduleRun | None:
    """The background task's work: queued -> running -> done (or failed, with the reason).

    ``now`` is a clock (called when the run starts and when it ends). Returns None when the
    run is gone or finished (or marked stale): nothing to do. A failure marks the run
    failed with a message for the organiser, then re-raises so the task result records it too.
    """
    with transaction.atomic():
        run = (
            ScheduleRun.objects.select_for_update()
            # RUNNING too: the task runs again only when its worker died mid-run
            # (core.tasks.requeue_orphaned_tasks); the run then still says running.
            .filter(pk=run_id, state__in=[RunState.QUEUED, RunState.RUNNING])
            .select_related("session")
            .first()
        )
        if run is None:
            return None
        run.state = RunState.RUNNING
        run.started_at = now()
        run.save(update_fields=["state", "started_at"])
    # the break search's compiled loop loads on a side thread (once per worker process) while
    # the session is read, so the worker's first schedule gets it too
    warm_up_kernel()
    try:
        prepared = prepare_run(session=run.session, time_limit=run.time_limit)
        result = solve_run(prepared, seed=run.seed)
        return store_run(run=run, prepared=prepared, result=result, now=now())
    except Exception as error:
        logger.exception("scheduler run %s failed", run_id)
        ScheduleRun.objects.filter(pk=run_id).update(
            state=RunState.FAILED, finished_at=now(), error=_readable_failure(error)
        )
        raise
