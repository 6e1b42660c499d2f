"""A scheduler run in its organiser's words: quality, breaks, the bound's method and why a
request was left out, each a whole sentence in the reader's language (the page and the API).

The engine gives each reason as a code and its values (``engines.scheduling.Reason``); the
worker stores them (``adapters.stored_reason``, participants and slots as primary keys), worded
here when read, with names and the venue's times. A reason stored without a code (a run from
before the codes that migration 0005 could not read back) is shown as stored."""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass

from django.template.defaultfilters import floatformat
from django.utils import formats
from django.utils.translation import gettext, ngettext

from crosscluster.brokerage.models import MeetingRequest, Participant, RunState, ScheduleRun, Slot
from crosscluster.core import stored_text
from crosscluster.core.times import format_slot, venue_zone


def _number(value: float) -> str:
    """A weight as ``:g`` writes it (6, 249.5), in the reader's number format (249,5)."""
    rounded = float(f"{value:g}")
    return formats.number_format(int(rounded) if rounded.is_integer() else rounded)


def word_bound_method(*, code: str, solver: str = "", method: str = "") -> str:
    """The bound's method (``ScheduleRun.bound_code``, the engine's code) as a reader reads it
    ("a linear programme per person (HiGHS)"); without a code, ``method`` as stored."""
    if code == "counting":
        return gettext("counting each participant's possible meetings")
    if code == "person-kept":
        return gettext("a linear programme per person (HiGHS), confirmed meetings kept")
    if code == "person":
        return gettext("a linear programme per person (HiGHS)")
    if code == "time":
        return gettext("a linear programme over the slots (HiGHS, %(solver)s)") % {"solver": solver}
    if code == "cp-sat":
        return gettext("the optimum, proven by CP-SAT on the whole session")
    if code == "given":
        return gettext("a bound given with the session")
    return method


def _names(pks: Sequence[int], names: Mapping[int, str]) -> str:
    """Participants named as a list is read: "Ada, Bob and Carla"."""
    shown = [names.get(pk) or gettext("participant %(number)s") % {"number": pk} for pk in pks]
    if len(shown) <= 1:
        return "".join(shown)
    return gettext("%(names)s and %(last)s") % {"names": ", ".join(shown[:-1]), "last": shown[-1]}


def _details(values: Mapping[str, object], names: Mapping[int, str]) -> str:
    """Why each common slot is out: who is busy, full tables, too many meetings in a row."""
    parts = []
    busy = [
        ngettext(
            "%(name)s is busy in %(count)s of them", "%(name)s is busy in %(count)s of them", count
        )
        % {"name": _names([pk], names), "count": count}
        for pk, count in values.get("busy", [])  # type: ignore[attr-defined]
    ]
    if busy:
        parts.append(", ".join(busy))
    full = int(values.get("full", 0))  # type: ignore[call-overload]
    if full:
        parts.append(
            ngettext(
                "no free table in %(count)s of them", "no free table in %(count)s of them", full
            )
            % {"count": full}
        )
    in_a_row = [
        gettext("%(name)s would have more than %(limit)s meetings in a row in %(count)s of them")
        % {"name": _names([pk], names), "limit": limit, "count": count}
        for pk, limit, count in values.get("in_a_row", [])  # type: ignore[attr-defined]
    ]
    if in_a_row:
        parts.append(", ".join(in_a_row))
    return "; ".join(parts)


def word_reason(
    item: Mapping[str, object], *, names: Mapping[int, str], slots: Mapping[int, str]
) -> str:
    """One stored reason (``{"request", "reason", "code", "values", "dropped"}``) in the
    reader's words."""
    sentence = _word_code(item, names=names, slots=slots)
    if item.get("dropped") and item.get("code"):
        return gettext("The confirmed meeting was dropped. %(reason)s") % {"reason": sentence}
    return sentence


