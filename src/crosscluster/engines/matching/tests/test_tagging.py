from __future__ import annotations

import numpy as np
import pytest

from crosscluster.engines.matching.embedder import HashingEmbedder
from crosscluster.engines.matching.tagging import (
    FEATURES,
    TagModel,
    _keyword_evidence,
    _neighbour_vote,
    fit_logistic,
    fit_tag_model,
    label_glosses,
    label_probabilities,
    suggest_tags,
)
from crosscluster.engines.matching.types import Profile, Tag
from crosscluster.engines.matching.vocabulary import Vocabulary

REFERENCES = [
    ("industrial robots and cobots for assembly lines", {"Robotics": 5}),
    ("robot arms, robotic welding cells and mobile robots", {"Robotics": 4, "Cybersecurity": 1}),
    ("cybersecurity audits, penetration tests and ransomware protection", {"Cybersecurity": 5}),
    ("security operations centre, encryption and cybersecurity training", {"Cybersecurity": 4}),
    ("3D printing of metal parts and additive manufacturing", {"Additive manufacturing": 5}),
    ("additive manufacturing, 3D printers and rapid prototyping", {"Additive manufacturing": 3}),
    ("robots with cameras for quality inspection", {"Robotics": 3}),
]


def small_model(embedder: HashingEmbedder, vocabulary: Vocabulary) -> TagModel:
    profiles = [
        Profile(
            id=str(number),
            text=text,
            technologies=tuple(Tag(label, level) for label, level in tags.items()),
        )
        for number, (text, tags) in enumerate(REFERENCES)
    ]
    vectors = embedder.embed_passages([profile.passage for profile in profiles])
    glosses = {"technologies": embedder.embed_passages(label_glosses(vocabulary, "technologies"))}
    return fit_tag_model(
        profiles,
        vectors,
        glosses,
        vocabulary=vocabulary,
        embedder_name=embedder.name,
        facets=("technologies",),
    )


def test_suggestions_name_the_topic_and_quote_the_evidence(
    embedder: HashingEmbedder, vocabulary: Vocabulary
) -> None:
    model = small_model(embedder, vocabulary)
    texts = ["We want collaborative robots to pack jars", "Protect our network from ransomware"]
    suggestions = suggest_tags(model, "technologies", embedder.embed_passages(texts), texts, top=3)
    assert suggestions[0][0].label == "Robotics"
    assert suggestions[0][0].evidence == ("robots",)
    assert suggestions[1][0].label == "Cybersecurity"
    assert all(len(row) == 3 for row in suggestions)
    assert all(0.0 <= tag.score <= 1.0 for row in suggestions for tag in row)
    assert all(row[0].score >= row[1].score >= row[2].score for row in suggestions)


def test_fitting_is_deterministic(embedder: HashingEmbedder, vocabulary: Vocabulary) -> None:
    first = small_model(embedder, vocabulary).facet("technologies")
    second = small_model(embedder, vocabulary).facet("technologies")
    for mode in first.coefficients:
        assert np.array_equal(first.coefficients[mode][0], second.coefficients[mode][0])


def test_short_mode_ignores_the_hub_learned_signals(
    embedder: HashingEmbedder, vocabulary: Vocabulary
) -> None:
    model = small_model(embedder, vocabulary)
    coefficients, _ = model.facet("technologies").coefficients["short"]
    unused = [FEATURES.index(name) for name in ("centroid", "neighbours", "prior", "evidence")]
    assert np.all(coefficients[unused] == 0.0)
    with pytest.raises(ValueError, match="mode must be one of"):
        label_probabilities(model, "technologies", np.zeros((1, 256), np.float32), ["x"], mode="x")


