"""What B2B sessions hold about a person (their download; see core.personal_data)."""

from __future__ import annotations

from crosscluster.brokerage.models import Agreement, CapturedNeed, Participant, SlotBooking


def personal_data(user_id: int) -> dict[str, object]:
    return {
        "participations": list(
            Participant.objects.filter(user_id=user_id).values(
                "session_id",
                "organisation_id",
                "display_name",
                "profile",
                "answers",
                "status",
                "is_online",
                "registered_at",
                "listed_publicly",
                "listed_publicly_at",
                "listed_publicly_text",
                "arrived_at",
            )
        ),
        "free_slots_proposed": list(
            SlotBooking.objects.filter(proposer__user_id=user_id).values(
                "session_id", "slot_id", "message", "status", "created_at"
            )
        ),
        "needs_recorded": list(
            CapturedNeed.objects.filter(recorded_by_id=user_id).values(
                "session_id", "opportunity_id", "recorded_at"
            )
        ),
        "agreements_recorded": list(
            Agreement.objects.filter(recorded_by_id=user_id).values(
                "id", "title", "kind", "signed_date", "recorded_at"
            )
        ),
    }
