"""The evaluation's own pieces: metrics (hand-computed), relevance, the needs file, the splits."""

from __future__ import annotations

import math

import pytest

from crosscluster.engines.matching.evaluation.metrics import (
    dcg,
    hit_at_k,
    micro_f1,
    ndcg_at_k,
    reciprocal_rank,
)
from crosscluster.engines.matching.evaluation.relevance import gain
from crosscluster.engines.matching.evaluation.run import LANGUAGES, load_needs, split_needs
from crosscluster.engines.matching.types import Profile, Tag
from crosscluster.engines.matching.vocabulary import Vocabulary


def test_ndcg_by_hand() -> None:
    gains = {"a": 3.0, "b": 1.0}
    # ranking b, x, a: DCG = (2^1-1)/log2(2) + 0 + (2^3-1)/log2(4) = 1 + 3.5 = 4.5
    # ideal a, b: 7/1 + 1/log2(3)
    assert dcg([1.0, 0.0, 3.0]) == pytest.approx(4.5)
    assert ndcg_at_k(["b", "x", "a"], gains) == pytest.approx(4.5 / (7 + 1 / math.log2(3)))
    assert ndcg_at_k(["a", "b"], gains) == pytest.approx(1.0)
    assert ndcg_at_k(["x"], {}) == 0.0


def test_rank_metrics_by_hand() -> None:
    assert reciprocal_rank(["x", "y", "a"], {"a"}) == pytest.approx(1 / 3)
    assert reciprocal_rank(["x"], {"a"}) == 0.0
    assert hit_at_k(["x"] * 10 + ["a"], {"a"}, 10) == 0.0
    assert hit_at_k(["x", "a"], {"a"}, 10) == 1.0


def test_micro_f1_by_hand() -> None:
    precision, recall, f1 = micro_f1([{"a", "b"}, {"c"}], [{"a"}, {"c", "d", "e"}])
    assert (precision, recall) == (pytest.approx(2 / 3), pytest.approx(2 / 4))
    assert f1 == pytest.approx(2 * (2 / 3) * 0.5 / (2 / 3 + 0.5))


def test_gain_follows_its_definition() -> None:
    hub = Profile(
        id="h",
        text="",
        technologies=(Tag("Robotics", 5), Tag("Digital twins", 2)),
        sectors=(Tag("Automotive", 4),),
    )
    # tech = (5 + 2) / 10 = 0.7, sector = 4/5 = 0.8 -> 3 * (1.4 + 0.8) / 3 = 2.2
    assert gain(hub, ["Robotics", "Digital twins"], ["Automotive"]) == pytest.approx(2.2)
    # no sector asked: 3 * (2 * 1.0) / 2 = 3
    assert gain(hub, ["Robotics"], []) == pytest.approx(3.0)
    # the sector alone is worth nothing
    assert gain(hub, ["Cybersecurity"], ["Automotive"]) == 0.0


def test_needs_file_has_36_needs_in_six_languages(vocabulary: Vocabulary) -> None:
    needs = load_needs()
    assert len({need.id for need in needs}) == 36
    assert len(needs) == 36 * len(LANGUAGES)
    for need in needs:
        assert need.text.strip()
        assert 1 <= len(need.technologies) <= 3
        assert len(need.sectors) <= 2
        assert set(need.technologies) <= set(vocabulary.facet("technologies"))
        assert set(need.sectors) <= set(vocabulary.facet("sectors"))


def test_need_split_is_seeded_and_disjoint() -> None:
    needs = load_needs()
    development, test = split_needs(needs)
    assert (development, test) == split_needs(needs)
    assert not development & test
    assert len(development) == len(test) == 18
