"""What would change the top N: the smallest single-weight change that swaps a market in or out.

A weight change moves one criterion's weight ``w_j`` to ``x`` and rescales the others in proportion
(``w_k * (1 - x) / (1 - w_j)``), so the weights still sum to 1 and keep their ratios. For each
market in the top N and each criterion, ``x`` is moved up towards 1 and down towards 0: a grid of
``STEPS`` points per direction finds the first weight at which the market leaves the top N, then
bisection pins it to ``TOLERANCE``. The smallest ``|x - w_j|`` over all criteria and both
directions is reported, with the market that takes its place. The same search, reversed, gives the
challenger closest to entering (the best-ranked market outside the top N) the smallest change that
lets it in. The search works for both methods (the weighted sum is linear in ``x``, TOPSIS is not);
a swap that opens and closes between two grid points (narrower than 1/STEPS of the range) can be
missed.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass

import numpy as np

from crosscluster.engines.ranking.methods import TIE, BoolArray, FloatArray, Scorer
from crosscluster.engines.ranking.model import PlaceSensitivity, TopChanges, WeightShift

STEPS = 256
TOLERANCE = 1e-7


@dataclass(frozen=True)
class Labels:
    iso3: Sequence[str]
    names: Sequence[str]
    codes: Sequence[str]
    criteria: Sequence[str]


def weight_path(weights: FloatArray, criterion: int, targets: FloatArray) -> FloatArray:
    """Weight vectors with ``weights[criterion]`` set to each target, the others rescaled."""
    rest = 1.0 - weights[criterion]
    scale = (1.0 - targets) / rest
    path = weights[None, :] * scale[:, None]
    path[:, criterion] = targets
    return np.asarray(path, dtype=np.float64)


def top_members(scores: FloatArray, top: int) -> BoolArray:
    """Boolean matrix (rows of ``scores``): fewer than ``top`` alternatives score higher (by more
    than ``TIE``); ties share the place."""
    scores = np.atleast_2d(scores)
    count = scores.shape[1]
    threshold = np.partition(scores, count - top, axis=1)[:, count - top]
    return np.asarray(scores >= threshold[:, None] - TIE)


def smallest_swaps(
    scorer: Scorer, weights: FloatArray, top: int, subjects: Sequence[tuple[int, bool]]
) -> dict[int, tuple[int, float, int]]:
    """For each ``(subject, wants_in)``, the smallest single-weight change after which the subject
    is in (``wants_in``) or out of the top: ``{subject: (criterion, new weight, swapped with)}``.
    One batch of grid scores per criterion and direction serves every subject."""
    before = top_members(scorer.batch(weights), top)[0]
    best: dict[int, tuple[int, float, int]] = {}
    size = weights.size
    for criterion in range(size):
        start = float(weights[criterion])
        if size < 2 or start >= 1.0:
            continue
        for end in (1.0, 0.0):
            targets = np.linspace(start, end, STEPS + 1)[1:]
            members = top_members(scorer.batch(weight_path(weights, criterion, targets)), top)
            for subject, wants_in in subjects:
                flipped = np.nonzero(members[:, subject] == wants_in)[0]
                if flipped.size == 0:
                    continue
                first = int(flipped[0])
                inside = start if first == 0 else float(targets[first - 1])
                outside = float(targets[first])
                known = best.get(subject)
                limit = abs(known[1] - weights[known[0]]) if known is not None else np.inf
                if abs(inside - start) >= limit:
                    continue  # cannot beat the change already found
                while abs(outside - inside) > TOLERANCE:
                    middle = (inside + outside) / 2
                    path = weight_path(weights, criterion, np.array([middle]))
                    if top_members(scorer.batch(path), top)[0, subject] == wants_in:
                        outside = middle
                    else:
                        inside = middle
                if abs(outside - start) >= limit:
                    continue
                other = _swapped_with(scorer, before, weights, criterion, outside, top, subject)
                if other is not None:
                    best[subject] = (criterion, outside, other)
    return best


def _swapped_with(
    scorer: Scorer,
    before: BoolArray,
    weights: FloatArray,
    criterion: int,
    target: float,
    top: int,
    subject: int,
) -> int | None:
    """The market that swaps places with ``subject`` at the changed weights: the best-scored
    newcomer when the subject leaves the top, the worst-scored leaver when it enters."""
    after_scores = scorer.batch(weight_path(weights, criterion, np.array([target])))[0]
    after = top_members(after_scores, top)[0]
    movers = np.nonzero(after != before)[0]
    movers = movers[movers != subject]
    if before[subject]:  # the subject left: who came in
        swapped = movers[after[movers]]
        return int(swapped[np.argmax(after_scores[swapped])]) if swapped.size else None
    swapped = movers[~after[movers]]  # the subject came in: who left
    return int(swapped[np.argmin(after_scores[swapped])]) if swapped.size else None


def _describe_shift(
    weights: FloatArray, labels: Labels, found: tuple[int, float, int]
) -> WeightShift:
    criterion, target, other = found
    return WeightShift(
        criterion=labels.codes[criterion],
        label=labels.criteria[criterion],
        weight_from=float(weights[criterion]),
        weight_to=float(target),
        other_iso3=labels.iso3[other],
        other_name=labels.names[other],
    )


def _movement(shift: WeightShift) -> str:
    verb = "rises" if shift.weight_to > shift.weight_from else "falls"
    return (
        f"the weight of {shift.label} {verb} from {shift.weight_from:.1%} to "
        f"{shift.weight_to:.1%} (the other weights rescaled in proportion)"
    )


def what_would_change(
    scorer: Scorer,
    weights: FloatArray,
    *,
    labels: Labels,
    order: Sequence[int],
    ranks: Sequence[int],
    base_scores: FloatArray,
    p_top: FloatArray,
    top: int,
) -> TopChanges:
    """For each market in the top ``top`` (``order`` is best first), and for the best market
    outside it, the smallest single-weight change that swaps it; with readable explanations."""
    count = len(order)
    top = min(top, count)
    first_out = order[top] if count > top else None
    subjects = [(subject, False) for subject in order[:top]]
    if first_out is not None:
        subjects.append((first_out, True))
    swaps = smallest_swaps(scorer, weights, top, subjects)
    holders = []
    for subject in order[:top]:
        found = swaps.get(subject)
        shift = _describe_shift(weights, labels, found) if found else None
        gap = float(base_scores[subject] - base_scores[first_out]) if first_out is not None else 0.0
        name = labels.names[subject]
        head = f"{name} (rank {ranks[subject]}, p_top {p_top[subject]:.2f})"
        if shift is None:
            text = f"{head} stays in the top {top} whatever single weight changes."
        else:
            text = (
                f"{head} leaves the top {top} if {_movement(shift)}; {shift.other_name} then "
                "takes its place."
            )
        holders.append(
            PlaceSensitivity(
                iso3=labels.iso3[subject],
                name=name,
                rank=ranks[subject],
                p_top=float(p_top[subject]),
                score_gap=gap,
                shift=shift,
                explanation=text,
                parts={
                    "code": "holder_stays" if shift is None else "holder_leaves",
                    "top": top,
                    "shift": shift_parts(shift),
                },
            )
        )
    challenger = None
    if first_out is not None:
        last_in = order[top - 1]
        found = swaps.get(first_out)
        shift = _describe_shift(weights, labels, found) if found else None
        gap = float(base_scores[last_in] - base_scores[first_out])
        name = labels.names[first_out]
        head = (
            f"{name} (rank {ranks[first_out]}, p_top {p_top[first_out]:.2f}, "
            f"{gap:.3f} below {labels.names[last_in]})"
        )
        if shift is None:
            text = f"{head} cannot enter the top {top} by changing a single weight."
        else:
            text = (
                f"{head} enters the top {top} if {_movement(shift)}, displacing {shift.other_name}."
            )
        challenger = PlaceSensitivity(
            iso3=labels.iso3[first_out],
            name=name,
            rank=ranks[first_out],
            p_top=float(p_top[first_out]),
            score_gap=gap,
            shift=shift,
            explanation=text,
            parts={
                "code": "challenger_cannot_enter" if shift is None else "challenger_enters",
                "top": top,
                "below": {"iso3": labels.iso3[last_in], "name": labels.names[last_in]},
                "shift": shift_parts(shift),
            },
        )
    return TopChanges(
        top=top,
        holders=tuple(holders),
        challenger=challenger,
        summary=_summary(holders, top),
        summary_parts=_summary_parts(holders, top),
    )


def shift_parts(shift: WeightShift | None) -> dict[str, object] | None:
    """A weight shift as plain values: which indicator, from and to which weight, whether it
    rises, and the market that then swaps places (an app words it in its reader's language)."""
    if shift is None:
        return None
    return {
        **shift.as_dict(),
        "rises": shift.weight_to > shift.weight_from,
        "other": {"iso3": shift.other_iso3, "name": shift.other_name},
    }


def _weakest(holders: Sequence[PlaceSensitivity]) -> PlaceSensitivity | None:
    shifted = [holder for holder in holders if holder.shift is not None]
    if not shifted:
        return None
    return min(shifted, key=lambda holder: holder.shift.size if holder.shift else 1.0)


def _summary_parts(holders: Sequence[PlaceSensitivity], top: int) -> dict[str, object]:
    weakest = _weakest(holders)
    if weakest is None:
        return {"code": "no_single_change", "top": top}
    return {
        "code": "smallest_change",
        "top": top,
        "out": {"iso3": weakest.iso3, "name": weakest.name},
        "shift": shift_parts(weakest.shift),
    }


def _summary(holders: Sequence[PlaceSensitivity], top: int) -> str:
    weakest = _weakest(holders)
    if weakest is None or weakest.shift is None:
        return f"No change of a single weight alters the top {top}."
    return (
        f"The smallest single-weight change that alters the top {top}: {_movement(weakest.shift)}"
        f" — {weakest.name} drops out and {weakest.shift.other_name} comes in."
    )
