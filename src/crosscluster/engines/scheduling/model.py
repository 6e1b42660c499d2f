"""The scheduling engine's vocabulary: frozen dataclasses in, frozen dataclasses out.

An :class:`Instance` is a B2B session (slots with a number of tables each), its participants
(availability, caps) and the meeting requests between them (2 or 3 participants, a weight, an
optional locked slot). :func:`validate_instance` checks the references between them and raises
:class:`InstanceError` naming the place and field (``requests[12].participants``) the way the
command line reports it.

Definitions used everywhere in the engine (and in the independent checker):

* Two slots *overlap* when their time intervals intersect; nobody attends two meetings in
  overlapping slots (in the usual instance slots do not overlap and this is "one meeting per
  slot").
* Slot ``b`` *follows* slot ``a`` when ``b.start == a.end`` and both start on the same calendar
  day. A person's *run* is a chain of meetings in slots that follow one another; a break (any
  gap in time) or a change of day ends the run. ``max_consecutive = k`` forbids runs longer
  than ``k``.
* An *idle slot* of a person is a slot strictly between their first and last meeting of a day,
  in which they are available and have no meeting (the second objective counts them).
"""

from __future__ import annotations

import math
from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import datetime
from typing import Any

Id = str | int
"""Identifiers are kept exactly as given (a JSON string or integer)."""


class InstanceError(ValueError):
    """Malformed input; ``location`` is a JSON path such as ``requests[12].participants``."""

    def __init__(self, location: str, message: str) -> None:
        super().__init__(f"{location}: {message}" if location else message)
        self.location = location
        self.message = message


@dataclass(frozen=True)
class Slot:
    id: Id
    start: datetime
    end: datetime
    tables: int


@dataclass(frozen=True)
class Participant:
    id: Id
    available: frozenset[Id] | None = None  # None = every slot
    max_meetings: int | None = None
    max_consecutive: int | None = None


@dataclass(frozen=True)
class Request:
    id: Id
    participants: tuple[Id, ...]
    weight: float = 1.0
    locked_slot: Id | None = None


@dataclass(frozen=True)
class Instance:
    slots: tuple[Slot, ...]
    participants: tuple[Participant, ...]
    requests: tuple[Request, ...]


@dataclass(frozen=True)
class Meeting:
    request: Id
    slot: Id
    table: int


ReasonValue = (
    int | bool | Id | tuple[Id, ...] | tuple[tuple[Id, int], ...] | tuple[tuple[Id, int, int], ...]
)
"""A reason's value: a number, a flag, an id, ids, or (id, count) / (id, limit, count) rows."""

#: Every code a :class:`Reason` carries, with the names of its values (docs/engines/scheduling.md)
REASON_CODES: dict[str, tuple[str, ...]] = {
    "never_meets": ("participant",),
    "never_in_a_row": ("participant",),
    "never_available": ("participant",),
    "locked_unavailable": ("slot", "participant"),
    "no_common_slot": ("participants",),
    "locked_busy": ("slot", "participant", "other"),
    "locked_no_table": ("slot", "tables"),
    "locked_limit": ("slot", "participant", "limit"),
    "locked_in_a_row": ("slot", "participant", "limit"),
    "locked_conflict": ("slot",),
    "limit_reached": ("participant", "limit"),
    "busy_everywhere": ("participant", "count"),
    "time_limit": (),
    "slots_taken": ("locked", "heavier", "total", "busy", "full", "in_a_row"),
}


def _join(names: list[str]) -> str:
    if len(names) <= 1:
        return "".join(names)
    return ", ".join(names[:-1]) + " and " + names[-1]


@dataclass(frozen=True)
class Reason:
    """Why a request is not in the schedule: a code (:data:`REASON_CODES`) and its values.

    Participants and slots stand as their ids (as given), so that an application words the
    reason in its reader's language with names and times; :attr:`text` is the engine's English
    (what the command line prints as ``reason``). ``dropped``: the request was a confirmed
    meeting of the previous schedule that fits nowhere now.
    """

    code: str
    values: tuple[tuple[str, ReasonValue], ...] = ()
    dropped: bool = False

    @property
    def text(self) -> str:
        return self.render()

    def __str__(self) -> str:
        return self.render()

    def as_dict(self) -> dict[str, object]:
        """JSON-ready ``{"code", "values", "dropped"}`` (rows as lists)."""

        def plain(value: object) -> object:
            if isinstance(value, tuple):
                return [plain(item) for item in value]
            return value

        return {
            "code": self.code,
            "values": {name: plain(value) for name, value in self.values},
            "dropped": self.dropped,
        }

    def render(
        self,
        *,
        participant: Callable[[Id], str] = str,
        slot: Callable[[Id], str] = str,
    ) -> str:
        """The English sentence, participants and slots named by ``participant`` and ``slot``
        (by default their ids: the command line's ``reason``)."""
        text = _render(self.code, dict(self.values), participant, slot)
        return f"confirmed meeting dropped: {text}" if self.dropped else text


