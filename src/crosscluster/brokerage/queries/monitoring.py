"""Raw rows behind the monitoring scoreboard's brokerage figures."""

from __future__ import annotations

from typing import TYPE_CHECKING

from crosscluster.brokerage.models import (
    Agreement,
    MeetingAttendance,
    MeetingRequest,
    OutcomeReport,
    Participant,
    ParticipantStatus,
    RunStatus,
    ScheduledMeeting,
)

if TYPE_CHECKING:
    pass


# --- monitoring (the scoreboard's raw rows) ---


def list_monitoring_request_rows(*, partnership_id: int) -> list[dict[str, object]]:
    """B2B meeting requests at the partnership's events, with whether a published schedule
    holds them (scheduled) and what was recorded on the day (attendance: held, no_show,
    cancelled, or empty when nothing was)."""
    published = ScheduledMeeting.objects.filter(run__status=RunStatus.PUBLISHED).values(
        "request_id"
    )
    rows: list[dict[str, object]] = [
        dict(row)
        for row in MeetingRequest.objects.filter(session__event__partnership_id=partnership_id)
        .order_by("created_at", "pk")
        .values(
            "pk",
            "status",
            "created_at",
            "session__event__title",
            "session__event__end_at",
            "requester__organisation_id",
            "requester__organisation__name",
            "recipient__organisation_id",
            "recipient__organisation__name",
        )
    ]
    scheduled = set(
        MeetingRequest.objects.filter(
            session__event__partnership_id=partnership_id, pk__in=published
        ).values_list("pk", flat=True)
    )
    attendance: dict[object, str] = dict(
        MeetingAttendance.objects.filter(
            request__session__event__partnership_id=partnership_id
        ).values_list("request_id", "status")
    )
    for row in rows:
        row["scheduled"] = row["pk"] in scheduled
        row["attendance"] = attendance.get(row["pk"], "")  # held, no_show, cancelled, or ""
    return rows


def list_monitoring_agreement_rows(*, partnership_id: int) -> list[dict[str, object]]:
    """Agreements signed at the partnership's B2B sessions, one row per agreement."""
    return [
        dict(row)
        for row in Agreement.objects.filter(session__event__partnership_id=partnership_id)
        .order_by("signed_date", "pk")
        .values("pk", "kind", "title", "signed_date", "session__event__title")
    ]


def list_monitoring_agreement_partner_rows(*, partnership_id: int) -> list[tuple[int, int]]:
    """(agreement id, organisation id) of every signatory."""
    return list(
        Agreement.partners.through.objects.filter(
            agreement__session__event__partnership_id=partnership_id
        ).values_list("agreement_id", "organisation_id")
    )


def list_monitoring_outcome_rows(*, partnership_id: int) -> list[dict[str, object]]:
    """Follow-up answers (every wave) of the partnership's B2B sessions."""
    return [
        dict(row)
        for row in OutcomeReport.objects.filter(
            participant__session__event__partnership_id=partnership_id
        )
        .order_by("answered_at", "pk")
        .values("pk", "wave", "outcome", "answered_at")
    ]


def list_monitoring_participant_rows(*, partnership_id: int) -> list[dict[str, object]]:
    """Approved participants of the partnership's B2B sessions, with the event's kind."""
    return [
        dict(row)
        for row in Participant.objects.filter(
            session__event__partnership_id=partnership_id, status=ParticipantStatus.APPROVED
        )
        .order_by("registered_at", "pk")
        .values("pk", "organisation_id", "session__event__kind", "session__event__start_at")
    ]
