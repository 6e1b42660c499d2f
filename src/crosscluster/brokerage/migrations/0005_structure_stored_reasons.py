"""Reasons of earlier runs get their code and values, read back once from their stored text.

Until now the engine wrote each reason in English and the worker stored that text with names
and UTC times put in ("Ada reached max_meetings (4)"); the code and values beside it were read
from the text with regular expressions, and not at all for runs stored before the codes or for
a dropped confirmed meeting ("confirmed meeting dropped: ..."). The engine now gives the code
and values itself (``engines.scheduling.Reason``), and the regular expressions leave the app:
this migration is their last use, frozen here. A name is looked up among the request's own
participants (two or three people) and a time among the session's slots (one slot per start);
a reason whose text does not read back exactly (a name changed since, a form never written)
keeps no code and is shown as stored, as before.
"""

from __future__ import annotations

import datetime as dt
import re
from collections.abc import Mapping, Sequence
from typing import Any

from django.db import migrations

DROPPED = "confirmed meeting dropped: "
_WHO = r"(?P<participant>.+?)"
_WHERE = r"(?P<slot>.+?)"
FORMS: tuple[tuple[str, re.Pattern[str]], ...] = tuple(
    (code, re.compile(expression))
    for code, expression in (
        ("never_meets", _WHO + r" accepts no meetings \(max_meetings 0\)"),
        ("never_in_a_row", _WHO + r" accepts no meetings \(max_consecutive 0\)"),
        ("never_available", _WHO + r" is not available in any slot"),
        ("locked_unavailable", f"locked slot {_WHERE} unavailable for {_WHO}"),
        ("no_common_slot", r"no common available slot for (?P<participants>.+)"),
        ("locked_busy", f"locked slot {_WHERE}: {_WHO}" + r" already has locked meeting( \d+)? then"),
        (
            "locked_no_table",
            f"locked slot {_WHERE}" + r" has no free table \(all (?P<tables>\d+) taken by locked meetings\)",
        ),
        (
            "locked_limit",
            f"locked slot {_WHERE}: {_WHO}"
            + r" reached max_meetings \((?P<limit>\d+)\) with other locked meetings",
        ),
        (
            "locked_in_a_row",
            f"locked slot {_WHERE}: {_WHO}"
            + r" would exceed max_consecutive \((?P<limit>\d+)\) with other locked meetings",
        ),
        ("locked_conflict", f"locked slot {_WHERE} conflicts with other locked meetings"),
        ("limit_reached", _WHO + r" reached max_meetings \((?P<limit>\d+)\)"),
        ("busy_everywhere", _WHO + r" has a meeting in every common available slot \((?P<count>\d+)\)"),
        ("time_limit", r"not placed within the time limit \(.*\)"),
        (
            "slots_taken",
            r"(?:(?P<locked>the locked slot is)|all (?P<total>\d+) common slots are) "
            r"(?:(?P<heavier>taken by meetings of equal or higher weight)|full; fitting it "
            r"would lower the total weight) \((?P<details>.*)\)",
        ),
    )
)
_NUMBERED_PARTICIPANT = re.compile(r"participant (\d+)")
_NUMBERED_SLOT = re.compile(r"slot:(\d+)")
_NO_TABLE = re.compile(r"no free table in (\d+)")


def _join(names: Sequence[str]) -> str:
    if len(names) <= 1:
        return "".join(names)
    return ", ".join(names[:-1]) + " and " + names[-1]


def _person(text: str, members: Sequence[tuple[int, str]]) -> int | None:
    """A member named as the worker wrote them: their name then, or "participant 12"."""
    numbered = _NUMBERED_PARTICIPANT.fullmatch(text)
    if numbered is not None and int(numbered[1]) in {pk for pk, _name in members}:
        return int(numbered[1])
    found = [pk for pk, name in members if name == text]
    return found[0] if len(found) == 1 else None


def _slot(text: str, slots: Mapping[str, int]) -> int | None:
    numbered = _NUMBERED_SLOT.fullmatch(text)
    if numbered is not None and int(numbered[1]) in slots.values():
        return int(numbered[1])
    return slots.get(text)


