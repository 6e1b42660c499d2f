"""Auto-tagging: propose EDIH taxonomy labels, with scores, for a free text in any language.

For every label of a facet, five signals are computed for a text vector ``v`` (all embeddings are
unit vectors from the same :class:`~crosscluster.engines.matching.embedder.Embedder`):

``gloss``       cosine of ``v`` with the embedded English gloss of the label ("Robotics:
                industrial robots, collaborative robots ...") — zero-shot, works for any language
                the embedder reads; standardised across the facet's labels for this text. When
                the text's language is given and has glosses of its own (Italian, Spanish:
                ``models/label-glosses.json``), the gloss in that language is used instead.
``centroid``    cosine of ``v`` with the label's prototype learned from the tagged hubs: the
                level-weighted mean of the vectors of hubs declaring the label minus the mean of
                all hubs; standardised across labels.
``neighbours``  kNN vote: the declared levels (/5) of the ``k`` most similar tagged hubs,
                weighted by a softmax of their similarities.
``keyword``     1 when a glossary term of the label occurs in the text (any of six languages),
                else 0 (see :mod:`crosscluster.engines.matching.glossary`).
``prior``       log-odds of the label among the tagged hubs.
``evidence``    how much the keyword signal of *this* label is worth: the change in the label's
                log-odds among the tagged hubs when its glossary terms occur in the text (and when
                they do not), smoothed towards no change. A generic word ("industry",
                "sustainable") fires for many hubs that do not declare the label; a specific one
                ("tourism", "healthcare") rarely does; the shared ``keyword`` coefficient cannot
                tell them apart, this per-label naive-Bayes update can.

A logistic regression over these six numbers (one set of coefficients shared by all labels of a
facet, so it needs little data) is fitted on the tagged hubs with leave-one-out features (a hub
is never its own neighbour or part of its own prototype) and turns them into the probability that
the label applies. Everything is deterministic: no sampling, fixed solver, fixed start.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field

import numpy as np
import numpy.typing as npt

from crosscluster.engines.matching.embedder import FloatMatrix, normalise_rows
from crosscluster.engines.matching.glossary import (
    find_terms,
    gloss,
    labels_mentioned,
    localised_gloss,
)
from crosscluster.engines.matching.types import Profile, TagSuggestion
from crosscluster.engines.matching.vocabulary import FACETS, Vocabulary

FEATURES: tuple[str, ...] = ("gloss", "centroid", "neighbours", "keyword", "prior", "evidence")

#: Which features each reading mode uses. ``profile``: descriptions like the hubs' own (all five
#: signals). ``short``: a few sentences such as a need — only the label-level signals (gloss and
#: keywords); the hub-learned signals (prototypes, neighbours, prior, the keywords' evidence
#: measured on hub descriptions) describe what hubs *offer*, and on short needs they mostly pull
#: towards the most common hub labels.
MODES: dict[str, tuple[str, ...]] = {
    "profile": FEATURES,
    "short": ("gloss", "keyword"),
}


@dataclass(frozen=True)
class TaggerSettings:
    neighbours: int = 15
    temperature: float = 0.02
    regularisation: float = 1.0
    #: pseudo-count of the keyword evidence (how many hubs' worth of "no change" it starts from)
    evidence_smoothing: float = 4.0
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
    #: (2 x L) change of each label's log-odds when its keywords occur (row 0) / do not (row 1)
    keyword_evidence: npt.NDArray[np.float64]
    #: mode -> (coefficients over FEATURES, intercept) of the logistic regression
    coefficients: Mapping[str, tuple[npt.NDArray[np.float64], float]]
    #: language -> (L x d) vectors of the labels' glosses written in that language
    localised_gloss_vectors: Mapping[str, FloatMatrix] = field(default_factory=dict)


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


def _logit(probability: npt.NDArray[np.float64]) -> npt.NDArray[np.float64]:
    return np.log(probability / (1.0 - probability))


def _keyword_evidence(
    keywords: npt.NDArray[np.float64],
    declared: npt.NDArray[np.float64],
    smoothing: float,
) -> npt.NDArray[np.float64]:
    """Per-label log-odds change when the keywords occur / do not (rows of the result).

    ``keywords`` and ``declared`` are (n x L) 0/1 matrices over the reference profiles. With
    ``a`` = ``smoothing`` and the label's base rate ``pi`` (``+0.5 / +1`` smoothed):
    ``P(declared | fires) = (hits + a * pi) / (fires + a)``, the same without the keyword;
    the result is ``logit`` of those minus ``logit(pi)``.
    """
    count = declared.shape[0]
    base = (declared.sum(axis=0) + 0.5) / (count + 1.0)
    fires = keywords.sum(axis=0)
    hits = (keywords * declared).sum(axis=0)
    silent = count - fires
    silent_hits = declared.sum(axis=0) - hits
    with_keyword = (hits + smoothing * base) / (fires + smoothing)
    without_keyword = (silent_hits + smoothing * base) / (silent + smoothing)
    return np.stack([_logit(with_keyword) - _logit(base), _logit(without_keyword) - _logit(base)])


def _evidence_feature(
    keywords: npt.NDArray[np.float64], evidence: npt.NDArray[np.float64]
) -> npt.NDArray[np.float64]:
    return np.asarray(keywords * evidence[0] + (1.0 - keywords) * evidence[1], dtype=np.float64)


def _stack(
    features: dict[str, npt.NDArray[np.float64]], settings: TaggerSettings, mode: str
) -> npt.NDArray[np.float64]:
    used = set(MODES[mode]) - set(settings.disabled)
    return np.stack(
        [features[name] if name in used else np.zeros_like(features[name]) for name in FEATURES],
        axis=-1,
    )


def fit_logistic(
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

    # imported here: scipy.optimize takes 1-3 s to import, and a worker that loads a stored
    # tag model never fits one (docs/engines/matching.md, round 6)
    from scipy.optimize import minimize

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
    localised_gloss_vectors: Mapping[str, Mapping[str, FloatMatrix]] | None = None,
) -> TagModel:
    """Fit the tagger on tagged profiles (their passage vectors) and the labels' gloss vectors.

    ``gloss_vectors[facet]`` holds one passage vector per label of the facet, in vocabulary order
    (embed :func:`label_glosses`). Profiles without any tag in a facet are ignored for it.
    ``localised_gloss_vectors[language][facet]`` are the same for the glosses written in a
    language (:func:`label_glosses` with ``language``): used when a text's language is given,
    the coefficients stay those fitted with the English glosses.
    """
    localised = localised_gloss_vectors or {}
    settings = settings or TaggerSettings()
    models: dict[str, FacetModel] = {}
    for facet in facets:
        labels = vocabulary.facet(facet)
        table = _reference_table(references, reference_vectors, facet, labels)
        centroids = normalise_rows(
            table.sums / np.maximum(table.counts, 1e-9)[:, None] - table.mean
        )
        evidence = _keyword_evidence(table.keywords, table.declared, settings.evidence_smoothing)
        coefficients = {mode: (np.zeros(len(FEATURES)), 0.0) for mode in MODES}
        if len(table.rows) >= 5:
            features = _training_features(table, gloss_vectors[facet], settings)
            coefficients = {
                mode: fit_logistic(
                    _stack(features, settings, mode), table.declared, settings.regularisation
                )
                for mode in MODES
            }
        models[facet] = FacetModel(
            facet=facet,
            labels=labels,
            gloss_vectors=normalise_rows(gloss_vectors[facet]),
            centroid_vectors=centroids,
            reference_vectors=table.vectors,
            reference_levels=table.levels,
            log_prior=table.log_prior,
            keyword_evidence=evidence,
            coefficients=coefficients,
            localised_gloss_vectors={
                language: normalise_rows(vectors_by_facet[facet])
                for language, vectors_by_facet in localised.items()
                if facet in vectors_by_facet
            },
        )
    return TagModel(embedder_name=embedder_name, settings=settings, facets=models)


@dataclass(frozen=True, eq=False)
class _ReferenceTable:
    """The reference profiles tagged in one facet, as :func:`fit_tag_model` learns from them."""

    rows: list[int]
    labels: tuple[str, ...]
    #: (n x L) declared level / 5, 0 where the label is not declared
    levels: npt.NDArray[np.float32]
    vectors: FloatMatrix
    declared: npt.NDArray[np.float64]
    log_prior: npt.NDArray[np.float64]
    mean: npt.NDArray[np.float64]
    sums: npt.NDArray[np.float64]
    counts: npt.NDArray[np.float64]
    keywords: npt.NDArray[np.float64]


def _reference_table(
    references: Sequence[Profile],
    reference_vectors: FloatMatrix,
    facet: str,
    labels: tuple[str, ...],
) -> _ReferenceTable:
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
    return _ReferenceTable(
        rows=rows,
        labels=labels,
        levels=levels,
        vectors=vectors,
        declared=declared,
        log_prior=np.log(frequency / (1.0 - frequency)),
        mean=vectors.mean(axis=0) if len(rows) else np.zeros(reference_vectors.shape[1]),
        sums=levels.T.astype(np.float64) @ vectors,
        counts=levels.sum(axis=0).astype(np.float64),
        keywords=_keyword_matrix([references[i].passage for i in rows], facet, labels),
    )


def reference_features(
    references: Sequence[Profile],
    reference_vectors: FloatMatrix,
    gloss_vectors: Mapping[str, FloatMatrix],
    *,
    vocabulary: Vocabulary,
    facet: str,
    settings: TaggerSettings | None = None,
    mode: str = "profile",
) -> tuple[list[int], npt.NDArray[np.float64], npt.NDArray[np.float64], npt.NDArray[np.float32]]:
    """What :func:`fit_tag_model` fits the head of ``facet`` on, for evaluating other heads:
    the indices of the references tagged in the facet, their leave-one-out features (n x L x
    :data:`FEATURES`, those ``mode`` does not use set to 0), the declared labels (n x L, 0/1)
    and the declared levels / 5 (n x L)."""
    settings = settings or TaggerSettings()
    table = _reference_table(references, reference_vectors, facet, vocabulary.facet(facet))
    features = _stack(_training_features(table, gloss_vectors[facet], settings), settings, mode)
    return table.rows, features, table.declared, table.levels


def _training_features(
    table: _ReferenceTable, gloss_vectors: FloatMatrix, settings: TaggerSettings
) -> dict[str, npt.NDArray[np.float64]]:
    """Leave-one-out features of the reference profiles themselves."""
    vectors, levels, declared, keywords = (
        table.vectors,
        table.levels,
        table.declared,
        table.keywords,
    )
    sums, counts, mean, labels = table.sums, table.counts, table.mean, table.labels
    size = len(vectors)
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
    # the keywords' evidence without the profile itself (leave-one-out counts)
    evidence = np.empty((size, len(labels)))
    for row in range(size):
        others = np.ones(size, dtype=bool)
        others[row] = False
        evidence[row] = _evidence_feature(
            keywords[row],
            _keyword_evidence(keywords[others], declared[others], settings.evidence_smoothing),
        )
    return {
        "gloss": _standardise(vectors @ normalise_rows(gloss_vectors).T),
        "centroid": _standardise(centroid_scores),
        "neighbours": neighbours,
        "keyword": keywords,
        "prior": np.broadcast_to(table.log_prior, (size, len(labels))).copy(),
        "evidence": evidence,
    }


def label_probabilities(
    model: TagModel,
    facet: str,
    vectors: FloatMatrix,
    texts: Sequence[str],
    *,
    mode: str = "profile",
    language: str | None = None,
) -> npt.NDArray[np.float64]:
    """Probability (n x L) that each label of ``facet`` applies to each text.

    ``mode`` is ``"profile"`` (descriptions) or ``"short"`` (needs); see :data:`MODES`.
    ``language``: the texts' language; its own glosses are used when the model has them.
    """
    features = text_features(model, facet, vectors, texts, mode=mode, language=language)
    coefficients, intercept = model.facet(facet).coefficients[mode]
    return 1.0 / (1.0 + np.exp(-(features @ coefficients + intercept)))


def text_features(
    model: TagModel,
    facet: str,
    vectors: FloatMatrix,
    texts: Sequence[str],
    *,
    mode: str = "profile",
    language: str | None = None,
) -> npt.NDArray[np.float64]:
    """The features (n x L x :data:`FEATURES`) :func:`label_probabilities` weighs for ``texts``;
    those ``mode`` does not use are 0."""
    if mode not in MODES:
        raise ValueError(f"mode must be one of {', '.join(MODES)}, got {mode!r}")
    facet_model = model.facet(facet)
    keywords = _keyword_matrix(texts, facet, facet_model.labels)
    glosses = facet_model.localised_gloss_vectors.get(language or "", facet_model.gloss_vectors)
    features = {
        "gloss": _standardise(vectors @ glosses.T),
        "centroid": _standardise(vectors @ facet_model.centroid_vectors.T),
        "neighbours": _neighbour_vote(
            vectors @ facet_model.reference_vectors.T, facet_model.reference_levels, model.settings
        ),
        "keyword": keywords,
        "prior": np.broadcast_to(facet_model.log_prior, (len(texts), len(facet_model.labels))),
        "evidence": _evidence_feature(keywords, facet_model.keyword_evidence),
    }
    return _stack(features, model.settings, mode)


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


def label_glosses(vocabulary: Vocabulary, facet: str, language: str | None = None) -> list[str]:
    """The texts to embed (as passages) for the labels of ``facet``, in vocabulary order:
    the English glosses, or those written in ``language`` (one of :func:`gloss_languages`)."""
    if language is None:
        return [gloss(facet, label) for label in vocabulary.facet(facet)]
    return [localised_gloss(facet, label, language) for label in vocabulary.facet(facet)]