#: the English of each code but ``slots_taken``, from its values (participants and slots named)
_ENGLISH = {
    "never_meets": "participant {participant} accepts no meetings (max_meetings 0)",
    "never_in_a_row": "participant {participant} accepts no meetings (max_consecutive 0)",
    "never_available": "participant {participant} is not available in any slot",
    "locked_unavailable": "locked slot {slot} unavailable for participant {participant}",
    "no_common_slot": "no common available slot for {participants}",
    "locked_busy": "locked slot {slot}: participant {participant} already has locked meeting{other} then",
    "locked_no_table": "locked slot {slot} has no free table (all {tables} taken by locked meetings)",
    "locked_limit": "locked slot {slot}: participant {participant} reached max_meetings ({limit}) with other locked meetings",
    "locked_in_a_row": "locked slot {slot}: participant {participant} would exceed max_consecutive ({limit}) with other locked meetings",
    "locked_conflict": "locked slot {slot} conflicts with other locked meetings",
    "limit_reached": "participant {participant} reached max_meetings ({limit})",
    "busy_everywhere": "participant {participant} has a meeting in every common available slot ({count})",
    "time_limit": "not placed within the time limit (a slot is still free; run again with more time)",
}


def _render(
    code: str,
    values: dict[str, Any],
    participant: Callable[[Id], str],
    slot: Callable[[Id], str],
) -> str:
    if code == "slots_taken":
        return _render_slots_taken(values, participant)
    if code not in _ENGLISH:
        raise ValueError(f"unknown reason code {code!r}")
    named = dict(values)
    if "participant" in values:
        named["participant"] = participant(values["participant"])
    if "slot" in values:
        named["slot"] = slot(values["slot"])
    if "participants" in values:
        named["participants"] = _join([participant(p) for p in values["participants"]])
    named["other"] = "" if values.get("other") is None else f" {values['other']}"
    return _ENGLISH[code].format(**named)


def _render_slots_taken(values: dict[str, Any], participant: Callable[[Id], str]) -> str:
    parts: list[str] = []
    busy = [f"{participant(p)} is busy in {count}" for p, count in values.get("busy", ())]
    if busy:
        parts.append(", ".join(busy))
    if values.get("full"):
        parts.append(f"no free table in {values['full']}")
    runs = [
        f"{participant(p)} would exceed max_consecutive ({limit}) in {count}"
        for p, limit, count in values.get("in_a_row", ())
    ]
    if runs:
        parts.append(", ".join(runs))
    where = (
        "the locked slot is" if values.get("locked") else f"all {values['total']} common slots are"
    )
    tail = (
        "taken by meetings of equal or higher weight"
        if values.get("heavier")
        else "full; fitting it would lower the total weight"
    )
    return f"{where} {tail} ({'; '.join(parts)})"


@dataclass(frozen=True)
class Unscheduled:
    """A request left out, and why (``reason``: the English, ``why``: code and values)."""

    request: Id
    why: Reason

    @property
    def reason(self) -> str:
        return self.why.text


#: how the upper bound was proven, by code (``ScheduleResult.bound_code``), and its English
#: (``ScheduleResult.bound_method``; ``{solver}``: HiGHS' method, ``ScheduleResult.bound_solver``)
BOUND_METHODS: dict[str, str] = {
    "counting": "counting bound",
    "person": "per-person LP (HiGHS)",
    "person-kept": "per-person LP (HiGHS), confirmed meetings kept",
    "time": "time-indexed LP (HiGHS {solver})",
    "cp-sat": "optimum proven by CP-SAT on the whole instance",
    "given": "given",
}


def bound_method_text(code: str, solver: str = "") -> str:
    """The English of a bound's method ("" for no code)."""
    return BOUND_METHODS[code].format(solver=solver) if code else ""


@dataclass(frozen=True)
class ScheduleResult:
    meetings: tuple[Meeting, ...]
    unscheduled: tuple[Unscheduled, ...]
    objective: float
    upper_bound: float
    moved: int = 0
    dropped: int = 0
    idle_slots: int = 0
    #: how the bound was proven (:data:`BOUND_METHODS`) and, for the time-indexed LP, the
    #: solver; ``bound_method`` is its English
    bound_code: str = ""
    bound_solver: str = ""
    kept: int = 0
    dropped_feasible: int = 0
    stats: tuple[tuple[str, float], ...] = field(default=())
    breaks: int = 0
    breaks_lower_bound: int = 0
    breaks_by_participant: tuple[tuple[Id, int], ...] = field(default=())
    breaks_before: int = 0  # at the end of the weight phase, before lowering breaks
    cancelled: int = 0
    displaced: int = 0

    @property
    def breaks_distribution(self) -> dict[str, int]:
        """How many participants with a meeting have 0, 1 and 2 or more breaks."""
        counts = {"0": 0, "1": 0, "2+": 0}
        for _, value in self.breaks_by_participant:
            counts["0" if value == 0 else "1" if value == 1 else "2+"] += 1
        return counts

    def worst_off(self, count: int = 10) -> tuple[tuple[Id, int], ...]:
        """The participants with the most breaks (ties by the order of the instance)."""
        ranked = sorted(
            ((position, item) for position, item in enumerate(self.breaks_by_participant)),
            key=lambda entry: (-entry[1][1], entry[0]),
        )
        return tuple(item for _, item in ranked[:count] if item[1] > 0)

    @property
    def bound_method(self) -> str:
        return bound_method_text(self.bound_code, self.bound_solver)

    @property
    def ratio(self) -> float:
        """Objective / upper bound (1.0 when both are zero)."""
        if self.upper_bound <= 0:
            return 1.0
        return self.objective / self.upper_bound

    @property
    def explanation(self) -> str:
        return (
            f"{len(self.meetings)} meetings of total weight {format_number(self.objective)}, "
            f"{self.ratio:.2%} of the proven upper bound {format_number(self.upper_bound)} "
            f"({self.bound_method})"
        )


