"""A signed-in person's own overview: what waits for them across the apps, read from each owning
app's queries (this app has no models). Every list holds the viewer's own things only: their
meetings and registrations, their organisations' opportunities and conversations, and the
decisions their roles give them (manager, partnership coordinator, staff, administrator)."""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from typing import Any

from django.db.models import QuerySet
from django.urls import reverse
from django.utils.translation import gettext

from crosscluster.accounts import queries as account_queries
from crosscluster.accounts.queries import AnyUser
from crosscluster.brokerage import queries as brokerage_queries
from crosscluster.conversations import queries as conversation_queries
from crosscluster.conversations.services import INVITATION_NOTICE, MESSAGE_NOTICE
from crosscluster.directory import queries as directory_queries
from crosscluster.marketplace import queries as marketplace_queries
from crosscluster.notifications import queries as notification_queries
from crosscluster.partnerships import queries as partnership_queries

#: items shown in one group of "Waiting for you"; the group's link leads to all of them
GROUP_SIZE = 5


@dataclass(frozen=True)
class Counterpart:
    name: str
    organisation: str


@dataclass(frozen=True)
class Meeting:
    """A meeting of the person's published B2B agenda."""

    id: int
    session_id: int
    event_title: str
    start_at: dt.datetime
    end_at: dt.datetime
    table: str
    counterparts: tuple[Counterpart, ...]
    url: str  # the person's agenda of that session


@dataclass(frozen=True)
class MeetingRequest:
    """A B2B meeting request sent to the person, waiting for their answer."""

    id: int
    session_id: int
    event_title: str
    requester: Counterpart
    message: str
    expires_at: dt.datetime
    url: str  # the session page, where it is answered


@dataclass(frozen=True)
class Registration:
    """The person's registration to the B2B meetings of a coming event or study visit."""

    id: int
    session_id: int
    event_title: str
    event_kind: str
    event_kind_label: str
    start_at: dt.datetime
    end_at: dt.datetime
    organisation: str
    status: str
    status_label: str
    url: str  # the session page
    event_url: str


@dataclass(frozen=True)
class Opportunity:
    """A need, offer or cooperation request of one of the person's organisations."""

    id: int
    title: str
    kind: str
    kind_label: str
    status: str
    organisation: str
    seeks_matches: bool  # a need or a cooperation request: the engine matches it
    matches: int
    matches_computed_at: dt.datetime | None
    pending_interests: int
    url: str
    matches_url: str
    edit_url: str


@dataclass(frozen=True)
class Waiting:
    """One decision waiting for the person."""

    id: int
    text: str
    url: str
    since: dt.datetime | None


@dataclass(frozen=True)
class WaitingGroup:
    """Decisions of one kind (claims to decide, invitations ...): the count, the first few."""

    key: str
    title: str
    count: int
    items: tuple[Waiting, ...]
    url: str  # where all of them are decided


@dataclass(frozen=True)
class Conversation:
    """A conversation of the person's organisations with unread messages for them."""

    id: int
    need_title: str
    with_organisation: str
    unread: int
    url: str


@dataclass(frozen=True)
class Overview:
    meetings: list[Meeting]
    requests: list[MeetingRequest]
    registrations: list[Registration]
    needs: list[Opportunity]
    offers: list[Opportunity]
    drafts: list[Opportunity]
    waiting: list[WaitingGroup]
    unread_notifications: int
    conversations: list[Conversation]
    has_organisations: bool

    @property
    def waiting_count(self) -> int:
        """Answers and decisions waiting: meeting requests and every waiting group."""
        return len(self.requests) + sum(group.count for group in self.waiting)

    @property
    def is_empty(self) -> bool:
        return not (
            self.meetings
            or self.requests
            or self.registrations
            or self.needs
            or self.offers
            or self.drafts
            or self.waiting
            or self.unread_notifications
            or self.conversations
        )


def build_overview(*, user: AnyUser, now: dt.datetime) -> Overview:
    """Everything the person's overview shows, at ``now``."""
    opportunities = _opportunities(user)
    return Overview(
        meetings=_meetings(user, now),
        requests=_requests(user, now),
        registrations=_registrations(user, now),
        needs=[o for o in opportunities if o.status == "published" and o.seeks_matches],
        offers=[o for o in opportunities if o.status == "published" and not o.seeks_matches],
        drafts=[o for o in opportunities if o.status == "draft"],
        waiting=[group for group in _waiting(user, now) if group.count],
        unread_notifications=notification_queries.count_unread(user=user),
        conversations=_conversations(user),
        has_organisations=bool(account_queries.list_organisation_ids(user=user)),
    )


