from __future__ import annotations

import math

import numpy as np
import pytest

from crosscluster.engines.matching.lexical import build_lexical_index, tokenise

DOCUMENTS = [
    "Robots and robotics for the food industry",
    "Cybersecurity audits for energy utilities and energy networks",
    "Machine vision cameras inspect bottles; cameras everywhere",
    "Digital twins of factories",
]


def reference_bm25(query: str, documents: list[str], k1: float, b: float) -> list[float]:
    """Lucene's BM25 written out by hand (the oracle for bm25s).

    Lucene (and bm25s's default "lucene" method) drops the constant (k1 + 1) of the numerator.
    """
    corpus = [tokenise(document) for document in documents]
    average = sum(len(tokens) for tokens in corpus) / len(corpus)
    scores = []
    for tokens in corpus:
        score = 0.0
        for term in tokenise(query):
            frequency = tokens.count(term)
            if frequency == 0:
                continue
            containing = sum(1 for other in corpus if term in other)
            idf = math.log(1 + (len(corpus) - containing + 0.5) / (containing + 0.5))
            norm = frequency + k1 * (1 - b + b * len(tokens) / average)
            score += idf * frequency / norm
        scores.append(score)
    return scores


@pytest.mark.parametrize(
    "query", ["cameras for bottles", "energy", "Roboter in der Lebensmittelindustrie", "zzz"]
)
def test_bm25_matches_the_hand_written_formula(query: str) -> None:
    index = build_lexical_index(DOCUMENTS, k1=1.2, b=0.75)
    expected = reference_bm25(query, DOCUMENTS, k1=1.2, b=0.75)
    assert np.allclose(index.scores(query), expected, atol=1e-5)


def test_tokens_are_folded_stopworded_and_truncated() -> None:
    assert tokenise("Die Roboter für Lebensmittel und die Überwachung") == [
        "robot",
        "leben",
        "uberw",
    ]
    assert tokenise("robots robotics", prefix=0) == ["robots", "robotics"]
    assert tokenise("2025 42") == []


def test_truncation_lets_a_german_word_meet_its_english_cousin() -> None:
    index = build_lexical_index(DOCUMENTS)
    scores = index.scores("Roboter")
    assert int(np.argmax(scores)) == 0
    assert index.matched_terms("Roboter für Lebensmittel", DOCUMENTS[0]) == ["Roboter"]


def test_empty_corpus_and_empty_documents() -> None:
    assert build_lexical_index([]).scores("anything").shape == (0,)
    index = build_lexical_index(["", "robots"])
    assert index.scores("robots")[0] == 0.0
