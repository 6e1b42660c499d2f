"""Background work: embed profiles, then match the opportunities whose matches are stale.

Nothing here runs inside a request. Services stamp ``Opportunity.matches_requested_at`` and, in
the same transaction, enqueue :func:`refresh_matches_task` (django-tasks, queue "matching"); the
worker (``crosscluster worker --queue-name '*'``) runs it after the commit, and it calls
:func:`run_pending`. Bursts fold: the first task matches everything stamped so far, the tasks
behind it find nothing left to do (docs/adr/0003-background-work-with-django-tasks.md).

The embedder comes from :func:`make_embedder`, the single factory tests replace with the
engine's ``HashingEmbedder``. Candidate retrieval is exact numpy search, or pgvector (HNSW) for a
pool beyond ``settings.MARKETPLACE_EXACT_SEARCH_LIMIT`` on PostgreSQL with the extension
(:mod:`crosscluster.marketplace.vector_search`).
"""

from __future__ import annotations

import datetime as dt
import logging
import time
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from typing import Any

import numpy as np
from django.db import connection, transaction
from django.db.models import Q, QuerySet
from django.db.models.functions import Length
from django.utils import timezone

from crosscluster.directory import queries as directory_queries
from crosscluster.engines.matching import (
    Embedder,
    Match,
    MatchOptions,
    Profile,
    ProfileKind,
)
from crosscluster.engines.matching.matcher import (
    ProviderIndex,
    build_provider_index,
    match_need,
    match_need_in_candidates,
)
from crosscluster.engines.matching.tagging import TagModel
from crosscluster.engines.matching.vocabulary import load_vocabulary
from crosscluster.marketplace import adapters, index_store, vector_search
from crosscluster.marketplace.models import (
    NEED_KINDS,
    MatchSource,
    MatchSuggestion,
    Opportunity,
    OpportunityStatus,
    OpportunityVisibility,
    ProfileVector,
)
from crosscluster.marketplace.queries import pending_opportunities

logger = logging.getLogger(__name__)

#: suggestions stored per opportunity
TOP = 20
BATCH = 32
#: providers the pgvector search proposes per seeker before the hybrid score ranks them
SHORTLIST = 500


def make_embedder() -> Embedder:
    """The worker's embedder (:func:`crosscluster.marketplace.adapters.make_embedder`)."""
    return adapters.make_embedder()


def provider_organisations() -> list[directory_queries.ProviderRow]:
    return directory_queries.list_provider_rows()


def _opportunities() -> QuerySet[Opportunity]:
    return Opportunity.objects.select_related("owner").prefetch_related("tags", "target_countries")


def _provider_opportunities() -> QuerySet[Opportunity]:
    return (
        _opportunities()
        .filter(status=OpportunityStatus.PUBLISHED)
        .exclude(visibility=OpportunityVisibility.PRIVATE)
        .exclude(kind__in=list(NEED_KINDS))
    )


@dataclass(frozen=True)
class Subject:
    """A profile of the pass and where it comes from."""

    profile: Profile
    kind: str  # "organisation" or "opportunity"
    pk: int
    is_seeker: bool
    owner_id: int
    country: str


def _stored(
    embedder: Embedder, subjects: Sequence[Subject]
) -> dict[tuple[str, int | None], tuple[str, int]]:
    """(kind, pk) -> (text hash, length of the query vector) of the subjects' stored vectors
    (plain values, not model instances; a pass's few seekers looked up by id)."""
    rows = ProfileVector.objects.filter(model_name=embedder.name)
    if len(subjects) <= 100:
        rows = rows.filter(
            Q(opportunity_id__in=[s.pk for s in subjects if s.kind == "opportunity"])
            | Q(organisation_id__in=[s.pk for s in subjects if s.kind == "organisation"])
        )
    return {
        (
            ("opportunity", opportunity_id) if opportunity_id else ("organisation", organisation_id)
        ): (text_hash, has_query)
        for opportunity_id, organisation_id, text_hash, has_query in rows.annotate(
            has_query=Length("query")
        ).values_list("opportunity_id", "organisation_id", "text_hash", "has_query")
    }


