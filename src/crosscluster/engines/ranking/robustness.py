"""Monte Carlo robustness: how often each alternative stays in the top N when the weights move.

Weights are drawn from a Dirichlet distribution centred on the chosen weights ``w``:
``W ~ Dirichlet(concentration * w)``. Each draw sums to 1, has mean ``w`` and variance
``w_j (1 - w_j) / (concentration + 1)``: with the default concentration 100 and 13 equal weights
(0.077), a weight's standard deviation is 0.026, about a third of its value. A lower concentration
means less agreement about the weights. The generator is numpy's PCG64 seeded with ``seed``: the
same seed gives the same draws and the same probabilities.

``p_top`` is the share of draws in which the alternative ranks within the top N; ties share the
place (an alternative is in the top N when fewer than N alternatives score higher by more than
``TIE`` = 1e-12, so rounding noise in the matrix products cannot split twins).
``rank_low`` and ``rank_high`` are the 5th and 95th percentiles of its rank over the draws.
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np

from crosscluster.engines.ranking.methods import TIE, FloatArray, Scorer
from crosscluster.engines.ranking.model import InputError

DEFAULT_DRAWS = 2000
DEFAULT_CONCENTRATION = 100.0
DEFAULT_SEED = 0
CHUNK = 500  # draws scored at once: bounds memory to CHUNK x alternatives floats


def robustness_rule(draws: int, concentration: float, seed: int) -> str:
    return (
        f"{draws} weight vectors drawn from Dirichlet({concentration:g} x weights) with seed "
        f"{seed}; p_top = share of draws in which the market is in the top N (ties share the "
        "place)"
    )


@dataclass(frozen=True)
class Simulation:
    p_top: FloatArray  # one per alternative
    rank_low: FloatArray  # 5th percentile of the rank
    rank_high: FloatArray  # 95th percentile of the rank


def draw_weights(weights: FloatArray, *, draws: int, seed: int, concentration: float) -> FloatArray:
    if draws < 1:
        raise InputError(f"draws: must be at least 1, got {draws}")
    if not concentration > 0:
        raise InputError(f"concentration: must be positive, got {concentration}")
    generator = np.random.Generator(np.random.PCG64(seed))
    return np.asarray(generator.dirichlet(concentration * weights, size=draws), dtype=np.float64)


def simulate(
    scorer: Scorer,
    weights: FloatArray,
    *,
    top: int,
    draws: int,
    seed: int,
    concentration: float,
) -> Simulation:
    count = scorer.normalised.shape[0]
    top = min(top, count)
    sampled = draw_weights(weights, draws=draws, seed=seed, concentration=concentration)
    in_top = np.zeros(count, dtype=np.int64)
    ranks = np.empty((draws, count), dtype=np.int32)
    positions = np.arange(1, count + 1, dtype=np.int32)
    for start in range(0, draws, CHUNK):
        block = scorer.batch(sampled[start : start + CHUNK])
        threshold = np.partition(block, count - top, axis=1)[:, count - top]
        in_top += (block >= threshold[:, None] - TIE).sum(axis=0)
        order = np.argsort(-block, axis=1, kind="stable")
        ordered = np.take_along_axis(block, order, axis=1)
        # Competition ranks: an alternative within TIE of the one before it shares its rank.
        starts = np.ones(ordered.shape, dtype=bool)
        starts[:, 1:] = (ordered[:, :-1] - ordered[:, 1:]) > TIE
        shared = np.maximum.accumulate(np.where(starts, positions, 0), axis=1)
        rows = np.arange(block.shape[0])[:, None]
        ranks[start + rows, order] = shared
    low, high = np.quantile(ranks, [0.05, 0.95], axis=0, method="inverted_cdf")
    return Simulation(
        p_top=in_top / draws,
        rank_low=np.asarray(low, dtype=np.float64),
        rank_high=np.asarray(high, dtype=np.float64),
    )
