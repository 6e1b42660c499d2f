"""Badges for the check-in desk: each approved participant's check-in code, signed with the
site's secret (Django signing), so it cannot be guessed or made up; it holds the session's and
the participant's ids and nothing personal (docs/brokerage.md, "Badges")."""

from __future__ import annotations

import re
from dataclasses import dataclass

from django.core import signing
from django.db.models import QuerySet

from crosscluster.brokerage.models import B2BSession, Participant, ParticipantStatus

SALT = "crosscluster.brokerage.badge"
#: what a badge's code looks like: "B2B-<session id>-<participant id>:<signature>"
TOKEN = re.compile(r"B2B-(\d{1,12})-(\d{1,12}):[A-Za-z0-9_-]{20,100}")


def badge_token(participant: Participant) -> str:
    """The participant's check-in code, as the badge's QR code holds it."""
    value = f"B2B-{participant.session_id}-{participant.pk}"
    return signing.Signer(salt=SALT).sign(value)


def looks_like_badge(text: str) -> bool:
    """Whether ``text`` (typed in the desk's search box) has a badge code's shape."""
    return TOKEN.fullmatch(text.strip()) is not None


@dataclass(frozen=True)
class BadgeCode:
    session_id: int
    participant_id: int


def read_badge_token(text: str) -> BadgeCode | None:
    """The ids a badge's code holds; None when it is not a code, or its signature does not
    match (typed wrong, changed, or made elsewhere)."""
    found = TOKEN.fullmatch(text.strip())
    if found is None:
        return None
    try:
        signing.Signer(salt=SALT).unsign(text.strip())
    except signing.BadSignature:
        return None
    return BadgeCode(session_id=int(found.group(1)), participant_id=int(found.group(2)))


def list_badge_holders(*, session: B2BSession) -> QuerySet[Participant]:
    """The approved participants of the session, by name: one badge each."""
    return (
        Participant.objects.filter(session=session, status=ParticipantStatus.APPROVED)
        .select_related("organisation")
        .order_by("display_name", "pk")
    )