def stale_subjects(subjects: Sequence[Subject], *, embedder: Embedder) -> list[Subject]:
    """The subjects whose stored vector is missing, by another model, or of another text."""
    stored = _stored(embedder, subjects)
    return [
        subject
        for subject in subjects
        if (subject.kind, subject.pk) not in stored
        or stored[(subject.kind, subject.pk)][0] != adapters.text_hash(subject.profile)
        or (subject.is_seeker and not stored[(subject.kind, subject.pk)][1])
    ]


def _save_vectors(
    rows: Sequence[tuple[Subject, np.ndarray, np.ndarray | None]],
    *,
    embedder: Embedder,
    now: dt.datetime,
) -> None:
    with transaction.atomic():
        for subject, passage, query in rows:
            key: dict[str, Any] = (
                {"opportunity_id": subject.pk}
                if subject.kind == "opportunity"
                else {"organisation_id": subject.pk}
            )
            ProfileVector.objects.update_or_create(
                **key,
                defaults={
                    "model_name": embedder.name,
                    "dimension": embedder.dimension,
                    "text_hash": adapters.text_hash(subject.profile),
                    "passage": adapters.vector_to_bytes(passage),
                    "query": b"" if query is None else adapters.vector_to_bytes(query),
                    "computed_at": now,
                },
            )


def adopt_precomputed(subjects: Sequence[Subject], *, embedder: Embedder, now: dt.datetime) -> int:
    """Store the shipped vectors of providers whose text and model match them; returns how many.

    Only providers (passage vectors): seekers also need a query vector, and they are short.
    """
    shipped = vector_search.load_precomputed()
    if not len(shipped):
        return 0
    found = []
    for subject in stale_subjects([s for s in subjects if not s.is_seeker], embedder=embedder):
        vector = shipped.get(
            model_name=embedder.name, text_hash=adapters.text_hash(subject.profile)
        )
        if vector is not None:
            found.append((subject, vector, None))
    for start in range(0, len(found), 500):
        _save_vectors(found[start : start + 500], embedder=embedder, now=now)
    return len(found)


def refresh_vectors(*, subjects: Sequence[Subject], embedder: Embedder, now: dt.datetime) -> int:
    """Embed the subjects whose vector is stale (in batches, each stored as it is done).

    Every profile gets a passage vector (it may be a provider); only seekers also get a query
    vector (e5 embeds a search text with another prefix), which halves the work for providers.
    """
    stale = stale_subjects(subjects, embedder=embedder)
    for start in range(0, len(stale), BATCH):
        chunk = stale[start : start + BATCH]
        passages = embedder.embed_passages([subject.profile.passage for subject in chunk])
        seekers = [position for position, subject in enumerate(chunk) if subject.is_seeker]
        queries = dict(
            zip(
                seekers,
                embedder.embed_queries([chunk[position].profile.passage for position in seekers]),
                strict=True,
            )
        )
        _save_vectors(
            [
                (subject, passage, queries.get(position))
                for position, (subject, passage) in enumerate(zip(chunk, passages, strict=True))
            ],
            embedder=embedder,
            now=now,
        )
    return len(stale)


def _vectors(kind: str, ids: list[int], model_name: str) -> dict[int, tuple[str, bytes, bytes]]:
    field = "opportunity_id" if kind == "opportunity" else "organisation_id"
    return {
        row[0]: (row[1], row[2], row[3])
        for row in ProfileVector.objects.filter(
            **{f"{field}__in": ids}, model_name=model_name
        ).values_list(field, "text_hash", "passage", "query")
    }


def _read_providers() -> list[Subject]:
    """Every provider of a pass: provider organisations and published offers (a database read,
    1-3 s for the demo's 2,300 organisations)."""
    return [
        Subject(adapters.organisation_profile(o), "organisation", o.pk, False, o.pk, o.country_id)
        for o in provider_organisations()
    ] + [
        Subject(
            adapters.opportunity_profile(o),
            "opportunity",
            o.pk,
            False,
            o.owner_id,
            o.owner.country_id,
        )
        for o in _provider_opportunities()
    ]


