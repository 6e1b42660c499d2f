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