def _meetings(user: AnyUser, now: dt.datetime) -> list[Meeting]:
    return [
        Meeting(
            id=item.meeting.pk,
            session_id=item.participant.session_id,
            event_title=item.meeting.run.session.event.title,
            start_at=item.meeting.slot.start_at,
            end_at=item.meeting.slot.end_at,
            table=item.table,
            counterparts=tuple(
                Counterpart(name=other.display_name, organisation=other.organisation.name)
                for other in item.others
            ),
            url=reverse(
                "brokerage:agenda", args=[item.participant.session_id, item.participant.pk]
            ),
        )
        for item in brokerage_queries.list_upcoming_meetings(user=user, now=now)
    ]


def _requests(user: AnyUser, now: dt.datetime) -> list[MeetingRequest]:
    return [
        MeetingRequest(
            id=request.pk,
            session_id=request.session_id,
            event_title=request.session.event.title,
            requester=Counterpart(
                name=request.requester.display_name,
                organisation=request.requester.organisation.name,
            ),
            message=request.message,
            expires_at=request.expires_at,
            url=reverse("brokerage:session", args=[request.session_id]) + "#requests-heading",
        )
        for request in brokerage_queries.list_requests_to_answer(user=user, now=now)
    ]


def _registrations(user: AnyUser, now: dt.datetime) -> list[Registration]:
    rows = []
    for participant in brokerage_queries.list_upcoming_registrations(user=user, now=now):
        event = participant.session.event
        rows.append(
            Registration(
                id=participant.pk,
                session_id=participant.session_id,
                event_title=event.title,
                event_kind=event.kind,
                event_kind_label=event.get_kind_display(),
                start_at=event.start_at,
                end_at=event.end_at,
                organisation=participant.organisation.name,
                status=participant.status,
                status_label=participant.get_status_display(),
                url=reverse("brokerage:session", args=[participant.session_id]),
                event_url=reverse("events:detail", args=[event.partnership.slug, event.slug]),
            )
        )
    return rows


def _opportunities(user: AnyUser) -> list[Opportunity]:
    rows = [
        row
        for row in marketplace_queries.list_organisation_opportunities(user=user)
        if row.status in ("published", "draft")
    ]
    counts = marketplace_queries.count_matches(
        user=user, opportunity_ids=[row.pk for row in rows if row.seeks_providers]
    )
    return [
        Opportunity(
            id=row.pk,
            title=row.title,
            kind=row.kind,
            kind_label=row.get_kind_display(),
            status=row.status,
            organisation=row.owner.name,
            seeks_matches=row.seeks_providers,
            matches=counts.get(row.pk, 0),
            matches_computed_at=row.matches_computed_at,
            pending_interests=row.pending_interests,  # type: ignore[attr-defined]
            url=reverse("marketplace:opportunity_detail", args=[row.pk]),
            matches_url=reverse("marketplace:matches", args=[row.pk]),
            edit_url=reverse("marketplace:opportunity_edit", args=[row.pk]),
        )
        for row in rows
    ]


def _group(
    key: str,
    title: str,
    rows: Sequence[Any] | QuerySet[Any],
    describe: Callable[[Any], Waiting],
    url: str,
) -> WaitingGroup:
    """A group of decisions: all of them counted, the first few described (a queryset counted
    in the database, not loaded: an administrator's waiting lists may be long)."""
    return WaitingGroup(
        key=key,
        title=title,
        count=rows.count() if isinstance(rows, QuerySet) else len(rows),
        items=tuple(describe(row) for row in rows[:GROUP_SIZE]),
        url=url,
    )


