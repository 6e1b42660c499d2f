"""Follow-up (participants and organisers): what came of each meeting (the outcome survey) and
the agreement register."""

from __future__ import annotations

import datetime as dt
from collections.abc import Sequence

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.utils.translation import gettext as _

from crosscluster.brokerage.models import (
    Agreement,
    AgreementKind,
    B2BSession,
    MeetingRequest,
    Outcome,
    OutcomeReport,
    Participant,
    RunStatus,
    ScheduledMeeting,
    SurveyWave,
)
from crosscluster.brokerage.queries import SIX_MONTHS
from crosscluster.brokerage.services.registration import check_self
from crosscluster.directory import queries as directory_queries
from crosscluster.partnerships.queries import AnyUser, is_coordinator


def record_outcome(
    *,
    user: AnyUser,
    participant: Participant,
    request: MeetingRequest,
    wave: str,
    outcome: str,
    comment: str = "",
    now: dt.datetime,
) -> OutcomeReport:
    """A participant says what came of one of their published meetings (one answer per wave)."""
    check_self(user, participant)
    errors: dict[str, list[str]] = {}
    event = participant.session.event
    if participant.pk not in {request.requester_id, request.recipient_id, request.delegate_id}:
        errors["request_id"] = [_("Report on one of your own meetings.")]
    elif not ScheduledMeeting.objects.filter(
        request=request, run__status=RunStatus.PUBLISHED
    ).exists():
        errors["request_id"] = [_("This meeting is not in the published schedule.")]
    if wave not in SurveyWave.values:
        errors["wave"] = [
            _("Choose one of: %(choices)s.") % {"choices": ", ".join(SurveyWave.values)}
        ]
    elif wave == SurveyWave.AFTER_EVENT and now < event.start_at:
        errors["wave"] = [_("The survey opens when the event starts.")]
    elif wave == SurveyWave.SIX_MONTHS and now < event.end_at + SIX_MONTHS:
        errors["wave"] = [
            _("The six-month survey opens on %(date)s.")
            % {"date": format(event.end_at + SIX_MONTHS, "%Y-%m-%d")}
        ]
    if outcome not in Outcome.values:
        errors["outcome"] = [
            _("Choose one of: %(choices)s.") % {"choices": ", ".join(Outcome.values)}
        ]
    if len(comment) > 2000:
        errors["comment"] = [_("Use at most 2,000 characters.")]
    if errors:
        raise ValidationError(errors)
    report, _created = OutcomeReport.objects.update_or_create(
        participant=participant,
        request=request,
        wave=wave,
        defaults={"outcome": outcome, "comment": comment.strip(), "answered_at": now},
    )
    return report


def _own_organisations(*, user: AnyUser, session: B2BSession) -> set[int]:
    return set(
        Participant.objects.filter(session=session, user_id=user.pk or 0).values_list(
            "organisation_id", flat=True
        )
    )


