"""The signed-in person's overview over the API: the same content as the page /desk/.

No ``from __future__ import annotations`` here: ninja reads the types at run time.
"""

from datetime import datetime
from typing import Any

from django.http import HttpRequest
from django.utils import timezone
from ninja import Field, Router, Schema
from ninja.security import django_auth

from crosscluster.accounts.auth import token_auth, token_user
from crosscluster.core.http import absolute_url
from crosscluster.desk import queries

router = Router(tags=["desk"])

URL_HELP = "Absolute link to the page where it is acted on."


class _Linked(Schema):
    """An item with the address of its page, made absolute (``SITE_URL`` + path)."""

    url: str = Field(description=URL_HELP)

    @staticmethod
    def resolve_url(item: Any) -> str:
        return absolute_url(item.url)


class OverviewCounterpartOut(Schema):
    name: str
    organisation: str


class OverviewMeetingOut(_Linked):
    id: int = Field(description="The scheduled meeting's id.")
    session_id: int
    event_title: str
    start_at: datetime
    end_at: datetime
    table: str
    counterparts: list[OverviewCounterpartOut]
    url: str = Field(description="Absolute link to the person's agenda of the session.")


class OverviewMeetingRequestOut(_Linked):
    id: int = Field(description="The meeting request's id (POST /brokerage/requests/{id}/answer).")
    session_id: int
    event_title: str
    requester: OverviewCounterpartOut
    message: str
    expires_at: datetime


class OverviewRegistrationOut(_Linked):
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

    @staticmethod
    def resolve_event_url(item: queries.Registration) -> str:
        return absolute_url(item.event_url)


class OverviewOpportunityOut(_Linked):
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

    @staticmethod
    def resolve_matches(item: queries.Opportunity) -> int | None:
        return item.matches if item.seeks_matches else None

    @staticmethod
    def resolve_url(item: queries.Opportunity) -> str:
        """A draft's page to finish it; a published one's own page."""
        return absolute_url(item.edit_url if item.status == "draft" else item.url)


class OverviewWaitingOut(_Linked):
    id: int
    text: str = Field(description="In the request's language (Accept-Language).")
    since: datetime | None


class OverviewWaitingGroupOut(_Linked):
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


class OverviewConversationOut(_Linked):
    id: int
    need_title: str
    with_organisation: str
    unread: int = Field(description="Unread notifications of its messages (or invitation).")


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


@router.get(
    "",
    response=OverviewOut,
    auth=[token_auth, django_auth],
    summary="My overview: meetings, registrations, opportunities, decisions waiting, unread",
)
def get_overview(request: HttpRequest) -> queries.Overview:
    return queries.build_overview(user=token_user(request), now=timezone.now())
