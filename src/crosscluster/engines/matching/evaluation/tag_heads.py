"""Round 10: other heads on the tagger's own leave-one-out features, fold by fold.

    .venv/bin/python -m crosscluster.engines.matching.evaluation.tag_heads [--output FILE]

The protocols are :mod:`crosscluster.engines.matching.evaluation.tag_count`'s (those of
:mod:`crosscluster.engines.matching.evaluation.second`): 5-fold CV seeded with ``SEED`` over all
development hubs, the same CV within the tuning three quarters, the held-out quarter tagged by a
tagger fitted on the other three; ``profile`` mode; the shipped hub vectors; micro-F1 of the
``top`` best labels. Each fold's features are computed once — the references' leave-one-out
features with :func:`~crosscluster.engines.matching.tagging.reference_features`, the tested hubs'
with :func:`~crosscluster.engines.matching.tagging.text_features` of a tagger fitted through
``fit_tag_model`` — so a head (anything that turns them into a score per label) costs a fit, not
a re-reading of the hubs.

``logistic``            the shipped head (its figures are ``tag_count``'s "exactly top");
``lexical_neighbours``  the e5 neighbour vote replaced by a vote over the BM25 similarity of the
                        descriptions (the engine's lexical index over the fold's references; a
                        hub is never its own neighbour).

The command measures the shipped head and the lexical vote over a grid in the tuning CV, chooses
the setting with the best mean of the two facets there, and reports the CV over all hubs, the
paired jackknife standard errors against the shipped head and, for the chosen setting only, the
held-out quarter.
"""

from __future__ import annotations

import itertools
import statistics
from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass
from typing import Any

import numpy as np
import numpy.typing as npt

from crosscluster.engines.matching.evaluation.tag_count import (
    FACETS,
    Data,
    OutOfFold,
    jackknife_se,
    run_command,
)
from crosscluster.engines.matching.lexical import build_lexical_index
from crosscluster.engines.matching.tagging import (
    FEATURES,
    TaggerSettings,
    fit_logistic,
    reference_features,
    text_features,
)

Scores = npt.NDArray[np.float64]
PROTOCOLS = ("CV all", "tuning CV", "held-out")
NEIGHBOURS = FEATURES.index("neighbours")


@dataclass(frozen=True, eq=False)
class Fold:
    """One fold of one facet: what its head learns from and what it tags."""

    #: hub indices of the references tagged in the facet, one per row of ``features``
    references: list[int]
    features: Scores
    declared: Scores
    #: declared level / 5 (n x L), 0 where the label is not declared
    levels: npt.NDArray[np.float32]
    tested: list[int]
    tested_features: Scores
    tested_declared: list[set[int]]


def fold_of(data: Data, facet: str, references: list[int], tested: list[int]) -> Fold:
    hubs = [data.hubs[i] for i in references]
    rows, features, declared, levels = reference_features(
        hubs,
        data.vectors[references],
        data.gloss_vectors,
        vocabulary=data.vocabulary,
        facet=facet,
    )
    model = data.fit(facet, references)
    texts = [data.hubs[i].passage for i in tested]
    column = {label: index for index, label in enumerate(data.vocabulary.facet(facet))}
    return Fold(
        references=[references[row] for row in rows],
        features=features,
        declared=declared,
        levels=levels,
        tested=tested,
        tested_features=text_features(model, facet, data.vectors[tested], texts),
        tested_declared=[{column[tag.label] for tag in data.hubs[i].tags(facet)} for i in tested],
    )


def folds_of(data: Data, facet: str, *, folds: int = 5) -> dict[str, list[Fold]]:
    """The folds of the three protocols for ``facet``."""
    held = data.held_out_quarter()
    return {
        "CV all": [fold_of(data, facet, *split) for split in data.cv_splits(facet, folds=folds)],
        "tuning CV": [
            fold_of(data, facet, *split)
            for split in data.cv_splits(facet, excluded=held, folds=folds)
        ],
        "held-out": [fold_of(data, facet, *data.held_out_split(facet, held))],
    }


#: head(data, fold) -> scores (tested hubs x labels); higher is more likely declared
Head = Callable[[Data, Fold], Scores]


def _fitted(features: Scores, declared: Scores, tested_features: Scores) -> Scores:
    coefficients, intercept = fit_logistic(features, declared, TaggerSettings().regularisation)
    return np.asarray(1.0 / (1.0 + np.exp(-(tested_features @ coefficients + intercept))))


def logistic(_: Data, fold: Fold) -> Scores:
    """The shipped head: one logistic regression over the six signals, shared by the labels."""
    return _fitted(fold.features, fold.declared, fold.tested_features)


