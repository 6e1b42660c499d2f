"""Meeting requests between approved participants: send, answer, cancel, expire."""

from __future__ import annotations

import datetime as dt

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.db.models import Q
from django.urls import reverse
from django.utils.translation import gettext as _
from django.utils.translation import gettext_noop

from crosscluster.accounts import services as account_services
from crosscluster.brokerage.models import (
    MeetingRequest,
    Participant,
    ParticipantStatus,
    Priority,
    RequestStatus,
)
from crosscluster.brokerage.services.registration import check_self
from crosscluster.notifications.services import notify
from crosscluster.partnerships.queries import AnyUser

#: the kind of notification of meeting requests and answers (``apps.BrokerageConfig.ready``)
REQUEST_NOTICE = "brokerage.request"


def _tell(
    *,
    request: MeetingRequest,
    to: Participant,
    message: str,
    parameters: dict[str, str],
    now: dt.datetime,
) -> None:
    """Notify one side of a request (on the site and by e-mail, per their preference, each
    in their own language)."""
    notify(
        kind=REQUEST_NOTICE,
        recipients=[to.user],
        message=message,
        parameters=parameters,
        url=reverse("brokerage:session", args=[request.session_id]),
        subject_id=request.pk,
        now=now,
    )


def send_request(
    *,
    user: AnyUser,
    requester: Participant,
    recipient_id: int,
    message: str = "",
    priority: int = Priority.MEDIUM,
    delegate_id: int | None = None,
    now: dt.datetime,
) -> MeetingRequest:
    """Ask another approved participant for a meeting; a colleague may come along."""
    check_self(user, requester)
    account_services.require_verified_email(user=user, action="meet")
    errors: dict[str, list[str]] = {}
    if requester.status != ParticipantStatus.APPROVED:
        errors["requester"] = [_("Your registration is not approved yet: wait for the organisers.")]
    recipient = Participant.objects.filter(
        pk=recipient_id, session_id=requester.session_id, status=ParticipantStatus.APPROVED
    ).first()
    if recipient is None:
        errors["recipient_id"] = [_("Choose an approved participant of this session.")]
    elif recipient.pk == requester.pk:
        errors["recipient_id"] = [_("You cannot request a meeting with yourself.")]
    elif recipient.organisation_id == requester.organisation_id:
        errors["recipient_id"] = [_("Choose someone from another organisation.")]
    elif (
        MeetingRequest.objects.filter(
            Q(requester=requester, recipient=recipient)
            | Q(requester=recipient, recipient=requester)
        )
        .exclude(
            status__in=[RequestStatus.DECLINED, RequestStatus.EXPIRED, RequestStatus.CANCELLED]
        )
        .exists()
    ):
        errors["recipient_id"] = [_("You already have a request with this participant.")]
    if priority not in Priority.values:
        errors["priority"] = [_("Choose 3 (high), 2 (medium) or 1 (low).")]
    if len(message) > 2000:
        errors["message"] = [_("Use at most 2,000 characters.")]
    if delegate_id is not None:
        delegate = Participant.objects.filter(
            pk=delegate_id, session_id=requester.session_id, status=ParticipantStatus.APPROVED
        ).first()
        if (
            delegate is None
            or delegate.organisation_id != requester.organisation_id
            or delegate.pk == requester.pk
        ):
            errors["delegate_id"] = [
                _("The second delegate must be another approved participant of your organisation.")
            ]
    if errors:
        raise ValidationError(errors)
    assert recipient is not None
    with transaction.atomic():
        MeetingRequest.objects.filter(requester=requester, recipient=recipient).delete()
        created = MeetingRequest.objects.create(
            session_id=requester.session_id,
            requester=requester,
            recipient=recipient,
            delegate_id=delegate_id,
            message=message.strip(),
            priority=priority,
            created_at=now,
            expires_at=now + dt.timedelta(days=requester.session.request_days),
        )
        _tell(
            request=created,
            to=recipient,
            message=gettext_noop(
                "%(person)s (%(organisation)s) asks you for a B2B meeting at %(event)s."
            ),
            parameters={
                "person": requester.display_name,
                "organisation": requester.organisation.name,
                "event": requester.session.event.title,
            },
            now=now,
        )
        return created


def answer_request(
    *, user: AnyUser, request: MeetingRequest, accept: bool, now: dt.datetime
) -> MeetingRequest:
    """The recipient accepts or declines a pending request."""
    if request.recipient.user_id != user.pk:
        raise PermissionDenied(_("Only the participant asked may answer this request."))
    if request.status != RequestStatus.PENDING or request.expires_at <= now:
        raise ValidationError(
            {
                "status": [
                    {
                        RequestStatus.ACCEPTED: _(
                            "This request was accepted; it can no longer be answered."
                        ),
                        RequestStatus.DECLINED: _(
                            "This request was declined; it can no longer be answered."
                        ),
                        RequestStatus.EXPIRED: _(
                            "This request has expired; it can no longer be answered."
                        ),
                    }.get(
                        RequestStatus(request.status),
                        _("This request was cancelled; it can no longer be answered."),
                    )
                ]
            }
            if request.status != RequestStatus.PENDING
            else {"status": [_("This request has expired: ask the participant to send a new one.")]}
        )
    request.status = RequestStatus.ACCEPTED if accept else RequestStatus.DECLINED
    request.answered_at = now
    with transaction.atomic():
        request.save(update_fields=["status", "answered_at"])
        recipient = request.recipient
        _tell(
            request=request,
            to=request.requester,
            message=gettext_noop(
                "%(person)s (%(organisation)s) accepted your B2B meeting request at %(event)s."
            )
            if accept
            else gettext_noop(
                "%(person)s (%(organisation)s) declined your B2B meeting request at %(event)s."
            ),
            parameters={
                "person": recipient.display_name,
                "organisation": recipient.organisation.name,
                "event": request.session.event.title,
            },
            now=now,
        )
    return request


def cancel_request(*, user: AnyUser, request: MeetingRequest, now: dt.datetime) -> MeetingRequest:
    """Either side calls the meeting off; a published schedule is repaired at the next run."""
    if user.pk not in (request.requester.user_id, request.recipient.user_id):
        raise PermissionDenied(_("Only the two participants may cancel this meeting."))
    if request.status not in (RequestStatus.PENDING, RequestStatus.ACCEPTED):
        raise ValidationError(
            {"status": [_("Only pending or accepted requests can be cancelled.")]}
        )
    was_accepted = request.status == RequestStatus.ACCEPTED
    request.status = RequestStatus.CANCELLED
    request.answered_at = now
    by_requester = user.pk == request.requester.user_id
    canceller, other = (
        (request.requester, request.recipient)
        if by_requester
        else (request.recipient, request.requester)
    )
    with transaction.atomic():
        request.save(update_fields=["status", "answered_at"])
        # the other side hears of it, as of a request and an answer
        _tell(
            request=request,
            to=other,
            message=gettext_noop(
                "%(person)s (%(organisation)s) called off your B2B meeting at %(event)s."
            )
            if was_accepted
            else gettext_noop(
                "%(person)s (%(organisation)s) withdrew the B2B meeting request at %(event)s."
            ),
            parameters={
                "person": canceller.display_name,
                "organisation": canceller.organisation.name,
                "event": request.session.event.title,
            },
            now=now,
        )
    return request


def expire_requests(*, now: dt.datetime) -> int:
    """Pending requests past their answer deadline expire; returns how many."""
    return MeetingRequest.objects.filter(status=RequestStatus.PENDING, expires_at__lte=now).update(
        status=RequestStatus.EXPIRED, answered_at=now
    )
