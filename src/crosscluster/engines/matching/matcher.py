"""Hybrid, explainable matching of needs to providers (and of offers to partner offers).

score(need, provider) = w_semantic * semantic + w_lexical * lexical + w_taxonomy * taxonomy
                        + geography,  for providers that complement the need (else excluded)

* ``semantic``: cosine of the multilingual embeddings (need as e5 "query", provider as "passage"),
  min-max scaled over the indexed providers to [0, 1];
* ``lexical``: BM25 of the need's words — plus the English names of the need's taxonomy labels,
  which lets a German or Swedish need meet an English description word for word — scaled by the
  best score to [0, 1];
* ``taxonomy``: how much of the need's technologies, sectors and services the provider covers,
  weighted by the provider's competence level (level / 5) and by facet (technologies first). A
  need's labels are its declared tags, or those the auto-tagger infers from its text; a provider
  without declared tags in a facet is represented by the labels the auto-tagger infers from its
  description (times ``Weights.inferred_provider_tags``);
* ``geography``: a small bonus for a cross-border pair and for a provider in one of the need's
  target countries; a filter only when ``require_target_countries`` is asked for;
* complementarity: a need is served by offers and cooperation profiles, never by another need;
  a provider from another sector is not penalised (sector agreement only adds).

Offer-to-offer partner suggestions use *reciprocity*: the harmonic mean of how well each profile
fits the other, so a partnership both sides would want ranks first.

The weights and the numbers that chose them are in docs/engines/matching.md.
"""

from __future__ import annotations

from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass, field, replace

import numpy as np
import numpy.typing as npt
from scipy import sparse

from crosscluster.engines.matching.countries import normalise_country
from crosscluster.engines.matching.embedder import Embedder, FloatMatrix
from crosscluster.engines.matching.glossary import find_terms, mentioned_labels
from crosscluster.engines.matching.index import NearestCandidates, VectorIndex, top_indices
from crosscluster.engines.matching.language import detect_language
from crosscluster.engines.matching.lexical import LexicalIndex, build_lexical_index
from crosscluster.engines.matching.reasons import Reason, render
from crosscluster.engines.matching.tagging import TagModel, label_probabilities
from crosscluster.engines.matching.types import Match, Profile, ProfileKind, ScoreParts
from crosscluster.engines.matching.vocabulary import FACETS, Vocabulary

Progress = Callable[[int, int], None]
#: loads the profiles of the given ids and their passage vectors (one row each, same order)
ProfileLoader = Callable[[Sequence[str]], tuple[Sequence[Profile], FloatMatrix]]

#: an inferred provider label is named in a reason only from this probability up
INFERRED_SHOWN = 0.5


@dataclass(frozen=True)
class Weights:
    """Weights of the hybrid score (chosen by the grid search in docs/engines/matching.md)."""

    semantic: float = 0.1
    lexical: float = 0.1
    taxonomy: float = 0.8
    cross_border: float = 0.02
    target_country: float = 0.05
    #: relative weight of each facet inside the taxonomy part
    facets: tuple[tuple[str, float], ...] = (
        ("technologies", 0.6),
        ("sectors", 0.3),
        ("services", 0.1),
    )
    #: weight of tags inferred from a provider's description relative to declared ones
    inferred_provider_tags: float = 0.8
    #: a need's inferred labels: at most this many per facet ...
    need_labels: int = 3
    #: ... each with a probability at least this share of the facet's best
    need_label_ratio: float = 0.5
    #: weight of an inferred need label that only the need's vector suggests (no glossary term
    #: of it in the text) when the text's words name another label of the facet, for a need not
    #: written in one of ``vector_trusted_languages``: read against English glosses, such labels
    #: were rarely the stated ones and differed most between a need and its English rendering
    #: (docs/engines/matching.md, round 9b); 1 weighs them like the others, 0 drops them
    vector_only_beside_keywords: float = 0.5
    #: languages whose needs keep every inferred label at its full weight (the glosses' own)
    vector_trusted_languages: tuple[str, ...] = ("en",)
    #: append the English names of the need's labels to its BM25 query
    expand_lexical_query: bool = True
    #: exponent of each label's rarity (IDF over the indexed providers) in the taxonomy part;
    #: 0 weighs every label the same
    rarity: float = 0.0
    #: BM25-style saturation of a provider's level on a label (k1); larger is closer to linear
    saturation: float = 1.2
    #: BM25-style breadth normalisation (b): 0 ignores how many labels a provider declares,
    #: 1 divides its levels by its breadth relative to the average provider
    breadth: float = 0.7
    #: a need text of at least this many words is read like a profile by the auto-tagger (all
    #: its signals: a long description, e.g. "providers like this one"), a shorter one as a need
    long_need_words: int = 60
    #: how much a declared level depends on the provider's own description: each declared level
    #: is multiplied by (1 - s) + s * (the auto-tagger's probability of the label from the
    #: description / the best such probability among the provider's declared labels), so of a
    #: provider that declares 30 labels at level 5 the ones its description is about count most;
    #: 0 takes declared levels as they are
    declared_support: float = 0.8

    def facet_weight(self, facet: str) -> float:
        return dict(self.facets).get(facet, 0.0)