def _word_code(
    item: Mapping[str, object], *, names: Mapping[int, str], slots: Mapping[int, str]
) -> str:
    values: Mapping[str, object] = item.get("values") or {}  # type: ignore[assignment]
    code = item.get("code")
    name = _names([int(values.get("participant", 0))], names)  # type: ignore[call-overload]
    slot = slots.get(int(values.get("slot", 0)), "")  # type: ignore[call-overload]
    limit = values.get("limit")
    if code == "never_meets":
        return gettext("%(name)s accepts no meetings (meetings at most: 0).") % {"name": name}
    if code == "never_in_a_row":
        return gettext("%(name)s accepts no meetings (meetings in a row at most: 0).") % {
            "name": name
        }
    if code == "never_available":
        return gettext("%(name)s is not available in any slot.") % {"name": name}
    if code == "locked_unavailable":
        return gettext("%(name)s is not available in the locked slot, %(slot)s.") % {
            "name": name,
            "slot": slot,
        }
    if code == "no_common_slot":
        participants = _names(values.get("participants", []), names)  # type: ignore[arg-type]
        return gettext("No common available slot for %(names)s.") % {"names": participants}
    if code == "locked_busy":
        return gettext(
            "Locked slot %(slot)s: %(name)s already has another locked meeting then."
        ) % {"slot": slot, "name": name}
    if code == "locked_no_table":
        tables = int(values.get("tables", 0))  # type: ignore[call-overload]
        return ngettext(
            "Locked slot %(slot)s has no free table (its %(tables)s table is taken by locked "
            "meetings).",
            "Locked slot %(slot)s has no free table (all %(tables)s are taken by locked meetings).",
            tables,
        ) % {"slot": slot, "tables": tables}
    if code == "locked_limit":
        return gettext(
            "Locked slot %(slot)s: %(name)s has reached the most meetings they accept "
            "(%(limit)s) with other locked meetings."
        ) % {"slot": slot, "name": name, "limit": limit}
    if code == "locked_in_a_row":
        return gettext(
            "Locked slot %(slot)s: %(name)s would have more than %(limit)s meetings in a row "
            "with other locked meetings."
        ) % {"slot": slot, "name": name, "limit": limit}
    if code == "locked_conflict":
        return gettext("Locked slot %(slot)s conflicts with other locked meetings.") % {
            "slot": slot
        }
    if code == "limit_reached":
        return gettext("%(name)s has reached the most meetings they accept (%(limit)s).") % {
            "name": name,
            "limit": limit,
        }
    if code == "busy_everywhere":
        count = int(values.get("count", 0))  # type: ignore[call-overload]
        return ngettext(
            "%(name)s has a meeting in the one common available slot.",
            "%(name)s has a meeting in every common available slot (%(count)s).",
            count,
        ) % {"name": name, "count": count}
    if code == "time_limit":
        return gettext(
            "Not placed within the time limit (a slot is still free): run again with more time."
        )
    if code == "slots_taken":
        return _word_slots_taken(values, names)
    return str(item.get("reason", ""))


def _word_slots_taken(values: Mapping[str, object], names: Mapping[int, str]) -> str:
    details = _details(values, names)
    if values.get("locked"):
        if values.get("heavier"):
            message = gettext(
                "The locked slot is taken by meetings of equal or higher weight (%(details)s)."
            )
        else:
            message = gettext(
                "The locked slot is full; fitting it would lower the total weight (%(details)s)."
            )
        return message % {"details": details}
    total = int(values.get("total", 0))  # type: ignore[call-overload]
    if values.get("heavier"):
        message = ngettext(
            "The one common slot is taken by meetings of equal or higher weight (%(details)s).",
            "All %(total)s common slots are taken by meetings of equal or higher weight "
            "(%(details)s).",
            total,
        )
    else:
        message = ngettext(
            "The one common slot is full; fitting it would lower the total weight (%(details)s).",
            "All %(total)s common slots are full; fitting it would lower the total weight "
            "(%(details)s).",
            total,
        )
    return message % {"total": total, "details": details}


def word_reasons(*, run: ScheduleRun) -> dict[int, str]:
    """The run's left-out requests and why, by request, in the reader's words (two queries:
    the participants named and the slots, at the venue's time)."""
    participants: set[int] = set()
    slot_ids: set[int] = set()
    for item in run.unscheduled:
        values = item.get("values") or {}
        participants.update(int(pk) for pk in values.get("participants", []))
        participants.update(int(pk) for pk, *_rest in values.get("busy", []))
        participants.update(int(pk) for pk, *_rest in values.get("in_a_row", []))
        if "participant" in values:
            participants.add(int(values["participant"]))
        if "slot" in values:
            slot_ids.add(int(values["slot"]))
    names = dict(Participant.objects.filter(pk__in=participants).values_list("pk", "display_name"))
    slots: dict[int, str] = {}
    if slot_ids:
        zone = venue_zone(run.session.event.timezone)
        slots = {
            slot.pk: format_slot(slot.start_at, slot.end_at, zone)
            for slot in Slot.objects.filter(pk__in=slot_ids)
        }
    return {
        int(item["request"]): word_reason(item, names=names, slots=slots)
        for item in run.unscheduled
    }


