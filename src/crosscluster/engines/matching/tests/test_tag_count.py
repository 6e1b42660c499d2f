"""Round 9's count rules (how many labels a description gets) and their evaluation protocol."""

from __future__ import annotations

import numpy as np
import pytest

from crosscluster.engines.matching.embedder import HashingEmbedder
from crosscluster.engines.matching.evaluation import second
from crosscluster.engines.matching.evaluation.metrics import micro_f1
from crosscluster.engines.matching.evaluation.tag_count import (
    RULES,
    Data,
    OutOfFold,
    choose,
    counts_of,
    evaluate,
    kept_labels,
)
from crosscluster.engines.matching.tagging import label_glosses
from crosscluster.engines.matching.types import Profile, Tag
from crosscluster.engines.matching.vocabulary import FACETS, Vocabulary

#: three texts over six labels; the second has a tie (labels 2 and 4 at 0.3)
PROBABILITIES = np.array(
    [
        [0.9, 0.8, 0.05, 0.7, 0.2, 0.1],
        [0.1, 0.6, 0.3, 0.02, 0.3, 0.01],
        [0.15, 0.1, 0.12, 0.05, 0.11, 0.02],
    ]
)


@pytest.mark.parametrize("cut", [0.0, 0.1, 0.25, 0.5, 0.75, 0.95])
@pytest.mark.parametrize("top", [1, 3, 5])
def test_cut_off_keeps_the_labels_above_it_at_least_one_at_most_top(cut: float, top: int) -> None:
    counts = counts_of(PROBABILITIES, "cut-off", cut, top=top)
    for row, kept in enumerate(kept_labels(PROBABILITIES, counts, top=top)):
        above = sorted(
            np.flatnonzero(PROBABILITIES[row] >= cut), key=lambda j: -PROBABILITIES[row, j]
        )
        assert 1 <= len(kept) <= top
        if above:
            assert kept == set(above[:top]) or (len(above) > top and len(kept) == top)
            assert all(PROBABILITIES[row, j] >= cut for j in kept)
        else:  # nothing believed: the best label alone
            assert kept == {int(np.argmax(PROBABILITIES[row]))}


def test_no_cut_off_gives_exactly_top_best_first_ties_by_label_order() -> None:
    counts = counts_of(PROBABILITIES, "cut-off", 0.0, top=3)
    assert counts.tolist() == [3, 3, 3]
    assert kept_labels(PROBABILITIES, counts, top=3) == [{0, 1, 3}, {1, 2, 4}, {0, 2, 4}]
    assert kept_labels(PROBABILITIES, counts, top=2)[1] == {1, 2}  # 2 before 4 at 0.3


def test_ratio_and_expected_rules_by_hand() -> None:
    assert counts_of(PROBABILITIES, "ratio", 0.5, top=5).tolist() == [3, 3, 4]
    # expected F1 of the k best: 2 * (their probabilities) / (k + sum of all probabilities)
    expected = []
    for row in PROBABILITIES:
        best = np.sort(row)[::-1][:5]
        scores = [2 * best[:k].sum() / (k + row.sum()) for k in range(1, 6)]
        expected.append(int(np.argmax(scores)) + 1)
    assert counts_of(PROBABILITIES, "expected F1", 0.0, top=5).tolist() == expected
    assert expected[0] == 3  # 0.9, 0.8, 0.7 then labels at 0.2 and 0.1 lower the expectation
    # the expected number of labels: sum p = 2.75, 1.33, 0.55 -> rounded 3, 1, 1 (at least one)
    assert counts_of(PROBABILITIES, "expected count", 1.0, top=5).tolist() == [3, 1, 1]
    assert counts_of(PROBABILITIES, "expected count", 100.0, top=5).tolist() == [5, 5, 5]


def test_every_grid_starts_with_a_value_that_keeps_all_top() -> None:
    spread = np.linspace(0.99, 0.6, 30)[None, :]  # a text believed on many labels
    for rule, (_, grid) in RULES.items():
        assert counts_of(spread, rule, grid[0], top=5).tolist() == [5], rule


def test_micro_f1_of_the_kept_labels_and_the_oracle_count_by_hand() -> None:
    tested = OutOfFold(PROBABILITIES, [{0, 3}, {1, 2, 5}, {4}])
    # exactly 2: {0, 1} {1, 2} {0, 2}: hits 1 + 2 + 0 = 3 of 6 given, 6 declared -> F1 0.5
    assert tested.at("cut-off", 0.0, top=2) == pytest.approx(0.5)
    # oracle count min(declared, 2) = 2, 2, 1: {0, 1} {1, 2} {0}: 3 hits, 5 given -> 6/11
    assert tested.oracle(top=2) == pytest.approx(2 * 3 / 11)
    counts = counts_of(PROBABILITIES, "cut-off", 0.5, top=2)
    kept = kept_labels(PROBABILITIES, counts, top=2)
    assert tested.f1(counts, top=2) == pytest.approx(micro_f1(kept, tested.declared)[2])


