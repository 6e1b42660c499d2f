"""WSM and TOPSIS against pymcdm (the oracle), and exact contributions."""

from __future__ import annotations

import numpy as np
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st
from hypothesis.extra.numpy import arrays
from pymcdm.methods import TOPSIS, WSM
from pymcdm.normalizations import minmax_normalization

from crosscluster.engines.ranking.methods import Scorer, contributions, normalise, score_batch


@st.composite
def problems(draw: st.DrawFn) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
    """A random matrix with mixed benefit/cost criteria and positive weights summing to 1."""
    alternatives = draw(st.integers(2, 25))
    criteria = draw(st.integers(1, 8))
    values = st.floats(-1e6, 1e6, allow_nan=False, allow_infinity=False)
    matrix = draw(arrays(np.float64, (alternatives, criteria), elements=values))
    raw = draw(arrays(np.float64, criteria, elements=st.floats(0.01, 1.0)))
    benefit = draw(arrays(np.bool_, criteria))
    return matrix, raw / raw.sum(), benefit


def pymcdm_types(benefit: np.ndarray) -> np.ndarray:
    return np.where(benefit, 1, -1)


@settings(max_examples=300, deadline=None)
@given(problems())
def test_weighted_sum_matches_pymcdm(problem: tuple[np.ndarray, np.ndarray, np.ndarray]) -> None:
    matrix, weights, benefit = problem
    ours = score_batch(normalise(matrix, benefit), weights, "wsm")[0]
    oracle = WSM(normalization_function=minmax_normalization)
    theirs = oracle(matrix, weights, pymcdm_types(benefit), validation=False)
    np.testing.assert_allclose(ours, theirs, rtol=0, atol=1e-9)


@settings(max_examples=300, deadline=None)
@given(problems())
def test_topsis_matches_pymcdm(problem: tuple[np.ndarray, np.ndarray, np.ndarray]) -> None:
    matrix, weights, benefit = problem
    normalised = normalise(matrix, benefit)
    if np.all(normalised.max(axis=0) == normalised.min(axis=0)):
        return  # all alternatives identical: pymcdm divides 0 by 0; we define 0.5 (tested below)
    ours = score_batch(normalised, weights, "topsis")[0]
    oracle = TOPSIS(normalization_function=minmax_normalization)
    theirs = oracle(matrix, weights, pymcdm_types(benefit), validation=False)
    np.testing.assert_allclose(ours, theirs, rtol=0, atol=1e-9)


@settings(max_examples=200, deadline=None)
@given(problems(), st.sampled_from(["wsm", "topsis"]))
def test_contributions_add_up_to_the_score(
    problem: tuple[np.ndarray, np.ndarray, np.ndarray], method: str
) -> None:
    matrix, weights, benefit = problem
    normalised = normalise(matrix, benefit)
    parts = contributions(normalised, weights, method)  # type: ignore[arg-type]
    scores = score_batch(normalised, weights, method)[0]  # type: ignore[arg-type]
    np.testing.assert_allclose(parts.sum(axis=1), scores, rtol=0, atol=1e-12)
    assert np.all(parts >= 0)


@settings(max_examples=50, deadline=None)
@given(problems(), st.sampled_from(["wsm", "topsis"]))
def test_a_batch_scores_each_weight_vector_like_a_single_call(
    problem: tuple[np.ndarray, np.ndarray, np.ndarray], method: str
) -> None:
    matrix, weights, benefit = problem
    normalised = normalise(matrix, benefit)
    batch = np.vstack([weights, np.roll(weights, 1)])
    scorer = Scorer(normalised, method)  # type: ignore[arg-type]
    together = scorer.batch(batch)
    for row, vector in enumerate(batch):
        np.testing.assert_allclose(together[row], scorer.batch(vector)[0], atol=1e-15)


def test_min_max_normalisation_by_hand() -> None:
    matrix = np.array([[10.0, 100.0, 5.0], [20.0, 300.0, 5.0], [40.0, 200.0, 5.0]])
    benefit = np.array([True, False, True])
    expected = np.array([[0.0, 1.0, 1.0], [1 / 3, 0.0, 1.0], [1.0, 0.5, 1.0]])
    np.testing.assert_allclose(normalise(matrix, benefit), expected)


def test_weighted_sum_contributions_by_hand() -> None:
    normalised = np.array([[1.0, 0.0], [0.5, 1.0]])
    weights = np.array([0.75, 0.25])
    np.testing.assert_allclose(
        contributions(normalised, weights, "wsm"), [[0.75, 0.0], [0.375, 0.25]]
    )
    np.testing.assert_allclose(score_batch(normalised, weights, "wsm")[0], [0.75, 0.625])


def test_topsis_by_hand() -> None:
    # Two criteria, equal weights; A is best on both, C worst on both, B in between.
    normalised = np.array([[1.0, 1.0], [0.5, 0.0], [0.0, 0.0]])
    weights = np.array([0.5, 0.5])
    scores = score_batch(normalised, weights, "topsis")[0]
    # B: D+ = sqrt(0.25^2 + 0.5^2), D- = 0.25  -> 0.25 / (0.25 + 0.559...)
    expected_b = 0.25 / (0.25 + np.sqrt(0.25**2 + 0.5**2))
    np.testing.assert_allclose(scores, [1.0, expected_b, 0.0])
    parts = contributions(normalised, weights, "topsis")
    np.testing.assert_allclose(parts[1], [expected_b, 0.0])  # all of B's distance from worst is c1


def test_identical_alternatives_score_one_half_under_topsis() -> None:
    normalised = normalise(np.array([[3.0, 1.0], [3.0, 1.0]]), np.array([True, False]))
    weights = np.array([0.4, 0.6])
    assert list(score_batch(normalised, weights, "topsis")[0]) == [0.5, 0.5]
    np.testing.assert_allclose(contributions(normalised, weights, "topsis").sum(axis=1), [0.5, 0.5])


@pytest.mark.parametrize("method", ["wsm", "topsis"])
def test_a_dominating_alternative_scores_highest(method: str) -> None:
    rng = np.random.default_rng(3)
    matrix = rng.uniform(0, 10, size=(12, 5))
    benefit = np.array([True, False, True, False, True])
    matrix[4] = np.where(benefit, matrix.max(axis=0) + 1, matrix.min(axis=0) - 1)
    scores = score_batch(normalise(matrix, benefit), np.full(5, 0.2), method)[0]  # type: ignore[arg-type]
    assert int(np.argmax(scores)) == 4