@dataclass(frozen=True)
class MatchOptions:
    top: int = 10
    #: keep only providers located in one of the need's target countries (when it names any)
    require_target_countries: bool = False


@dataclass(frozen=True, eq=False)
class ProviderIndex:
    """Everything needed to score providers; build it with :func:`build_provider_index`."""

    profiles: tuple[Profile, ...]
    vectors: VectorIndex
    lexical: LexicalIndex
    vocabulary: Vocabulary
    #: facet -> sparse (n x L) declared level / 5 (0 where not declared)
    declared_levels: Mapping[str, sparse.csr_matrix]
    #: facet -> (n,) whether the provider declared any tag in the facet
    has_declared: Mapping[str, npt.NDArray[np.bool_]]
    #: facet -> sorted rows of the providers without declared tags in the facet ...
    inferred_rows: Mapping[str, npt.NDArray[np.intp]]
    #: ... and (len(rows) x L) the auto-tagger's probabilities from their descriptions
    inferred_levels: Mapping[str, npt.NDArray[np.float32]]
    languages: tuple[str | None, ...]
    countries: tuple[str | None, ...]
    positions: Mapping[str, int] = field(default_factory=dict)
    #: (n,) whether the profile is a need (complementarity), and its country code or ""
    is_need: npt.NDArray[np.bool_] = field(default_factory=lambda: np.zeros(0, dtype=bool))
    country_codes: npt.NDArray[np.str_] = field(default_factory=lambda: np.zeros(0, dtype=str))
    #: facet -> (L,) rarity of each label over the providers (BM25's IDF of "declares it")
    label_rarity: Mapping[str, npt.NDArray[np.float32]] = field(default_factory=dict)
    #: facet -> (n,) a provider's breadth: the sum of its levels in the facet (declared, or the
    #: inferred probabilities) divided by the mean over providers with any
    breadth: Mapping[str, npt.NDArray[np.float32]] = field(default_factory=dict)
    #: (n,) whether the provider's passage vector is known; the others (not embedded yet) are
    #: scored by words and tags only (the lowest semantic similarity of the pool)
    has_vector: npt.NDArray[np.bool_] = field(default_factory=lambda: np.zeros(0, dtype=bool))
    #: facet -> (n x L) how strongly a provider's description supports each of its declared
    #: labels, in [0, 1] (1 for its best-supported one; 1 everywhere without a description
    #: vector); see ``Weights.declared_support``
    declared_support: Mapping[str, npt.NDArray[np.float32]] = field(default_factory=dict)

    def __len__(self) -> int:
        return len(self.profiles)

    def declared_row(self, facet: str, row: int) -> npt.NDArray[np.float32]:
        """Declared levels / 5 of one provider (L,)."""
        matrix = self.declared_levels[facet]
        values = np.zeros(matrix.shape[1], dtype=np.float32)
        start, stop = matrix.indptr[row], matrix.indptr[row + 1]
        values[matrix.indices[start:stop]] = matrix.data[start:stop]
        return values

    def inferred_row(self, facet: str, row: int) -> npt.NDArray[np.float32]:
        """Inferred label probabilities of one provider (L,); zeros when it declared tags."""
        rows = self.inferred_rows[facet]
        position = int(np.searchsorted(rows, row))
        if position < len(rows) and rows[position] == row:
            return self.inferred_levels[facet][position]
        return np.zeros(len(self.vocabulary.facet(facet)), dtype=np.float32)


@dataclass(frozen=True)
class NeedLabels:
    """The labels a need is about, per facet, with weights in (0, 1] and whether inferred."""

    weights: Mapping[str, tuple[tuple[str, float], ...]]
    inferred: Mapping[str, bool]


def _chunks(size: int, step: int) -> list[tuple[int, int]]:
    return [(start, min(start + step, size)) for start in range(0, size, step)]


