"""Analytic Hierarchy Process: weights from pairwise comparisons, consistency, group combination.

For a positive reciprocal matrix ``A`` (``a_ij`` = how much more important criterion i is than j,
on Saaty's 1-9 scale, ``a_ji = 1 / a_ij``) the weights are the principal right eigenvector
normalised to sum 1 (Saaty 1980). ``CI = (lambda_max - n) / (n - 1)``; ``CR = CI / RI(n)`` with
Saaty's random index; CR above 0.1 is reported as a warning (the judgements should be revisited),
not an error.

Partners are combined by the element-wise geometric mean of their judgement matrices (aggregation
of individual judgements, AIJ), then the eigenvector of the combined matrix. Why: the geometric
mean is the only averaging rule that keeps the combined matrix reciprocal (Aczel & Saaty 1983), and
AIJ is the recommended rule when the individuals act as one decision unit (Forman & Peniwati 1998),
which is what a partnership choosing its joint priority markets is. Each partner's own weights and
CR are kept so disagreements stay visible.
"""

from __future__ import annotations

import math
from collections.abc import Sequence

import numpy as np

from crosscluster.engines.ranking.model import AhpResult, GroupAhp, InputError, PartnerJudgement

# Saaty's random consistency index RI(n) (Saaty 1980, The Analytic Hierarchy Process; the values for
# n = 11..15 are those usually tabulated with it). Not defined beyond 15 criteria here.
RANDOM_INDEX: dict[int, float] = {
    1: 0.0,
    2: 0.0,
    3: 0.58,
    4: 0.90,
    5: 1.12,
    6: 1.24,
    7: 1.32,
    8: 1.41,
    9: 1.45,
    10: 1.49,
    11: 1.51,
    12: 1.48,
    13: 1.56,
    14: 1.57,
    15: 1.59,
}
CONSISTENCY_LIMIT = 0.1
RECIPROCAL_TOLERANCE = 1e-6
COMBINATION_RULE = (
    "element-wise geometric mean of the partners' judgement matrices (AIJ), then the principal "
    "eigenvector"
)


def check_pairwise(
    criteria: Sequence[str], matrix: Sequence[Sequence[float]], where: str
) -> tuple[tuple[float, ...], ...]:
    """Validate a pairwise comparison matrix; errors name ``where`` and the row and column."""
    size = len(criteria)
    if len(set(criteria)) != size:
        raise InputError(f"{where}: duplicate criteria in {list(criteria)}")
    if len(matrix) != size:
        raise InputError(f"{where}: {len(matrix)} rows, expected {size} (one per criterion)")
    rows: list[tuple[float, ...]] = []
    for row_index, row in enumerate(matrix, start=1):
        if len(row) != size:
            raise InputError(f"{where} row {row_index}: {len(row)} values, expected {size}")
        for column_index, value in enumerate(row, start=1):
            if not math.isfinite(value) or value <= 0:
                raise InputError(
                    f"{where} row {row_index}, column {column_index}: "
                    f"must be a positive number, got {value!r}"
                )
        rows.append(tuple(float(value) for value in row))
    for index in range(size):
        if abs(rows[index][index] - 1.0) > RECIPROCAL_TOLERANCE:
            raise InputError(
                f"{where} row {index + 1}, column {index + 1}: the diagonal must be 1, "
                f"got {rows[index][index]!r}"
            )
        for other in range(index + 1, size):
            upper, lower = rows[index][other], rows[other][index]
            if abs(upper * lower - 1.0) > RECIPROCAL_TOLERANCE:
                raise InputError(
                    f"{where} row {other + 1}, column {index + 1}: {lower!r} is not the reciprocal "
                    f"of row {index + 1}, column {other + 1} ({upper!r}); expected {1 / upper!r}"
                )
    return tuple(rows)


def analyse_pairwise(criteria: Sequence[str], matrix: Sequence[Sequence[float]]) -> AhpResult:
    """Principal-eigenvector weights and Saaty's consistency of one pairwise comparison matrix."""
    rows = check_pairwise(criteria, matrix, "pairwise matrix")
    size = len(rows)
    array = np.array(rows, dtype=np.float64)
    eigenvalues, eigenvectors = np.linalg.eig(array)
    principal = int(np.argmax(eigenvalues.real))
    lambda_max = float(eigenvalues[principal].real)
    vector = np.abs(eigenvectors[:, principal].real)
    weights = vector / vector.sum()
    consistency_index = 0.0 if size <= 2 else max(0.0, (lambda_max - size) / (size - 1))
    random_index = RANDOM_INDEX.get(size)
    if random_index is None:
        ratio: float | None = None
        warning: str | None = (
            f"consistency ratio not defined for {size} criteria (Saaty's random index is "
            f"tabulated up to 15); consistency index {consistency_index:.3f}"
        )
    else:
        ratio = 0.0 if random_index == 0 else consistency_index / random_index
        warning = (
            f"consistency ratio {ratio:.3f} is above {CONSISTENCY_LIMIT}: the judgements "
            "contradict each other; revisit the largest ones"
            if ratio > CONSISTENCY_LIMIT
            else None
        )
    return AhpResult(
        criteria=tuple(criteria),
        matrix=rows,
        weights=tuple(float(weight) for weight in weights),
        lambda_max=lambda_max,
        consistency_index=consistency_index,
        random_index=random_index,
        consistency_ratio=ratio,
        warning=warning,
    )


def combine_judgements(judgements: Sequence[PartnerJudgement]) -> GroupAhp:
    """Combine partners' pairwise comparisons (same criteria, same order) into one set of weights."""
    if not judgements:
        raise InputError("ahp.partners: at least one partner's comparisons are needed")
    criteria = judgements[0].criteria
    partners: list[tuple[str, AhpResult]] = []
    logs = np.zeros((len(criteria), len(criteria)))
    for judgement in judgements:
        if judgement.criteria != criteria:
            raise InputError(
                f"ahp.partners.{judgement.partner}: criteria {list(judgement.criteria)} differ "
                f"from {list(criteria)}"
            )
        rows = check_pairwise(criteria, judgement.matrix, f"ahp.partners.{judgement.partner}")
        partners.append((judgement.partner, analyse_pairwise(criteria, rows)))
        logs += np.log(np.array(rows))
    combined_matrix = np.exp(logs / len(judgements))
    # Exact reciprocity despite rounding: rebuild the lower triangle from the upper one.
    upper = np.triu(combined_matrix, 1)
    combined_matrix = upper + np.triu(1.0 / combined_matrix, 1).T + np.eye(len(criteria))
    combined = analyse_pairwise(criteria, combined_matrix.tolist())
    return GroupAhp(partners=tuple(partners), combined=combined, rule=COMBINATION_RULE)


def consistent_matrix(weights: Sequence[float]) -> tuple[tuple[float, ...], ...]:
    """The perfectly consistent matrix ``a_ij = w_i / w_j`` (for examples and tests)."""
    return tuple(tuple(first / second for second in weights) for first in weights)
