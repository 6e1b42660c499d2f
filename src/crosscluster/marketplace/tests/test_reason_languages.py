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
        assert describe(geography) == "grenzüberschreitend: PT → DE"
        assert describe(semantic).startswith("sprachübergreifend bedeutungsähnliche")
    with translation.override("en"):
        assert describe(geography) == "cross-border: PT → DE"
