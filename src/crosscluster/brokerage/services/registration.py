"""Registration: participants register for their organisation, organisers decide (or the
waiting list), participants withdraw and say when they are available."""

from __future__ import annotations

import datetime as dt
from collections.abc import Sequence
from dataclasses import dataclass, field

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.db.models import Q
from django.utils.translation import gettext as _

from crosscluster.accounts import services as account_services
from crosscluster.accounts.queries import list_organisation_ids
from crosscluster.brokerage.models import (
    PUBLIC_LISTING_CONSENT_VERSION,
    B2BSession,
    MeetingRequest,
    Participant,
    ParticipantStatus,
    RequestStatus,
    Slot,
)
from crosscluster.brokerage.services.sessions import check_organiser
from crosscluster.partnerships.queries import AnyUser


@dataclass(frozen=True)
class RegistrationData:
    organisation_id: int
    display_name: str
    profile: str = ""
    answers: dict[str, str] = field(default_factory=dict)
    listed_publicly: bool = False
    is_online: bool = False


def register(
    *, user: AnyUser, session: B2BSession, data: RegistrationData, now: dt.datetime
) -> Participant:
    """Register the user for their organisation; the organisers approve (or waiting list)."""
    if not user.is_authenticated:
        raise PermissionDenied(_("Sign in to register."))
    account_services.require_verified_email(user=user, action="register")
    errors: dict[str, list[str]] = {}
    if not session.registration_open:
        errors["session"] = [_("Registration is closed for this session.")]
    if data.organisation_id not in list_organisation_ids(user=user):
        errors["organisation_id"] = [
            _("Register for an organisation you belong to (join it in the directory first).")
        ]
    name = data.display_name.strip()
    if not name or len(name) > 120:
        errors["display_name"] = [
            _("Give your name as others should see it (1 to 120 characters).")
        ]
    if len(data.profile) > 5000:
        errors["profile"] = [_("Use at most 5,000 characters.")]
    answers = {q: str(data.answers.get(q, "")).strip() for q in session.questions}
    missing = [q for q, a in answers.items() if not a]
    if missing:
        errors["answers"] = [
            _("Answer every question; missing: %(choices)s") % {"choices": "; ".join(missing)}
        ]
    unknown = sorted(set(data.answers) - set(session.questions))
    if unknown:
        errors.setdefault("answers", []).append(
            _("Unknown questions: %(choices)s") % {"choices": "; ".join(unknown)}
        )
    if Participant.objects.filter(session=session, user_id=user.pk).exists():
        errors["session"] = [_("You are already registered for this session.")]
    if errors:
        raise ValidationError(errors)
    return Participant.objects.create(
        session=session,
        user_id=user.pk,
        organisation_id=data.organisation_id,
        display_name=name,
        profile=data.profile.strip(),
        answers=answers,
        listed_publicly=data.listed_publicly,
        listed_publicly_at=now if data.listed_publicly else None,
        listed_publicly_text=PUBLIC_LISTING_CONSENT_VERSION if data.listed_publicly else "",
        is_online=data.is_online,
        registered_at=now,
    )


def _has_room(session: B2BSession) -> bool:
    if session.capacity is None:
        return True
    approved = Participant.objects.filter(session=session, status=ParticipantStatus.APPROVED)
    return approved.count() < session.capacity


def decide_registration(
    *, user: AnyUser, participant: Participant, approve: bool, now: dt.datetime
) -> Participant:
    """Approve (or put on the waiting list when full), or turn down a registration."""
    session = participant.session
    check_organiser(user=user, session=session)
    if participant.status == ParticipantStatus.WITHDRAWN:
        raise ValidationError({"status": [_("The participant has withdrawn.")]})
    with transaction.atomic():
        locked = Participant.objects.select_for_update().get(pk=participant.pk)
        B2BSession.objects.select_for_update().filter(pk=session.pk).first()
        if not approve:
            locked.status = ParticipantStatus.REJECTED
        elif locked.status != ParticipantStatus.APPROVED:
            locked.status = (
                ParticipantStatus.APPROVED if _has_room(session) else ParticipantStatus.WAITING
            )
        locked.decided_at = now
        locked.save(update_fields=["status", "decided_at"])
    return locked


def withdraw(*, user: AnyUser, participant: Participant, now: dt.datetime) -> Participant:
    """The participant leaves: their requests are cancelled; the waiting list moves up."""
    if participant.user_id != user.pk:
        raise PermissionDenied(_("Only the participant may withdraw their registration."))
    if participant.status == ParticipantStatus.WITHDRAWN:
        raise ValidationError({"status": [_("You have already withdrawn.")]})
    with transaction.atomic():
        was_approved = participant.status == ParticipantStatus.APPROVED
        participant.status = ParticipantStatus.WITHDRAWN
        participant.decided_at = now
        participant.save(update_fields=["status", "decided_at"])
        MeetingRequest.objects.filter(
            Q(requester=participant) | Q(recipient=participant),
            status__in=[RequestStatus.PENDING, RequestStatus.ACCEPTED],
        ).update(status=RequestStatus.CANCELLED, answered_at=now)
        MeetingRequest.objects.filter(delegate=participant).update(delegate=None)
        if was_approved:
            first = (
                Participant.objects.filter(
                    session_id=participant.session_id, status=ParticipantStatus.WAITING
                )
                .order_by("registered_at", "pk")
                .first()
            )
            if first is not None:
                first.status = ParticipantStatus.APPROVED
                first.decided_at = now
                first.save(update_fields=["status", "decided_at"])
    return participant


def check_self(user: AnyUser, participant: Participant) -> None:
    if participant.user_id != user.pk:
        raise PermissionDenied(_("Only the participant may change this."))


def set_availability(
    *,
    user: AnyUser,
    participant: Participant,
    available_slot_ids: Sequence[int],
    max_meetings: int | None = None,
    max_consecutive: int | None = None,
) -> Participant:
    """The slots the participant can attend (every other slot of the session is blocked)."""
    check_self(user, participant)
    slot_ids = set(
        Slot.objects.filter(session_id=participant.session_id).values_list("pk", flat=True)
    )
    errors: dict[str, list[str]] = {}
    unknown = sorted(set(available_slot_ids) - slot_ids)
    if unknown:
        errors["available_slot_ids"] = [
            _("Slots %(unknown)s are not slots of this session: pick from the session's slots.")
            % {"unknown": unknown}
        ]
    for name, value in (("max_meetings", max_meetings), ("max_consecutive", max_consecutive)):
        if value is not None and not 1 <= value <= 200:
            errors[name] = [_("Give a number from 1 to 200, or leave it empty for the session's.")]
    if errors:
        raise ValidationError(errors)
    with transaction.atomic():
        participant.unavailable_slots.set(sorted(slot_ids - set(available_slot_ids)))
        participant.max_meetings = max_meetings
        participant.max_consecutive = max_consecutive
        participant.save(update_fields=["max_meetings", "max_consecutive"])
    return participant