def embed_passages(
    embedder: Embedder,
    texts: Sequence[str],
    *,
    batch: int = 16,
    progress: Progress | None = None,
) -> FloatMatrix:
    """Embed ``texts`` as passages in batches, reporting (done, total) after each batch."""
    parts = []
    for start, stop in _chunks(len(texts), batch):
        parts.append(embedder.embed_passages(texts[start:stop]))
        if progress is not None:
            progress(stop, len(texts))
    if not parts:
        return np.zeros((0, embedder.dimension), dtype=np.float32)
    return np.concatenate(parts).astype(np.float32)


def _declared_support(
    declared: sparse.csr_matrix,
    tag_model: TagModel,
    facet: str,
    vectors: FloatMatrix,
    profiles: Sequence[Profile],
    rows_with_text: npt.NDArray[np.bool_],
) -> npt.NDArray[np.float32]:
    """(n x L) the description's support of each declared label, relative to the provider's best.

    1 for providers whose description cannot be read (no vector) or facets the tag model lacks.
    """
    support = np.ones(declared.shape, dtype=np.float32)
    rows = np.flatnonzero(rows_with_text)
    if not len(rows) or facet not in tag_model.facets:
        return support
    probabilities = label_probabilities(
        tag_model, facet, vectors[rows], [profiles[int(i)].passage for i in rows], mode="profile"
    )
    mask = declared[rows].toarray() > 0
    masked = np.where(mask, probabilities, 0.0)
    best = masked.max(axis=1, keepdims=True)
    support[rows] = np.where(mask, masked / np.maximum(best, 1e-9), 1.0).astype(np.float32)
    return support


def build_provider_index(
    profiles: Sequence[Profile],
    *,
    vectors: FloatMatrix,
    tag_model: TagModel,
    vocabulary: Vocabulary,
    lexical_prefix: int = 5,
    has_vector: npt.NDArray[np.bool_] | None = None,
) -> ProviderIndex:
    """Index providers whose passage vectors (one row per profile, same order) are given.

    Providers without declared tags in a facet get the auto-tagger's labels for it. Rows where
    ``has_vector`` is false have no embedding yet (their row of ``vectors`` is ignored): they are
    tagged from their words only and get the pool's lowest semantic similarity, so a new pool can
    be matched at once and refined once it is embedded.
    """
    size = len(profiles)
    known = np.ones(size, dtype=bool) if has_vector is None else np.asarray(has_vector, dtype=bool)
    if not known.all():
        vectors = np.where(known[:, None], vectors, 0.0).astype(np.float32)
    declared: dict[str, sparse.csr_matrix] = {}
    has_declared: dict[str, npt.NDArray[np.bool_]] = {}
    inferred_rows: dict[str, npt.NDArray[np.intp]] = {}
    inferred: dict[str, npt.NDArray[np.float32]] = {}
    support: dict[str, npt.NDArray[np.float32]] = {}
    for facet in FACETS:
        labels = vocabulary.facet(facet)
        column = {label: index for index, label in enumerate(labels)}
        rows: list[int] = []
        columns: list[int] = []
        values: list[float] = []
        for row, profile in enumerate(profiles):
            for tag in {tag.label: tag for tag in profile.tags(facet)}.values():
                if tag.label in column:
                    rows.append(row)
                    columns.append(column[tag.label])
                    values.append(tag.level / 5.0)
        declared[facet] = sparse.csr_matrix(
            (np.array(values, dtype=np.float32), (rows, columns)),
            shape=(size, len(labels)),
            dtype=np.float32,
        )
        has_declared[facet] = np.zeros(size, dtype=bool)
        has_declared[facet][rows] = True
        missing = np.flatnonzero(~has_declared[facet])
        inferred_rows[facet] = missing
        if len(missing) and facet in tag_model.facets:
            inferred[facet] = np.zeros((len(missing), len(labels)), dtype=np.float32)
            for mode, subset in (("profile", known[missing]), ("short", ~known[missing])):
                if subset.any():
                    rows_ = missing[subset]
                    inferred[facet][subset] = label_probabilities(
                        tag_model,
                        facet,
                        vectors[rows_],
                        [profiles[int(i)].passage for i in rows_],
                        mode=mode,
                    )
        else:
            inferred[facet] = np.zeros((len(missing), len(labels)), dtype=np.float32)
        support[facet] = _declared_support(
            declared[facet], tag_model, facet, vectors, profiles, known & has_declared[facet]
        )
    countries = tuple(normalise_country(profile.country) for profile in profiles)
    rarity: dict[str, npt.NDArray[np.float32]] = {}
    breadth: dict[str, npt.NDArray[np.float32]] = {}
    for facet in FACETS:
        mass = np.asarray(declared[facet].sum(axis=1), dtype=np.float64).reshape(-1)
        frequency = np.asarray((declared[facet] > 0).sum(axis=0), dtype=np.float64).reshape(-1)
        untagged = inferred_rows[facet]
        if len(untagged):
            mass[untagged] += inferred[facet].sum(axis=1)
            frequency += inferred[facet].sum(axis=0)
        rarity[facet] = np.log1p((size - frequency + 0.5) / (frequency + 0.5)).astype(np.float32)
        active = mass > 0
        mean = float(mass[active].mean()) if active.any() else 1.0
        breadth[facet] = (mass / mean).astype(np.float32)
    return ProviderIndex(
        profiles=tuple(profiles),
        vectors=VectorIndex.build(vectors) if size else VectorIndex(vectors.astype(np.float32)),
        lexical=build_lexical_index(
            [_lexical_document(profile) for profile in profiles], prefix=lexical_prefix
        ),
        vocabulary=vocabulary,
        declared_levels=declared,
        has_declared=has_declared,
        inferred_rows=inferred_rows,
        inferred_levels=inferred,
        languages=tuple(profile.language or detect_language(profile.text) for profile in profiles),
        countries=countries,
        positions={profile.id: row for row, profile in enumerate(profiles)},
        is_need=np.array([profile.kind == ProfileKind.NEED for profile in profiles], dtype=bool),
        country_codes=np.array([country or "" for country in countries], dtype=str),
        label_rarity=rarity,
        breadth=breadth,
        declared_support=support,
        has_vector=known,
    )