def format_number(value: float) -> str:
    if float(value).is_integer():
        return str(int(value))
    return f"{value:g}"


def _is_id(value: object) -> bool:
    return isinstance(value, str | int) and not isinstance(value, bool)


def validate_instance(instance: Instance) -> None:
    """Raise :class:`InstanceError` on the first broken rule (ids, references, numbers)."""
    slot_ids: set[Id] = set()
    for index, slot in enumerate(instance.slots):
        where = f"slots[{index}]"
        if not _is_id(slot.id):
            raise InstanceError(f"{where}.id", f"expected a string or integer, got {slot.id!r}")
        if slot.id in slot_ids:
            raise InstanceError(f"{where}.id", f"duplicate slot id {slot.id!r}")
        slot_ids.add(slot.id)
        if isinstance(slot.tables, bool) or not isinstance(slot.tables, int):
            raise InstanceError(f"{where}.tables", f"expected an integer, got {slot.tables!r}")
        if slot.tables < 1:
            raise InstanceError(f"{where}.tables", f"must be a positive integer, got {slot.tables}")
        if (slot.start.tzinfo is None) != (slot.end.tzinfo is None):
            raise InstanceError(f"{where}.end", "start and end mix aware and naive times")
        if slot.end <= slot.start:
            raise InstanceError(f"{where}.end", "must be after start")
    if instance.slots:
        aware = instance.slots[0].start.tzinfo is not None
        for index, slot in enumerate(instance.slots):
            if (slot.start.tzinfo is not None) != aware:
                raise InstanceError(
                    f"slots[{index}].start", "all slot times must carry a time zone, or none"
                )
    participant_ids: set[Id] = set()
    for index, participant in enumerate(instance.participants):
        where = f"participants[{index}]"
        if not _is_id(participant.id):
            raise InstanceError(
                f"{where}.id", f"expected a string or integer, got {participant.id!r}"
            )
        if participant.id in participant_ids:
            raise InstanceError(f"{where}.id", f"duplicate participant id {participant.id!r}")
        participant_ids.add(participant.id)
        if participant.available is not None:
            for slot_id in sorted(participant.available, key=repr):
                if slot_id not in slot_ids:
                    raise InstanceError(f"{where}.available", f"unknown slot id {slot_id!r}")
        for name in ("max_meetings", "max_consecutive"):
            value = getattr(participant, name)
            if value is None:
                continue
            if isinstance(value, bool) or not isinstance(value, int):
                raise InstanceError(f"{where}.{name}", f"expected an integer, got {value!r}")
            if value < 0:
                raise InstanceError(f"{where}.{name}", f"must be 0 or more, got {value}")
    request_ids: set[Id] = set()
    for index, request in enumerate(instance.requests):
        where = f"requests[{index}]"
        if not _is_id(request.id):
            raise InstanceError(f"{where}.id", f"expected a string or integer, got {request.id!r}")
        if request.id in request_ids:
            raise InstanceError(f"{where}.id", f"duplicate request id {request.id!r}")
        request_ids.add(request.id)
        count = len(request.participants)
        if count not in (2, 3):
            raise InstanceError(
                f"{where}.participants", f"expected 2 or 3 participant ids, got {count}"
            )
        seen: set[Id] = set()
        for participant_id in request.participants:
            if participant_id not in participant_ids:
                raise InstanceError(
                    f"{where}.participants", f"unknown participant id {participant_id!r}"
                )
            if participant_id in seen:
                raise InstanceError(
                    f"{where}.participants", f"participant {participant_id!r} listed twice"
                )
            seen.add(participant_id)
        weight = request.weight
        if isinstance(weight, bool) or not isinstance(weight, int | float):
            raise InstanceError(f"{where}.weight", f"expected a number, got {weight!r}")
        if not math.isfinite(weight) or weight < 0:
            raise InstanceError(f"{where}.weight", f"must be a finite number >= 0, got {weight!r}")
        if request.locked_slot is not None and request.locked_slot not in slot_ids:
            raise InstanceError(f"{where}.locked_slot", f"unknown slot id {request.locked_slot!r}")