def load_subjects(
    seekers: Sequence[Opportunity], *, providers: Sequence[Subject] | None = None
) -> tuple[list[Subject], list[Subject]]:
    """(providers, seekers) of a pass: provider organisations, published offers, the seekers.

    ``providers``: the providers read moments ago (the warm-up's), instead of reading them again.
    A seeker is never its own provider.
    """
    seeker_ids = {o.pk for o in seekers}
    kept = [
        subject
        for subject in (_read_providers() if providers is None else providers)
        if subject.kind != "opportunity" or subject.pk not in seeker_ids
    ]
    wanted = [
        Subject(
            adapters.opportunity_profile(o),
            "opportunity",
            o.pk,
            True,
            o.owner_id,
            o.owner.country_id,
        )
        for o in seekers
    ]
    return kept, wanted


def refresh_matches(
    *,
    embedder: Embedder,
    now: dt.datetime,
    top: int = TOP,
    providers: Sequence[Subject] | None = None,
) -> int:
    """Store the matches of every pending opportunity; returns how many were matched.

    ``providers``: the pool as the warm-up has just read it (else it is read here).

    1. the seekers are embedded (short texts: a second or so);
    2. providers whose text and model match the shipped vectors take them (no embedding);
    3. if providers are still without a current vector (new or changed profiles), the seekers
       get *first matches* at once, scored by words and tags for those providers, and are marked
       provisional; then those providers are embedded, in batches;
    4. the final matches replace the first ones.
    """
    seekers = list(pending_opportunities())
    if not seekers:
        return 0
    pool, wanted = load_subjects(seekers, providers=providers)
    refresh_vectors(subjects=wanted, embedder=embedder, now=now)
    adopt_precomputed(pool, embedder=embedder, now=now)
    stale = stale_subjects(pool, embedder=embedder)
    if stale:
        _match_and_store(
            seekers, wanted, pool, embedder=embedder, now=now, top=top, provisional=True
        )
        refresh_vectors(subjects=stale, embedder=embedder, now=now)
    _match_and_store(seekers, wanted, pool, embedder=embedder, now=now, top=top, provisional=False)
    return len(seekers)


def _pool_matcher(
    providers: Sequence[Subject],
    wanted: Sequence[Subject],
    *,
    embedder: Embedder,
    provisional: bool,
) -> tuple[SeekerMatcher, dict[str, int], dict[str, str], dict[int, tuple[str, bytes, bytes]]]:
    """The provider pool of a pass made ready to score seekers (the exact index is cached).

    Returns the matcher, each provider's owner and country, and the stored vectors of the
    opportunities among providers and seekers (a seeker's query vector is read from them).
    """
    organisation_vectors = _vectors(
        "organisation", [s.pk for s in providers if s.kind == "organisation"], embedder.name
    )
    opportunity_vectors = _vectors(
        "opportunity",
        [s.pk for s in [*providers, *wanted] if s.kind == "opportunity"],
        embedder.name,
    )
    pool: list[Profile] = []
    rows: list[np.ndarray] = []
    present: list[bool] = []
    owners: dict[str, int] = {}
    countries: dict[str, str] = {}
    for subject in providers:
        stored = (
            organisation_vectors if subject.kind == "organisation" else opportunity_vectors
        ).get(subject.pk)
        current = stored is not None and stored[0] == adapters.text_hash(subject.profile)
        if not current and not provisional:
            continue  # not embedded (e.g. the embedding failed): left out of the final pass
        pool.append(subject.profile)
        rows.append(
            adapters.vector_from_bytes(stored[1])
            if current and stored is not None
            else np.zeros(embedder.dimension, dtype=np.float32)
        )
        present.append(current)
        owners[subject.profile.id] = subject.owner_id
        countries[subject.profile.id] = subject.country
    tag_model = index_store.tag_model(embedder)
    vectors = np.stack(rows).astype(np.float32) if rows else None
    if (
        pool
        and all(present)
        and vector_search.use_pgvector(pool_size=len(pool), dimension=embedder.dimension)
    ):
        score_seeker = _pgvector_matcher(pool, vectors, embedder, tag_model)
    else:
        score_seeker = _exact_matcher(
            pool, vectors, embedder, tag_model, has_vector=np.array(present, dtype=bool)
        )
    return score_seeker, owners, countries, opportunity_vectors