def _lexical_document(profile: Profile) -> str:
    labels = " ".join(tag.label for facet in FACETS for tag in profile.tags(facet))
    return f"{profile.passage} {labels}".strip()


def need_labels(
    need: Profile,
    *,
    vector: FloatMatrix,
    tag_model: TagModel,
    vocabulary: Vocabulary,
    weights: Weights,
    language: str | None = None,
) -> NeedLabels:
    """The need's declared labels (weight level / 5), or the auto-tagger's best guesses.

    ``language``: the need's language, so that its labels are read against the glosses written
    in it when the tag model has them; outside ``Weights.vector_trusted_languages`` (or unknown)
    a label only the vector suggests weighs ``Weights.vector_only_beside_keywords`` beside labels
    the need's words name.
    """
    chosen: dict[str, tuple[tuple[str, float], ...]] = {}
    inferred: dict[str, bool] = {}
    for facet in FACETS:
        declared = [
            (tag.label, tag.level / 5.0)
            for tag in need.tags(facet)
            if tag.label in vocabulary.facet(facet)
        ]
        if declared:
            chosen[facet] = tuple(declared)
            inferred[facet] = False
            continue
        if facet not in tag_model.facets or weights.need_labels <= 0:
            continue
        mode = (
            "short"
            if need.kind == ProfileKind.NEED and len(need.text.split()) < weights.long_need_words
            else "profile"
        )
        probabilities = label_probabilities(
            tag_model, facet, vector[None, :], [need.passage], mode=mode, language=language
        )[0]
        best = float(probabilities.max())
        if best <= 0.0:
            continue
        labels = vocabulary.facet(facet)
        order = np.lexsort((np.arange(len(labels)), -probabilities))[: weights.need_labels]
        kept = [index for index in order if probabilities[index] >= weights.need_label_ratio * best]
        named = mentioned_labels(facet, need.passage)
        share = (
            weights.vector_only_beside_keywords
            if language not in weights.vector_trusted_languages
            and any(labels[index] in named for index in kept)
            else 1.0
        )
        picked = [
            (
                labels[index],
                float(probabilities[index]) / best * (1.0 if labels[index] in named else share),
            )
            for index in kept
        ]
        if share <= 0.0:
            picked = [(label, weight) for label, weight in picked if weight > 0.0]
        if facet == "services":
            # support services are rarely stated by a need: keep only those its words name
            picked = [
                (label, weight)
                for label, weight in picked
                if find_terms(facet, label, need.text, limit=1)
            ]
        chosen[facet] = tuple(picked)
        inferred[facet] = True
    return NeedLabels(weights=chosen, inferred=inferred)


