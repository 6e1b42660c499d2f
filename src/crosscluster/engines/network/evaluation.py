"""Time-split evaluation of partner suggestions on the CORDIS H2020 graph.

    python -m crosscluster.engines.network.evaluation ../shared/data/cordis/h2020.csv.gz \
        [--until 2017] [--horizon 3] [--queries 3000] [--seed 0]

Learn from the projects that started up to ``--until``; the truth is every pair of organisations
that first worked together in a project starting in the ``--horizon`` years after, both ends
already in the training graph. For a sample of the organisations that gained such a partner
(``--queries``, seeded), rank every organisation they have no tie with; Hit@10 = share of them
with at least one true new partner in the top 10, MRR = mean of 1 / rank of the first true
partner within the top 100 (0 beyond).
"""

from __future__ import annotations

import argparse
import csv
import gzip
import json
import random
import sys
import time
from collections import defaultdict
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from pathlib import Path

from crosscluster.engines.network.model import Participation
from crosscluster.engines.network.suggest import (
    METHODS,
    CollaborationGraph,
    graph_from_participations,
    rank_candidates,
)

CUTOFF = 100


@dataclass(frozen=True)
class Score:
    method: str
    hit_at_10: float
    mrr: float
    queries: int
    seconds: float


def read_h2020(path: Path) -> list[Participation]:
    """The eunets H2020 participation file (rcn, pic, start_year, country, type ...)."""
    opener = gzip.open if path.suffix == ".gz" else open
    with opener(path, "rt", encoding="utf-8", newline="") as handle:
        return [
            Participation(
                row["rcn"], row["pic"], int(row["start_year"]), row["country"], row["type"]
            )
            for row in csv.DictReader(handle)
            if row["start_year"].isdigit()
        ]


def new_pairs(
    graph: CollaborationGraph, participations: Iterable[Participation]
) -> dict[int, set[int]]:
    """Truth: for each organisation of ``graph``, the organisations it first works with later."""
    index = graph.index
    members: dict[str, set[int]] = defaultdict(set)
    for participation in participations:
        position = index.get(participation.organisation_id)
        if position is not None:
            members[participation.project_id].add(position)
    truth: dict[int, set[int]] = defaultdict(set)
    for group in members.values():
        for source in group:
            known = set(graph.neighbours(source).tolist())
            truth[source].update(other for other in group if other != source and other not in known)
    return {source: targets for source, targets in truth.items() if targets}


def evaluate(
    graph: CollaborationGraph,
    truth: dict[int, set[int]],
    queries: Sequence[int],
    methods: Sequence[str] = METHODS,
) -> list[Score]:
    scores = []
    for method in methods:
        started = time.perf_counter()
        hits = 0
        reciprocal = 0.0
        for position, ranked in rank_candidates(graph, queries, top=CUTOFF, method=method):
            expected = truth[position]
            for rank, (candidate, _) in enumerate(ranked, start=1):
                if candidate in expected:
                    reciprocal += 1.0 / rank
                    hits += rank <= 10
                    break
        scores.append(
            Score(
                method,
                round(hits / len(queries), 4),
                round(reciprocal / len(queries), 4),
                len(queries),
                round(time.perf_counter() - started, 1),
            )
        )
    return scores


def run(
    participations: Sequence[Participation],
    *,
    until: int,
    horizon: int,
    sample: int,
    seed: int,
    methods: Sequence[str] = METHODS,
) -> dict[str, object]:
    train = [row for row in participations if row.year <= until]
    test = [row for row in participations if until < row.year <= until + horizon]
    graph = graph_from_participations(train)
    truth = new_pairs(graph, test)
    candidates = sorted(truth)
    sampler = random.Random(seed)  # noqa: S311 (a seeded sample, not a secret)
    queries = sorted(sampler.sample(candidates, min(sample, len(candidates))))
    return {
        "until": until,
        "horizon": horizon,
        "organisations": len(graph.ids),
        "ties": int(graph.weights.nnz // 2),
        "organisations_with_new_partners": len(candidates),
        "new_pairs": sum(len(targets) for targets in truth.values()) // 2,
        "queries": len(queries),
        "seed": seed,
        "scores": [score.__dict__ for score in evaluate(graph, truth, queries, methods)],
    }


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("h2020", type=Path)
    parser.add_argument("--until", type=int, default=2017)
    parser.add_argument("--horizon", type=int, default=3)
    parser.add_argument("--queries", type=int, default=3000)
    parser.add_argument("--seed", type=int, default=0)
    arguments = parser.parse_args(argv)
    result = run(
        read_h2020(arguments.h2020),
        until=arguments.until,
        horizon=arguments.horizon,
        sample=arguments.queries,
        seed=arguments.seed,
    )
    json.dump(result, sys.stdout, indent=2)
    sys.stdout.write("\n")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