def _match_and_store(
    seekers: Sequence[Opportunity],
    wanted: Sequence[Subject],
    providers: Sequence[Subject],
    *,
    embedder: Embedder,
    now: dt.datetime,
    top: int,
    provisional: bool,
) -> None:
    score_seeker, owners, countries, opportunity_vectors = _pool_matcher(
        providers, wanted, embedder=embedder, provisional=provisional
    )
    for seeker, subject in zip(seekers, wanted, strict=True):
        matches: tuple[Match, ...] = ()
        stored = opportunity_vectors.get(seeker.pk)
        if stored is not None and stored[2]:
            vector = adapters.vector_from_bytes(stored[2])
            try:
                matches = score_seeker(subject.profile, vector, top + 10)
            except Exception:  # one bad profile must not starve the others; retried next pass
                logger.exception("matching opportunity %s failed", seeker.pk)
                continue
        kept = [
            match
            for match in matches
            if match.profile_id != subject.profile.id
            and owners.get(match.profile_id) != seeker.owner_id
        ][:top]
        _store_matches(seeker, kept, countries, now, provisional=provisional)


SeekerMatcher = Callable[[Profile, np.ndarray, int], tuple[Match, ...]]


#: the last exact index the worker built, reused while the pool is unchanged (a published need
#: does not change the pool, so its first matches need no rebuilding)
_INDEX_CACHE: dict[str, tuple[int, ProviderIndex]] = {}


def _stored_or_built_index(
    pool: list[Profile],
    vectors: np.ndarray,
    embedder: Embedder,
    tag_model: TagModel,
    has_vector: np.ndarray,
) -> ProviderIndex:
    """The index of this pool from the store (a restart), else built and stored for the next."""
    key = index_store.pool_key(
        pool,
        vectors,
        has_vector,
        embedder=embedder,
        tag_model_key=index_store.tag_model_key(embedder),
    )
    stored = index_store.load("provider-index", key)
    if isinstance(stored, ProviderIndex):
        return stored
    index = build_provider_index(
        pool,
        vectors=vectors,
        tag_model=tag_model,
        vocabulary=load_vocabulary(),
        has_vector=has_vector,
    )
    if has_vector.all():  # a provisional index (providers not embedded yet) is not kept
        index_store.save("provider-index", key, index)
    return index


def _exact_matcher(
    pool: list[Profile],
    vectors: np.ndarray | None,
    embedder: Embedder,
    tag_model: TagModel,
    *,
    has_vector: np.ndarray,
) -> SeekerMatcher:
    """Every provider scored exactly (numpy): the pool fits in memory."""
    index: ProviderIndex | None = None
    if pool and vectors is not None:
        key = hash((embedder.name, id(tag_model), tuple(pool), has_vector.tobytes()))
        cached = _INDEX_CACHE.get("exact")
        if cached is not None and cached[0] == key:
            index = cached[1]
        else:
            index = _stored_or_built_index(pool, vectors, embedder, tag_model, has_vector)
            _INDEX_CACHE["exact"] = (key, index)

    def match(profile: Profile, vector: np.ndarray, top: int) -> tuple[Match, ...]:
        if index is None:
            return ()
        return match_need(
            index, profile, vector=vector, tag_model=tag_model, options=MatchOptions(top=top)
        )

    return match


def _pgvector_matcher(
    pool: list[Profile], vectors: np.ndarray | None, embedder: Embedder, tag_model: TagModel
) -> SeekerMatcher:
    """A shortlist from pgvector's HNSW index per seeker, then the hybrid score over it."""
    assert vectors is not None
    rows = {profile.id: (profile, vector) for profile, vector in zip(pool, vectors, strict=True)}
    with connection.cursor() as cursor:
        vector_search.sync_embeddings(
            cursor,
            model_name=embedder.name,
            rows={
                key: (adapters.text_hash(profile), vector)
                for key, (profile, vector) in rows.items()
            },
        )
    vocabulary = load_vocabulary()

    def load(keys: Sequence[str]) -> tuple[list[Profile], np.ndarray]:
        known = [key for key in keys if key in rows]
        return [rows[key][0] for key in known], np.stack([rows[key][1] for key in known])

    def match(profile: Profile, vector: np.ndarray, top: int) -> tuple[Match, ...]:
        with connection.cursor() as cursor:
            return match_need_in_candidates(
                profile,
                vector=vector,
                candidates=vector_search.PgVectorCandidates(cursor, model_name=embedder.name),
                load=load,
                shortlist=SHORTLIST,
                tag_model=tag_model,
                vocabulary=vocabulary,
                options=MatchOptions(top=top),
            )

    return match


