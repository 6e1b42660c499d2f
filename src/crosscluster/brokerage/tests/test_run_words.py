"""A scheduler run in the organiser's words (qa6): the engine's English reasons, its bound's
method and the breaks line were shown as the engine wrote them ("Delegate of DAIMLER AG reached
max_meetings (4)", "per-person LP (HiGHS)") on the Portuguese and Swedish organiser pages; the
survey answers as codes ("after_event · agreement")."""

from __future__ import annotations

import pytest

from crosscluster.brokerage import adapters
from crosscluster.brokerage.models import ScheduleRun
from crosscluster.brokerage.queries import RunReport, runs
from crosscluster.brokerage.queries.sessions import word_outcomes

#: one reason of each form the engine writes (engines/scheduling/reasons.py), with its ids
ENGINE_REASONS = {
    "participant participant:7 accepts no meetings (max_meetings 0)": "never_meets",
    "participant participant:7 accepts no meetings (max_consecutive 0)": "never_in_a_row",
    "participant participant:7 is not available in any slot": "never_available",
    "locked slot slot:3 unavailable for participant participant:7": "locked_unavailable",
    "no common available slot for participant:7, participant:8 and participant:9": (
        "no_common_slot"
    ),
    "locked slot slot:3: participant participant:7 already has locked meeting 12 then": (
        "locked_busy"
    ),
    "locked slot slot:3 has no free table (all 2 taken by locked meetings)": "locked_no_table",
    "locked slot slot:3: participant participant:7 reached max_meetings (2) with other locked "
    "meetings": "locked_limit",
    "locked slot slot:3: participant participant:7 would exceed max_consecutive (2) with other "
    "locked meetings": "locked_in_a_row",
    "locked slot slot:3 conflicts with other locked meetings": "locked_conflict",
    "participant participant:7 reached max_meetings (4)": "limit_reached",
    "participant participant:7 has a meeting in every common available slot (3)": (
        "busy_everywhere"
    ),
    "not placed within the time limit (a slot is still free; run again with more time)": (
        "time_limit"
    ),
    "all 4 common slots are taken by meetings of equal or higher weight (participant:7 is busy "
    "in 2, participant:8 is busy in 1; no free table in 1; participant:9 would exceed "
    "max_consecutive (2) in 1)": "slots_taken",
    "the locked slot is full; fitting it would lower the total weight (no free table in 1)": (
        "slots_taken"
    ),
}
NAMES = {7: "Ada", 8: "Bob", 9: "Carla"}
SLOTS = {3: "Tue 3 Mar 09:00-09:20"}


@pytest.mark.parametrize(("reason", "code"), list(ENGINE_REASONS.items()))
def test_each_engine_reason_is_stored_with_its_code_and_worded_without_engine_tokens(
    reason: str, code: str
) -> None:
    structured = adapters.structure_reason(reason)
    assert structured["code"] == code
    text = runs.word_reason({"reason": reason, **structured}, names=NAMES, slots=SLOTS)
    for token in ("participant:", "slot:", "max_meetings", "max_consecutive"):
        assert token not in text
    assert text[0].isupper()
    assert text.endswith(".")
    if "slot:3" in reason:
        assert SLOTS[3] in text  # the venue's time, not "2026-03-03 08:00 UTC"
    if "participant:7" in reason:
        assert "Ada" in text


def test_every_reason_is_a_catalogue_sentence(monkeypatch: pytest.MonkeyPatch) -> None:
    """Each code's words go through the catalogue (whole sentences with placeholders), so a
    translated catalogue words them: a marked gettext shows on every one."""
    monkeypatch.setattr(runs, "gettext", lambda message: f"«{message}»")
    monkeypatch.setattr(
        runs, "ngettext", lambda single, plural, count: f"«{single if count == 1 else plural}»"
    )
    for reason in ENGINE_REASONS:
        text = runs.word_reason(
            {"reason": reason, **adapters.structure_reason(reason)}, names=NAMES, slots=SLOTS
        )
        assert text.startswith("«"), (reason, text)


def test_a_reason_without_a_code_reads_as_stored() -> None:
    """A run stored before the codes (or a form the adapters do not know) keeps its text."""
    assert adapters.structure_reason("something the engine says one day") == {}
    old = {"request": 1, "reason": "Ada reached max_meetings (1)"}
    assert runs.word_reason(old, names=NAMES, slots=SLOTS) == "Ada reached max_meetings (1)"


def test_a_list_of_names_ends_with_and() -> None:
    reason = "no common available slot for participant:7, participant:8 and participant:9"
    text = runs.word_reason(adapters.structure_reason(reason), names=NAMES, slots=SLOTS)
    assert text == "No common available slot for Ada, Bob and Carla."


@pytest.mark.parametrize(
    ("method", "words"),
    [
        ("counting bound", "counting each participant's possible meetings"),
        ("per-person LP (HiGHS)", "a linear programme per person (HiGHS)"),
        (
            "per-person LP (HiGHS), confirmed meetings kept",
            "a linear programme per person (HiGHS), confirmed meetings kept",
        ),
        ("time-indexed LP (HiGHS ipm)", "a linear programme over the slots (HiGHS, ipm)"),
        (
            "optimum proven by CP-SAT on the whole instance",
            "the optimum, proven by CP-SAT on the whole session",
        ),
        ("a method of tomorrow", "a method of tomorrow"),
    ],
)
def test_the_bounds_method_is_worded(method: str, words: str) -> None:
    assert runs.word_bound_method(method) == words


def test_the_breaks_line_is_whole_sentences_with_plurals(monkeypatch: pytest.MonkeyPatch) -> None:
    def report(**values: object) -> RunReport:
        run = ScheduleRun(state="done", **values)  # type: ignore[misc]
        return RunReport(run=run, meeting_count=3, unscheduled=(), without_meeting=())

    fewest = report(breaks=1, breaks_lower_bound=1, breaks_before=4, compact_agendas=True)
    assert fewest.breaks_summary == (
        "1 break in participants' days, 4 before compacting the agendas (the same meetings): "
        "the fewest possible (proven)."
    )
    off = report(breaks=5, breaks_lower_bound=2, breaks_before=5, compact_agendas=False)
    assert off.breaks_summary == (
        "5 breaks in participants' days; compact agendas are off for this session (no schedule "
        "of these meetings has fewer than 2, proven)."
    )
    monkeypatch.setattr(runs, "ngettext", lambda single, plural, count: f"«{plural}»")
    assert off.breaks_summary.startswith("«5 breaks")


def test_survey_answers_are_named_in_the_choices_order() -> None:
    counts = {
        ("six_months", "agreement"): 1,
        ("after_event", "agreement"): 3,
        ("after_event", "no_contact"): 2,
    }
    assert word_outcomes(counts) == [
        ("Right after the event", "No further contact", 2),
        ("Right after the event", "Agreement reached", 3),
        ("Six months later", "Agreement reached", 1),
    ]
