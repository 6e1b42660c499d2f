"""A ``MarketRanking`` as plain JSON-ready data (the CLI's output; reusable by pages and the API)."""

from __future__ import annotations

from typing import Any

from crosscluster.engines.ranking.model import (
    AhpResult,
    Contribution,
    MarketRanking,
    PlaceSensitivity,
    WeightShift,
)


def _contribution(part: Contribution) -> dict[str, Any]:
    return {
        "indicator": part.criterion,
        "label": part.label,
        "contribution": part.contribution,
        "versus_average": part.versus_average,
    }


def _shift(shift: WeightShift | None) -> dict[str, Any] | None:
    if shift is None:
        return None
    return {**shift.as_dict(), "swaps_with": {"iso3": shift.other_iso3, "name": shift.other_name}}


def _place(place: PlaceSensitivity | None) -> dict[str, Any] | None:
    if place is None:
        return None
    return {
        "iso3": place.iso3,
        "name": place.name,
        "rank": place.rank,
        "p_top": place.p_top,
        "score_gap": place.score_gap,
        "smallest_change": _shift(place.shift),
        "explanation": place.explanation,
        "explanation_parts": place.parts,
    }


def _ahp(result: AhpResult) -> dict[str, Any]:
    return {
        "weights": dict(zip(result.criteria, result.weights, strict=True)),
        "lambda_max": result.lambda_max,
        "consistency_index": result.consistency_index,
        "random_index": result.random_index,
        "consistency_ratio": result.consistency_ratio,
        "warning": result.warning,
    }


def ranking_to_dict(ranking: MarketRanking) -> dict[str, Any]:
    """The CLI contract: ``ranking`` (iso3, name, score, rank, p_top, contributions, ...),
    ``weights``, ``data`` (source, vintage), plus the reasons behind them."""
    codes = [criterion.code for criterion in ranking.criteria]
    years: dict[str, list[int]] = {code: [] for code in codes}
    for cells in ranking.cells.values():
        for code, cell in zip(codes, cells, strict=True):
            if cell.year is not None:
                years[code].append(cell.year)
    ahp = ranking.weights.ahp
    return {
        "ranking": [
            {
                "iso3": market.iso3,
                "name": market.name,
                "score": market.score,
                "rank": market.rank,
                "p_top": market.p_top,
                "contributions": market.contributions_dict(),
                "rank_interval": [market.rank_low, market.rank_high],
                "strengths": [_contribution(part) for part in market.strengths],
                "weaknesses": [_contribution(part) for part in market.weaknesses],
                "explanation": market.explanation,
                "explanation_parts": market.parts,
                "indicators": {
                    code: {"value": cell.raw, "year": cell.year, "imputed": cell.imputed}
                    for code, cell in zip(codes, ranking.cells[market.iso3], strict=True)
                },
            }
            for market in ranking.markets
        ],
        "weights": ranking.weights.as_dict(),
        "data": {
            "source": ranking.source,
            "vintage": ranking.vintage,
            "indicators": {
                criterion.code: {
                    "label": criterion.label,
                    "source": criterion.source,
                    "unit": criterion.unit,
                    "direction": criterion.direction,
                    "transform": criterion.transform,
                    "years": [min(years[criterion.code]), max(years[criterion.code])]
                    if years[criterion.code]
                    else None,
                }
                for criterion in ranking.criteria
            },
            "missing": ranking.missing_rule,
            "missing_limit": ranking.missing_limit,
            "source_parts": [dict(part) for part in ranking.source_parts],
            "vintage_parts": [dict(part) for part in ranking.vintage_parts],
        },
        "method": ranking.method,
        "normalisation": ranking.normalisation,
        "top": ranking.top,
        "weights_basis": ranking.weights.basis,
        "ahp": None
        if ahp is None
        else {
            "rule": ahp.rule,
            "combined": _ahp(ahp.combined),
            "partners": {partner: _ahp(result) for partner, result in ahp.partners},
        },
        "robustness": {
            "draws": ranking.robustness.draws,
            "seed": ranking.robustness.seed,
            "concentration": ranking.robustness.concentration,
            "rule": ranking.robustness.rule,
        },
        "what_would_change": {
            "summary": ranking.changes.summary,
            "summary_parts": ranking.changes.summary_parts,
            "holders": [_place(place) for place in ranking.changes.holders],
            "challenger": _place(ranking.changes.challenger),
        },
        "screened_out": [
            {
                "iso3": item.iso3,
                "name": item.name,
                "reasons": list(item.reasons),
                "reason_parts": [dict(part) for part in item.parts],
            }
            for item in ranking.screened_out
        ],
        "warnings": list(ranking.warnings),
        "warning_parts": [dict(part) for part in ranking.warning_parts],
    }


METHOD_NAMES = {"wsm": "a weighted sum (WSM)", "topsis": "TOPSIS (closeness to the ideal market)"}
WEIGHT_NAMES = {
    "equal": "equal weights",
    "direct": "the partners' own weights",
    "ahp": "weights from the partners' pairwise comparisons (AHP)",
}


def describe_method(method: str, weights_basis: str) -> str:
    """``a weighted sum (WSM) with weights from the partners' pairwise comparisons (AHP)``: how a
    ranking was computed, in words (the snapshot keeps the keys ``wsm`` and ``ahp``)."""
    how = METHOD_NAMES.get(method, method.upper())
    weights = WEIGHT_NAMES.get(weights_basis, f"{weights_basis} weights")
    return f"{how} with {weights}"
