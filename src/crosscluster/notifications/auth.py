"""Unsubscribing without logging in: a signed token names the person and the kinds.

Each e-mail carries one (in its footer link and its ``List-Unsubscribe`` header). The token
never expires: all it can do is turn e-mails off. It is signed with the site's secret key and
a purpose of its own, so no other signed value of the site passes for one.
"""

from __future__ import annotations

from dataclasses import dataclass

from django.core import signing

SALT = "crosscluster.notifications.unsubscribe"


@dataclass(frozen=True)
class Unsubscribe:
    user_id: int
    kinds: tuple[str, ...]


def make_unsubscribe_token(*, user_id: int, kinds: list[str] | tuple[str, ...]) -> str:
    return signing.dumps({"u": user_id, "k": sorted(set(kinds))}, salt=SALT, compress=True)


def read_unsubscribe_token(token: str) -> Unsubscribe | None:
    """What the token unsubscribes from; None if it was not made by this site."""
    try:
        payload = signing.loads(token, salt=SALT)
    except signing.BadSignature:
        return None
    if not isinstance(payload, dict):
        return None
    user_id, kinds = payload.get("u"), payload.get("k")
    if not isinstance(user_id, int) or not isinstance(kinds, list):
        return None
    if not kinds or not all(isinstance(kind, str) for kind in kinds):
        return None
    return Unsubscribe(user_id=user_id, kinds=tuple(kinds))
