"""JSON in and out for the command line (the contract in docs/engines/scheduling.md).

Input errors raise :class:`InstanceError` with the JSON path of the culprit, e.g.
``requests[12].participants: expected 2 or 3 participant ids, got 1``.

Slot times may be ISO 8601 date-times (``"2025-06-10T09:00"``, with or without a UTC offset),
bare times of day (``"09:00"``, all on one day) or numbers (seconds or minutes, all that matters
is that a slot following another starts exactly when the other ends).
"""

from __future__ import annotations

import math
from datetime import datetime, time, timedelta
from typing import Any

from crosscluster.engines.scheduling.model import (
    Id,
    Instance,
    InstanceError,
    Meeting,
    Participant,
    Request,
    ScheduleResult,
    Slot,
    validate_instance,
)

EPOCH = datetime(1970, 1, 1)


def _object(value: object, where: str) -> dict[str, Any]:
    if not isinstance(value, dict):
        raise InstanceError(where, f"expected a JSON object, got {_kind(value)}")
    return value


def _list(value: object, where: str) -> list[Any]:
    if not isinstance(value, list):
        raise InstanceError(where, f"expected a list, got {_kind(value)}")
    return value


def _kind(value: object) -> str:
    if value is None:
        return "null"
    if isinstance(value, bool):
        return "a boolean"
    if isinstance(value, int | float):
        return f"the number {value!r}"
    if isinstance(value, str):
        return f"the string {value!r}"
    if isinstance(value, list):
        return "a list"
    return "an object"


def _id(value: object, where: str) -> Id:
    if isinstance(value, bool) or not isinstance(value, str | int):
        raise InstanceError(where, f"expected a string or integer id, got {_kind(value)}")
    return value


def _required(data: dict[str, Any], key: str, where: str) -> Any:
    if key not in data:
        raise InstanceError(f"{where}.{key}" if where else key, "missing")
    return data[key]


def _moment(value: object, where: str) -> datetime:
    if isinstance(value, bool) or value is None:
        raise InstanceError(where, f"expected a date-time, got {_kind(value)}")
    if isinstance(value, int | float):
        if not math.isfinite(value):
            raise InstanceError(where, f"expected a finite number, got {value!r}")
        return EPOCH + timedelta(seconds=float(value))
    if isinstance(value, str):
        text = value.strip()
        try:
            return datetime.fromisoformat(text)
        except ValueError:
            pass
        try:
            return datetime.combine(EPOCH.date(), time.fromisoformat(text))
        except ValueError:
            pass
        raise InstanceError(where, f"expected an ISO 8601 date-time, got {value!r}")
    raise InstanceError(where, f"expected a date-time, got {_kind(value)}")


def _integer(value: object, where: str, minimum: int) -> int:
    if isinstance(value, bool) or not isinstance(value, int | float):
        raise InstanceError(where, f"expected an integer, got {_kind(value)}")
    if isinstance(value, float):
        if not value.is_integer():
            raise InstanceError(where, f"expected an integer, got {value!r}")
        value = int(value)
    if value < minimum:
        if minimum == 1:
            raise InstanceError(where, f"must be a positive integer, got {value}")
        raise InstanceError(where, f"must be {minimum} or more, got {value}")
    return value


