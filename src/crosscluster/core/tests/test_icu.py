"""One way to read the reader's language (``core.i18n.active_language``) and one loader of ICU
(``core.icu``): country sorting, zone names and percentages fall back to plain forms where the
ICU wheel is missing."""

from __future__ import annotations

import sys
from collections.abc import Iterator

import pytest
from django.test import override_settings
from django.utils import translation

from crosscluster.core import countries, i18n, icu, times


@pytest.mark.parametrize(
    ("active", "given", "expected"),
    [("de", None, "de"), ("pt", None, "pt"), ("de", "sv", "sv"), ("en", "de-AT", "de")],
)
def test_active_language_is_the_base_code(active: str, given: str | None, expected: str) -> None:
    with translation.override(active):
        assert i18n.active_language(given) == expected


def test_active_language_falls_back_to_the_sites_language() -> None:
    with override_settings(LANGUAGE_CODE="fr-ch"), translation.override(None):
        assert translation.get_language() is None
        assert i18n.active_language() == "fr"


def _clear_caches() -> None:
    countries._collator.cache_clear()
    times._named_zone_choices.cache_clear()
    i18n._percent_format.cache_clear()


@pytest.fixture
def without_icu(monkeypatch: pytest.MonkeyPatch) -> Iterator[None]:
    """As on a platform the ICU wheel is not built for: ``import icu`` fails."""
    _clear_caches()
    monkeypatch.setitem(sys.modules, "icu", None)
    yield
    monkeypatch.undo()
    _clear_caches()


def test_icu_is_loaded_where_the_wheel_is_installed() -> None:
    assert icu.available()
    assert str(icu.locale("de")) == "de"


@pytest.mark.usefixtures("without_icu")
def test_without_icu_the_loader_answers_none() -> None:
    assert not icu.available()
    assert icu.module() is None
    assert icu.locale("de") is None


@pytest.mark.usefixtures("without_icu")
def test_without_icu_names_sort_without_case_and_accents() -> None:
    names = [("AT", "Österreich"), ("CY", "Zypern"), ("DE", "deutschland")]
    assert countries.by_local_name(names, language="sv") == [names[2], names[0], names[1]]


@pytest.mark.usefixtures("without_icu")
def test_without_icu_zones_are_offered_by_their_ids() -> None:
    with translation.override("de"):
        assert times.named_zone_choices() == times.zone_choices()


@pytest.mark.usefixtures("without_icu")
def test_without_icu_a_percentage_is_written_plainly() -> None:
    with translation.override("de"):
        assert i18n.format_percent(0.6667, 1) == "66.7%"


def test_with_icu_the_same_calls_use_the_languages_rules() -> None:
    _clear_caches()
    names = [("AT", "Österrike"), ("CY", "Cypern"), ("DE", "Tyskland")]
    assert countries.by_local_name(names, language="sv") == [names[1], names[2], names[0]]
    with translation.override("de"):
        assert i18n.format_percent(0.6667, 1) == "66,7\u00a0%"
        assert times.named_zone_choices() != times.zone_choices()