def _check_agreement(
    *,
    organiser: bool,
    own: set[int],
    session: B2BSession,
    kind: str,
    title: str,
    partner_ids: Sequence[int],
    signed_date: dt.date,
    request_id: int | None,
    now: dt.datetime,
) -> set[int]:
    """The partners named, once the agreement's fields are right (else a ValidationError)."""
    errors: dict[str, list[str]] = {}
    if kind not in AgreementKind.values:
        errors["kind"] = [
            _("Choose one of: %(choices)s.") % {"choices": ", ".join(AgreementKind.values)}
        ]
    if not title.strip() or len(title) > 200:
        errors["title"] = [_("Give the agreement a title (1 to 200 characters).")]
    partners = set(partner_ids)
    found = set(directory_queries.list_organisations_by_id(organisation_ids=partners))
    if len(partners) < 2:
        errors["partner_ids"] = [_("Name at least two partner organisations.")]
    elif found != partners:
        errors["partner_ids"] = [
            _("Unknown organisations %(organisations)s.")
            % {"organisations": sorted(partners - found)}
        ]
    elif not organiser and not own & partners:
        errors["partner_ids"] = [_("Include your own organisation among the partners.")]
    if signed_date > now.date():
        errors["signed_date"] = [_("Record agreements once signed: the date is in the future.")]
    # Who may be named: the meeting's parties, or without a meeting the session's participants.
    if request_id is not None:
        meeting = (
            MeetingRequest.objects.filter(pk=request_id, session=session)
            .select_related("requester", "recipient", "delegate")
            .first()
        )
        if meeting is None:
            errors["request_id"] = [
                _("No such meeting in this session; leave it empty if unrelated.")
            ]
        named = {m.organisation_id for m in meeting.members()} if meeting else set()
        where = "this meeting"
    else:
        named = set(
            Participant.objects.filter(session=session).values_list("organisation_id", flat=True)
        )
        where = "this session"
    if "partner_ids" not in errors and "request_id" not in errors and partners - named:
        errors["partner_ids"] = [
            _("Organisations %(organisations)s took no part in %(where)s: name only its parties.")
            % {"organisations": sorted(partners - named), "where": where}
        ]
    if errors:
        raise ValidationError(errors)
    return partners


def record_agreement(
    *,
    user: AnyUser,
    session: B2BSession,
    kind: str,
    title: str,
    partner_ids: Sequence[int],
    signed_date: dt.date,
    request_id: int | None = None,
    now: dt.datetime,
) -> Agreement:
    """Add to the agreement register (organisers, or a participant for their organisation)."""
    organiser = is_coordinator(user=user, partnership=session.event.partnership)
    own = _own_organisations(user=user, session=session)
    if not organiser and not own:
        raise PermissionDenied(_("Only participants and organisers may record agreements."))
    partners = _check_agreement(
        organiser=organiser,
        own=own,
        session=session,
        kind=kind,
        title=title,
        partner_ids=partner_ids,
        signed_date=signed_date,
        request_id=request_id,
        now=now,
    )
    with transaction.atomic():
        agreement = Agreement.objects.create(
            session=session,
            request_id=request_id,
            kind=kind,
            title=title.strip(),
            signed_date=signed_date,
            recorded_by_id=user.pk,
            recorded_at=now,
        )
        agreement.partners.set(sorted(partners))
    return agreement


def may_edit_agreement(*, user: AnyUser, agreement: Agreement) -> bool:
    """Organisers, and participants of the session whose organisation signed it."""
    session = agreement.session
    if is_coordinator(user=user, partnership=session.event.partnership):
        return True
    own = _own_organisations(user=user, session=session)
    return bool(own & set(agreement.partners.values_list("pk", flat=True)))


def update_agreement(
    *,
    user: AnyUser,
    agreement: Agreement,
    kind: str,
    title: str,
    partner_ids: Sequence[int],
    signed_date: dt.date,
    request_id: int | None = None,
    now: dt.datetime,
) -> Agreement:
    """Correct an agreement of the register: the same rules as recording one (organisers, or a
    participant whose organisation signed it and still does)."""
    session = agreement.session
    if not may_edit_agreement(user=user, agreement=agreement):
        raise PermissionDenied(_("Only its signatories and the organisers may edit an agreement."))
    partners = _check_agreement(
        organiser=is_coordinator(user=user, partnership=session.event.partnership),
        own=_own_organisations(user=user, session=session),
        session=session,
        kind=kind,
        title=title,
        partner_ids=partner_ids,
        signed_date=signed_date,
        request_id=request_id,
        now=now,
    )
    with transaction.atomic():
        agreement.kind = kind
        agreement.title = title.strip()
        agreement.signed_date = signed_date
        agreement.request_id = request_id
        agreement.save(update_fields=["kind", "title", "signed_date", "request"])
        agreement.partners.set(sorted(partners))
    return agreement
