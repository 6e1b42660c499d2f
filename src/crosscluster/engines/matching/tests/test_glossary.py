from __future__ import annotations

import re

import pytest

from crosscluster.engines.matching.edih import load_hubs
from crosscluster.engines.matching.embedder import fold_text
from crosscluster.engines.matching.glossary import (
    GLOSSARY,
    find_terms,
    gloss,
    gloss_languages,
    has_terms,
    labels_mentioned,
    localised_gloss,
    mentioned_labels,
)
from crosscluster.engines.matching.vocabulary import FACETS, Vocabulary


def test_every_vocabulary_label_has_a_gloss_and_terms(vocabulary: Vocabulary) -> None:
    for facet in FACETS:
        for label in vocabulary.facet(facet):
            assert label in GLOSSARY[facet], (facet, label)
            assert GLOSSARY[facet][label].terms
            assert gloss(facet, label).startswith(f"{label}: ")


def test_every_label_has_a_gloss_written_in_spanish(vocabulary: Vocabulary) -> None:
    assert gloss_languages() == ("es",)
    for language in gloss_languages():
        for facet in FACETS:
            for label in vocabulary.facet(facet):
                written = localised_gloss(facet, label, language)
                assert written != gloss(facet, label), (language, facet, label)
                assert len(written.split()) >= 3, (language, facet, label)
    assert localised_gloss("sectors", "Fishery", "es").startswith("Pesca:")
    # a language without glosses of its own reads the English ones
    assert localised_gloss("sectors", "Fishery", "de") == gloss("sectors", "Fishery")


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


def _reference_pattern(term: str) -> tuple[re.Pattern[str], bool]:
    """A term as a regular expression, written from the module docstring's rules (the patterns
    the glossary used before its one-pass scan); True when it is matched case-sensitively."""
    word = term.rstrip("$").lstrip("^")
    if word.isupper():
        return re.compile(rf"(?<!\w){re.escape(word)}(?!\w)"), True
    folded = re.escape(fold_text(word))
    if term.endswith("$"):
        return re.compile(rf"(?<!\w){folded}(?!\w)"), False
    if len(fold_text(word)) >= 7 and not term.startswith("^"):
        return re.compile(folded), False
    return re.compile(rf"(?<!\w){folded}"), False


def test_the_one_pass_scan_finds_what_each_terms_pattern_finds() -> None:
    """Oracle: the Aho-Corasick scan (``labels_mentioned``, ``find_terms``) against every term's
    own regular expression on real hub descriptions in many languages and on the edge cases of
    the matching rules (acronyms, word starts, whole words, ß folded to ss)."""
    texts = [hub.passage for hub in load_hubs()[::6]]
    texts += [
        "AI and KI, vicino ai porti, ML-based",
        "Glasfasersensoren, Schweißroboter, STRASSE",
        "one-stop-shop for the transformation of agriculture",
        "prever$ prever previsión",
        "",
    ]
    for facet in FACETS:
        labels = list(GLOSSARY[facet])
        patterns = {
            label: [_reference_pattern(term) for term in GLOSSARY[facet][label].terms]
            for label in labels
        }
        for text in texts:
            folded = fold_text(text)
            expected = [
                any(p.search(text if exact else folded) for p, exact in patterns[label])
                for label in labels
            ]
            assert labels_mentioned(facet, labels, text) == expected, (facet, text[:60])
            assert [bool(find_terms(facet, label, text)) for label in labels] == expected
    assert mentioned_labels("technologies", "Cobots and a supercomputer") == {
        "Robotics",
        "High performance computing",
    }


def test_overlapping_terms_are_quoted_once() -> None:
    label = "Big data"
    assert find_terms("technologies", label, "Big data analytics for SMEs") == ("Big data",)


@pytest.mark.parametrize(
    ("facet", "label", "text"),
    [
        # Italian words that used to fire another label (round 8b, from the first evaluation's
        # needs in Italian against their English versions)
        ("sectors", "Paper and wood", "la rete tra gli impianti e la sala controllo"),
        ("sectors", "Security", "inscatolare piccoli vasetti in sicurezza"),
        ("sectors", "Automotive", "mostrare agli automobilisti i parcheggi liberi"),
        ("sectors", "Agricultural biotechnology and food biotechnology", "prendere i farmaci"),
        ("sectors", "Life sciences", "certificazione biologica dell'olio"),
        ("services", "Vocational training", "trasformare la collezione in video"),
        ("services", "Vocational training", "la trasformazione digitale e le informazioni"),
        ("technologies", "Location-based applications", "prelevare e posizionare vasetti"),
        # round 8c, from the Italian development needs: ordinary words that fired a label
        ("sectors", "Energy", "capire quali batteri lavorano nelle vasche"),
        ("sectors", "Metal working and industrial production", "l'occupazione delle stanze"),
        ("technologies", "Location-based applications", "mettere i dati a disposizione"),
        # and the ones the new terms could be confused with
        ("sectors", "Community-Led Local Development", "un'assicurazione locale"),
        ("sectors", "Public administration", "con regole comuni di qualità"),
        ("technologies", "Location-based applications", "una deposizione di metallo"),
    ],
)
def test_italian_words_do_not_fire_an_unrelated_label(facet: str, label: str, text: str) -> None:
    assert find_terms(facet, label, text) == ()