def _scale(values: npt.NDArray[np.float32]) -> npt.NDArray[np.float32]:
    if values.size == 0:
        return values
    low, high = float(values.min()), float(values.max())
    if high - low <= 1e-12:
        return np.zeros_like(values)
    return ((values - low) / (high - low)).astype(np.float32)


def taxonomy_scores(
    index: ProviderIndex, labels: NeedLabels, weights: Weights
) -> tuple[npt.NDArray[np.float32], dict[str, npt.NDArray[np.float32]]]:
    """Weighted coverage of the need's labels by every provider, overall and per facet.

    Per facet, with q the need's label weights, p a provider's levels (level / 5, or inferred
    probabilities), r the labels' rarity and B the provider's breadth::

        coverage = sum_l q_l r_l^a sat(p_l) / sum_l q_l r_l^a
        sat(p)   = p (k1 + 1) / (p + k1 (1 - b + b max(B, 1))) / ((k1 + 1) / (1 + k1))

    (a = ``Weights.rarity``, k1 = ``Weights.saturation``, b = ``Weights.breadth``). With a = 0,
    b = 0 and a large k1 it is the plain weighted mean of the provider's levels. sat is divided
    by its largest possible value, so the coverage stays in [0, 1].
    """
    total = np.zeros(len(index), dtype=np.float32)
    per_facet: dict[str, npt.NDArray[np.float32]] = {}
    weight_sum = 0.0
    k1, b = weights.saturation, weights.breadth
    for facet, chosen in labels.weights.items():
        facet_weight = weights.facet_weight(facet)
        if not chosen or facet_weight <= 0.0:
            continue
        column = {label: i for i, label in enumerate(index.vocabulary.facet(facet))}
        columns = [column[label] for label, _ in chosen]
        need_weights = np.array([weight for _, weight in chosen], dtype=np.float64)
        rarity = index.label_rarity.get(facet)
        if rarity is not None and weights.rarity:
            need_weights = need_weights * np.asarray(rarity[columns], dtype=np.float64) ** (
                weights.rarity
            )
        levels = np.asarray(index.declared_levels[facet][:, columns].toarray(), dtype=np.float64)
        support = index.declared_support.get(facet)
        if weights.declared_support and support is not None:
            s = weights.declared_support
            levels *= (1.0 - s) + s * support[:, columns].astype(np.float64)
        rows = index.inferred_rows[facet]
        if len(rows):
            levels[rows] += weights.inferred_provider_tags * index.inferred_levels[facet][
                :, columns
            ].astype(np.float64)
        if b and facet in index.breadth:
            # only providers broader than the average are damped: a specialist is not boosted
            norm = 1.0 - b + b * np.maximum(index.breadth[facet].astype(np.float64), 1.0)
        else:
            norm = np.ones(len(index))
        saturated = levels * (k1 + 1.0) / (levels + k1 * norm[:, None])
        saturated /= (k1 + 1.0) / (1.0 + k1)
        coverage = (saturated @ need_weights / need_weights.sum()).astype(np.float32)
        per_facet[facet] = coverage
        total += facet_weight * coverage
        weight_sum += facet_weight
    if weight_sum > 0.0:
        total /= weight_sum
    return total, per_facet


@dataclass(frozen=True)
class _Scored:
    semantic_raw: npt.NDArray[np.float32]
    semantic: npt.NDArray[np.float32]
    lexical: npt.NDArray[np.float32]
    taxonomy: npt.NDArray[np.float32]
    per_facet: dict[str, npt.NDArray[np.float32]]
    geography: npt.NDArray[np.float32]
    total: npt.NDArray[np.float32]
    labels: NeedLabels
    language: str | None


