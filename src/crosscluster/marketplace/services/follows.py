"""Following partnerships and organisations; reading notifications."""

from __future__ import annotations

import datetime as dt
import logging
from typing import TYPE_CHECKING

from django.contrib.auth.models import AnonymousUser
from django.core.exceptions import PermissionDenied, ValidationError

from crosscluster.marketplace.models import (
    Follow,
    Notification,
    Opportunity,
)
from crosscluster.partnerships.queries import AnyUser

if TYPE_CHECKING:
    from crosscluster.partnerships.models import Partnership

logger = logging.getLogger(__name__)


# ---------------------------------------------------------------- follows, notifications


def set_following(
    *,
    user: AnyUser,
    following: bool,
    opportunity: Opportunity | None = None,
    partnership: Partnership | None = None,
) -> None:
    if isinstance(user, AnonymousUser):
        raise PermissionDenied("Log in to follow.")
    if (opportunity is None) == (partnership is None):
        raise ValidationError({"__all__": ["Follow either an opportunity or a partnership."]})
    if following:
        Follow.objects.get_or_create(user=user, opportunity=opportunity, partnership=partnership)
    else:
        Follow.objects.filter(user=user, opportunity=opportunity, partnership=partnership).delete()


def mark_notifications_read(
    *, user: AnyUser, now: dt.datetime, notification_id: int | None = None
) -> int:
    rows = Notification.objects.filter(recipient_id=user.pk, read_at__isnull=True)
    if notification_id is not None:
        rows = rows.filter(pk=notification_id)
    return rows.update(read_at=now)
