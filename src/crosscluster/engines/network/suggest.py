"""Partner suggestions from the collaboration graph (link prediction).

The graph records, for each pair of organisations, the weight of the projects they shared (a
project with ``n`` organisations adds ``1 / (n - 1)``, Newman 2001; the reasons use it). Candidates
``v`` for an organisation ``u`` with no tie to it yet are scored on the unweighted graph:

    structural(u, v) = (AA(u, v) + BETA * AA3(u, v)) * log(1 + degree(v))

* ``AA``: Adamic-Adar over common partners ``w`` (``sum_w 1 / log degree(w)``): "has worked with
  your partners", a partner that works with everybody counting for little;
* ``AA3``: the same spread one step further (paths u-w-x-v, each step divided by log degree), so
  an organisation that would close a structural hole between your partners' partners still scores;
* ``log(1 + degree(v))``: organisations that already work with many take on new partners more
  often (preferential attachment, damped).

BETA = 0.03 and the damping were chosen on an earlier split (learn up to 2015, predict 2016-2017);
the reported numbers are on the later split (up to 2017, predict 2018-2020), see
docs/engines/network.md.
The baselines of the evaluation are the classic common-neighbours and Adamic-Adar scores on the
unweighted graph. Every suggestion carries its reasons (the partners it has worked with, the
organisations it would bring within reach).
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Iterable, Iterator, Mapping, Sequence
from dataclasses import dataclass

import numpy as np
from scipy import sparse

from crosscluster.engines.network.model import Participation, Suggestion, Suggestions

#: weight of the three-step term (chosen on 2014-2015 -> 2016-2017, see docs/engines/network.md)
BETA = 0.03
METHODS = ("structural", "adamic-adar", "common-neighbours")
_BATCH = 256


@dataclass(frozen=True, eq=False)
class CollaborationGraph:
    """Organisations (``ids``) and their weighted ties (a symmetric CSR matrix, zero diagonal)."""

    ids: tuple[str, ...]
    weights: sparse.csr_matrix

    @property
    def index(self) -> dict[str, int]:
        return {identifier: position for position, identifier in enumerate(self.ids)}

    def neighbours(self, position: int) -> np.ndarray:
        start, end = self.weights.indptr[position], self.weights.indptr[position + 1]
        return self.weights.indices[start:end]


def graph_from_participations(participations: Iterable[Participation]) -> CollaborationGraph:
    """One tie per pair of organisations that shared a project, weighted 1 / (n - 1) per project."""
    members: dict[str, set[str]] = defaultdict(set)
    for participation in participations:
        members[participation.project_id].add(participation.organisation_id)
    ids = tuple(sorted({organisation for group in members.values() for organisation in group}))
    position = {identifier: index for index, identifier in enumerate(ids)}
    rows: list[int] = []
    columns: list[int] = []
    values: list[float] = []
    for column, group in enumerate(members.values()):
        if len(group) < 2:
            continue
        value = 1.0 / np.sqrt(len(group) - 1)
        for organisation in group:
            rows.append(position[organisation])
            columns.append(column)
            values.append(value)
    incidence = sparse.csr_matrix(
        (values, (rows, columns)), shape=(len(ids), max(len(members), 1)), dtype=np.float64
    )
    weights = (incidence @ incidence.T).tocsr()
    weights.setdiag(0)
    weights.eliminate_zeros()
    return CollaborationGraph(ids=ids, weights=weights)


def graph_from_pairs(
    pairs: Iterable[tuple[str, str, float]], ids: Iterable[str] = ()
) -> CollaborationGraph:
    """A graph from weighted pairs (the platform's ties); ``ids`` adds organisations without ties."""
    weight: dict[tuple[str, str], float] = defaultdict(float)
    names = set(ids)
    for source, target, value in pairs:
        if source == target:
            continue
        names.update((source, target))
        weight[(min(source, target), max(source, target))] += value
    ordered = tuple(sorted(names))
    position = {identifier: index for index, identifier in enumerate(ordered)}
    rows = [position[a] for a, _ in weight] + [position[b] for _, b in weight]
    columns = [position[b] for _, b in weight] + [position[a] for a, _ in weight]
    values = list(weight.values()) * 2
    matrix = sparse.csr_matrix(
        (values, (rows, columns)), shape=(len(ordered), len(ordered)), dtype=np.float64
    )
    return CollaborationGraph(ids=ordered, weights=matrix)


def _scores(graph: CollaborationGraph, rows: Sequence[int], method: str) -> np.ndarray:
    """Dense scores (len(rows) x n) of every candidate for each organisation in ``rows``."""
    weights = graph.weights
    binary = weights.copy()
    binary.data[:] = 1.0
    degree = np.asarray(binary.sum(axis=1)).ravel()
    if method in ("structural", "adamic-adar"):
        logs = np.log(np.maximum(degree, 2.0))
        inverse = sparse.diags(np.where(degree > 1, 1.0 / logs, 0.0))
        two = binary[rows] @ inverse @ binary
        if method == "adamic-adar":
            return two.toarray()
        three = ((two @ inverse) @ binary).toarray()
        return (two.toarray() + BETA * three) * np.log1p(degree)[None, :]
    if method == "common-neighbours":
        return (binary[rows] @ binary).toarray()
    raise ValueError(f"unknown method {method!r} (known: {', '.join(METHODS)})")


def rank_candidates(
    graph: CollaborationGraph, positions: Sequence[int], *, top: int, method: str = "structural"
) -> Iterator[tuple[int, list[tuple[int, float]]]]:
    """For each position: its ``top`` best (candidate position, score), best first.

    Candidates are the organisations it has no tie with yet, with a positive score; equal
    scores are ordered by id, so the ranking is deterministic.
    """
    for start in range(0, len(positions), _BATCH):
        batch = list(positions[start : start + _BATCH])
        scores = _scores(graph, batch, method)
        for row, position in enumerate(batch):
            values = scores[row]
            values[position] = 0.0
            values[graph.neighbours(position)] = 0.0
            positive = np.flatnonzero(values > 0)
            if len(positive) > top:
                # keep everything tied with the top-th score so the id order decides fairly
                threshold = np.partition(values[positive], len(positive) - top)[len(positive) - top]
                positive = positive[values[positive] >= threshold]
            order = sorted(positive.tolist(), key=lambda candidate: (-values[candidate], candidate))
            yield position, [(candidate, float(values[candidate])) for candidate in order[:top]]


def _reasons(
    graph: CollaborationGraph, source: int, candidate: int, labels: dict[str, str]
) -> tuple[tuple[str, ...], tuple[Mapping[str, object], ...]]:
    """The reasons in English and, beside each, its code and values."""
    weights = graph.weights
    mine = set(graph.neighbours(source).tolist())
    theirs = graph.neighbours(candidate)
    common = [node for node in theirs.tolist() if node in mine]
    reasons: list[str] = []
    parts: list[Mapping[str, object]] = []

    def name(node: int) -> str:
        identifier = graph.ids[node]
        return labels.get(identifier) or identifier

    if common:
        common.sort(key=lambda node: (-weights[candidate, node], graph.ids[node]))
        names = [name(node) for node in common[:3]]
        more = f" and {len(common) - 3} more" if len(common) > 3 else ""
        reasons.append(f"has worked with {len(common)} of your partners: {', '.join(names)}{more}")
        parts.append(
            {
                "code": "common_partners",
                "count": len(common),
                "shown": names,
                "more": max(0, len(common) - 3),
            }
        )
    else:
        reasons.append("works with your partners' partners (two steps away)")
        parts.append({"code": "two_steps"})
    new_reach = [node for node in theirs.tolist() if node not in mine and node != source]
    if new_reach:
        reasons.append(
            f"would bring {len(new_reach)} organisation{'s' if len(new_reach) != 1 else ''} "
            "within one step that none of your ties reach (a structural hole)"
        )
        parts.append({"code": "structural_hole", "count": len(new_reach)})
    return tuple(reasons), tuple(parts)


def suggest_partners(
    graph: CollaborationGraph,
    organisation_ids: Sequence[str],
    *,
    top: int,
    method: str = "structural",
    labels: dict[str, str] | None = None,
) -> list[Suggestions]:
    """The ``top`` suggested new partners of each organisation, with scores and reasons.

    An organisation that is not in the graph gets an empty list.
    """
    if top < 1:
        raise ValueError("top must be at least 1")
    if method not in METHODS:
        raise ValueError(f"unknown method {method!r} (known: {', '.join(METHODS)})")
    index = graph.index
    known = [index[identifier] for identifier in organisation_ids if identifier in index]
    found: dict[str, Suggestions] = {}
    for position, ranked in rank_candidates(graph, known, top=top, method=method):
        found[graph.ids[position]] = Suggestions(
            organisation_id=graph.ids[position],
            suggestions=tuple(
                Suggestion(
                    organisation_id=graph.ids[candidate],
                    score=round(score, 6),
                    reasons=reasons,
                    reason_parts=parts,
                )
                for candidate, score in ranked
                for reasons, parts in [_reasons(graph, position, candidate, labels or {})]
            ),
        )
    return [found.get(identifier, Suggestions(identifier, ())) for identifier in organisation_ids]
