"""Normalisation, weighted sum (WSM) and TOPSIS, vectorised over many weight vectors at once.

Normalisation is min-max per criterion over the ranked alternatives::

    benefit: r_ij = (x_ij - min_j) / (max_j - min_j)      cost: r_ij = (max_j - x_ij) / (max_j - min_j)

so 1 is the best alternative of the set and 0 the worst; a constant criterion normalises to 1 for
everyone (it cannot separate them). This is pymcdm's ``minmax_normalization`` (the oracle in the
tests; note pymcdm's WSM defaults to sum normalisation, so the tests pass min-max explicitly).

* WSM: ``S_i = sum_j w_j r_ij``; the contribution of criterion j is ``w_j r_ij`` (exact parts).
* TOPSIS (Hwang & Yoon 1981) on the same normalised matrix: ``v_ij = w_j r_ij``, ideal ``v+_j =
  max_i v_ij``, anti-ideal ``v-_j = min_i v_ij``, ``D+_i = ||v_i - v+||``, ``D-_i = ||v_i - v-||``,
  ``S_i = D-_i / (D-_i + D+_i)``. Because weights are non-negative, ``v+_j = w_j max_i r_ij``, so
  the squared distances are ``(r - r_max)**2 @ w**2`` — one matrix product for a whole batch of
  weight vectors. When every alternative is identical (D+ = D- = 0) the score is 0.5.
"""

from __future__ import annotations

import numpy as np
import numpy.typing as npt

from crosscluster.engines.ranking.model import Method

FloatArray = npt.NDArray[np.float64]
BoolArray = npt.NDArray[np.bool_]

# Scores closer than this are ties: a batch (BLAS) product can give two identical rows scores
# that differ in the last bits, and a tie must not depend on that. Scores live in [0, 1].
TIE = 1e-12

NORMALISATION = (
    "min-max per criterion over the ranked alternatives: benefit (x - min) / (max - min), "
    "cost (max - x) / (max - min); 1 = best of the set, 0 = worst; a constant criterion is 1"
)


def normalise(values: FloatArray, benefit: BoolArray) -> FloatArray:
    """Min-max normalise each column (alternatives x criteria)."""
    low = values.min(axis=0)
    high = values.max(axis=0)
    span = high - low
    constant = span == 0
    safe = np.where(constant, 1.0, span)
    normalised = np.where(benefit, (values - low) / safe, (high - values) / safe)
    normalised[:, constant] = 1.0
    return np.asarray(normalised, dtype=np.float64)


class Scorer:
    """Scores one normalised matrix for any number of weight vectors (precomputes what it can)."""

    def __init__(self, normalised: FloatArray, method: Method) -> None:
        self.normalised = normalised
        self.method = method
        self.transposed = np.ascontiguousarray(normalised.T)
        # TOPSIS: squared gaps to the best and worst normalised value of each criterion.
        self.gap_best = np.ascontiguousarray(((normalised - normalised.max(axis=0)) ** 2).T)
        self.gap_worst = np.ascontiguousarray(((normalised - normalised.min(axis=0)) ** 2).T)

    def batch(self, weights: FloatArray) -> FloatArray:
        """``weights`` is draws x criteria; the result is draws x alternatives."""
        weights = np.atleast_2d(weights)
        if self.method == "wsm":
            return np.asarray(weights @ self.transposed, dtype=np.float64)
        squared = weights**2
        distance_best = np.sqrt(squared @ self.gap_best)
        distance_worst = np.sqrt(squared @ self.gap_worst)
        total = distance_best + distance_worst
        degenerate = total == 0
        scores = np.where(degenerate, 0.5, distance_worst / np.where(degenerate, 1.0, total))
        return np.asarray(scores, dtype=np.float64)


def score_batch(normalised: FloatArray, weights: FloatArray, method: Method) -> FloatArray:
    """Scores for a batch of weight vectors: ``weights`` is draws x criteria, result draws x alts."""
    return Scorer(normalised, method).batch(weights)


def scores(normalised: FloatArray, weights: FloatArray, method: Method) -> FloatArray:
    """Scores for one weight vector (one per alternative)."""
    return score_batch(normalised, weights.reshape(1, -1), method)[0]


def contributions(normalised: FloatArray, weights: FloatArray, method: Method) -> FloatArray:
    """Per-criterion parts of each alternative's score (alternatives x criteria); rows sum to the
    score exactly (up to floating-point rounding).

    WSM: ``w_j r_ij``. TOPSIS: the score ``D- / (D- + D+)`` written as
    ``sum_j (w_j (r_ij - r_min_j))**2 / (D- (D- + D+))`` — each criterion's share of the distance
    from the anti-ideal, scaled to the score. The parts are non-negative; a criterion on which an
    alternative is the worst contributes 0.
    """
    if method == "wsm":
        return np.asarray(normalised * weights, dtype=np.float64)
    best = normalised.max(axis=0)
    worst = normalised.min(axis=0)
    squared_worst = (weights * (normalised - worst)) ** 2
    distance_worst = np.sqrt(squared_worst.sum(axis=1))
    distance_best = np.sqrt(((weights * (normalised - best)) ** 2).sum(axis=1))
    total = distance_best + distance_worst
    denominator = distance_worst * total
    parts = np.zeros_like(normalised)
    regular = denominator > 0
    parts[regular] = squared_worst[regular] / denominator[regular, None]
    degenerate = total == 0
    parts[degenerate] = 0.5 * weights
    return parts
