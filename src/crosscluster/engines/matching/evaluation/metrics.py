"""Ranking and tagging metrics (plain Python; checked against hand-computed values in tests)."""

from __future__ import annotations

import math
import statistics
from collections.abc import Hashable, Iterable, Mapping, Sequence
from typing import TypeVar

Label = TypeVar("Label", bound=Hashable)


def dcg(gains: Sequence[float]) -> float:
    """Discounted cumulative gain with the exponential gain 2^g - 1 and log2(rank + 1) discount."""
    return sum((2.0**gain - 1.0) / math.log2(rank + 2) for rank, gain in enumerate(gains))


def ndcg_at_k(ranking: Sequence[str], gains: Mapping[str, float], k: int = 10) -> float:
    """nDCG@k of ``ranking`` given graded ``gains`` (missing ids have gain 0)."""
    ideal = dcg(sorted(gains.values(), reverse=True)[:k])
    if ideal == 0.0:
        return 0.0
    return dcg([gains.get(item, 0.0) for item in ranking[:k]]) / ideal


def reciprocal_rank(ranking: Sequence[str], relevant: set[str]) -> float:
    """1 / rank of the first relevant item (0 when none is ranked)."""
    for rank, item in enumerate(ranking, start=1):
        if item in relevant:
            return 1.0 / rank
    return 0.0


def hit_at_k(ranking: Sequence[str], relevant: set[str], k: int = 10) -> float:
    """1 when a relevant item is among the first ``k``, else 0."""
    return 1.0 if any(item in relevant for item in ranking[:k]) else 0.0


def micro_f1(
    predicted: Sequence[set[Label]], actual: Sequence[set[Label]]
) -> tuple[float, float, float]:
    """Micro-averaged (precision, recall, F1) over paired label sets."""
    true_positives = sum(len(p & a) for p, a in zip(predicted, actual, strict=True))
    predicted_total = sum(len(p) for p in predicted)
    actual_total = sum(len(a) for a in actual)
    precision = true_positives / predicted_total if predicted_total else 0.0
    recall = true_positives / actual_total if actual_total else 0.0
    f1 = 2 * precision * recall / (precision + recall) if precision + recall else 0.0
    return precision, recall, f1


def paired_ratio(
    native: Mapping[str, float], english: Mapping[str, float], ids: Iterable[str]
) -> float:
    """The mean of ``native`` over ``ids`` divided by the mean of ``english`` over the same ids
    (the same needs as written and in their English rendering; 1e-9 keeps an all-zero English
    side from dividing by zero)."""
    chosen = list(ids)
    return statistics.fmean(native[n] for n in chosen) / max(
        statistics.fmean(english[n] for n in chosen), 1e-9
    )
