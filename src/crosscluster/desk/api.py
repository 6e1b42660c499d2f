"""The signed-in person's overview over the API: the same content as the page /desk/.

No ``from __future__ import annotations`` here: ninja reads the types at run time.
"""

from datetime import datetime

from django.http import HttpRequest
from django.utils import timezone
from ninja import Field, Router, Schema
from ninja.security import django_auth

from crosscluster.accounts.auth import token_auth, token_user
from crosscluster.core.http import absolute_url
from crosscluster.desk import queries

router = Router(tags=["desk"])

URL_HELP = "Absolute link to the page where it is acted on."


class OverviewCounterpartOut(Schema):
    name: str
    organisation: str


class OverviewMeetingOut(Schema):
    id: int = Field(description="The scheduled meeting's id.")
    session_id: int
    event_title: str
    start_at: datetime
    end_at: datetime
    table: str
    counterparts: list[OverviewCounterpartOut]
    url: str = Field(description="Absolute link to the person's agenda of the session.")


class OverviewMeetingRequestOut(Schema):
    id: int = Field(description="The meeting request's id (POST /brokerage/requests/{id}/answer).")
    session_id: int
    event_title: str
    requester: OverviewCounterpartOut
    message: str
    expires_at: datetime
    url: str = Field(description=URL_HELP)


class OverviewRegistrationOut(Schema):
    id: int = Field(description="The participant's id (the person's registration).")
    session_id: int
    event_title: str
    event_kind: str
    start_at: datetime
    end_at: datetime
    organisation: str
    status: str = Field(description="pending, approved or waiting")
    url: str = Field(description="Absolute link to the session's B2B page.")
    event_url: str


class OverviewOpportunityOut(Schema):
    id: int
    title: str
    kind: str
    status: str = Field(description="published or draft")
    organisation: str
    matches: int | None = Field(
        description="Matches its matches page shows (needs and cooperation requests); null for offers."
    )
    matches_computed_at: datetime | None
    pending_interests: int = Field(description="Expressions of interest waiting for an answer.")
    url: str


class OverviewWaitingOut(Schema):
    id: int
    text: str = Field(description="In the request's language (Accept-Language).")
    url: str
    since: datetime | None


class OverviewWaitingGroupOut(Schema):
    key: str = Field(
        description=(
            "invitations, claims, join_requests, partner_invitations, conversation_invitations, "
            "cluster_reviews (staff), partnership_approvals (administrators)"
        )
    )
    title: str
    count: int
    items: list[OverviewWaitingOut] = Field(description=f"The first {queries.GROUP_SIZE}.")
    url: str = Field(description="Absolute link to the page listing all of them.")


class OverviewConversationOut(Schema):
    id: int
    need_title: str
    with_organisation: str
    unread: int = Field(description="Unread notifications of its messages (or invitation).")
    url: str


class OverviewOut(Schema):
    meetings: list[OverviewMeetingOut] = Field(
        description="Coming meetings of published B2B agendas."
    )
    requests: list[OverviewMeetingRequestOut] = Field(description="Meeting requests to answer.")
    registrations: list[OverviewRegistrationOut] = Field(
        description="Registrations to coming sessions."
    )
    needs: list[OverviewOpportunityOut] = Field(
        description="Published needs and cooperation requests."
    )
    offers: list[OverviewOpportunityOut]
    drafts: list[OverviewOpportunityOut]
    waiting: list[OverviewWaitingGroupOut] = Field(
        description="Decisions waiting; empty groups left out."
    )
    unread_notifications: int
    conversations: list[OverviewConversationOut] = Field(
        description="Conversations with unread notices."
    )


def _opportunity(item: queries.Opportunity) -> OverviewOpportunityOut:
    return OverviewOpportunityOut(
        id=item.id,
        title=item.title,
        kind=item.kind,
        status=item.status,
        organisation=item.organisation,
        matches=item.matches if item.seeks_matches else None,
        matches_computed_at=item.matches_computed_at,
        pending_interests=item.pending_interests,
        url=absolute_url(item.edit_url if item.status == "draft" else item.url),
    )


@router.get(
    "",
    response=OverviewOut,
    auth=[token_auth, django_auth],
    summary="My overview: meetings, registrations, opportunities, decisions waiting, unread",
)
def get_overview(request: HttpRequest) -> OverviewOut:
    found = queries.build_overview(user=token_user(request), now=timezone.now())
    return OverviewOut(
        meetings=[
            OverviewMeetingOut(
                id=item.id,
                session_id=item.session_id,
                event_title=item.event_title,
                start_at=item.start_at,
                end_at=item.end_at,
                table=item.table,
                counterparts=[OverviewCounterpartOut(**vars(c)) for c in item.counterparts],
                url=absolute_url(item.url),
            )
            for item in found.meetings
        ],
        requests=[
            OverviewMeetingRequestOut(
                id=item.id,
                session_id=item.session_id,
                event_title=item.event_title,
                requester=OverviewCounterpartOut(**vars(item.requester)),
                message=item.message,
                expires_at=item.expires_at,
                url=absolute_url(item.url),
            )
            for item in found.requests
        ],
        registrations=[
            OverviewRegistrationOut(
                id=item.id,
                session_id=item.session_id,
                event_title=item.event_title,
                event_kind=item.event_kind,
                start_at=item.start_at,
                end_at=item.end_at,
                organisation=item.organisation,
                status=item.status,
                url=absolute_url(item.url),
                event_url=absolute_url(item.event_url),
            )
            for item in found.registrations
        ],
        needs=[_opportunity(item) for item in found.needs],
        offers=[_opportunity(item) for item in found.offers],
        drafts=[_opportunity(item) for item in found.drafts],
        waiting=[
            OverviewWaitingGroupOut(
                key=group.key,
                title=group.title,
                count=group.count,
                items=[
                    OverviewWaitingOut(
                        id=item.id, text=item.text, url=absolute_url(item.url), since=item.since
                    )
                    for item in group.items
                ],
                url=absolute_url(group.url),
            )
            for group in found.waiting
        ],
        unread_notifications=found.unread_notifications,
        conversations=[
            OverviewConversationOut(
                id=item.id,
                need_title=item.need_title,
                with_organisation=item.with_organisation,
                unread=item.unread,
                url=absolute_url(item.url),
            )
            for item in found.conversations
        ],
    )
