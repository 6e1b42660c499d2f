"""``rank_markets``: score a decision matrix, explain each score, and test the top N's robustness."""

from __future__ import annotations

from collections.abc import Mapping

import numpy as np

from crosscluster.engines.ranking.methods import (
    NORMALISATION,
    TIE,
    Scorer,
    contributions,
    normalise,
)
from crosscluster.engines.ranking.model import (
    METHODS,
    Contribution,
    DecisionMatrix,
    InputError,
    MarketRanking,
    Method,
    RankedMarket,
    Robustness,
    Weights,
)
from crosscluster.engines.ranking.robustness import (
    DEFAULT_CONCENTRATION,
    DEFAULT_DRAWS,
    DEFAULT_SEED,
    robustness_rule,
    simulate,
)
from crosscluster.engines.ranking.sensitivity import Labels, what_would_change
from crosscluster.engines.ranking.weights import ahp_warnings

DEFAULT_TOP = 4
REASONS = 3  # strengths and weaknesses listed per market


def aligned_weights(matrix: DecisionMatrix, weights: Weights) -> np.ndarray:
    """The weights in the matrix's criteria order; every criterion needs exactly one weight."""
    given = weights.as_dict()
    for code in given:
        if code not in matrix.codes:
            raise InputError(
                f"weights.{code}: not a criterion of the matrix (criteria: {', '.join(matrix.codes)})"
            )
    for code in matrix.codes:
        if code not in given:
            raise InputError(f"weights: no weight for criterion {code}")
    return np.array([given[code] for code in matrix.codes], dtype=np.float64)