def score_all(
    index: ProviderIndex,
    need: Profile,
    *,
    vector: FloatMatrix,
    tag_model: TagModel,
    weights: Weights,
    options: MatchOptions | None = None,
) -> _Scored:
    """Every part of the score for every indexed provider (vectorised)."""
    options = options or MatchOptions()
    language = need.language or detect_language(need.text)
    labels = need_labels(
        need,
        vector=vector,
        tag_model=tag_model,
        vocabulary=index.vocabulary,
        weights=weights,
        language=language,
    )
    semantic_raw = index.vectors.similarities(vector)
    if len(index.has_vector) == len(index) and not index.has_vector.all():
        present = semantic_raw[index.has_vector]
        semantic_raw = np.where(
            index.has_vector, semantic_raw, present.min() if present.size else 0.0
        ).astype(np.float32)
    semantic = _scale(semantic_raw)
    query = need.text
    if weights.expand_lexical_query:
        query += " " + " ".join(label for chosen in labels.weights.values() for label, _ in chosen)
    lexical = index.lexical.scores(query)
    best_lexical = float(lexical.max()) if lexical.size else 0.0
    lexical = lexical / best_lexical if best_lexical > 0 else np.zeros_like(lexical)
    taxonomy, per_facet = taxonomy_scores(index, labels, weights)

    need_country = normalise_country(need.country)
    targets = {normalise_country(code) for code in need.target_countries} - {None}
    geography = np.zeros(len(index), dtype=np.float32)
    allowed = np.ones(len(index), dtype=bool)
    # complementarity: a need is served by offers and cooperation profiles, never by a need
    allowed &= ~index.is_need
    if need.kind != ProfileKind.NEED and need.id in index.positions:
        allowed[index.positions[need.id]] = False
    codes = index.country_codes
    if targets:
        in_target = np.isin(codes, sorted(targets))
        if options.require_target_countries:
            allowed &= in_target
        geography += weights.target_country * in_target
    if need_country:
        geography += weights.cross_border * ((codes != "") & (codes != need_country))
    total = (
        weights.semantic * semantic
        + weights.lexical * lexical
        + weights.taxonomy * taxonomy
        + geography
    ).astype(np.float32)
    total[~allowed] = -np.inf
    return _Scored(
        semantic_raw=semantic_raw,
        semantic=semantic,
        lexical=lexical.astype(np.float32),
        taxonomy=taxonomy,
        per_facet=per_facet,
        geography=geography,
        total=total,
        labels=labels,
        language=language,
    )


def match_need(
    index: ProviderIndex,
    need: Profile,
    *,
    vector: FloatMatrix,
    tag_model: TagModel,
    weights: Weights | None = None,
    options: MatchOptions | None = None,
) -> tuple[Match, ...]:
    """The best providers for ``need`` (its query vector given), best first, with reasons."""
    weights = weights or Weights()
    options = options or MatchOptions()
    scored = score_all(
        index, need, vector=vector, tag_model=tag_model, weights=weights, options=options
    )
    finite = np.isfinite(scored.total)
    best = [int(row) for row in top_indices(np.where(finite, scored.total, -1e30), options.top)]
    best = [row for row in best if finite[row]]
    return tuple(
        Match(
            profile_id=index.profiles[row].id,
            score=round(float(scored.total[row]), 4),
            parts=ScoreParts(
                semantic=round(float(scored.semantic[row]), 4),
                lexical=round(float(scored.lexical[row]), 4),
                taxonomy=round(float(scored.taxonomy[row]), 4),
                geography=round(float(scored.geography[row]), 4),
            ),
            explanations=(
                explained := explain(
                    index, need, row, scored, weights, _rank_of(scored.semantic_raw, row)
                )
            ),
            reasons=tuple(render(reason) for reason in explained),
        )
        for row in best
    )


def match_need_in_candidates(
    need: Profile,
    *,
    vector: FloatMatrix,
    candidates: NearestCandidates,
    load: ProfileLoader,
    shortlist: int,
    tag_model: TagModel,
    vocabulary: Vocabulary,
    weights: Weights | None = None,
    options: MatchOptions | None = None,
) -> tuple[Match, ...]:
    """:func:`match_need` over the ``shortlist`` providers nearest to the need's vector.

    For pools too big to score whole: ``candidates`` (exact numpy, or pgvector HNSW in the
    marketplace) proposes the semantically nearest providers; the full hybrid score (BM25,
    taxonomy, geography, complementarity, reasons) then ranks them. A provider outside the
    shortlist cannot be suggested even if its tags fit, and the semantic part is scaled over the
    shortlist (so "n-th of N" in the reasons counts the shortlist); docs/engines/matching.md.
    """
    found = [key for key, _ in candidates.nearest(vector, shortlist) if key != need.id]
    if not found:
        return ()
    profiles, vectors = load(found)
    index = build_provider_index(
        profiles, vectors=vectors, tag_model=tag_model, vocabulary=vocabulary
    )
    return match_need(
        index, need, vector=vector, tag_model=tag_model, weights=weights, options=options
    )


def _rank_of(values: npt.NDArray[np.float32], row: int) -> int:
    """1-based rank of ``values[row]`` (ties: the lower index first), in one pass."""
    value = values[row]
    return int(np.count_nonzero(values > value) + np.count_nonzero(values[:row] == value) + 1)