@dataclass(frozen=True)
class RunReport:
    """A run's quality and what it left out, in the organiser's words."""

    run: ScheduleRun
    meeting_count: int
    unscheduled: tuple[tuple[MeetingRequest, str], ...]
    without_meeting: tuple[Participant, ...]

    @property
    def summary(self) -> str:
        """The run's outcome in the reader's language (whole sentences, numbers in its format)."""
        run = self.run
        if run.state == RunState.FAILED:
            return gettext("The run failed: %(error)s") % {"error": stored_text.word(run.error)}
        if run.state == RunState.QUEUED:
            return gettext("The run is queued: no schedule yet.")
        if run.state != RunState.DONE:
            return gettext("The run is running: no schedule yet.")
        if run.request_count == 0:
            return gettext("No accepted requests to schedule.")
        if run.upper_bound <= 0:
            return gettext("0 meetings: none of the accepted requests can be scheduled (bound 0).")
        values = {
            "meetings": self.meeting_count,
            "weight": _number(run.objective),
            "bound": _number(run.upper_bound),
            "ratio": floatformat(run.ratio * 100, 1),
            "gap": floatformat(run.gap_percent, 1),
        }
        if run.ratio >= 1.0 - 1e-9:
            message = ngettext(
                "%(meetings)s meeting, weight %(weight)s of at most %(bound)s "
                "(%(ratio)s%%): a proven optimum.",
                "%(meetings)s meetings, weight %(weight)s of at most %(bound)s "
                "(%(ratio)s%%): a proven optimum.",
                self.meeting_count,
            )
        else:
            message = ngettext(
                "%(meetings)s meeting, weight %(weight)s of at most %(bound)s (%(ratio)s%%): "
                "within %(gap)s%% of the proven optimum.",
                "%(meetings)s meetings, weight %(weight)s of at most %(bound)s (%(ratio)s%%): "
                "within %(gap)s%% of the proven optimum.",
                self.meeting_count,
            )
        return message % values

    @property
    def bound_method(self) -> str:
        run = self.run
        return word_bound_method(
            code=run.bound_code, solver=run.bound_solver, method=run.bound_method
        )

    @property
    def breaks_distribution(self) -> tuple[int, int, int]:
        """Participants with a meeting who have 0, 1 and 2 or more breaks."""
        counts = self.run.breaks_distribution or {}
        return (int(counts.get("0", 0)), int(counts.get("1", 0)), int(counts.get("2+", 0)))

    @property
    def breaks_summary(self) -> str:
        """Breaks (idle periods between a participant's first and last meeting), their proven
        lower bound, and the effect of compacting (same meetings, before and after), as whole
        sentences in the reader's language."""
        run = self.run
        if run.state != RunState.DONE or not self.meeting_count:
            return ""
        values = {
            "breaks": run.breaks,
            "before": run.breaks_before,
            "bound": run.breaks_lower_bound,
        }
        fewest = run.breaks <= run.breaks_lower_bound
        if not run.compact_agendas:
            if fewest:
                message = ngettext(
                    "%(breaks)s break in participants' days; compact agendas are off for this "
                    "session (the fewest possible, proven).",
                    "%(breaks)s breaks in participants' days; compact agendas are off for this "
                    "session (the fewest possible, proven).",
                    run.breaks,
                )
            else:
                message = ngettext(
                    "%(breaks)s break in participants' days; compact agendas are off for this "
                    "session (no schedule of these meetings has fewer than %(bound)s, proven).",
                    "%(breaks)s breaks in participants' days; compact agendas are off for this "
                    "session (no schedule of these meetings has fewer than %(bound)s, proven).",
                    run.breaks,
                )
        elif fewest:
            message = ngettext(
                "%(breaks)s break in participants' days, %(before)s before compacting the "
                "agendas (the same meetings): the fewest possible (proven).",
                "%(breaks)s breaks in participants' days, %(before)s before compacting the "
                "agendas (the same meetings): the fewest possible (proven).",
                run.breaks,
            )
        else:
            message = ngettext(
                "%(breaks)s break in participants' days, %(before)s before compacting the "
                "agendas (the same meetings): no schedule of these meetings has fewer than "
                "%(bound)s (proven).",
                "%(breaks)s breaks in participants' days, %(before)s before compacting the "
                "agendas (the same meetings): no schedule of these meetings has fewer than "
                "%(bound)s (proven).",
                run.breaks,
            )
        return message % values


def build_run_report(*, run: ScheduleRun) -> RunReport:
    reasons = word_reasons(run=run)
    requests = MeetingRequest.objects.select_related("requester", "recipient").in_bulk(
        list(reasons)
    )
    people = Participant.objects.in_bulk(list(run.without_meeting))
    return RunReport(
        run=run,
        meeting_count=run.meetings.count(),
        unscheduled=tuple(
            (requests[key], reason) for key, reason in reasons.items() if key in requests
        ),
        without_meeting=tuple(people[key] for key in run.without_meeting if key in people),
    )


def reason_parts(item: Mapping[str, object]) -> dict[str, object]:
    """A stored reason's structured parts, as the API gives them beside its words: ``code``
    (the engine's, ``engines.scheduling.REASON_CODES``; empty for a reason of an old run that
    migration 0005 could not read back), ``values`` (participants, slots and requests by their
    ids) and ``dropped``."""
    return {
        "code": str(item.get("code") or ""),
        "values": dict(item.get("values") or {}),  # type: ignore[call-overload]
        "dropped": bool(item.get("dropped")),
    }


def list_run_unscheduled(*, run: ScheduleRun) -> list[dict[str, object]]:
    """The accepted requests the run left out, ``{request, reason, reason_parts}`` in request
    order, each reason in the reader's words beside its code and values (stored on the run; the
    API takes one page of it)."""
    reasons = word_reasons(run=run)
    stored = {int(item["request"]): item for item in run.unscheduled}
    return [
        {"request": key, "reason": reasons[key], "reason_parts": reason_parts(stored[key])}
        for key in sorted(reasons)
    ]
