"""Monte Carlo robustness: seeded, bounded, and certain for a dominating alternative."""

from __future__ import annotations

import numpy as np
import pytest

from crosscluster.engines.ranking.methods import Scorer, normalise
from crosscluster.engines.ranking.model import InputError
from crosscluster.engines.ranking.robustness import draw_weights, simulate


def problem(
    seed: int = 1, alternatives: int = 30, criteria: int = 6
) -> tuple[np.ndarray, np.ndarray]:
    rng = np.random.default_rng(seed)
    values = rng.normal(size=(alternatives, criteria))
    benefit = rng.random(criteria) < 0.6
    weights = rng.dirichlet(np.ones(criteria))
    return normalise(values, benefit), weights


@pytest.mark.parametrize("method", ["wsm", "topsis"])
def test_the_same_seed_gives_the_same_probabilities(method: str) -> None:
    normalised, weights = problem()
    scorer = Scorer(normalised, method)  # type: ignore[arg-type]
    runs = [
        simulate(scorer, weights, top=4, draws=300, seed=seed, concentration=50)
        for seed in (7, 7, 8)
    ]
    np.testing.assert_array_equal(runs[0].p_top, runs[1].p_top)
    np.testing.assert_array_equal(runs[0].rank_low, runs[1].rank_low)
    assert not np.array_equal(runs[0].p_top, runs[2].p_top)


@pytest.mark.parametrize("method", ["wsm", "topsis"])
def test_probabilities_are_shares_of_the_top_places(method: str) -> None:
    normalised, weights = problem(seed=2)
    result = simulate(
        Scorer(normalised, method),  # type: ignore[arg-type]
        weights,
        top=5,
        draws=400,
        seed=0,
        concentration=20,
    )
    assert np.all((result.p_top >= 0) & (result.p_top <= 1))
    # Continuous data, no ties: every draw has exactly five members in the top 5.
    assert result.p_top.sum() == pytest.approx(5.0, abs=1e-9)
    assert np.all(result.rank_low <= result.rank_high)


@pytest.mark.parametrize("method", ["wsm", "topsis"])
def test_a_dominating_alternative_always_stays_on_top(method: str) -> None:
    normalised, weights = problem(seed=3)
    normalised[11] = normalised.max(axis=0)
    normalised[11, 0] += 0.1  # strictly better on one criterion, at least as good on all
    result = simulate(
        Scorer(normalised, method),  # type: ignore[arg-type]
        weights,
        top=1,
        draws=500,
        seed=0,
        concentration=1.0,  # very uncertain weights
    )
    assert result.p_top[11] == 1.0
    assert result.rank_low[11] == result.rank_high[11] == 1


def test_near_certain_weights_reproduce_the_baseline_top() -> None:
    normalised, weights = problem(seed=4)
    scorer = Scorer(normalised, "wsm")
    baseline = scorer.batch(weights)[0]
    top = set(np.argsort(-baseline)[:4].tolist())
    result = simulate(scorer, weights, top=4, draws=200, seed=0, concentration=1e9)
    assert {int(index) for index in np.nonzero(result.p_top == 1.0)[0]} == top
    assert result.p_top.sum() == pytest.approx(4.0)


def test_draws_are_centred_on_the_weights() -> None:
    weights = np.array([0.5, 0.3, 0.2])
    draws = draw_weights(weights, draws=20000, seed=0, concentration=100)
    np.testing.assert_allclose(draws.sum(axis=1), 1.0)
    np.testing.assert_allclose(draws.mean(axis=0), weights, atol=0.002)
    expected_sd = np.sqrt(weights * (1 - weights) / 101)
    np.testing.assert_allclose(draws.std(axis=0), expected_sd, rtol=0.03)


@pytest.mark.parametrize(("draws", "concentration"), [(0, 10.0), (10, 0.0)])
def test_bad_settings_are_refused(draws: int, concentration: float) -> None:
    with pytest.raises(InputError):
        draw_weights(np.array([0.5, 0.5]), draws=draws, seed=0, concentration=concentration)
