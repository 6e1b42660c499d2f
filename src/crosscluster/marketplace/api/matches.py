"""The matches of an opportunity over the API: read them; a broker adds, pins or hides one;
the owner's members and brokers say whether one is useful (no ``from __future__ import
annotations``: ninja reads the types)."""

from typing import Any

from django.core.exceptions import ObjectDoesNotExist, ValidationError
from django.http import HttpRequest
from django.utils import timezone
from django.utils.translation import gettext as _
from ninja import Field, Schema, Status

from crosscluster.accounts.auth import api_viewer, token_auth, token_user
from crosscluster.core.api import ErrorOut
from crosscluster.directory import queries as directory_queries
from crosscluster.marketplace import permissions, queries, services, wording
from crosscluster.marketplace.api.common import WRITE_ERRORS, router
from crosscluster.marketplace.models import MatchSuggestion


class MatchOut(Schema):
    id: int
    provider_type: str = Field(description="organisation or opportunity")
    provider_id: int
    provider_name: str
    provider_country: str
    score: float
    parts: dict[str, float] = Field(description="semantic, lexical, taxonomy, geography in [0, 1]")
    reasons: list[str] = Field(
        description="Why it matches, in the request's language (worded from reason_parts; a "
        "match computed before the parts were kept gives its English reasons)"
    )
    reason_parts: list[dict[str, Any]] = Field(
        default_factory=list, description="The reasons as codes and values (the engine's)."
    )
    source: str = Field(description="engine or broker")
    is_pinned: bool
    cross_border: bool


class MatchesOut(Schema):
    ready: bool = Field(
        description="False while the background worker computes matches (then matches is stale)."
    )
    direction: str = Field(description="providers (for a need) or needs (for an offer)")
    matches: list[MatchOut]


def _match_out(row: MatchSuggestion, *, reverse_direction: bool) -> MatchOut:
    if reverse_direction:
        kind, number, name = "opportunity", row.opportunity_id, row.opportunity.title
        country = row.opportunity.owner.country_id
    elif row.provider_opportunity is not None:
        kind, number, name = "opportunity", row.provider_opportunity.pk, row.provider_name
        country = row.provider_country
    else:
        assert row.provider_organisation is not None
        kind, number, name = "organisation", row.provider_organisation.pk, row.provider_name
        country = row.provider_country
    return MatchOut(
        id=row.pk,
        provider_type=kind,
        provider_id=number,
        provider_name=name,
        provider_country=country,
        score=row.score,
        parts={key: float(value) for key, value in row.parts.items()},
        reasons=wording.reason_texts(row),
        reason_parts=list(row.reason_parts or []),
        source=row.source,
        is_pinned=row.is_pinned,
        cross_border=row.cross_border,
    )


@router.get(
    "/opportunities/{opportunity_id}/matches",
    response={200: MatchesOut, 403: ErrorOut, 404: ErrorOut},
    summary="Matches of an opportunity (owner members and brokers)",
)
def list_matches(
    request: HttpRequest,
    opportunity_id: int,
    country: str = "",
    cross_border_only: bool = False,
    min_score: float = 0.0,
) -> MatchesOut:
    """For a need or cooperation request: the providers suggested; for an offer: the needs it
    could serve. Each with its score, its parts and readable reasons."""
    user = api_viewer(request)
    opportunity = permissions.access_opportunity_matches(user=user, opportunity_id=opportunity_id)
    filters = queries.MatchFilters(
        country=country, cross_border_only=cross_border_only, min_score=min_score
    )
    if opportunity.seeks_providers:
        rows = queries.list_matches(user=user, opportunity=opportunity, filters=filters)
        return MatchesOut(
            ready=opportunity.matches_ready,
            direction="providers",
            matches=[_match_out(row, reverse_direction=False) for row in rows],
        )
    rows = queries.list_served_needs(user=user, offer=opportunity, filters=filters)
    return MatchesOut(
        ready=True,
        direction="needs",
        matches=[_match_out(row, reverse_direction=True) for row in rows],
    )


class MatchIn(Schema):
    organisation: int = Field(description="The provider's id (on its directory page)")
    note: str = Field("", description="Why the broker suggests it (at most 300 characters)")


class SteeringIn(Schema):
    pinned: bool | None = Field(None, description="true: shown first; false: ranked by score")
    hidden: bool | None = Field(None, description="true: not shown to the owner; false: shown")


class FeedbackIn(Schema):
    useful: bool


class FeedbackOut(Schema):
    match_id: int
    useful: bool


@router.post(
    "/opportunities/{opportunity_id}/matches",
    response={201: MatchOut, **WRITE_ERRORS},
    auth=token_auth,
    summary="A broker adds a provider by hand (shown pinned, with the note)",
)
def add_match(request: HttpRequest, opportunity_id: int, payload: MatchIn) -> Status:
    user = token_user(request)
    opportunity = permissions.access_opportunity_for_broker(
        user=user, opportunity_id=opportunity_id
    )
    try:
        organisation = directory_queries.get_organisation_by_id(
            organisation_id=payload.organisation
        )
    except ObjectDoesNotExist as error:  # Organisation.DoesNotExist
        raise ValidationError(
            {
                "organisation": [
                    _("No organisation has the id %(id)s: copy it from its directory page.")
                    % {"id": payload.organisation}
                ]
            }
        ) from error
    match = services.add_match(
        user=user,
        opportunity=opportunity,
        organisation=organisation,
        note=payload.note,
        now=timezone.now(),
    )
    return Status(201, _match_out(match, reverse_direction=False))


@router.patch(
    "/matches/{match_id}",
    response={200: MatchOut, **WRITE_ERRORS},
    auth=token_auth,
    summary="A broker pins or hides a match (or undoes it)",
)
def steer_match(request: HttpRequest, match_id: int, payload: SteeringIn) -> MatchOut:
    user = token_user(request)
    match = permissions.access_match_for_broker(user=user, match_id=match_id)
    if payload.pinned is None and payload.hidden is None:
        raise ValidationError({"__all__": [_("Give pinned, hidden or both (true or false).")]})
    match = services.steer_match(
        user=user, match=match, pinned=payload.pinned, hidden=payload.hidden
    )
    return _match_out(match, reverse_direction=False)


@router.put(
    "/matches/{match_id}/feedback",
    response={200: FeedbackOut, **WRITE_ERRORS},
    auth=token_auth,
    summary="Say whether a suggestion is useful (the owner's members and brokers)",
)
def mark_match(request: HttpRequest, match_id: int, payload: FeedbackIn) -> FeedbackOut:
    user = token_user(request)
    match = permissions.access_match_for_feedback(user=user, match_id=match_id)
    feedback = services.mark_match(user=user, match=match, useful=payload.useful)
    return FeedbackOut(match_id=match.pk, useful=feedback.is_useful)