@transaction.atomic
def _store_matches(
    seeker: Opportunity,
    matches: list[Match],
    countries: dict[str, str],
    now: dt.datetime,
    *,
    provisional: bool = False,
) -> None:
    seen: list[int] = []
    for match in matches:
        kind, pk = adapters.parse_key(match.profile_id)
        subject: dict[str, Any] = (
            {"provider_organisation_id": pk}
            if kind == "organisation"
            else {"provider_opportunity_id": pk}
        )
        country = countries.get(match.profile_id, "")
        row, _created = MatchSuggestion.objects.update_or_create(
            opportunity=seeker,
            **subject,
            defaults={
                "score": match.score,
                "parts": {
                    "semantic": match.parts.semantic,
                    "lexical": match.parts.lexical,
                    "taxonomy": match.parts.taxonomy,
                    "geography": match.parts.geography,
                },
                "reasons": list(match.reasons),
                "reason_parts": [reason.as_dict() for reason in match.explanations],
                "provider_country": country,
                "cross_border": bool(country) and country != seeker.owner.country_id,
                "is_current": True,
                "computed_at": now,
            },
        )
        seen.append(row.pk)
    MatchSuggestion.objects.filter(opportunity=seeker, source=MatchSource.ENGINE).exclude(
        pk__in=seen
    ).update(is_current=False)
    Opportunity.objects.filter(pk=seeker.pk).update(
        matches_computed_at=now, matches_provisional=provisional
    )


def run_pending(*, now: dt.datetime, embedder: Embedder | None = None) -> int:
    """One pass: match every pending opportunity; returns how many were matched."""
    return refresh_matches(embedder=embedder or make_embedder(), now=now)


#: the need the warm-up scores when nothing is pending (never stored); its language is given,
#: as a published need's is (detected when it is published), so no language model is loaded
TRIAL_NEED = Profile(
    id="warm-up",
    text="Wir suchen Kameras und KI, um Fehler an der Produktionslinie automatisch zu erkennen.",
    kind=ProfileKind.NEED,
    language="de",
)


def warm_up(
    *,
    now: dt.datetime,
    embedder: Embedder | None = None,
    clock: Callable[[], dt.datetime] | None = None,
) -> dict[str, float]:
    """Load what a matching pass needs before the first task arrives; seconds per step.

    The matching worker calls it at start (``crosscluster matching_worker``): the embedding
    model is loaded (one query embedded), the shipped provider vectors adopted, the auto-tagger
    and the provider index loaded from :mod:`~crosscluster.marketplace.index_store` when stored
    for exactly this pool (else built and stored) and kept in ``_INDEX_CACHE`` (on PostgreSQL
    with pgvector, the HNSW index is synced). Needs waiting then (published while the worker was
    down or starting) are matched at once from the providers just read ("pending pass", stamped
    ``clock()``): no wait for the first poll, no second provider read. Otherwise a trial need is
    scored and thrown away. A failure leaves the worker cold (the queued task matches the needs).
    """
    timings: dict[str, float] = {}
    started = time.perf_counter()
    embedder = embedder or make_embedder()
    (trial_vector,) = embedder.embed_queries([TRIAL_NEED.passage])
    timings["model"] = time.perf_counter() - started
    step = time.perf_counter()
    index_store.tag_model(embedder)
    timings["tag model"] = time.perf_counter() - step
    step = time.perf_counter()
    providers, _ = load_subjects(())
    adopt_precomputed(providers, embedder=embedder, now=now)
    provisional = bool(stale_subjects(providers, embedder=embedder))
    timings["providers"] = time.perf_counter() - step
    step = time.perf_counter()
    score_seeker, *_ = _pool_matcher(providers, (), embedder=embedder, provisional=provisional)
    timings["index"] = time.perf_counter() - step
    step = time.perf_counter()
    if pending_opportunities().exists():
        refresh_matches(embedder=embedder, now=(clock or timezone.now)(), providers=providers)
        timings["pending pass"] = time.perf_counter() - step
    else:
        score_seeker(TRIAL_NEED, trial_vector, 1)
        timings["trial match"] = time.perf_counter() - step
    timings["total"] = time.perf_counter() - started
    return timings
