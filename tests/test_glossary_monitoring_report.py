"""Each language says "monitoring report" with the one term docs/glossary.md fixes for it, in
the report's title, its file name and the dashboard's download alike (Portuguese had both
*relatório de monitorização* and *relatório de acompanhamento*, Italian *relazione* and
*rapporto*). Reads the compiled catalogues as tests/test_catalogue_register.py does."""

from __future__ import annotations

import re
from pathlib import Path

import pytest

from tests.test_catalogue_register import compiled_catalogue

#: the glossary's row "monitoring report"
TERM = {
    "pt": "relatório de monitorização",
    "es": "informe de seguimiento",
    "fr": "rapport de suivi",
    "it": "rapporto di monitoraggio",
    "de": "monitoringbericht",
    "sv": "uppföljningsrapport",
}
MONITORING_REPORT = re.compile(r"\bmonitoring reports?\b", re.IGNORECASE)


def term_problems(entries: dict[str, str], term: str) -> list[tuple[str, str]]:
    """(msgid, translation) of each entry that says "monitoring report" without ``term``."""
    return [
        (msgid.rpartition("\x04")[2], text)
        for msgid, text in entries.items()
        if MONITORING_REPORT.search(msgid.rpartition("\x04")[2]) and term not in text.lower()
    ]


def test_the_check_finds_another_word() -> None:
    entries = {
        "Monitoring report": "Relatório de monitorização",
        "Monitoring report for %(period)s": "Relatório de acompanhamento de %(period)s",
        "Monitoring": "Monitorização",
    }
    assert term_problems(entries, TERM["pt"]) == [
        ("Monitoring report for %(period)s", "Relatório de acompanhamento de %(period)s")
    ]


@pytest.mark.parametrize("language", sorted(TERM))
def test_one_term_for_the_monitoring_report(language: str, tmp_path: Path) -> None:
    entries = compiled_catalogue(language, tmp_path)
    assert any(MONITORING_REPORT.search(msgid) for msgid in entries)
    assert term_problems(entries, TERM[language]) == []


def test_the_glossary_states_the_terms() -> None:
    glossary = (Path(__file__).resolve().parents[1] / "docs" / "glossary.md").read_text()
    row = next(line for line in glossary.splitlines() if line.startswith("| monitoring report"))
    cells = [cell.strip().lower() for cell in row.strip("|").split("|")]
    assert cells[1:] == [TERM[language] for language in ("pt", "es", "fr", "it", "de", "sv")]