#: round 8c: Italian terms chosen on the Italian development needs (evaluation/italian_dev_needs.json)
#: where the Italian text and its English rendering were read differently; not on the graded needs
ROUND_8C_FOUND = [
    (
        "technologies",
        "Artificial Intelligence & Decision support",
        "che preveda le vendite",
        "preveda",
    ),
    (
        "technologies",
        "Artificial Intelligence & Decision support",
        "un assistente virtuale",
        "assistente virtuale",
    ),
    (
        "technologies",
        "High performance computing",
        "ci serve potenza di calcolo",
        "potenza di calcolo",
    ),
    ("technologies", "Digital twins", "una copia virtuale della linea", "copia virtuale"),
    ("technologies", "Virtual Reality", "da visitare con un visore", "visore"),
    ("technologies", "Location-based applications", "droni che producano mappe", "mappe"),
    ("technologies", "Gamification", "trasformare gli esercizi in un gioco", "gioco"),
    (
        "technologies",
        "Micro- and nanoelectronics, optoelectronics",
        "marcatura dei circuiti stampati",
        "circuiti stampati",
    ),
    (
        "technologies",
        "Micro- and nanoelectronics, optoelectronics",
        "produttore di schede elettroniche",
        "schede elettroniche",
    ),
    (
        "technologies",
        "Organic and large area electronics",
        "etichette elettroniche stampate",
        "elettroniche stampate",
    ),
    ("technologies", "Robotics", "manipolatori comandati a distanza", "manipolatori"),
    ("technologies", "Logistics", "certificare la filiera", "filiera"),
    ("technologies", "Internet Services & Applications", "rifare il nostro sito web", "sito web"),
    (
        "technologies",
        "Sensors & Vision Processing Systems",
        "un controllo ottico delle lastre",
        "controllo ottico",
    ),
    ("technologies", "Internet of Things", "sonde collegate in rete", "collegate in rete"),
    ("technologies", "Digital twins", "un modello digitale dei serbatoi", "modello digitale"),
    (
        "technologies",
        "Cybersecurity",
        "proteggere le email dai virus informatici",
        "virus informatici",
    ),
    (
        "technologies",
        "High performance computing",
        "server con schede grafiche potenti",
        "schede grafiche",
    ),
    ("technologies", "Robotics", "carrelli a guida automatica", "guida automatica"),
    ("technologies", "Internet Services & Applications", "il portale dei servizi", "portale"),
    ("technologies", "Cyber-physical systems", "una centralina elettronica", "centralina"),
    ("technologies", "Mobility", "biciclette e monopattini condivisi", "monopattini"),
    ("sectors", "Food and beverages", "siamo un caseificio", "caseificio"),
    ("sectors", "Food and beverages", "distributore di prodotti surgelati", "surgelati"),
    ("sectors", "Manufacturing and processing", "con la manifattura additiva", "manifattura"),
    ("sectors", "Paper and wood", "il nostro mobilificio", "mobilificio"),
    ("sectors", "Energy", "batterie al litio", "batterie"),
    ("sectors", "Construction & Assembly", "gestisce edifici per uffici", "edifici"),
    ("sectors", "Education", "un istituto tecnico", "istituto tecnico"),
    ("sectors", "Environment", "il depuratore comunale", "depuratore"),
    ("sectors", "Travel and tourism", "che i visitatori inquadrino", "visitatori"),
    ("sectors", "Public administration", "un'unione di comuni", "unione di comuni"),
    (
        "sectors",
        "Agricultural biotechnology and food biotechnology",
        "tra allevatori e concerie",
        "allevatori",
    ),
    ("sectors", "Security", "un'azienda di vigilanza privata", "vigilanza"),
    ("sectors", "Life sciences", "piccola azienda farmaceutica", "farmaceutica"),
    ("sectors", "Community-Led Local Development", "un gruppo di azione locale", "azione locale"),
    ("sectors", "NMP Non-Metallic Materials & basic processes", "una cava di marmo", "cava"),
    ("sectors", "Textiles", "produttore di tessuti tecnici", "tessuti tecnici"),
]


@pytest.mark.parametrize(
    ("facet", "label", "text", "words"),
    [
        (
            "technologies",
            "Simulation engineering and modelling",
            "simulare nuovi layout",
            ("simulare",),
        ),
        (
            "technologies",
            "Blockchain and Distributed Ledger Technology (DLT)",
            "un registro non manipolabile",
            ("registro non manipolabile",),
        ),
        ("technologies", "Digital twins", "due gemelli digitali", ("gemelli digitali",)),
        ("sectors", "Energy", "ridurre la bolletta energetica", ("energetica",)),
        ("sectors", "Energy", "aeroporti e centrali elettriche", ("centrali elettriche",)),
        # what the English terms still find after their Italian namesakes were narrowed
        ("sectors", "Automotive", "Wir liefern an Automobilwerke", ("Automobilwerke",)),
        (
            "sectors",
            "Agricultural biotechnology and food biotechnology",
            "farm-to-fork",
            ("farm-to-fork",),
        ),
        ("sectors", "Life sciences", "biological and biology labs", ("biological", "biology")),
        ("services", "Vocational training", "formazione dei tecnici", ("formazione",)),
    ]
    + [(facet, label, text, (word,)) for facet, label, text, word in ROUND_8C_FOUND],
)
def test_italian_terms_found(facet: str, label: str, text: str, words: tuple[str, ...]) -> None:
    assert find_terms(facet, label, text) == words


@pytest.mark.parametrize(
    ("facet", "label", "text"),
    [
        # what the narrowed battery and punching terms still find in other languages
        ("sectors", "Energy", "Batteriespeicher und batterier"),
        ("sectors", "Energy", "battery storage"),
        ("sectors", "Energy", "batterilager"),
        ("sectors", "Metal working and industrial production", "Stanzteile und Stanzerei"),
    ],
)
def test_narrowed_terms_still_fire_in_other_languages(facet: str, label: str, text: str) -> None:
    assert find_terms(facet, label, text)
