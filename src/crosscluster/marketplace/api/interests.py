"""Expressions of interest over the API: an organisation answers a published opportunity and
the owner's members accept or decline (no ``from __future__ import annotations``: ninja reads
the types). The operations are on the marketplace's router and keep the ids they had when the
API was one module."""

from datetime import datetime

from django.http import HttpRequest
from django.utils import timezone
from ninja import Field, Schema, Status

from crosscluster.accounts.auth import token_auth, token_user
from crosscluster.marketplace import permissions, services
from crosscluster.marketplace.api.common import WRITE_ERRORS, router
from crosscluster.marketplace.models import ExpressionOfInterest


class InterestIn(Schema):
    organisation: int = Field(description="Id of your organisation answering.")
    offer: str = Field(description="What your organisation offers or brings.")
    timeframe: str = Field(description="immediate, soon or later")
    budget_range: str = Field(description="unknown, under_50k, 50k_250k or over_250k")
    message: str = ""


class InterestOut(Schema):
    id: int
    opportunity: int
    organisation: int
    offer: str
    timeframe: str
    budget_range: str
    message: str
    status: str = Field(description="pending, accepted or declined")
    answer: str
    created_at: datetime
    decided_at: datetime | None

    @staticmethod
    def resolve_opportunity(interest: ExpressionOfInterest) -> int:
        return interest.opportunity_id

    @staticmethod
    def resolve_organisation(interest: ExpressionOfInterest) -> int:
        return interest.organisation_id


class InterestAnswerIn(Schema):
    answer: str = ""


@router.post(
    "/opportunities/{opportunity_id}/interests",
    response={201: InterestOut, **WRITE_ERRORS},
    auth=token_auth,
    summary="Express interest in a published opportunity",
)
def create_interest(
    request: HttpRequest, opportunity_id: int, payload: InterestIn
) -> Status[ExpressionOfInterest]:
    user = token_user(request)
    opportunity = permissions.access_opportunity(user=user, opportunity_id=opportunity_id)
    organisation = permissions.access_own_organisation(
        user=user, organisation_id=payload.organisation
    )
    interest = services.express_interest(
        user=user,
        opportunity=opportunity,
        organisation=organisation,
        offer=payload.offer,
        timeframe=payload.timeframe,
        budget_range=payload.budget_range,
        message=payload.message,
        now=timezone.now(),
    )
    return Status(201, interest)


def _decide(
    request: HttpRequest, interest_id: int, accept: bool, answer: str
) -> ExpressionOfInterest:
    user = token_user(request)
    interest = permissions.access_interest_for_decision(user=user, interest_id=interest_id)
    return services.decide_interest(
        user=user, interest=interest, accept=accept, answer=answer, now=timezone.now()
    )


@router.post(
    "/interests/{interest_id}/accept",
    response={200: InterestOut, **WRITE_ERRORS},
    auth=token_auth,
    summary="Accept an expression of interest (owner members)",
)
def accept_interest(
    request: HttpRequest, interest_id: int, payload: InterestAnswerIn
) -> ExpressionOfInterest:
    return _decide(request, interest_id, True, payload.answer)


@router.post(
    "/interests/{interest_id}/decline",
    response={200: InterestOut, **WRITE_ERRORS},
    auth=token_auth,
    summary="Decline an expression of interest (owner members)",
)
def decline_interest(
    request: HttpRequest, interest_id: int, payload: InterestAnswerIn
) -> ExpressionOfInterest:
    return _decide(request, interest_id, False, payload.answer)
