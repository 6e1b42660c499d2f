"""Needs heard on site: a participant (or organiser) records a need heard at a meeting as a
private draft industrial need on the marketplace, for its organisation's members to publish."""

from __future__ import annotations

import datetime as dt

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.urls import reverse
from django.utils.translation import gettext as _
from django.utils.translation import gettext_noop

from crosscluster.accounts.queries import list_organisation_ids
from crosscluster.brokerage.models import (
    B2BSession,
    CapturedNeed,
    MeetingRequest,
    Participant,
    ParticipantStatus,
    RunStatus,
    ScheduledMeeting,
)
from crosscluster.marketplace import services as marketplace_services
from crosscluster.notifications import services as notification_services
from crosscluster.partnerships.queries import AnyUser, involved_organisations, is_coordinator

#: the kind of notification of needs heard at meetings (``apps.BrokerageConfig.ready``)
NEED_NOTICE = "brokerage.need"


def _need_owner_participant(
    *, session: B2BSession, request: MeetingRequest | None, organisation_id: int
) -> Participant | None:
    """The participant whose organisation will own the need (one of the meeting's parties,
    or, without a meeting, any approved participant of the session)."""
    if request is not None:
        return next((m for m in request.members() if m.organisation_id == organisation_id), None)
    return (
        Participant.objects.filter(
            session=session, organisation_id=organisation_id, status=ParticipantStatus.APPROVED
        )
        .order_by("pk")
        .first()
    )


def capture_need(
    *,
    user: AnyUser,
    session: B2BSession,
    organisation_id: int,
    title: str,
    description: str,
    request_id: int | None,
    now: dt.datetime,
) -> CapturedNeed:
    """Record a need heard at a meeting as a draft industrial need on the marketplace.

    Participants record their own organisation's needs, at their own meetings in the published
    schedule; organisers may record them for any party of any meeting of the session, or
    without one (for an approved participant's organisation). The draft is private to that organisation (and to the brokers of
    the partnership when the organisation takes part in it); its members publish it.
    """
    organiser = is_coordinator(user=user, partnership=session.event.partnership)
    me = Participant.objects.filter(
        session=session, user_id=user.pk or 0, status=ParticipantStatus.APPROVED
    ).first()
    if not organiser and me is None:
        raise PermissionDenied(
            _("Only the session's approved participants and its organisers record needs.")
        )
    errors: dict[str, list[str]] = {}
    request = None
    if request_id is not None:
        request = (
            MeetingRequest.objects.filter(pk=request_id, session=session)
            .select_related("requester", "recipient", "delegate")
            .first()
        )
        if request is None:
            errors["request_id"] = [
                _("No such meeting in this session: pick one of your meetings.")
            ]
        elif not organiser and me not in request.members():
            errors["request_id"] = [_("Record needs heard at your own meetings.")]
        elif not ScheduledMeeting.objects.filter(
            request=request, run__status=RunStatus.PUBLISHED
        ).exists():
            errors["request_id"] = [_("This meeting is not in the published schedule.")]
    elif not organiser:
        errors["request_id"] = [_("Say at which of your meetings you heard the need.")]
    if not organiser and organisation_id not in list_organisation_ids(user=user):
        errors["organisation_id"] = [
            _(
                "Record needs of your own organisation only: the other party records theirs (or the session's organisers do)."
            )
        ]
    owner_participant = None
    if not errors:
        owner_participant = _need_owner_participant(
            session=session, request=request, organisation_id=organisation_id
        )
        if owner_participant is None:
            errors["organisation_id"] = [
                _(
                    "The need belongs to the organisation of a participant of this meeting: "
                    "choose one of theirs."
                )
                if request is not None
                else _(
                    "The need belongs to the organisation of a participant of this session: "
                    "choose one of theirs."
                )
            ]
    if errors:
        raise ValidationError(errors)
    assert owner_participant is not None
    owner = owner_participant.organisation
    # create_opportunity accepts members of the owner only: the recorder if they are one, else
    # the owner's participant at the meeting (recorded_by keeps who actually recorded it).
    acting = user if owner.pk in list_organisation_ids(user=user) else owner_participant.user
    partnership = session.event.partnership
    takes_part = involved_organisations(partnership=partnership).filter(pk=owner.pk).exists()
    with transaction.atomic():
        try:
            opportunity = marketplace_services.draft_private_need(
                user=acting,
                owner=owner,
                title=title,
                description=description,
                partnership=partnership if takes_part else None,
                now=now,
            )
        except PermissionDenied:
            raise ValidationError(
                {
                    "organisation_id": [
                        _(
                            "Nobody at this meeting still belongs to %(name)s: ask one of its members to record the need on the marketplace."
                        )
                        % {"name": owner.name}
                    ]
                }
            ) from None
        need = CapturedNeed.objects.create(
            session=session,
            request=request,
            opportunity=opportunity,
            recorded_by_id=user.pk,
            recorded_at=now,
        )
        notification_services.notify(
            kind=NEED_NOTICE,
            recipients=marketplace_services.organisation_people(owner.pk),
            message=gettext_noop(
                "A need heard at %(event)s is a draft for %(organisation)s: “%(title)s”. "
                "Review and publish it on the marketplace."
            ),
            parameters={
                "event": session.event.title,
                "organisation": owner.name,
                "title": opportunity.title,
            },
            url=reverse("marketplace:opportunity_detail", args=[opportunity.pk]),
            subject_id=opportunity.pk,
            now=now,
        )
    return need