def _details(text: str, members: Sequence[tuple[int, str]]) -> dict[str, Any] | None:
    """Who is busy, full tables, runs: read per member, kept only if they write ``text`` again."""
    busy: list[list[int]] = []
    in_a_row: list[list[int]] = []
    for pk, name in members:
        found = re.search(rf"(?:^|, ){re.escape(name)} is busy in (\d+)(?=$|, |; )", text)
        if found is not None:
            busy.append([pk, int(found[1])])
        found = re.search(
            rf"(?:^|, |; ){re.escape(name)} would exceed max_consecutive \((\d+)\) in (\d+)(?=$|, )",
            text,
        )
        if found is not None:
            in_a_row.append([pk, int(found[1]), int(found[2])])
    full = _NO_TABLE.search(text)
    names = dict(members)
    parts = []
    if busy:
        parts.append(", ".join(f"{names[pk]} is busy in {count}" for pk, count in busy))
    if full is not None:
        parts.append(f"no free table in {full[1]}")
    if in_a_row:
        parts.append(
            ", ".join(
                f"{names[pk]} would exceed max_consecutive ({limit}) in {count}"
                for pk, limit, count in in_a_row
            )
        )
    if "; ".join(parts) != text:
        return None
    return {"busy": busy, "full": 0 if full is None else int(full[1]), "in_a_row": in_a_row}


def structure(
    text: str, *, members: Sequence[tuple[int, str]], slots: Mapping[str, int]
) -> dict[str, Any] | None:
    """``{"code", "values", "dropped"}`` of a stored reason, or None when it does not read back.

    ``members``: the request's participants (pk, name) in the engine's order (requester,
    recipient, delegate); ``slots``: the session's slots by their stored time
    ("2026-03-03 08:00 UTC")."""
    dropped = text.startswith(DROPPED)
    body = text.removeprefix(DROPPED)
    for code, form in FORMS:
        match = form.fullmatch(body)
        if match is None:
            continue
        found = {key: value for key, value in match.groupdict().items() if value is not None}
        values: dict[str, Any] = {}
        for key in ("tables", "limit", "count", "total"):
            if key in found:
                values[key] = int(found[key])
        if "participant" in found:
            person = _person(found["participant"], members)
            if person is None:
                return None
            values["participant"] = person
        if "slot" in found:
            slot = _slot(found["slot"], slots)
            if slot is None:
                return None
            values["slot"] = slot
        if code == "no_common_slot":
            for count in (len(members), len(members) - 1):
                if count >= 2 and _join([n for _pk, n in members[:count]]) == found["participants"]:
                    values["participants"] = [pk for pk, _name in members[:count]]
                    break
            else:
                return None
        if code == "slots_taken":
            details = _details(found["details"], members)
            if details is None:
                return None
            values.update(details, locked="locked" in found, heavier="heavier" in found)
        return {"code": code, "values": values, "dropped": dropped}
    return None


def structure_stored_reasons(apps, schema_editor):  # type: ignore[no-untyped-def]
    ScheduleRun = apps.get_model("brokerage", "ScheduleRun")
    MeetingRequest = apps.get_model("brokerage", "MeetingRequest")
    Participant = apps.get_model("brokerage", "Participant")
    Slot = apps.get_model("brokerage", "Slot")
    for run in ScheduleRun.objects.exclude(unscheduled=[]).iterator():
        pending = [item for item in run.unscheduled if not item.get("code")]
        if not pending:
            continue
        requests = MeetingRequest.objects.in_bulk([int(item["request"]) for item in pending])
        people = {
            row.pk: row
            for row in Participant.objects.filter(session_id=run.session_id).only("display_name")
        }
        slots = {
            f"{slot.start_at.astimezone(dt.UTC):%Y-%m-%d %H:%M} UTC": slot.pk
            for slot in Slot.objects.filter(session_id=run.session_id).only("start_at")
        }
        changed = False
        for item in pending:
            request = requests.get(int(item["request"]))
            if request is None:
                continue
            members = [
                (pk, people[pk].display_name)
                for pk in (request.requester_id, request.recipient_id, request.delegate_id)
                if pk in people
            ]
            structured = structure(str(item.get("reason", "")), members=members, slots=slots)
            if structured is not None:
                item.update(structured)
                changed = True
        if changed:
            run.save(update_fields=["unscheduled"])


class Migration(migrations.Migration):
    dependencies = [
        ("brokerage", "0004_participant_consent_recorded"),
    ]

    operations = [
        migrations.RunPython(structure_stored_reasons, migrations.RunPython.noop),
    ]