def test_paired_standard_error_is_the_jackknife_of_the_difference() -> None:
    tested = OutOfFold(PROBABILITIES, [{0, 3}, {1, 2, 5}, {4}])
    differences = []
    for leave in range(3):
        rest = OutOfFold(
            np.delete(PROBABILITIES, leave, axis=0),
            tested.declared[:leave] + tested.declared[leave + 1 :],
        )
        differences.append(rest.at("cut-off", 0.5, top=3) - rest.at("cut-off", 0.0, top=3))
    spread = np.asarray(differences)
    by_hand = np.sqrt(2 / 3 * ((spread - spread.mean()) ** 2).sum())
    assert tested.paired_se("cut-off", 0.5, top=3) == pytest.approx(by_hand)
    assert tested.paired_se("cut-off", 0.0, top=3) == 0.0


def test_the_parameter_is_chosen_on_the_tuning_hubs_ties_to_the_first() -> None:
    believed = OutOfFold(PROBABILITIES, [{0, 1, 3}, {1}, {0}])
    # text 2 declares only its best label: a cut-off at 0.35 or 0.4 keeps exactly the hits
    assert choose(believed, "cut-off", top=3) == 0.35
    every_top_three = OutOfFold(PROBABILITIES, [{0, 1, 3}, {1, 2, 4}, {0, 2, 4}])
    assert choose(every_top_three, "cut-off", top=3) == 0.0


TEXTS = [
    ("industrial robots for car factories", ("Robotics",), ("Automotive",)),
    (
        "robotic welding cells for metal parts",
        ("Robotics",),
        ("Metal working and industrial production",),
    ),
    ("cybersecurity for hospitals and clinics", ("Cybersecurity",), ("Health care",)),
    (
        "ransomware protection for city services",
        ("Cybersecurity",),
        ("Smart City", "Public administration"),
    ),
    ("3D printing of titanium implants", ("Additive manufacturing",), ("Health care",)),
    ("additive manufacturing for car parts", ("Additive manufacturing",), ("Automotive",)),
    ("cloud services for schools", ("Cloud Services",), ("Education",)),
    ("big data platforms for energy grids", ("Big data", "Cloud Services"), ("Energy",)),
    (
        "digital twins of factories and machines",
        ("Digital twins",),
        ("Manufacturing and processing",),
    ),
    ("internet of things sensors in farms", ("Internet of Things",), ("Environment",)),
    (
        "AI decision support for public services",
        ("Artificial Intelligence & Decision support",),
        ("Public administration",),
    ),
    (
        "virtual reality training for construction",
        ("Virtual Reality",),
        ("Construction & Assembly",),
    ),
    (
        "robots and vision systems for food packing",
        ("Robotics", "Sensors & Vision Processing Systems"),
        (),
    ),
    (
        "simulation of traffic and mobility",
        ("Simulation engineering and modelling",),
        ("Transport & Mobility",),
    ),
    (
        "high performance computing for weather models",
        ("High performance computing",),
        ("Environment",),
    ),
    ("a hub without a description", ("Robotics",), ("Energy",)),
]


def small_data(embedder: HashingEmbedder, vocabulary: Vocabulary) -> Data:
    hubs = tuple(
        Profile(
            id=str(number),
            text="" if "without a description" in text else text,
            technologies=tuple(Tag(label, 4) for label in technologies),
            sectors=tuple(Tag(label, 3) for label in sectors),
        )
        for number, (text, technologies, sectors) in enumerate(TEXTS)
    )
    vectors = embedder.embed_passages([hub.passage or "empty" for hub in hubs])
    glosses = {facet: embedder.embed_passages(label_glosses(vocabulary, facet)) for facet in FACETS}
    return Data(hubs, vectors, glosses, vocabulary, embedder.name)


def test_protocols_are_evaluation_seconds_and_exactly_top_matches_its_figures(
    embedder: HashingEmbedder, vocabulary: Vocabulary
) -> None:
    data = small_data(embedder, vocabulary)
    setup = second.Setup(
        embedder,
        vocabulary,
        data.hubs,
        data.vectors,
        data.gloss_vectors,
        [],
        np.zeros((0, 1), np.float32),
        np.zeros((0, 1), np.float32),
        data.vectors,
    )
    report = evaluate(data, top=3)
    tagging = second.evaluate_tagging(setup, top=3)
    held_out = second.evaluate_tagging_held_out(setup, top=3)
    for facet in ("technologies", "sectors"):
        figures = report[facet]["exactly top"]
        assert figures["CV all"] == tagging[facet]["auto-tagger"]
        assert figures["held-out"] == held_out[facet]["auto-tagger"]
        assert report[facet]["oracle count"]["CV all"] >= 0.0
        for rule in RULES:
            assert report[facet][rule]["parameter"] in RULES[rule][1]
            assert 1.0 <= report[facet][rule]["mean labels (CV all)"] <= 3.0
    held = data.held_out_quarter()
    tuning = data.cross_validated("sectors", excluded=held)
    every = data.cross_validated("sectors")
    with_sectors = [hub for hub in data.hubs if hub.text and hub.sectors]
    assert len(every.declared) == len(with_sectors)  # each tested once, text-less hubs never
    assert len(tuning.declared) == len(
        [i for i, hub in enumerate(data.hubs) if hub.text and hub.sectors and i not in held]
    )
