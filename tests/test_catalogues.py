"""The Portuguese, Spanish and French catalogues compile and translate what the site shows.

Each catalogue is compiled with gettext's msgfmt (format checks on: a translation that drops or
renames a placeholder fails) into a temporary LOCALE_PATHS, so the test reads the committed .po
files, not whatever .mo files a previous build left behind.
"""

from __future__ import annotations

import shutil
import subprocess
from pathlib import Path

import pytest
from django.template import Context, Template
from django.utils import translation

LOCALE = Path(__file__).resolve().parent.parent / "src" / "crosscluster" / "locale"
LANGUAGES = ("pt", "es", "fr")


def compile_catalogue(language: str, target: Path) -> str:
    msgfmt = shutil.which("msgfmt")
    assert msgfmt, "the catalogue checks need gettext's msgfmt (Debian package gettext)"
    out = target / language / "LC_MESSAGES"
    out.mkdir(parents=True)
    done = subprocess.run(
        [
            msgfmt,
            "--check",
            "--statistics",
            "-o",
            str(out / "django.mo"),
            str(LOCALE / language / "LC_MESSAGES" / "django.po"),
        ],
        capture_output=True,
        text=True,
        check=False,
        env={"LC_ALL": "C"},
    )
    assert done.returncode == 0, done.stderr
    return done.stderr


@pytest.fixture
def compiled(tmp_path, settings):
    statistics = {language: compile_catalogue(language, tmp_path) for language in LANGUAGES}
    settings.LOCALE_PATHS = [tmp_path]  # setting_changed clears Django's translation cache
    return statistics


@pytest.mark.parametrize("language", LANGUAGES)
def test_every_string_is_translated_and_none_is_fuzzy(compiled, language) -> None:
    statistics = compiled[language]
    assert "translated message" in statistics
    assert "fuzzy" not in statistics, statistics
    assert "untranslated" not in statistics, statistics


@pytest.mark.parametrize(
    ("language", "log_in", "partnerships", "study_visit"),
    [
        ("pt", "Iniciar sessão", "Parcerias", "Visita de estudo"),
        ("es", "Iniciar sesión", "Asociaciones", "Visita de estudio"),
        ("fr", "Se connecter", "Partenariats", "Visite d'étude"),
    ],
)
def test_interface_words_render_in_the_language(
    compiled, language, log_in, partnerships, study_visit
) -> None:
    template = Template('{% load i18n %}{% translate "Log in" %}|{% translate "Partnerships" %}')
    with translation.override(language):
        assert template.render(Context()) == f"{log_in}|{partnerships}"
        assert translation.gettext("Study visit") == study_visit
    with translation.override("en"):
        assert template.render(Context()) == "Log in|Partnerships"


def test_the_glossary_terms_reach_the_catalogues(compiled) -> None:
    expected = {
        "pt": "Estratégia Conjunta de Internacionalização",
        "es": "Estrategia Conjunta de Internacionalización",
        "fr": "Stratégie conjointe d'internationalisation",
    }
    for language, term in expected.items():
        with translation.override(language):
            assert translation.gettext("Joint Internationalisation Strategy") == term
    glossary = (Path(__file__).resolve().parent.parent / "docs" / "glossary.md").read_text(
        encoding="utf-8"
    )
    assert all(term in glossary or term.lower() in glossary for term in expected.values())


def test_placeholders_and_html_survive_translation(compiled) -> None:
    with translation.override("pt"):
        assert translation.gettext("%(percent)s%% completed") % {"percent": 40} == "40% concluído"
        invite = translation.gettext(
            "%(by)s invites you to join <strong>%(name)s</strong> as %(role)s."
        )
        assert invite % {"by": "Ana", "name": "DIA", "role": "Membro"} == (
            "Ana enviou-lhe um convite para se juntar a <strong>DIA</strong> como Membro."
        )
    with translation.override("fr"):
        # French typography: a no-break space before the colon and the percent sign.
        assert (
            translation.gettext("%(percent)s%% completed") % {"percent": 40} == "40\u00a0% réalisé"
        )
        assert translation.gettext("Call:") == "Appel\u00a0:"


@pytest.mark.parametrize(
    ("language", "zero", "one", "two"),
    [
        ("pt", "0 membros", "1 membro", "2 membros"),
        ("es", "0 miembros", "1 miembro", "2 miembros"),
        ("fr", "0 membre", "1 membre", "2 membres"),  # French counts zero as singular
    ],
)
def test_plural_forms_follow_each_language(compiled, language, zero, one, two) -> None:
    with translation.override(language):
        rendered = [
            translation.ngettext("%(shown)s member", "%(shown)s members", n) % {"shown": n}
            for n in (0, 1, 2)
        ]
    assert rendered == [zero, one, two]