def explain(
    index: ProviderIndex,
    need: Profile,
    row: int,
    scored: _Scored,
    weights: Weights,
    semantic_rank: int,
) -> tuple[Reason, ...]:
    """Structured reasons for one pair, most important first (English: :func:`render`)."""
    provider = index.profiles[row]
    reasons: list[tuple[float, Reason]] = []
    need_language = scored.language or ""
    provider_language = index.languages[row] or ""
    base = Reason(
        code="labels",
        need_language="" if need_language == "en" else need_language,
        is_need=need.kind == ProfileKind.NEED,
    )

    for facet in FACETS:
        chosen = scored.labels.weights.get(facet, ())
        if not chosen:
            continue
        column = {label: i for i, label in enumerate(index.vocabulary.facet(facet))}
        declared = bool(index.has_declared[facet][row])
        levels = index.declared_row(facet, row) if declared else index.inferred_row(facet, row)
        covered: list[tuple[str, float]] = []
        for label, _weight in chosen:
            level = float(levels[column[label]])
            if not declared and level < INFERRED_SHOWN:
                level = 0.0
            if level > 0:
                covered.append((label, level))
        importance = weights.taxonomy * weights.facet_weight(facet)
        if facet in scored.per_facet:
            importance *= float(scored.per_facet[facet][row])
        need_inferred = scored.labels.inferred.get(facet, False)
        if covered:
            found = _facet_reasons(
                replace(base, facet=facet, provider_declared=declared),
                need,
                provider,
                covered,
                need_inferred,
            )
            # the first reason carries the facet's weight; the rest follow it directly
            for position, reason in enumerate(found):
                reasons.append((importance - 1e-6 * position, reason))
        elif facet == "sectors" and declared:
            own = [tag.label for tag in sorted(provider.sectors, key=lambda t: -t.level)[:2]]
            # an inferred need sector is named only when it is the need's clearest one
            wanted = (
                [chosen[0][0]]
                if need_inferred
                else [label for label, weight in chosen if weight >= 0.7] or [chosen[0][0]]
            )
            reasons.append(
                (
                    0.0,
                    replace(
                        base,
                        code="cross_sectoral",
                        labels=tuple(wanted),
                        other_labels=tuple(own),
                    ),
                )
            )

    embedded = len(index.has_vector) != len(index) or bool(index.has_vector[row])
    if embedded:
        reasons.append(
            (
                weights.semantic * float(scored.semantic[row]),
                replace(
                    base,
                    code="semantic",
                    need_language=need_language,
                    provider_language=provider_language,
                    number=round(float(scored.semantic_raw[row]), 4),
                    rank=semantic_rank,
                    total=len(index),
                ),
            )
        )
    if scored.lexical[row] > 0:
        words = index.lexical.matched_terms(need.text, _lexical_document(provider))
        if words:
            reasons.append(
                (
                    weights.lexical * float(scored.lexical[row]),
                    replace(base, code="lexical", need_words=tuple(words)),
                )
            )
    need_country = normalise_country(need.country)
    provider_country = index.countries[row]
    if need_country and provider_country:
        targets = {normalise_country(code) for code in need.target_countries}
        reasons.append(
            (
                float(scored.geography[row]),
                replace(
                    base,
                    code="geography",
                    countries=(need_country, provider_country),
                    target=provider_country in targets,
                ),
            )
        )
    ordered = sorted(enumerate(reasons), key=lambda item: (-item[1][0], item[0]))
    return tuple(reason for _, (_, reason) in ordered)


def _suggested(
    reason: Reason, facet: str, provider: Profile, labels: Sequence[str], levels: Sequence[float]
) -> Reason:
    """The provider's side: declared levels, or the words of its description that suggest them."""
    if reason.provider_declared:
        return replace(
            reason, labels=tuple(labels), levels=tuple(round(level * 5) for level in levels)
        )
    evidence = list(
        dict.fromkeys(
            word for label in labels for word in find_terms(facet, label, provider.passage, limit=2)
        )
    )
    return replace(reason, labels=tuple(labels), provider_words=tuple(evidence[:3]))


