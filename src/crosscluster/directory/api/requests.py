"""Claims and requests to join over the API: a person claims to work for an organisation, an
organisation asks to join a cluster or is invited, and the managers decide (no ``from
__future__ import annotations``: ninja reads the types). The operations are on the
organisations' router and keep the ids they had when the API was one module."""

from django.core.exceptions import ValidationError
from django.http import HttpRequest
from django.utils import timezone
from django.utils.translation import gettext as _
from ninja import Query, Status

from crosscluster.accounts.auth import token_auth, token_user
from crosscluster.core.api import Pagination, paged
from crosscluster.directory import permissions, queries, services
from crosscluster.directory.api.common import organisation_ref, router
from crosscluster.directory.api.schemas import (
    ClaimIn,
    ClaimOut,
    ClaimsOut,
    DecisionIn,
    JoinIn,
    JoinRequestOut,
    JoinRequestsOut,
    PagedClaimOut,
    PagedJoinRequestOut,
)
from crosscluster.directory.models import ClusterJoinRequest, Organisation, OrganisationClaim


def _payload_organisation(slug: str) -> Organisation:
    """The organisation a payload names, or a 400 naming the field."""
    organisation = queries.find_organisation(slug=slug.strip())
    if organisation is None:
        raise ValidationError(
            {
                "organisation": [
                    _(
                        "No organisation %(slug)r: give the slug of one you manage (from its "
                        "address in the directory)."
                    )
                    % {"slug": slug}
                ]
            }
        )
    return organisation


def _claim_out(claim: OrganisationClaim) -> ClaimOut:
    return ClaimOut(
        id=claim.pk,
        organisation=organisation_ref(claim.organisation),
        claimant=claim.claimant.email,
        status=claim.status,
        proof=claim.proof,
        message=claim.message,
        reason=claim.reason,
        created_at=claim.created_at,
        decided_at=claim.decided_at,
    )


def _join_out(join_request: ClusterJoinRequest) -> JoinRequestOut:
    return JoinRequestOut(
        id=join_request.pk,
        cluster=organisation_ref(join_request.cluster),
        organisation=organisation_ref(join_request.organisation),
        direction=join_request.direction,
        status=join_request.status,
        message=join_request.message,
        reason=join_request.reason,
        created_at=join_request.created_at,
        decided_at=join_request.decided_at,
    )


@router.get(
    "/claims",
    response=ClaimsOut,
    auth=token_auth,
    summary="Claims to decide (paged) and your own",
)
def list_claims(request: HttpRequest, pagination: Query[Pagination.Input]) -> ClaimsOut:
    user = token_user(request)
    rows, count = paged(queries.list_claims_to_decide(user=user), pagination)
    return ClaimsOut(
        to_decide=PagedClaimOut(items=[_claim_out(c) for c in rows], count=count),
        mine=[_claim_out(c) for c in queries.list_claims_of(user=user)],
    )


@router.post(
    "/claims/{claim_id}/decision",
    response=ClaimOut,
    auth=token_auth,
    summary="Approve or decline a claim (managers of the organisation or its clusters, admins)",
)
def decide_claim(request: HttpRequest, claim_id: int, payload: DecisionIn) -> ClaimOut:
    user = token_user(request)
    claim = permissions.access_claim_for_decision(user=user, claim_id=claim_id)
    return _claim_out(
        services.decide_claim(
            user=user,
            claim=claim,
            decision=payload.decision,
            reason=payload.reason,
            now=timezone.now(),
        )
    )


@router.post(
    "/claims/{claim_id}/withdrawal",
    response=ClaimOut,
    auth=token_auth,
    summary="Withdraw your own claim while it waits for a decision",
)
def withdraw_claim(request: HttpRequest, claim_id: int) -> ClaimOut:
    user = token_user(request)
    claim = permissions.access_own_claim(user=user, claim_id=claim_id)
    return _claim_out(services.withdraw_claim(user=user, claim=claim, now=timezone.now()))


@router.get(
    "/join-requests",
    response=JoinRequestsOut,
    auth=token_auth,
    summary="Requests to join and invitations to decide (paged), and those awaiting the other side",
)
def list_join_requests(
    request: HttpRequest, pagination: Query[Pagination.Input]
) -> JoinRequestsOut:
    user = token_user(request)
    rows, count = paged(queries.list_join_requests_to_decide(user=user), pagination)
    return JoinRequestsOut(
        to_decide=PagedJoinRequestOut(items=[_join_out(j) for j in rows], count=count),
        sent=[_join_out(j) for j in queries.list_join_requests_sent(user=user)],
    )


@router.post(
    "/join-requests/{join_request_id}/decision",
    response=JoinRequestOut,
    auth=token_auth,
    summary="Approve or decline (the cluster's managers a request, the organisation's an invitation)",
)
def decide_join_request(
    request: HttpRequest, join_request_id: int, payload: DecisionIn
) -> JoinRequestOut:
    user = token_user(request)
    join_request = permissions.access_join_request(user=user, join_request_id=join_request_id)
    return _join_out(
        services.decide_join_request(
            user=user,
            join_request=join_request,
            decision=payload.decision,
            reason=payload.reason,
            now=timezone.now(),
        )
    )


@router.post(
    "/join-requests/{join_request_id}/withdrawal",
    response=JoinRequestOut,
    auth=token_auth,
    summary="Withdraw a request to join (or an invitation) your side sent, while it waits",
)
def withdraw_join_request(request: HttpRequest, join_request_id: int) -> JoinRequestOut:
    user = token_user(request)
    join_request = permissions.access_join_request(user=user, join_request_id=join_request_id)
    return _join_out(
        services.withdraw_join_request(user=user, join_request=join_request, now=timezone.now())
    )


@router.post(
    "/{slug}/claims",
    response={201: ClaimOut},
    auth=token_auth,
    summary="Claim an organisation (confirmed at once by a verified e-mail at its web domain)",
)
def claim_organisation(request: HttpRequest, slug: str, payload: ClaimIn) -> Status:
    claim = services.claim_organisation(
        user=token_user(request),
        organisation=permissions.access_organisation(slug=slug),
        message=payload.message,
        now=timezone.now(),
    )
    return Status(201, _claim_out(claim))


@router.post(
    "/{slug}/join-requests",
    response={201: JoinRequestOut},
    auth=token_auth,
    summary="An organisation you manage asks to join this cluster",
)
def ask_to_join(request: HttpRequest, slug: str, payload: JoinIn) -> Status:
    """``organisation``: one you manage, not yet a member, with no request or invitation
    waiting (the clusters it may ask to join: ``GET /organisations/picks?joinable_by=``)."""
    join_request = services.ask_to_join_cluster(
        user=token_user(request),
        cluster=permissions.access_organisation(slug=slug),
        organisation=_payload_organisation(payload.organisation),
        message=payload.message,
        now=timezone.now(),
    )
    return Status(201, _join_out(join_request))


@router.post(
    "/{slug}/organisation-invitations",
    response={201: JoinRequestOut},
    auth=token_auth,
    summary="The cluster's managers invite an organisation to become a member",
)
def invite_organisation(request: HttpRequest, slug: str, payload: JoinIn) -> Status:
    user = token_user(request)
    join_request = services.invite_organisation_to_cluster(
        user=user,
        cluster=permissions.access_cluster_for_management(user=user, slug=slug),
        organisation=permissions.access_organisation(slug=payload.organisation),
        message=payload.message,
        now=timezone.now(),
    )
    return Status(201, _join_out(join_request))