def lexical_vote(
    scores: Scores, levels: npt.NDArray[np.float32], neighbours: int, temperature: float
) -> Scores:
    """kNN vote (n x L): the declared levels of each row's ``neighbours`` best-scoring references,
    weighted by a softmax of their BM25 scores divided by the row's best (at ``temperature``)."""
    count = min(neighbours, scores.shape[1])
    nearest = np.argpartition(-scores, count - 1, axis=1)[:, :count]
    chosen = np.take_along_axis(scores, nearest, axis=1)
    best = chosen.max(axis=1, keepdims=True)
    best[best <= 0.0] = 1.0
    weights = np.exp((chosen / best - 1.0) / temperature)
    weights /= weights.sum(axis=1, keepdims=True)
    return np.asarray(np.einsum("nk,nkl->nl", weights, levels[nearest].astype(np.float64)))


def lexical_votes(
    data: Data, fold: Fold, *, prefix: int, neighbours: int, temperature: float
) -> tuple[Scores, Scores]:
    """The BM25 vote of the references (leave-one-out) and of the tested hubs."""
    index = build_lexical_index([data.hubs[i].passage for i in fold.references], prefix=prefix)

    def scores(hubs: list[int]) -> Scores:
        return np.array(
            [index.scores(data.hubs[i].passage) for i in hubs], dtype=np.float64
        ).reshape(len(hubs), len(fold.references))

    own = scores(fold.references)
    np.fill_diagonal(own, -np.inf)  # a hub is never its own neighbour
    return (
        lexical_vote(own, fold.levels, neighbours, temperature),
        lexical_vote(scores(fold.tested), fold.levels, neighbours, temperature),
    )


def lexical_neighbours(prefix: int, neighbours: int, temperature: float) -> Head:
    def head(data: Data, fold: Fold) -> Scores:
        own, tested = lexical_votes(
            data, fold, prefix=prefix, neighbours=neighbours, temperature=temperature
        )
        features, tested_features = fold.features.copy(), fold.tested_features.copy()
        features[:, :, NEIGHBOURS] = own
        tested_features[:, :, NEIGHBOURS] = tested
        return _fitted(features, fold.declared, tested_features)

    return head


def out_of_fold(data: Data, head: Head, folds: Sequence[Fold]) -> OutOfFold:
    return OutOfFold(
        np.concatenate([head(data, fold) for fold in folds]),
        [labels for fold in folds for labels in fold.tested_declared],
    )


def measure(
    data: Data,
    folds: Mapping[str, Mapping[str, Sequence[Fold]]],
    heads: Mapping[str, Head],
    protocols: Sequence[str],
    *,
    top: int = 5,
) -> dict[str, dict[str, Any]]:
    """Per head and protocol: micro-F1 of the ``top`` best labels per facet and their mean, and
    the paired jackknife SE of the mean's difference from the first head (facets independent)."""
    report: dict[str, dict[str, Any]] = {}
    first: dict[tuple[str, str], npt.NDArray[np.float64]] = {}
    for name, head in heads.items():
        report[name] = {}
        for protocol in protocols:
            figures: dict[str, Any] = {}
            errors = []
            for facet in FACETS:
                tested = out_of_fold(data, head, folds[facet][protocol])
                exactly = np.full(len(tested.declared), top, dtype=np.int64)
                figures[facet] = round(tested.f1(exactly, top=top), 4)
                parts = tested.parts(exactly, top=top)
                errors.append(jackknife_se(parts, first.setdefault((protocol, facet), parts)))
            figures["mean"] = round(statistics.fmean(figures[f] for f in FACETS), 4)
            figures["paired SE of the mean vs the first head"] = round(
                0.5 * float(np.hypot(errors[0], errors[1])), 4
            )
            report[name][protocol] = figures
    return report


#: the lexical vote's settings: token prefix, neighbours, temperature
GRID = tuple(itertools.product((5, 6), (10, 15, 30), (0.05, 0.2, 1.0)))


def evaluate(data: Data, *, top: int = 5, folds: int = 5) -> dict[str, Any]:
    every = {facet: folds_of(data, facet, folds=folds) for facet in FACETS}
    shipped = "logistic (shipped)"
    lexical = {
        f"lexical vote: prefix {p}, k {k}, T {t}": lexical_neighbours(p, k, t) for p, k, t in GRID
    }
    tuning = measure(data, every, {shipped: logistic} | lexical, ("tuning CV",), top=top)
    chosen = max(
        lexical, key=lambda name: (tuning[name]["tuning CV"]["mean"], -list(lexical).index(name))
    )
    final = measure(data, every, {shipped: logistic, chosen: lexical[chosen]}, PROTOCOLS, top=top)
    return {
        "chosen on the tuning CV": chosen,
        "final": final,
        "grid (tuning CV)": {name: figures["tuning CV"] for name, figures in tuning.items()},
    }


def main(argv: Sequence[str] | None = None) -> int:
    return run_command(evaluate, __doc__.split("\n")[0], argv)


if __name__ == "__main__":
    raise SystemExit(main())
