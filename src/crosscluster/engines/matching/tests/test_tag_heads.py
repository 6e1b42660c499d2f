"""Round 10's harness: other heads on the tagger's own features, fold by fold."""

from __future__ import annotations

import numpy as np
import pytest

from crosscluster.engines.matching.embedder import HashingEmbedder
from crosscluster.engines.matching.evaluation.tag_count import FACETS, Data, evaluate
from crosscluster.engines.matching.evaluation.tag_heads import (
    PROTOCOLS,
    fold_of,
    folds_of,
    lexical_neighbours,
    lexical_vote,
    lexical_votes,
    logistic,
    measure,
)
from crosscluster.engines.matching.tagging import label_glosses
from crosscluster.engines.matching.tests.test_tag_count import small_data
from crosscluster.engines.matching.types import Profile, Tag
from crosscluster.engines.matching.vocabulary import Vocabulary


def test_the_shipped_head_gives_tag_counts_figures_in_every_protocol(
    embedder: HashingEmbedder, vocabulary: Vocabulary
) -> None:
    """Oracle: ``tag_count``'s exactly-top figures (themselves ``evaluation.second``'s), which
    fit and apply the tagger through ``fit_tag_model`` and ``label_probabilities``."""
    data = small_data(embedder, vocabulary)
    folds = {facet: folds_of(data, facet) for facet in FACETS}
    heads = {"shipped": logistic, "again": logistic, "lexical": lexical_neighbours(5, 3, 0.2)}
    report = measure(data, folds, heads, PROTOCOLS, top=3)
    expected = evaluate(data, top=3)
    for facet in FACETS:
        for protocol in PROTOCOLS:
            assert report["shipped"][protocol][facet] == pytest.approx(
                expected[facet]["exactly top"][protocol], abs=6e-4
            )
    for protocol in PROTOCOLS:
        assert report["again"][protocol] == report["shipped"][protocol]
        assert report["again"][protocol]["paired SE of the mean vs the first head"] == 0.0
        assert 0.0 <= report["lexical"][protocol]["mean"] <= 1.0


def test_lexical_vote_by_hand() -> None:
    scores = np.array([[4.0, 2.0, 0.0], [0.0, 3.0, 3.0]])
    levels = np.array([[1.0, 0.0], [0.0, 0.6], [0.2, 0.2]], dtype=np.float32)
    vote = lexical_vote(scores, levels, neighbours=2, temperature=0.5)
    # row 0: references 0 and 1 at 4/4 and 2/4 of the best: weights e^0 and e^-1, normalised
    first, second = 1.0, np.exp(-1.0)
    assert vote[0] == pytest.approx([first / (first + second), 0.6 * second / (first + second)])
    # row 1: references 1 and 2 tie at the best: the mean of their levels
    assert vote[1] == pytest.approx([0.1, 0.4])


def test_a_hub_is_never_its_own_lexical_neighbour(
    embedder: HashingEmbedder, vocabulary: Vocabulary
) -> None:
    """Two hubs with the same words and different labels: each one's vote is the other's
    labels; a hub with words of its own gets nothing of itself."""
    texts = [
        ("welding robots for shipyards", "Robotics"),
        ("welding robots for shipyards", "Cybersecurity"),
        ("cloud platforms for schools and universities", "Cloud Services"),
        ("sensors in vineyards measuring soil humidity", "Internet of Things"),
        ("simulation of traffic flows in cities", "Simulation engineering and modelling"),
        ("virtual reality for museums", "Virtual Reality"),
    ]
    hubs = tuple(
        Profile(id=str(n), text=text, technologies=(Tag(label, 5),))
        for n, (text, label) in enumerate(texts)
    )
    vectors = embedder.embed_passages([hub.passage for hub in hubs])
    glosses = {f: embedder.embed_passages(label_glosses(vocabulary, f)) for f in ("technologies",)}
    data = Data(hubs, vectors, glosses, vocabulary, embedder.name)
    fold = fold_of(data, "technologies", list(range(6)), [0])
    own, tested = lexical_votes(data, fold, prefix=5, neighbours=1, temperature=0.2)
    labels = vocabulary.facet("technologies")
    assert own[0, labels.index("Cybersecurity")] == pytest.approx(1.0)
    assert own[0, labels.index("Robotics")] == 0.0
    assert own[1, labels.index("Robotics")] == pytest.approx(1.0)
    for row in range(2, 6):  # its best-scoring other hub shares no word: never itself
        assert own[row, labels.index(texts[row][1])] == 0.0
    # a tested hub is not left out of the references it is read against: it finds itself
    assert tested[0, labels.index("Robotics")] + tested[0, labels.index("Cybersecurity")] == (
        pytest.approx(1.0)
    )
