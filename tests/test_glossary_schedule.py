"""Portuguese says one word for the B2B schedule, as docs/glossary.md fixes it: *calendário*
(das reuniões) for the schedule the scheduler makes, never *agenda* (a participant's own
meetings) nor *horário* (a slot); and *planeador* for the scheduler, never *agendador*.
Reads the compiled catalogue as tests/test_catalogue_register.py does; fails until the
catalogue holds the words branch's entries (/work/translations/words.json, merged by the lead)."""

from __future__ import annotations

import re
from pathlib import Path

from tests.test_catalogue_register import compiled_catalogue

#: "schedule" as a noun: not the verb ("to schedule", "Schedule B2B meetings"), not a run
SCHEDULE = re.compile(r"\bschedules?\b(?! runs?\b)", re.IGNORECASE)
VERB = re.compile(r"\bto schedule\b|^schedule B2B meetings", re.IGNORECASE)
SCHEDULER = re.compile(r"\bscheduler\b|\bschedule runs?\b", re.IGNORECASE)


def schedule_term_problems(entries: dict[str, str]) -> list[tuple[str, str]]:
    """(msgid, translation) of each Portuguese entry that says the schedule or the scheduler
    with another word than the glossary's."""
    problems = []
    for msgid, text in entries.items():
        english = msgid.rpartition("\x04")[2]
        says_schedule = bool(SCHEDULE.search(english)) and not VERB.search(english)
        other_word = "calendário" not in text.lower() or (
            bool(re.search(r"\bhorário\b", text)) and "slot" not in english
        )
        if says_schedule and other_word:
            problems.append((english, text))
        if SCHEDULER.search(english) and ("planeador" not in text or "agendador" in text):
            problems.append((english, text))
    return problems


def test_the_check_finds_the_other_words() -> None:
    assert schedule_term_problems(
        {
            "The schedule is published: participants see their agendas.": (
                "A agenda está publicada: os participantes veem as suas agendas."
            ),
            "This schedule was superseded; publish a provisional one.": (
                "Este horário foi substituído; publique um provisório."
            ),
            "Run the scheduler": "Executar o agendador",
            "Show the schedule": "Mostrar o calendário",
            "No accepted requests to schedule.": "Não há pedidos aceites para planear.",
            "scoreboard source\x04B2B schedule runs": "execuções do planeador B2B",
        }
    ) == [
        (
            "The schedule is published: participants see their agendas.",
            "A agenda está publicada: os participantes veem as suas agendas.",
        ),
        (
            "This schedule was superseded; publish a provisional one.",
            "Este horário foi substituído; publique um provisório.",
        ),
        ("Run the scheduler", "Executar o agendador"),
    ]


def test_portuguese_says_calendario_and_planeador(tmp_path: Path) -> None:
    assert schedule_term_problems(compiled_catalogue("pt", tmp_path)) == []
