"""A scheduler run in the organiser's words (qa6): the engine's English reasons, its bound's
method and the breaks line were shown as the engine wrote them ("Delegate of DAIMLER AG reached
max_meetings (4)", "per-person LP (HiGHS)") on the Portuguese and Swedish organiser pages; the
survey answers as codes ("after_event · agreement"). The reasons now come from the engine as a
code and values (``engines.scheduling.Reason``), stored by ``adapters.stored_reason`` beside
the English page's sentence (``jobs.stored_reason``)."""

from __future__ import annotations

import pytest
from django.utils import translation

from crosscluster.brokerage import adapters, jobs
from crosscluster.brokerage.models import ScheduleRun
from crosscluster.brokerage.queries import RunReport, runs
from crosscluster.brokerage.queries.sessions import word_outcomes
from crosscluster.engines.scheduling import BOUND_METHODS, REASON_CODES, Reason, Unscheduled

P7, P8, P9, S3 = "participant:7", "participant:8", "participant:9", "slot:3"
#: one reason of each code the engine gives (engines/scheduling/tests/test_reasons.py shows
#: the engine making each), with the ids the worker gives it
ENGINE_REASONS = (
    Reason("never_meets", (("participant", P7),)),
    Reason("never_in_a_row", (("participant", P7),)),
    Reason("never_available", (("participant", P7),)),
    Reason("locked_unavailable", (("slot", S3), ("participant", P7))),
    Reason("no_common_slot", (("participants", (P7, P8, P9)),)),
    Reason("locked_busy", (("slot", S3), ("participant", P7), ("other", 12))),
    Reason("locked_no_table", (("slot", S3), ("tables", 2))),
    Reason("locked_limit", (("slot", S3), ("participant", P7), ("limit", 2))),
    Reason("locked_in_a_row", (("slot", S3), ("participant", P7), ("limit", 2))),
    Reason("locked_conflict", (("slot", S3),)),
    Reason("limit_reached", (("participant", P7), ("limit", 4))),
    Reason("busy_everywhere", (("participant", P7), ("count", 3))),
    Reason("time_limit"),
    Reason(
        "slots_taken",
        (
            ("locked", False),
            ("heavier", True),
            ("total", 4),
            ("busy", ((P7, 2), (P8, 1))),
            ("full", 1),
            ("in_a_row", ((P9, 2, 1),)),
        ),
    ),
    Reason(
        "slots_taken",
        (
            ("locked", True),
            ("heavier", False),
            ("total", 1),
            ("busy", ()),
            ("full", 1),
            ("in_a_row", ()),
        ),
    ),
)
NAMES = {7: "Ada", 8: "Bob", 9: "Carla"}
SLOTS = {3: "Tue 3 Mar 09:00-09:20"}


def stored(reason: Reason) -> dict[str, object]:
    """The reason's code and values as the worker stores them."""
    return adapters.stored_reason(Unscheduled(request=1, why=reason))


def test_every_code_the_engine_gives_is_here() -> None:
    assert {reason.code for reason in ENGINE_REASONS} == set(REASON_CODES)


@pytest.mark.parametrize("reason", ENGINE_REASONS, ids=lambda reason: reason.code)
def test_each_engine_reason_is_stored_with_its_code_and_worded_without_engine_tokens(
    reason: Reason,
) -> None:
    item = stored(reason)
    assert item["code"] == reason.code
    values = item["values"]
    assert isinstance(values, dict)
    if "participant" in dict(reason.values):
        assert values["participant"] == 7  # the primary key, not the engine's id
    if "slot" in dict(reason.values):
        assert values["slot"] == 3
    text = runs.word_reason(item, names=NAMES, slots=SLOTS)
    for token in ("participant:", "slot:", "max_meetings", "max_consecutive"):
        assert token not in text
    assert text[0].isupper()
    assert text.endswith(".")
    if "slot" in values:
        assert SLOTS[3] in text  # the venue's time, not "2026-03-03 08:00 UTC"
    if "participant" in values:
        assert "Ada" in text


def test_the_values_are_stored_with_primary_keys() -> None:
    assert stored(ENGINE_REASONS[3])["values"] == {"slot": 3, "participant": 7}
    assert stored(ENGINE_REASONS[13])["values"] == {
        "locked": False,
        "heavier": True,
        "total": 4,
        "busy": [[7, 2], [8, 1]],
        "full": 1,
        "in_a_row": [[9, 2, 1]],
    }


@pytest.mark.parametrize("reason", ENGINE_REASONS, ids=lambda reason: reason.code)
@pytest.mark.parametrize("dropped", [False, True])
def test_the_stored_english_is_the_english_pages_sentence(reason: Reason, dropped: bool) -> None:
    """What a run stores beside the code: proper English, the page's, in whatever language the
    worker runs (no engine tokens, names and the venue's times)."""
    reason = Reason(reason.code, reason.values, dropped=dropped)
    with translation.override("de"):
        item = jobs.stored_reason(Unscheduled(request=1, why=reason), names=NAMES, slots=SLOTS)
    with translation.override("en"):
        assert item["reason"] == runs.word_reason(item, names=NAMES, slots=SLOTS)
    text = str(item["reason"])
    for token in ("participant", "slot:", "max_meetings", "max_consecutive", "UTC"):
        assert token not in text
    assert text[0].isupper()
    assert text.endswith(".")


