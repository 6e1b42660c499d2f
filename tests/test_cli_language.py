"""The console script's help speaks the terminal's language (LANG and friends, as gettext
reads them); English for C/POSIX or a language the platform does not offer."""

from __future__ import annotations

from collections.abc import Iterator

import pytest
from django.utils import translation

from crosscluster.cli import main, terminal_language


@pytest.fixture(autouse=True)
def _english_before() -> Iterator[None]:
    """Each test starts in English whatever an earlier test left active (a page request in
    German leaves German active), so "nothing leaks out of the command" is the command's own."""
    with translation.override("en"):
        yield


@pytest.mark.parametrize(
    ("environ", "expected"),
    [
        ({"LANG": "de_DE.UTF-8"}, "de"),
        ({"LANG": "en_GB.UTF-8", "LC_ALL": "pt_PT.UTF-8"}, "pt"),
        ({"LANGUAGE": "sv:en", "LANG": "fr_FR.UTF-8"}, "sv"),
        ({"LANG": "C.UTF-8"}, "en"),
        ({"LANG": "nl_NL.UTF-8"}, "en"),
        ({}, "en"),
    ],
)
def test_the_terminal_language_is_read_like_gettext_does(
    environ: dict[str, str], expected: str
) -> None:
    assert terminal_language(environ) == expected


def test_the_help_is_in_the_terminals_language(capsys, monkeypatch) -> None:  # type: ignore[no-untyped-def]
    for name in ("LANGUAGE", "LC_ALL", "LC_MESSAGES"):
        monkeypatch.delenv(name, raising=False)
    monkeypatch.setenv("LANG", "de_DE.UTF-8")
    assert main(["--help"]) == 0
    german = capsys.readouterr().out
    assert "Aufruf: crosscluster BEFEHL [ARGUMENTE]" in german
    assert "B2B-Gespräche planen" in german
    assert "usage:" not in german
    assert "  seed_demo " in german  # every command is still listed
    assert translation.get_language() != "de"  # nothing leaks out of the command
    monkeypatch.setenv("LANG", "C.UTF-8")
    assert main(["--help"]) == 0
    assert "usage: crosscluster COMMAND [ARGS]" in capsys.readouterr().out


def test_services_do_not_take_the_terminals_language(monkeypatch) -> None:  # type: ignore[no-untyped-def]
    """A worker started from a German terminal renders documents and e-mails in each one's own
    language, not German by default: the service commands run without the override."""
    import crosscluster.cli as cli

    seen: list[str | None] = []
    monkeypatch.setattr(
        "django.core.management.execute_from_command_line",
        lambda argv: seen.append(translation.get_language()),
    )
    monkeypatch.setenv("LANG", "de_DE.UTF-8")
    for name in ("LANGUAGE", "LC_ALL", "LC_MESSAGES"):
        monkeypatch.delenv(name, raising=False)
    with translation.override("en"):
        assert cli.main(["worker", "--help"]) == 0
        assert cli.main(["prune_exports", "--help"]) == 0
    assert seen == ["en", "de"]


def test_a_commands_own_help_is_in_the_terminals_language(capsys, monkeypatch) -> None:  # type: ignore[no-untyped-def]
    """``crosscluster seed_demo --help``: the command's description and its arguments' help."""
    for name in ("LANGUAGE", "LC_ALL", "LC_MESSAGES"):
        monkeypatch.delenv(name, raising=False)

    def help_in(locale: str) -> str:
        monkeypatch.setenv("LANG", locale)
        with pytest.raises(SystemExit):
            main(["seed_demo", "--help"])
        return " ".join(capsys.readouterr().out.split())

    german = help_in("de_DE.UTF-8")
    assert "Die Demo laden: Referenzdaten" in german
    assert "Die Zeilen der Demo löschen und sie neu laden." in german
    assert "Auch Rollenkonten anlegen" in german
    assert "Load the demo" not in german
    english = help_in("C.UTF-8")
    assert "Load the demo: reference data" in english
    assert "Delete the demo's rows and load it again." in english
    assert translation.get_language() != "de"
