"""Erasing a person from B2B sessions (see core.personal_data)."""

from __future__ import annotations

from datetime import datetime

from crosscluster.brokerage.models import Participant, SlotBooking
from crosscluster.core.personal_data import FORMER_MEMBER


def erase_personal_data(user_id: int, now: datetime) -> None:
    """Their registrations stay (meetings, outcomes and agreements hang on them) under no name:
    the display name, profile, answers and public listing go, and the messages of the free
    slots they proposed."""
    Participant.objects.filter(user_id=user_id).update(
        display_name=FORMER_MEMBER,
        profile="",
        answers={},
        listed_publicly=False,
        listed_publicly_at=None,
        listed_publicly_text="",
    )
    SlotBooking.objects.filter(proposer__user_id=user_id).update(message="")