def test_the_stored_english_of_one_reason() -> None:
    item = jobs.stored_reason(
        Unscheduled(request=1, why=ENGINE_REASONS[3]), names=NAMES, slots=SLOTS
    )
    assert item == {
        "request": 1,
        "code": "locked_unavailable",
        "values": {"slot": 3, "participant": 7},
        "dropped": False,
        "reason": "Ada is not available in the locked slot, Tue 3 Mar 09:00-09:20.",
    }


def test_every_reason_is_a_catalogue_sentence(monkeypatch: pytest.MonkeyPatch) -> None:
    """Each code's words go through the catalogue (whole sentences with placeholders), so a
    translated catalogue words them: a marked gettext shows on every one."""
    monkeypatch.setattr(runs, "gettext", lambda message: f"«{message}»")
    monkeypatch.setattr(
        runs, "ngettext", lambda single, plural, count: f"«{single if count == 1 else plural}»"
    )
    for reason in ENGINE_REASONS:
        text = runs.word_reason(stored(reason), names=NAMES, slots=SLOTS)
        assert text.startswith("«"), (reason, text)


@pytest.mark.parametrize("language", ["de", "it"])
@pytest.mark.parametrize("reason", ENGINE_REASONS, ids=lambda reason: reason.code)
def test_german_and_italian_readers_read_every_reason_in_their_language(
    reason: Reason, language: str
) -> None:
    english = runs.word_reason(stored(reason), names=NAMES, slots=SLOTS)
    with translation.override(language):
        worded = runs.word_reason(stored(reason), names=NAMES, slots=SLOTS)
    assert worded != english
    if "participant" in dict(reason.values):
        assert "Ada" in worded


@pytest.mark.parametrize(
    ("language", "reason", "words"),
    [
        ("de", ENGINE_REASONS[10], "Ada hat die Höchstzahl an Gesprächen erreicht (4)."),
        (
            "it",
            ENGINE_REASONS[10],
            "Ada ha raggiunto il numero massimo di incontri che accetta (4).",
        ),
        (
            "de",
            ENGINE_REASONS[4],
            "Kein gemeinsames verfügbares Zeitfenster für Ada, Bob und Carla.",
        ),
        (
            "it",
            ENGINE_REASONS[4],
            "Nessuna fascia oraria disponibile in comune per Ada, Bob e Carla.",
        ),
    ],
)
def test_a_reason_in_german_and_italian_from_its_code_and_values(
    language: str, reason: Reason, words: str
) -> None:
    with translation.override(language):
        assert runs.word_reason(stored(reason), names=NAMES, slots=SLOTS) == words


def test_a_dropped_confirmed_meeting_says_so_before_its_reason() -> None:
    reason = Reason("never_available", (("participant", P7),), dropped=True)
    item = stored(reason)
    assert item["dropped"] is True
    assert runs.word_reason(item, names=NAMES, slots=SLOTS) == (
        "The confirmed meeting was dropped. Ada is not available in any slot."
    )
    with translation.override("de"):
        inner = runs.word_reason({**item, "dropped": False}, names=NAMES, slots=SLOTS)
        worded = runs.word_reason(item, names=NAMES, slots=SLOTS)
    assert worded.endswith(" " + inner)
    assert worded != inner


def test_a_reason_without_a_code_reads_as_stored() -> None:
    """A run stored before the codes that migration 0005 could not read back keeps its text."""
    old = {"request": 1, "reason": "Ada reached max_meetings (1)"}
    assert runs.word_reason(old, names=NAMES, slots=SLOTS) == "Ada reached max_meetings (1)"
    dropped = {"request": 1, "reason": "confirmed meeting dropped: Ada left", "dropped": True}
    assert runs.word_reason(dropped, names=NAMES, slots=SLOTS) == dropped["reason"]


def test_a_list_of_names_ends_with_and() -> None:
    text = runs.word_reason(stored(ENGINE_REASONS[4]), names=NAMES, slots=SLOTS)
    assert text == "No common available slot for Ada, Bob and Carla."


@pytest.mark.parametrize(
    ("code", "words"),
    [
        ("counting", "counting each participant's possible meetings"),
        ("person", "a linear programme per person (HiGHS)"),
        ("person-kept", "a linear programme per person (HiGHS), confirmed meetings kept"),
        ("time", "a linear programme over the slots (HiGHS, ipm)"),
        ("cp-sat", "the optimum, proven by CP-SAT on the whole session"),
        ("given", "a bound given with the session"),
    ],
)
def test_the_bounds_method_is_worded_from_the_engines_code(code: str, words: str) -> None:
    assert set(BOUND_METHODS) >= {code}
    assert runs.word_bound_method(code=code, solver="ipm", method="engine English") == words
    with translation.override("de"):
        assert runs.word_bound_method(code=code, solver="ipm") != words


def test_a_bound_method_without_a_code_reads_as_stored() -> None:
    assert runs.word_bound_method(code="", method="a method of tomorrow") == "a method of tomorrow"


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


def test_the_api_schema_describes_every_code() -> None:
    """A script reads the codes from the schema (docs/openapi.json): each one the engine gives
    is described there."""
    import re

    from crosscluster.brokerage.api.schemas import RunOut, RunReasonPartsOut

    reasons = RunReasonPartsOut.model_fields["code"].description or ""
    assert set(REASON_CODES) <= set(re.findall(r"[a-z_]+", reasons))
    bounds = RunOut.model_fields["bound_code"].description or ""
    assert all(f"{code} (" in bounds for code in BOUND_METHODS)