def _waiting(user: AnyUser, now: dt.datetime) -> list[WaitingGroup]:
    """The decisions the person's roles give them, one group a kind, in the order shown."""
    profile = reverse("accounts:profile")
    requests_page = reverse("directory:requests")
    partner_invitations = reverse("partnerships:invitations")

    def invitation(row: Any) -> Waiting:
        text = gettext("%(organisation)s invites you as %(role)s.") % {
            "organisation": row.organisation.name,
            "role": row.get_role_display(),
        }
        return Waiting(id=row.pk, text=text, url=profile, since=row.created_at)

    def claim(row: Any) -> Waiting:
        text = gettext("%(person)s claims to work for %(organisation)s.") % {
            "person": row.claimant.email,
            "organisation": row.organisation.name,
        }
        return Waiting(id=row.pk, text=text, url=requests_page, since=row.created_at)

    def join_request(row: Any) -> Waiting:
        text = (
            gettext("%(organisation)s asks to join %(cluster)s")
            if row.direction == "request"
            else gettext("%(cluster)s invites %(organisation)s to join")
        ) % {"organisation": row.organisation.name, "cluster": row.cluster.name}
        return Waiting(id=row.pk, text=text, url=requests_page, since=row.created_at)

    def partner_invitation(row: Any) -> Waiting:
        text = gettext("%(partnership)s invites %(organisation)s to become a partner.") % {
            "partnership": row.partnership.name,
            "organisation": row.organisation.name,
        }
        return Waiting(id=row.pk, text=text, url=partner_invitations, since=row.created_at)

    def invitation_to_talk(row: Any) -> Waiting:
        text = gettext("%(seeker)s invites %(provider)s to talk about “%(need)s”.") % {
            "seeker": row.seeker.name,
            "provider": row.provider.name,
            "need": row.need.title,
        }
        url = reverse("conversations:detail", args=[row.pk])
        return Waiting(id=row.pk, text=text, url=url, since=row.created_at)

    def review(row: Any) -> Waiting:
        text = gettext("%(cluster)s asks for a review.") % {"cluster": row.name}
        url = reverse("directory:review", args=[row.slug])
        return Waiting(id=row.pk, text=text, url=url, since=row.review_requested_at)

    def approval(row: Any) -> Waiting:
        url = reverse("partnerships:detail", args=[row.slug])
        return Waiting(id=row.pk, text=row.name, url=url, since=None)

    groups = [
        _group(
            "invitations",
            gettext("Invitations to join an organisation"),
            account_queries.list_open_invitations(user=user, now=now),
            invitation,
            profile,
        ),
        _group(
            "claims",
            gettext("Claims to work for an organisation"),
            directory_queries.list_claims_to_decide(user=user),
            claim,
            requests_page,
        ),
        _group(
            "join_requests",
            gettext("Cluster membership requests"),
            directory_queries.list_join_requests_to_decide(user=user),
            join_request,
            requests_page,
        ),
        _group(
            "partner_invitations",
            gettext("Invitations to become a partner"),
            partnership_queries.list_invitations_to_answer(user=user),
            partner_invitation,
            partner_invitations,
        ),
        _group(
            "conversation_invitations",
            gettext("Invitations to talk"),
            list(conversation_queries.list_invitations_to_answer(user=user)),
            invitation_to_talk,
            reverse("conversations:list"),
        ),
    ]
    if directory_queries.can_review_clusters(user):
        groups.append(
            _group(
                "cluster_reviews",
                gettext("Clusters to review"),
                directory_queries.list_clusters_to_review(),
                review,
                reverse("directory:review_queue"),
            )
        )
    if partnership_queries.is_platform_administrator(user=user):
        groups.append(
            _group(
                "partnership_approvals",
                gettext("Partnerships to approve"),
                partnership_queries.list_partnerships_awaiting_approval(),
                approval,
                reverse("partnerships:approvals"),
            )
        )
    return groups


def _conversations(user: AnyUser) -> list[Conversation]:
    """Conversations with unread notices of messages (or of the invitation) for the person."""
    unread = notification_queries.count_unread_by_subject(
        user=user, kinds=(MESSAGE_NOTICE, INVITATION_NOTICE)
    )
    if not unread:
        return []
    own = account_queries.list_organisation_ids(user=user)
    rows = conversation_queries.list_conversations(user=user)
    return [
        Conversation(
            id=conversation.pk,
            need_title=conversation.need.title,
            with_organisation=(
                conversation.provider.name
                if conversation.seeker_id in own
                else conversation.seeker.name
            ),
            unread=unread[conversation.pk],
            url=reverse("conversations:detail", args=[conversation.pk]),
        )
        for conversation in rows
        if conversation.pk in unread
    ]
