"""What would change the top N: the grid-and-bisection search against the weighted sum's exact
crossing points (the oracle: WSM scores are linear along a weight path)."""

from __future__ import annotations

import numpy as np
import pytest

from crosscluster.engines.ranking.methods import Scorer, normalise
from crosscluster.engines.ranking.sensitivity import (
    smallest_swaps,
    top_members,
    weight_path,
)


def exact_smallest_exit(
    normalised: np.ndarray, weights: np.ndarray, subject: int, top: int
) -> tuple[int, float] | None:
    """Enumerate every crossing of the subject's score with another's along every weight path;
    membership only changes there. Returns (criterion, weight) of the nearest exit."""
    best: tuple[int, float] | None = None
    scores = normalised @ weights
    for criterion in range(weights.size):
        start = weights[criterion]
        base = (scores - start * normalised[:, criterion]) / (1 - start)  # score at weight 0
        gaps = base - base[subject]
        slopes = (normalised[:, criterion] - normalised[subject, criterion]) - gaps
        crossings = sorted(
            {
                float(-gap / slope)
                for gap, slope in zip(gaps, slopes, strict=True)
                if slope != 0 and 0 <= -gap / slope <= 1
            },
            key=lambda x: abs(x - start),
        )
        for crossing in crossings:
            beyond = crossing + (1e-9 if crossing > start else -1e-9)
            if not 0 <= beyond <= 1:
                continue
            path = weight_path(weights, criterion, np.array([beyond]))
            if not top_members(path @ normalised.T, top)[0, subject]:
                if best is None or abs(crossing - start) < abs(best[1] - weights[best[0]]):
                    best = (criterion, crossing)
                break
    return best


@pytest.mark.parametrize("seed", range(12))
def test_weighted_sum_exits_match_the_exact_crossings(seed: int) -> None:
    rng = np.random.default_rng(seed)
    normalised = normalise(rng.normal(size=(9, 4)), rng.random(4) < 0.5)
    weights = rng.dirichlet(np.full(4, 3.0))
    order = np.argsort(-(normalised @ weights))
    top = 3
    found = smallest_swaps(
        Scorer(normalised, "wsm"), weights, top, [(int(s), False) for s in order[:top]]
    )
    for subject in order[:top]:
        exact = exact_smallest_exit(normalised, weights, int(subject), top)
        if exact is None:
            assert int(subject) not in found
            continue
        criterion, weight, other = found[int(subject)]
        assert abs(weight - weights[criterion]) == pytest.approx(
            abs(exact[1] - weights[exact[0]]), abs=1e-6
        )
        assert other not in order[:top]


@pytest.mark.parametrize("method", ["wsm", "topsis"])
def test_the_reported_change_does_swap_and_a_smaller_one_does_not(method: str) -> None:
    rng = np.random.default_rng(42)
    normalised = normalise(rng.normal(size=(15, 5)), np.array([True, True, False, True, False]))
    weights = rng.dirichlet(np.full(5, 4.0))
    scorer = Scorer(normalised, method)  # type: ignore[arg-type]
    order = np.argsort(-scorer.batch(weights)[0])
    top = 4
    challenger = int(order[top])
    found = smallest_swaps(scorer, weights, top, [(int(order[3]), False), (challenger, True)])
    for subject, wants_in in ((int(order[3]), False), (challenger, True)):
        criterion, target, other = found[subject]
        start = weights[criterion]
        after = top_members(scorer.batch(weight_path(weights, criterion, np.array([target]))), top)
        assert after[0, subject] == wants_in
        assert after[0, other] != wants_in
        nearer = start + (target - start) * (1 - 1e-4)
        before = top_members(scorer.batch(weight_path(weights, criterion, np.array([nearer]))), top)
        assert before[0, subject] != wants_in


def test_a_dominating_market_cannot_be_moved() -> None:
    normalised = np.array([[1.0, 1.0], [0.2, 0.9], [0.9, 0.1], [0.0, 0.0]])
    weights = np.array([0.5, 0.5])
    found = smallest_swaps(Scorer(normalised, "wsm"), weights, 1, [(0, False)])
    assert found == {}


def test_weight_path_keeps_the_sum_and_the_ratios() -> None:
    weights = np.array([0.5, 0.3, 0.2])
    path = weight_path(weights, 0, np.array([0.0, 0.8, 1.0]))
    np.testing.assert_allclose(path.sum(axis=1), 1.0)
    np.testing.assert_allclose(path[1], [0.8, 0.12, 0.08])
    np.testing.assert_allclose(path[0], [0.0, 0.6, 0.4])
