"""Criteria weights: equal, direct (``{"indicator": weight}``, normalised to sum 1), or from the
partners' AHP pairwise comparisons combined by geometric mean (see ``ahp``)."""

from __future__ import annotations

import math
from collections.abc import Mapping, Sequence

from crosscluster.engines.ranking.ahp import combine_judgements
from crosscluster.engines.ranking.model import InputError, PartnerJudgement, Weights


def equal_weights(criteria: Sequence[str]) -> Weights:
    if not criteria:
        raise InputError("weights: at least one criterion is needed")
    share = 1.0 / len(criteria)
    values = [share] * len(criteria)
    values[-1] = 1.0 - share * (len(criteria) - 1)
    return Weights(criteria=tuple(criteria), values=tuple(values), basis="equal")


def direct_weights(weights: Mapping[str, float], prefix: str = "weights.") -> Weights:
    """Weights given directly, in any positive scale; a weight of 0 leaves the criterion out.
    Error messages name ``{prefix}{criterion}``."""
    for code, value in weights.items():
        if isinstance(value, bool) or not isinstance(value, int | float):
            raise InputError(f"{prefix}{code}: must be a number, got {value!r}")
        if not math.isfinite(value) or value < 0:
            raise InputError(f"{prefix}{code}: must be a number >= 0, got {value!r}")
    used = {code: float(value) for code, value in weights.items() if value > 0}
    total = sum(used.values())
    if not used:
        raise InputError(f"{prefix.rstrip('. ')}: at least one weight must be positive")
    return Weights(
        criteria=tuple(used),
        values=_sum_to_one([value / total for value in used.values()]),
        basis="direct",
    )


def ahp_weights(judgements: Sequence[PartnerJudgement]) -> Weights:
    group = combine_judgements(judgements)
    return Weights(
        criteria=group.combined.criteria,
        values=_sum_to_one(group.combined.weights),
        basis="ahp",
        ahp=group,
    )


def ahp_warnings(weights: Weights) -> tuple[str, ...]:
    if weights.ahp is None:
        return ()
    warnings = [
        f"AHP {partner}: {result.warning}"
        for partner, result in weights.ahp.partners
        if result.warning
    ]
    if weights.ahp.combined.warning:
        warnings.append(f"AHP combined: {weights.ahp.combined.warning}")
    return tuple(warnings)


def _sum_to_one(values: Sequence[float]) -> tuple[float, ...]:
    """Put the rounding residue on the largest weight so the sum is 1 to machine precision."""
    adjusted = list(values)
    largest = max(range(len(adjusted)), key=adjusted.__getitem__)
    adjusted[largest] += 1.0 - math.fsum(adjusted)
    return tuple(adjusted)
