"""Match reasons name the taxonomy's labels in the reader's language (issue 14)."""

from __future__ import annotations

from django.utils import translation

from crosscluster.marketplace.templatetags.marketplace_reasons import describe

PARTS = {
    "code": "cross_sectoral",
    "labels": ["Automotive"],
    "other_labels": ["Energy", "Robotics"],
}


def test_match_reasons_name_the_labels_in_the_readers_language() -> None:
    with translation.override("de"):
        german = describe(PARTS)
    assert "Automobilindustrie" in german
    assert "Energie" in german
    assert "Robotik" in german
    with translation.override("en"):
        english = describe(PARTS)
    assert "Automotive" in english
    assert "Energy" in english


def test_reasons_with_an_arrow_are_found_in_the_catalogue() -> None:
    """The arrow is written as itself in the source: a ``\\u2192`` escape was extracted as six
    characters, so these two reasons stayed English in every language."""
    geography = {"code": "geography", "countries": ["PT", "DE"]}
    semantic = {
        "code": "semantic",
        "number": 0.81,
        "rank": 2,
        "total": 40,
        "need_language": "pt",
        "provider_language": "de",
    }
    with translation.override("de"):
        assert describe(geography) == "grenzüberschreitend: Portugal → Deutschland"
        assert describe(semantic).startswith("sprachübergreifend bedeutungsähnliche")
    with translation.override("en"):
        assert describe(geography) == "cross-border: Portugal → Germany"


def test_match_reasons_name_countries_in_the_readers_language() -> None:
    """The engine names countries by ISO code; the page names them as CLDR does in the reader's
    language (docs/languages.md), and a place the engine could not read stays as written."""
    same = {"code": "geography", "countries": ["SE", "SE"]}
    target = {"code": "geography", "countries": ["DE", "IT"], "target": True}
    unknown = {"code": "geography", "countries": ["Atlantis", "ES"]}
    with translation.override("de"):
        assert "Schweden" in describe(same)
        assert "Italien" in describe(target)
        assert "Atlantis" in describe(unknown)
        assert "Spanien" in describe(unknown)
    with translation.override("fr"):
        assert "Suède" in describe(same)
        text = describe(target)
        assert "Allemagne" in text
        assert "Italie" in text
        assert "DE" not in text
        assert "Espagne" in describe(unknown)
    with translation.override("en"):
        assert describe(same) == "same country: Sweden"
