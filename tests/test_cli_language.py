"""The console script's help speaks the terminal's language (LANG and friends, as gettext
reads them); English for C/POSIX or a language the platform does not offer."""

from __future__ import annotations

import ast
from collections.abc import Iterator
from pathlib import Path

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


# ---- the engines' command lines (no Django: the standard library reads the same catalogues)

ENGINE_HELP_CALLS = {"add_argument", "add_parser", "ArgumentParser", "_Parser", "Parser"}
ENGINE_HELP_KEYWORDS = {"help", "description", "epilog"}


def _engine_cli_modules() -> list[Path]:
    import crosscluster.engines

    return sorted(Path(crosscluster.engines.__file__).parent.glob("*/cli.py"))


def test_the_engines_offer_the_platforms_languages() -> None:
    from django.conf import settings

    from crosscluster.engines.text import LANGUAGES

    assert list(LANGUAGES) == [code for code, _name in settings.LANGUAGES]


def test_every_engine_help_text_goes_through_gettext() -> None:
    """Each help, description and epilog of the engines' parsers is ``gettext(...)`` (or
    ``gettext(...) % {...}``), so a new option cannot be left English."""
    modules = _engine_cli_modules()
    assert len(modules) >= 4
    bare = []
    for module in modules:
        for node in ast.walk(ast.parse(module.read_text(encoding="utf-8"))):
            if not isinstance(node, ast.Call):
                continue
            name = getattr(node.func, "attr", getattr(node.func, "id", ""))
            if name not in ENGINE_HELP_CALLS:
                continue
            for keyword in node.keywords:
                value = keyword.value
                if isinstance(value, ast.BinOp):
                    value = value.left
                called = getattr(value.func, "id", "") if isinstance(value, ast.Call) else ""
                # gettext(...), or a function of the module that words it (rank_epilog())
                translated = called == "gettext" or called.endswith(("_description", "_epilog"))
                if keyword.arg in ENGINE_HELP_KEYWORDS and not translated:
                    bare.append(f"{module.parent.name}/cli.py:{node.lineno} {keyword.arg}")
    assert bare == []


def _exit_status(argv: list[str]) -> int | str | None:
    """What the command exits with (some engines return it, argparse's --help raises it)."""
    try:
        return main(argv)
    except SystemExit as exit_status:
        return exit_status.code


@pytest.mark.parametrize(
    ("argv", "german"),
    [
        (["schedule", "--help"], "B2B-Gespräche planen"),
        (["match", "match", "--help"], "Anbieter für jeden Bedarf"),
        (["tag", "tag", "--help"], "EDIH-Taxonomie"),
        (["markets", "rank", "--help"], "Länder als Prioritätsmärkte"),
        (["network", "suggest", "--help"], "neue Partner"),
    ],
)
def test_an_engines_help_is_in_the_terminals_language(  # type: ignore[no-untyped-def]
    argv: list[str], german: str, capsys, monkeypatch
) -> None:
    for name in ("LANGUAGE", "LC_ALL", "LC_MESSAGES"):
        monkeypatch.delenv(name, raising=False)
    monkeypatch.setenv("LANG", "de_DE.UTF-8")
    assert _exit_status(argv) == 0
    text = " ".join(capsys.readouterr().out.split())  # argparse wraps lines
    assert german in text
    monkeypatch.setenv("LANG", "C.UTF-8")
    assert _exit_status(argv) == 0
    english = " ".join(capsys.readouterr().out.split())
    assert german not in english
    assert "(default" in english or "default:" in english