def test_a_text_in_a_language_with_glosses_is_read_against_them(
    embedder: HashingEmbedder, vocabulary: Vocabulary
) -> None:
    """Oracle: reading a text as Spanish is reading it with the Spanish glosses in place of the
    English ones (same coefficients); a language without glosses reads the English ones."""
    from dataclasses import replace

    english = small_model(embedder, vocabulary)
    spanish = embedder.embed_passages(label_glosses(vocabulary, "technologies", "es"))
    profiles = [
        Profile(id=str(n), text=text, technologies=tuple(Tag(k, v) for k, v in tags.items()))
        for n, (text, tags) in enumerate(REFERENCES)
    ]
    model = fit_tag_model(
        profiles,
        embedder.embed_passages([profile.passage for profile in profiles]),
        {"technologies": embedder.embed_passages(label_glosses(vocabulary, "technologies"))},
        vocabulary=vocabulary,
        embedder_name=embedder.name,
        facets=("technologies",),
        localised_gloss_vectors={"es": {"technologies": spanish}},
    )
    swapped = TagModel(
        english.embedder_name,
        english.settings,
        {"technologies": replace(english.facet("technologies"), gloss_vectors=spanish)},
    )
    texts = ["Buscamos robots colaborativos para envasar los tarros"]
    vectors = embedder.embed_queries(texts)
    as_spanish = label_probabilities(
        model, "technologies", vectors, texts, mode="short", language="es"
    )
    assert np.allclose(
        as_spanish, label_probabilities(swapped, "technologies", vectors, texts, mode="short")
    )
    as_english = label_probabilities(model, "technologies", vectors, texts, mode="short")
    assert not np.allclose(as_spanish, as_english)
    for language in (None, "de"):
        assert np.array_equal(
            label_probabilities(
                model, "technologies", vectors, texts, mode="short", language=language
            ),
            label_probabilities(english, "technologies", vectors, texts, mode="short"),
        )


def test_logistic_fit_reaches_a_stationary_point() -> None:
    """Oracle: at the optimum the gradient of the penalised log-loss is zero."""
    generator = np.random.default_rng(3)
    features = generator.normal(size=(200, 3))
    targets = (features[:, 0] - 0.5 * features[:, 1] + generator.normal(size=200) > 0).astype(float)
    coefficients, intercept = fit_logistic(features[:, None, :], targets[:, None], 1.0)
    scale = features.std(axis=0)
    theta = coefficients * scale
    probabilities = 1 / (1 + np.exp(-(features @ coefficients + intercept)))
    gradient = (features / scale).T @ (probabilities - targets) + theta
    assert np.allclose(gradient, 0.0, atol=1e-3)
    assert coefficients[0] > 0 > coefficients[1]


def test_neighbour_vote_is_a_similarity_weighted_average() -> None:
    from crosscluster.engines.matching.tagging import TaggerSettings

    similarities = np.array([[0.9, 0.9, -np.inf]], dtype=np.float32)
    levels = np.array([[1.0, 0.0], [0.0, 1.0], [1.0, 1.0]], dtype=np.float32)
    vote = _neighbour_vote(similarities, levels, TaggerSettings(neighbours=3))
    assert np.allclose(vote, [[0.5, 0.5]])


def test_keyword_evidence_by_hand() -> None:
    """Oracle: the smoothed naive-Bayes log-odds change written out for one label.

    Four profiles; the label is declared by the first two; its keyword fires in the first and the
    third. Base rate (2 + 0.5) / (4 + 1) = 0.5. With smoothing a = 2:
    P(declared | fires) = (1 + 2 * 0.5) / (2 + 2) = 0.5 -> change 0 (a keyword that fires as
    often without the label as with it says nothing); P(declared | silent) = (1 + 1) / (2 + 2)
    = 0.5 -> 0. A second label declared exactly where its keyword fires (1st and 2nd):
    P(fires) = (2 + 1) / (2 + 2) = 0.75 -> logit 1.0986; P(silent) = (0 + 1) / 4 = 0.25 -> -1.0986.
    """
    keywords = np.array([[1, 1], [0, 1], [1, 0], [0, 0]], dtype=float)
    declared = np.array([[1, 1], [1, 1], [0, 0], [0, 0]], dtype=float)
    evidence = _keyword_evidence(keywords, declared, 2.0)
    assert np.allclose(evidence[:, 0], [0.0, 0.0])
    assert np.allclose(evidence[:, 1], [np.log(3.0), -np.log(3.0)])


def test_shipped_tag_model_covers_every_facet(tag_model: TagModel, vocabulary: Vocabulary) -> None:
    for facet in ("technologies", "sectors", "services"):
        assert tag_model.facet(facet).labels == vocabulary.facet(facet)
    with pytest.raises(KeyError):
        tag_model.facet("colours")