def rank_markets(
    matrix: DecisionMatrix,
    weights: Weights,
    *,
    method: Method = "wsm",
    top: int = DEFAULT_TOP,
    draws: int = DEFAULT_DRAWS,
    seed: int = DEFAULT_SEED,
    concentration: float = DEFAULT_CONCENTRATION,
) -> MarketRanking:
    """Rank the alternatives of ``matrix`` (best first) by ``method`` with ``weights``.

    Every market carries its score, its exact per-criterion contributions, its largest positive
    and negative contributions relative to the average market, the probability ``p_top`` of
    staying in the top ``top`` when the weights are perturbed (``draws`` Dirichlet draws with
    ``seed``), and the result says what single-weight change would alter the top ``top``.
    """
    if method not in METHODS:
        raise InputError(f"method: must be one of {', '.join(METHODS)}, got {method!r}")
    if top < 1:
        raise InputError(f"top: must be at least 1, got {top}")
    if not matrix.alternatives:
        raise InputError("matrix: no alternatives to rank")
    weight_vector = aligned_weights(matrix, weights)
    values = np.array(
        [[cell.value for cell in alternative.cells] for alternative in matrix.alternatives],
        dtype=np.float64,
    )
    benefit = np.array([criterion.direction == "benefit" for criterion in matrix.criteria])
    normalised = normalise(values, benefit)
    scorer = Scorer(normalised, method)
    base = scorer.batch(weight_vector)[0]
    parts = contributions(normalised, weight_vector, method)
    versus = parts - parts.mean(axis=0)
    count = len(matrix.alternatives)
    warnings = list(matrix.warnings) + list(ahp_warnings(weights))
    warning_parts: list[Mapping[str, object]] = (
        list(matrix.warning_parts)
        if len(matrix.warning_parts) == len(matrix.warnings)
        else [{} for _ in matrix.warnings]
    )
    warning_parts += [{} for _ in warnings[len(warning_parts) :]]
    if top > count:
        warnings.append(f"top {top}: only {count} markets are ranked")
        warning_parts.append({"code": "short_top", "top": top, "count": count})
    effective_top = min(top, count)
    simulation = simulate(
        scorer,
        weight_vector,
        top=effective_top,
        draws=draws,
        seed=seed,
        concentration=concentration,
    )
    ranks = [1 + int(np.count_nonzero(base > score + TIE)) for score in base]
    order = sorted(range(count), key=lambda row: (-base[row], matrix.alternatives[row].iso3))
    labels = Labels(
        iso3=[alternative.iso3 for alternative in matrix.alternatives],
        names=[alternative.name for alternative in matrix.alternatives],
        codes=list(matrix.codes),
        criteria=[criterion.label for criterion in matrix.criteria],
    )
    markets = []
    for row in order:
        alternative = matrix.alternatives[row]
        parts_of_row = tuple(
            Contribution(
                criterion=criterion.code,
                label=criterion.label,
                contribution=float(parts[row, column]),
                versus_average=float(versus[row, column]),
            )
            for column, criterion in enumerate(matrix.criteria)
        )
        by_effect = sorted(parts_of_row, key=lambda part: part.versus_average, reverse=True)
        strengths = tuple(part for part in by_effect[:REASONS] if part.versus_average > 0)
        weaknesses = tuple(
            part for part in reversed(by_effect[-REASONS:]) if part.versus_average < 0
        )
        imputed = tuple(matrix.criteria[column].label for column in alternative.imputed)
        markets.append(
            RankedMarket(
                iso3=alternative.iso3,
                name=alternative.name,
                score=float(base[row]),
                rank=ranks[row],
                p_top=float(simulation.p_top[row]),
                rank_low=int(simulation.rank_low[row]),
                rank_high=int(simulation.rank_high[row]),
                contributions=parts_of_row,
                strengths=strengths,
                weaknesses=weaknesses,
                imputed=imputed,
                explanation=_explain(
                    ranks[row],
                    count,
                    float(base[row]),
                    float(simulation.p_top[row]),
                    effective_top,
                    strengths,
                    weaknesses,
                    imputed,
                ),
                parts={
                    "code": "market",
                    "rank": ranks[row],
                    "count": count,
                    "score": float(base[row]),
                    "p_top": float(simulation.p_top[row]),
                    "top": effective_top,
                    "strengths": [_part(part) for part in strengths],
                    "weaknesses": [_part(part) for part in weaknesses],
                    "imputed": [matrix.criteria[column].code for column in alternative.imputed],
                },
            )
        )
    changes = what_would_change(
        scorer,
        weight_vector,
        labels=labels,
        order=order,
        ranks=ranks,
        base_scores=base,
        p_top=simulation.p_top,
        top=effective_top,
    )
    return MarketRanking(
        method=method,
        normalisation=NORMALISATION,
        top=effective_top,
        criteria=matrix.criteria,
        weights=weights,
        markets=tuple(markets),
        screened_out=matrix.screened_out,
        changes=changes,
        robustness=Robustness(
            draws=draws,
            seed=seed,
            concentration=concentration,
            rule=robustness_rule(draws, concentration, seed),
        ),
        missing_rule=matrix.missing_rule,
        source=matrix.source,
        vintage=matrix.vintage,
        warnings=tuple(warnings),
        warning_parts=tuple(warning_parts),
        missing_limit=matrix.missing_limit,
        source_parts=matrix.source_parts,
        vintage_parts=matrix.vintage_parts,
        cells={alternative.iso3: alternative.cells for alternative in matrix.alternatives},
    )


def _part(part: Contribution) -> dict[str, object]:
    return {"indicator": part.criterion, "label": part.label, "versus_average": part.versus_average}


def _explain(
    rank: int,
    count: int,
    score: float,
    p_top: float,
    top: int,
    strengths: tuple[Contribution, ...],
    weaknesses: tuple[Contribution, ...],
    imputed: tuple[str, ...],
) -> str:
    def listed(parts: tuple[Contribution, ...]) -> str:
        return ", ".join(f"{part.label} ({part.versus_average:+.3f})" for part in parts)

    text = f"Rank {rank} of {count} with {score:.3f}; in the top {top} in {p_top:.0%} of draws."
    if strengths:
        text += f" Lifted above the average market by {listed(strengths)}."
    if weaknesses:
        text += f" Held back by {listed(weaknesses)}."
    if imputed:
        text += f" Imputed (median): {', '.join(imputed)}."
    return text
