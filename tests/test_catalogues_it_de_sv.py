"""The Italian, German and Swedish catalogues render through Django's translation machinery (issue 14).

Each catalogue is compiled with gettext's msgfmt into a temporary locale directory (nothing is
written into the source tree) and Django is pointed at it; the strings below are then looked up
the way pages, forms and e-mails look them up: ``gettext``, ``ngettext`` with both plural forms,
``{% translate %}`` and ``{% blocktranslate count %}`` in a template. The expected texts are the
glossary's words (docs/glossary.md): partnership, coordinator, marketplace, directory, B2B meeting.
"""

from __future__ import annotations

import shutil
import subprocess
from pathlib import Path

import pytest
from django.template import Context, Template
from django.test import override_settings
from django.utils import translation

LOCALE = Path(__file__).resolve().parent.parent / "src" / "crosscluster" / "locale"
LANGUAGES = ("it", "de", "sv")

# (language, English, translation): menu words, a button, a glossary term, a placeholder string
EXPECTED = [
    ("it", "Log in", "Accedere"),
    ("it", "Marketplace", "Mercato"),
    ("it", "Directory", "Elenco"),
    ("it", "Joint Internationalisation Strategy", "Strategia congiunta di internazionalizzazione"),
    ("de", "Log in", "Anmelden"),
    ("de", "Marketplace", "Marktplatz"),
    ("de", "Directory", "Verzeichnis"),
    ("de", "Table plan", "Tischplan"),
    ("sv", "Log in", "Logga in"),
    ("sv", "Marketplace", "Marknadsplats"),
    ("sv", "Directory", "Katalog"),
    ("sv", "Coordinators", "Samordnare"),
]


@pytest.fixture(scope="module")
def compiled(tmp_path_factory: pytest.TempPathFactory) -> Path:
    msgfmt = shutil.which("msgfmt")
    assert msgfmt, "the catalogue checks need gettext's msgfmt (Debian package gettext)"
    root = tmp_path_factory.mktemp("locale")
    for language in LANGUAGES:
        target = root / language / "LC_MESSAGES"
        target.mkdir(parents=True)
        source = LOCALE / language / "LC_MESSAGES" / "django.po"
        done = subprocess.run(
            [msgfmt, "--check", "-o", str(target / "django.mo"), str(source)],
            capture_output=True,
            text=True,
            check=False,
        )
        assert done.returncode == 0, done.stderr
    return root


@pytest.mark.parametrize(("language", "english", "expected"), EXPECTED)
def test_a_string_renders_translated(
    compiled: Path, language: str, english: str, expected: str
) -> None:
    with override_settings(LOCALE_PATHS=[compiled]), translation.override(language):
        assert translation.gettext(english) == expected
        rendered = Template("{% load i18n %}{% translate '" + english + "' %}").render(Context())
        assert rendered == expected


@pytest.mark.parametrize(
    ("language", "one", "five"),
    [
        ("it", "1 organizzazione trovata", "5 organizzazioni trovate"),
        ("de", "1 Organisation gefunden", "5 Organisationen gefunden"),
        ("sv", "1 organisation hittades", "5 organisationer hittades"),
    ],
)
def test_plural_forms_follow_the_count(compiled: Path, language: str, one: str, five: str) -> None:
    singular, plural = "%(shown)s organisation found", "%(shown)s organisations found"
    with override_settings(LOCALE_PATHS=[compiled]), translation.override(language):
        assert translation.ngettext(singular, plural, 1) % {"shown": 1} == one
        assert translation.ngettext(singular, plural, 5) % {"shown": 5} == five


@pytest.mark.parametrize(
    ("language", "expected"),
    [
        ("it", "3 membri"),
        ("de", "3 Mitglieder"),
        ("sv", "3 medlemmar"),
    ],
)
def test_blocktranslate_count_and_placeholders(
    compiled: Path, language: str, expected: str
) -> None:
    template = Template(
        "{% load i18n %}{% blocktranslate count shown=n %}{{ shown }} member"
        "{% plural %}{{ shown }} members{% endblocktranslate %}"
    )
    with override_settings(LOCALE_PATHS=[compiled]), translation.override(language):
        assert template.render(Context({"n": 3})) == expected
        # a named placeholder lands where the language puts it
        assert translation.gettext("Agenda of %(name)s") % {"name": "Ada"} != "Agenda of Ada"
        assert "Ada" in translation.gettext("Agenda of %(name)s") % {"name": "Ada"}


def test_html_in_a_translation_keeps_its_link(compiled: Path) -> None:
    template = Template(
        "{% load i18n %}{% blocktranslate %}No account yet? "
        '<a href="{{ signup_url }}">Sign up</a>.{% endblocktranslate %}'
    )
    with override_settings(LOCALE_PATHS=[compiled]), translation.override("de"):
        rendered = template.render(Context({"signup_url": "/accounts/signup/"}))
    assert rendered == 'Noch kein Konto? <a href="/accounts/signup/">Registrieren</a>.'