def _facet_reasons(
    base: Reason,
    need: Profile,
    provider: Profile,
    covered: Sequence[tuple[str, float]],
    need_inferred: bool,
) -> list[Reason]:
    """Reasons for the labels of a facet that both sides share (evidence quoted per label)."""
    facet = base.facet
    labels = [label for label, _ in covered]
    levels = [level for _, level in covered]
    if facet == "technologies":
        if not need_inferred:
            return [_suggested(replace(base, need="declared"), facet, provider, labels, levels)]
        reasons = []
        unexplained: list[tuple[str, float]] = []
        for label, level in covered:
            words = find_terms(facet, label, need.text, limit=3)
            if words:
                reasons.append(
                    _suggested(
                        replace(base, need="mentions", need_words=tuple(words)),
                        facet,
                        provider,
                        [label],
                        [level],
                    )
                )
            else:
                unexplained.append((label, level))
        if unexplained:
            reasons.append(
                _suggested(
                    replace(base, need="about"),
                    facet,
                    provider,
                    [label for label, _ in unexplained],
                    [level for _, level in unexplained],
                )
            )
        return reasons
    reason = _suggested(
        replace(base, need="about" if need_inferred else "declared"),
        facet,
        provider,
        labels,
        levels,
    )
    if need_inferred:
        mentioned = list(
            dict.fromkeys(
                word for label in labels for word in find_terms(facet, label, need.text, limit=2)
            )
        )
        if mentioned:
            reason = replace(reason, need="mentions", need_words=tuple(mentioned[:3]))
    return [reason]


def suggest_partners(
    index: ProviderIndex,
    profile_id: str,
    *,
    tag_model: TagModel,
    weights: Weights | None = None,
    top: int = 10,
    candidates: int = 200,
) -> tuple[Match, ...]:
    """Offer-to-offer partner suggestions for an indexed profile, ranked by reciprocity.

    ``s(a -> b)`` is the hybrid score of b for a's profile and ``s(b -> a)`` the converse; the
    suggestion score is their harmonic mean, so a one-sided fit ranks low. The converse is
    computed for the ``candidates`` best one-sided fits only. Both directions compare profile
    vectors (passages), so the semantic part is symmetric.
    """
    weights = weights or Weights()
    row_a = index.positions[profile_id]
    profile_a = index.profiles[row_a]
    forward = score_all(
        index, profile_a, vector=index.vectors.vectors[row_a], tag_model=tag_model, weights=weights
    )
    totals = forward.total.copy()
    totals[row_a] = -np.inf
    shortlist = [
        int(row)
        for row in top_indices(np.where(np.isfinite(totals), totals, -1e30), candidates)
        if np.isfinite(totals[row])
    ]
    results: list[tuple[float, int, float, float]] = []
    for row_b in shortlist:
        profile_b = index.profiles[row_b]
        backward = score_all(
            index,
            profile_b,
            vector=index.vectors.vectors[row_b],
            tag_model=tag_model,
            weights=weights,
        )
        there = max(float(forward.total[row_b]), 0.0)
        back = max(float(backward.total[row_a]), 0.0)
        mutual = 2 * there * back / (there + back) if there + back > 0 else 0.0
        results.append((mutual, row_b, there, back))
    results.sort(key=lambda item: (-item[0], item[1]))
    matches = []
    for mutual, row_b, there, back in results[:top]:
        explanations = (
            Reason(code="mutual", number=round(there, 4), other_number=round(back, 4)),
            *_complement_reason(index, row_a, row_b),
            *explain(
                index, profile_a, row_b, forward, weights, _rank_of(forward.semantic_raw, row_b)
            ),
        )
        matches.append(
            Match(
                profile_id=index.profiles[row_b].id,
                score=round(mutual, 4),
                parts=ScoreParts(
                    semantic=round(float(forward.semantic[row_b]), 4),
                    lexical=round(float(forward.lexical[row_b]), 4),
                    taxonomy=round(float(forward.taxonomy[row_b]), 4),
                    geography=round(float(forward.geography[row_b]), 4),
                    reciprocity=round(back / there if there > 0 else 0.0, 4),
                ),
                reasons=tuple(render(reason) for reason in explanations),
                explanations=explanations,
            )
        )
    return tuple(matches)


def _complement_reason(index: ProviderIndex, row_a: int, row_b: int) -> tuple[Reason, ...]:
    """Technologies b brings that a lacks, when both share a sector."""
    labels = index.vocabulary.facet("technologies")
    mine = index.declared_row("technologies", row_a)
    theirs = index.declared_row("technologies", row_b)
    added = [labels[i] for i in np.flatnonzero((theirs >= 0.8) & (mine == 0))[:3]]
    sectors = index.vocabulary.facet("sectors")
    shared = [
        sectors[i]
        for i in np.flatnonzero(
            (index.declared_row("sectors", row_a) > 0) & (index.declared_row("sectors", row_b) > 0)
        )[:2]
    ]
    if added:
        return (Reason(code="complementary", labels=tuple(added), other_labels=tuple(shared)),)
    return ()
