from __future__ import annotations

import pytest

from crosscluster.engines.matching.glossary import (
    GLOSSARY,
    find_terms,
    gloss,
    has_terms,
    labels_mentioned,
    mentioned_labels,
)
from crosscluster.engines.matching.edih import load_hubs
from crosscluster.engines.matching.vocabulary import FACETS, Vocabulary


def test_every_vocabulary_label_has_a_gloss_and_terms(vocabulary: Vocabulary) -> None:
    for facet in FACETS:
        for label in vocabulary.facet(facet):
            assert label in GLOSSARY[facet], (facet, label)
            assert GLOSSARY[facet][label].terms
            assert gloss(facet, label).startswith(f"{label}: ")


def test_glossary_has_no_label_outside_the_vocabulary(vocabulary: Vocabulary) -> None:
    for facet in FACETS:
        assert set(GLOSSARY[facet]) <= set(vocabulary.facet(facet))


def test_terms_are_quoted_as_written_in_the_text() -> None:
    text = "Wir möchten Kameras an der Abfülllinie und WIG-Schweißen ersetzen."
    assert find_terms("technologies", "Sensors & Vision Processing Systems", text) == ("Kameras",)
    assert find_terms("sectors", "Metal working and industrial production", text) == (
        "WIG-Schweißen",
    )


def test_acronyms_match_case_sensitively_as_whole_words() -> None:
    label = "Artificial Intelligence & Decision support"
    assert find_terms("technologies", label, "Soluzioni AI per la fabbrica") == ("AI",)
    # Italian "ai" (to the) is not artificial intelligence
    assert find_terms("technologies", label, "vicino ai porti e ai treni") == ()


def test_short_terms_match_word_starts_and_long_terms_anywhere() -> None:
    robotics = "Robotics"
    assert find_terms("technologies", robotics, "Roboter und robotica") == ("Roboter", "robotica")
    # "robot" does not match inside another word
    assert find_terms("technologies", robotics, "Microbotany") == ()
    photonics = "Photonics"
    # a long stem matches inside a German compound
    assert find_terms("technologies", photonics, "Glasfasersensoren") == ("Glasfasersensoren",)


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("We need a supercomputer", [True, False]),
        ("Cobots on the line", [False, True]),
        ("", [False, False]),
    ],
)
def test_labels_mentioned_agrees_with_find_terms(text: str, expected: list[bool]) -> None:
    labels = ["High performance computing", "Robotics"]
    assert labels_mentioned("technologies", labels, text) == expected
    assert [bool(find_terms("technologies", label, text)) for label in labels] == expected


def test_a_caret_term_matches_only_at_the_start_of_a_word() -> None:
    """Sector words hidden inside other words: "transformation", "agriculture", "cybersecurity"."""
    assert not has_terms("sectors", "Education", "We support the digital transformation of SMEs.")
    assert has_terms("sectors", "Education", "Software for primary schools")
    assert not has_terms("sectors", "Cultural and creative economy", "precision agriculture")
    assert has_terms("sectors", "Cultural and creative economy", "a museum of modern culture")
    assert not has_terms("sectors", "Security", "Cybersecurity audits for SMEs")
    assert has_terms("sectors", "Security", "Security of critical sites and surveillance")
    assert not has_terms("sectors", "Retail, wholesale or distribution", "a one-stop-shop for SMEs")


def test_the_one_pass_scan_finds_what_each_labels_patterns_find() -> None:
    """Oracle: the Aho-Corasick scan (``labels_mentioned``) against every label's own regular
    expressions (``find_terms``) on real hub descriptions in many languages and on the edge cases
    of the matching rules (acronyms, word starts, whole words, ß folded to ss)."""
    texts = [hub.passage for hub in load_hubs()[::4]]
    texts += [
        "AI and KI, vicino ai porti, ML-based",
        "Glasfasersensoren, Schweißroboter, STRASSE",
        "one-stop-shop for the transformation of agriculture",
        "prever$ prever previsión",
        "",
    ]
    for facet in FACETS:
        labels = list(GLOSSARY[facet])
        for text in texts:
            expected = [bool(find_terms(facet, label, text, limit=1)) for label in labels]
            assert labels_mentioned(facet, labels, text) == expected, (facet, text[:60])
    assert mentioned_labels("technologies", "Cobots and a supercomputer") == {
        "Robotics",
        "High performance computing",
    }
