"""Auto-tagging: propose EDIH taxonomy labels, with scores, for a free text in any language.

For every label of a facet, five signals are computed for a text vector ``v`` (all embeddings are
unit vectors from the same :class:`~crosscluster.engines.matching.embedder.Embedder`):

``gloss``       cosine of ``v`` with the embedded English gloss of the label ("Robotics:
                industrial robots, collaborative robots ...") — zero-shot, works for any language
                the embedder reads; standardised across the facet's labels for this text.
``centroid``    cosine of ``v`` with the label's prototype learned from the tagged hubs: the
                level-weighted mean of the vectors of hubs declaring the label minus the mean of
                all hubs; standardised across labels.
``neighbours``  kNN vote: the declared levels (/5) of the ``k`` most similar tagged hubs,
                weighted by a softmax of their similarities.
``keyword``     1 when a glossary term of the label occurs in the text (any of six languages),
                else 0 (see :mod:`crosscluster.engines.matching.glossary`).
``prior``       log-odds of the label among the tagged hubs.

A logistic regression over these five numbers (one set of coefficients shared by all labels of a
facet, so it needs little data) is fitted on the tagged hubs with leave-one-out features (a hub
is never its own neighbour or part of its own prototype) and turns them into the probability that
the label applies. Everything is deterministic: no sampling, fixed solver, fixed start.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass

import numpy as np
import numpy.typing as npt
from scipy.optimize import minimize

from crosscluster.engines.matching.embedder import FloatMatrix, normalise_rows
from crosscluster.engines.matching.glossary import find_terms, gloss, labels_mentioned
from crosscluster.engines.matching.types import Profile, TagSuggestion
from crosscluster.engines.matching.vocabulary import FACETS, Vocabulary

FEATURES: tuple[str, ...] = ("gloss", "centroid", "neighbours", "keyword", "prior")

#: Which features each reading mode uses. ``profile``: descriptions like the hubs' own (all five
#: signals). ``short``: a few sentences such as a need — only the label-level signals (gloss and
#: keywords); the hub-learned signals (prototypes, neighbours, prior) describe what hubs *offer*,
#: and on short needs they mostly pull towards the most common hub labels.
MODES: dict[str, tuple[str, ...]] = {
    "profile": FEATURES,
    "short": ("gloss", "keyword"),
}


@dataclass(frozen=True)
class TaggerSettings:
    neighbours: int = 15
    temperature: float = 0.02
    regularisation: float = 1.0
    #: features switched off (for ablations and the nearest-neighbour comparison)
    disabled: tuple[str, ...] = ()


@dataclass(frozen=True, eq=False)
class FacetModel:
    facet: str
    labels: tuple[str, ...]
    gloss_vectors: FloatMatrix
    centroid_vectors: FloatMatrix
    reference_vectors: FloatMatrix
    reference_levels: npt.NDArray[np.float32]
    log_prior: npt.NDArray[np.float64]
    #: mode -> (coefficients over FEATURES, intercept) of the logistic regression
    coefficients: Mapping[str, tuple[npt.NDArray[np.float64], float]]


@dataclass(frozen=True, eq=False)
class TagModel:
    """A fitted auto-tagger for all facets; build it with :func:`fit_tag_model`."""

    embedder_name: str
    settings: TaggerSettings
    facets: Mapping[str, FacetModel]

    def facet(self, facet: str) -> FacetModel:
        try:
            return self.facets[facet]
        except KeyError:
            raise KeyError(f"no tag model for facet {facet!r}") from None


def _standardise(scores: npt.NDArray[np.float32]) -> npt.NDArray[np.float64]:
    scores64 = scores.astype(np.float64)
    mean = scores64.mean(axis=1, keepdims=True)
    deviation = scores64.std(axis=1, keepdims=True)
    deviation[deviation == 0.0] = 1.0
    return (scores64 - mean) / deviation


def _neighbour_vote(
    similarities: npt.NDArray[np.float32],
    levels: npt.NDArray[np.float32],
    settings: TaggerSettings,
) -> npt.NDArray[np.float64]:
    """kNN vote (n x L) from similarities (n x H) to references with ``levels`` (H x L)."""
    count = min(settings.neighbours, similarities.shape[1])
    if count == 0:
        return np.zeros((similarities.shape[0], levels.shape[1]))
    nearest = np.argpartition(-similarities, count - 1, axis=1)[:, :count]
    chosen = np.take_along_axis(similarities, nearest, axis=1).astype(np.float64)
    chosen = np.where(np.isfinite(chosen), chosen, -np.inf)
    weights = np.exp((chosen - chosen.max(axis=1, keepdims=True)) / settings.temperature)
    weights /= weights.sum(axis=1, keepdims=True)
    return np.einsum("nk,nkl->nl", weights, levels[nearest].astype(np.float64))


def _keyword_matrix(
    texts: Sequence[str], facet: str, labels: Sequence[str]
) -> npt.NDArray[np.float64]:
    return np.array(
        [labels_mentioned(facet, labels, text) for text in texts], dtype=np.float64
    ).reshape(len(texts), len(labels))


def _stack(
    features: dict[str, npt.NDArray[np.float64]], settings: TaggerSettings, mode: str
) -> npt.NDArray[np.float64]:
    used = set(MODES[mode]) - set(settings.disabled)
    return np.stack(
        [features[name] if name in used else np.zeros_like(features[name]) for name in FEATURES],
        axis=-1,
    )


def _fit_logistic(
    features: npt.NDArray[np.float64], targets: npt.NDArray[np.float64], regularisation: float
) -> tuple[npt.NDArray[np.float64], float]:
    """Pooled L2-regularised logistic regression (deterministic L-BFGS from zeros)."""
    rows = features.reshape(-1, features.shape[-1])
    answers = targets.reshape(-1)
    scale = rows.std(axis=0)
    scale[scale == 0.0] = 1.0
    scaled = rows / scale

    def loss(theta: npt.NDArray[np.float64]) -> tuple[float, npt.NDArray[np.float64]]:
        logits = scaled @ theta[:-1] + theta[-1]
        probabilities = 1.0 / (1.0 + np.exp(-logits))
        value = np.logaddexp(0.0, logits).sum() - answers @ logits
        value += 0.5 * regularisation * float(theta[:-1] @ theta[:-1])
        error = probabilities - answers
        gradient = np.concatenate([scaled.T @ error + regularisation * theta[:-1], [error.sum()]])
        return float(value), gradient

    result = minimize(loss, np.zeros(rows.shape[1] + 1), jac=True, method="L-BFGS-B")
    theta = result.x
    return theta[:-1] / scale, float(theta[-1])


def fit_tag_model(
    references: Sequence[Profile],
    reference_vectors: FloatMatrix,
    gloss_vectors: Mapping[str, FloatMatrix],
    *,
    vocabulary: Vocabulary,
    embedder_name: str,
    settings: TaggerSettings | None = None,
    facets: Sequence[str] = FACETS,
) -> TagModel:
    """Fit the tagger on tagged profiles (their passage vectors) and the labels' gloss vectors.

    ``gloss_vectors[facet]`` holds one passage vector per label of the facet, in vocabulary order
    (embed :func:`label_glosses`). Profiles without any tag in a facet are ignored for it.
    """
    settings = settings or TaggerSettings()
    models: dict[str, FacetModel] = {}
    for facet in facets:
        labels = vocabulary.facet(facet)
        column = {label: index for index, label in enumerate(labels)}
        rows = [index for index, profile in enumerate(references) if profile.tags(facet)]
        levels = np.zeros((len(rows), len(labels)), dtype=np.float32)
        for row, index in enumerate(rows):
            for tag in references[index].tags(facet):
                if tag.label in column:
                    levels[row, column[tag.label]] = tag.level / 5.0
        vectors = reference_vectors[rows].astype(np.float32)
        declared = (levels > 0).astype(np.float64)
        frequency = (declared.sum(axis=0) + 0.5) / (len(rows) + 1.0)
        log_prior = np.log(frequency / (1.0 - frequency))
        mean = vectors.mean(axis=0) if len(rows) else np.zeros(reference_vectors.shape[1])
        sums = levels.T.astype(np.float64) @ vectors
        counts = levels.sum(axis=0).astype(np.float64)
        centroids = normalise_rows(sums / np.maximum(counts, 1e-9)[:, None] - mean)

        coefficients = {mode: (np.zeros(len(FEATURES)), 0.0) for mode in MODES}
        if len(rows) >= 5:
            features = _training_features(
                facet,
                labels,
                [references[i].text for i in rows],
                vectors,
                levels,
                sums,
                counts,
                mean,
                gloss_vectors[facet],
                log_prior,
                settings,
            )
            coefficients = {
                mode: _fit_logistic(
                    _stack(features, settings, mode), declared, settings.regularisation
                )
                for mode in MODES
            }
        models[facet] = FacetModel(
            facet=facet,
            labels=labels,
            gloss_vectors=normalise_rows(gloss_vectors[facet]),
            centroid_vectors=centroids,
            reference_vectors=vectors,
            reference_levels=levels,
            log_prior=log_prior,
            coefficients=coefficients,
        )
    return TagModel(embedder_name=embedder_name, settings=settings, facets=models)


def _training_features(
    facet: str,
    labels: Sequence[str],
    texts: Sequence[str],
    vectors: FloatMatrix,
    levels: npt.NDArray[np.float32],
    sums: npt.NDArray[np.float64],
    counts: npt.NDArray[np.float64],
    mean: npt.NDArray[np.float64],
    gloss_vectors: FloatMatrix,
    log_prior: npt.NDArray[np.float64],
    settings: TaggerSettings,
) -> dict[str, npt.NDArray[np.float64]]:
    """Leave-one-out features of the reference profiles themselves."""
    size = len(texts)
    similarities = vectors @ vectors.T
    np.fill_diagonal(similarities, -np.inf)
    neighbours = _neighbour_vote(similarities, levels, settings)
    centroid_scores = np.empty((size, len(labels)), dtype=np.float32)
    for row in range(size):
        others_mean = (mean * size - vectors[row]) / max(size - 1, 1)
        own = levels[row].astype(np.float64)
        loo_sums = sums - own[:, None] * vectors[row][None, :]
        loo_counts = np.maximum(counts - own, 1e-9)
        centroids = normalise_rows(loo_sums / loo_counts[:, None] - others_mean)
        centroid_scores[row] = centroids @ vectors[row]
    return {
        "gloss": _standardise(vectors @ normalise_rows(gloss_vectors).T),
        "centroid": _standardise(centroid_scores),
        "neighbours": neighbours,
        "keyword": _keyword_matrix(texts, facet, labels),
        "prior": np.broadcast_to(log_prior, (size, len(labels))).copy(),
    }


def label_probabilities(
    model: TagModel,
    facet: str,
    vectors: FloatMatrix,
    texts: Sequence[str],
    *,
    mode: str = "profile",
) -> npt.NDArray[np.float64]:
    """Probability (n x L) that each label of ``facet`` applies to each text.

    ``mode`` is ``"profile"`` (descriptions) or ``"short"`` (needs); see :data:`MODES`.
    """
    if mode not in MODES:
        raise ValueError(f"mode must be one of {', '.join(MODES)}, got {mode!r}")
    facet_model = model.facet(facet)
    features = {
        "gloss": _standardise(vectors @ facet_model.gloss_vectors.T),
        "centroid": _standardise(vectors @ facet_model.centroid_vectors.T),
        "neighbours": _neighbour_vote(
            vectors @ facet_model.reference_vectors.T, facet_model.reference_levels, model.settings
        ),
        "keyword": _keyword_matrix(texts, facet, facet_model.labels),
        "prior": np.broadcast_to(facet_model.log_prior, (len(texts), len(facet_model.labels))),
    }
    coefficients, intercept = facet_model.coefficients[mode]
    logits = _stack(features, model.settings, mode) @ coefficients + intercept
    return 1.0 / (1.0 + np.exp(-logits))


def suggest_tags(
    model: TagModel,
    facet: str,
    vectors: FloatMatrix,
    texts: Sequence[str],
    *,
    top: int = 5,
    mode: str = "profile",
) -> list[tuple[TagSuggestion, ...]]:
    """The ``top`` labels of ``facet`` for each text, best first, with the words that support them."""
    facet_model = model.facet(facet)
    probabilities = label_probabilities(model, facet, vectors, texts, mode=mode)
    results: list[tuple[TagSuggestion, ...]] = []
    for row, text in enumerate(texts):
        order = np.lexsort((np.arange(len(facet_model.labels)), -probabilities[row]))[:top]
        results.append(
            tuple(
                TagSuggestion(
                    label=facet_model.labels[index],
                    score=round(float(probabilities[row, index]), 4),
                    evidence=find_terms(facet, facet_model.labels[index], text),
                )
                for index in order
            )
        )
    return results


def label_glosses(vocabulary: Vocabulary, facet: str) -> list[str]:
    """The texts to embed (as passages) for the labels of ``facet``, in vocabulary order."""
    return [gloss(facet, label) for label in vocabulary.facet(facet)]