def parse_instance(data: object) -> Instance:
    """Build and validate an :class:`Instance` from decoded JSON."""
    root = _object(data, "instance")
    slots: list[Slot] = []
    for index, raw in enumerate(_list(_required(root, "slots", ""), "slots")):
        where = f"slots[{index}]"
        item = _object(raw, where)
        slots.append(
            Slot(
                id=_id(_required(item, "id", where), f"{where}.id"),
                start=_moment(_required(item, "start", where), f"{where}.start"),
                end=_moment(_required(item, "end", where), f"{where}.end"),
                tables=_integer(_required(item, "tables", where), f"{where}.tables", 1),
            )
        )
    participants: list[Participant] = []
    raw_people = _list(_required(root, "participants", ""), "participants")
    for index, raw in enumerate(raw_people):
        where = f"participants[{index}]"
        item = _object(raw, where)
        available: frozenset[Id] | None = None
        if item.get("available") is not None:
            entries = _list(item["available"], f"{where}.available")
            available = frozenset(
                _id(entry, f"{where}.available[{position}]")
                for position, entry in enumerate(entries)
            )
        limits: dict[str, int | None] = {}
        for name in ("max_meetings", "max_consecutive"):
            value = item.get(name)
            limits[name] = None if value is None else _integer(value, f"{where}.{name}", 0)
        participants.append(
            Participant(
                id=_id(_required(item, "id", where), f"{where}.id"),
                available=available,
                max_meetings=limits["max_meetings"],
                max_consecutive=limits["max_consecutive"],
            )
        )
    requests: list[Request] = []
    for index, raw in enumerate(_list(_required(root, "requests", ""), "requests")):
        where = f"requests[{index}]"
        item = _object(raw, where)
        members = _list(_required(item, "participants", where), f"{where}.participants")
        weight = item.get("weight")
        if weight is None:
            weight = 1.0
        elif isinstance(weight, bool) or not isinstance(weight, int | float):
            raise InstanceError(f"{where}.weight", f"expected a number, got {_kind(weight)}")
        locked = item.get("locked_slot")
        requests.append(
            Request(
                id=_id(_required(item, "id", where), f"{where}.id"),
                participants=tuple(
                    _id(member, f"{where}.participants[{position}]")
                    for position, member in enumerate(members)
                ),
                weight=float(weight),
                locked_slot=None if locked is None else _id(locked, f"{where}.locked_slot"),
            )
        )
    instance = Instance(
        slots=tuple(slots), participants=tuple(participants), requests=tuple(requests)
    )
    validate_instance(instance)
    return instance


def parse_previous(data: object) -> list[Meeting]:
    """The ``meetings`` of an earlier output (or a bare list of meetings)."""
    if isinstance(data, dict):
        raw_meetings = _list(_required(data, "meetings", "previous"), "previous.meetings")
    else:
        raw_meetings = _list(data, "previous")
    meetings: list[Meeting] = []
    for index, raw in enumerate(raw_meetings):
        where = f"previous.meetings[{index}]"
        item = _object(raw, where)
        table = item.get("table")
        meetings.append(
            Meeting(
                request=_id(_required(item, "request", where), f"{where}.request"),
                slot=_id(_required(item, "slot", where), f"{where}.slot"),
                table=0 if table is None else _integer(table, f"{where}.table", 1),
            )
        )
    return meetings


def _number(value: float, *, up: bool = False) -> int | float:
    if float(value).is_integer():
        return int(value)
    if up:  # a bound is rounded up, never down
        return math.ceil(float(value) * 1e9) / 1e9
    return round(float(value), 9)


def result_to_json(result: ScheduleResult) -> dict[str, Any]:
    """The contract's output object, then the extra keys (breaks and repair counts)."""
    return {
        "meetings": [
            {"request": meeting.request, "slot": meeting.slot, "table": meeting.table}
            for meeting in result.meetings
        ],
        "unscheduled": [
            {"request": item.request, "reason": item.reason, "reason_parts": item.why.as_dict()}
            for item in result.unscheduled
        ],
        "objective": _number(result.objective),
        "upper_bound": _number(result.upper_bound, up=True),
        "moved": result.moved,
        "dropped": result.dropped,
        # extra keys (the contract's keys above are unchanged)
        "breaks": result.breaks,
        "breaks_lower_bound": result.breaks_lower_bound,
        "breaks_before": result.breaks_before,
        "breaks_distribution": result.breaks_distribution,
        "worst_off": [
            {"participant": participant, "breaks": breaks}
            for participant, breaks in result.worst_off()
        ],
        "cancelled": result.cancelled,
        "displaced": result.displaced,
    }
