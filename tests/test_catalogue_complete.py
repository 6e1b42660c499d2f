"""Every catalogue translates every string of the interface, with nothing fuzzy (issue 14).

``make messages`` regenerates the seven catalogues from the code and templates; the English one
holds every string (untranslated: English is the source). Each other language's catalogue must
compile with gettext's format checks and translate every string of the English one: a missing,
empty or fuzzy entry fails (``msgcmp``, which counts untranslated and fuzzy entries as missing).

PENDING_LANGUAGES: catalogues that are being translated now (issue 14, branches po1/po2).
The test skips them, and only them; the lead empties this set when the catalogues land, and
from then on an untranslated or fuzzy string in any of the seven languages fails the tests.
"""

from __future__ import annotations

import shutil
import subprocess
from pathlib import Path

import pytest
from django.conf import settings

LOCALE = Path(__file__).resolve().parent.parent / "src" / "crosscluster" / "locale"
ENGLISH = LOCALE / "en" / "LC_MESSAGES" / "django.po"

#: Languages whose catalogues have not landed yet: skipped. Empty this when they land.
PENDING_LANGUAGES: frozenset[str] = frozenset()

TRANSLATED = [code for code, _name in settings.LANGUAGES if code != "en"]


def _gettext_tool(name: str) -> str:
    tool = shutil.which(name)
    assert tool, f"the catalogue checks need gettext's {name} (Debian package gettext)"
    return tool


def _run(*command: str) -> subprocess.CompletedProcess[str]:
    return subprocess.run(command, capture_output=True, text=True, check=False, env={"LC_ALL": "C"})


def test_the_seven_languages_are_offered() -> None:
    assert [code for code, _name in settings.LANGUAGES] == [
        "en",
        "pt",
        "es",
        "fr",
        "it",
        "de",
        "sv",
    ]
    assert set(TRANSLATED) >= PENDING_LANGUAGES


def test_the_english_catalogue_compiles() -> None:
    done = _run(_gettext_tool("msgfmt"), "--check", "-o", "/dev/null", str(ENGLISH))
    assert done.returncode == 0, done.stderr


@pytest.mark.parametrize("language", TRANSLATED)
def test_every_string_is_translated_and_none_is_fuzzy(language: str) -> None:
    if language in PENDING_LANGUAGES:
        pytest.skip(f"{language}: catalogue pending (PENDING_LANGUAGES in this file)")
    catalogue = LOCALE / language / "LC_MESSAGES" / "django.po"
    assert catalogue.exists(), f"{language}: no catalogue; run make messages and translate it"
    compiled = _run(
        _gettext_tool("msgfmt"), "--check", "--statistics", "-o", "/dev/null", str(catalogue)
    )
    assert compiled.returncode == 0, compiled.stderr
    assert "fuzzy" not in compiled.stderr, compiled.stderr
    assert "untranslated" not in compiled.stderr, compiled.stderr
    # every string of the interface (the English catalogue) is there, translated, not fuzzy
    compared = _run(_gettext_tool("msgcmp"), str(catalogue), str(ENGLISH))
    assert compared.returncode == 0, compared.stderr[-3000:]
