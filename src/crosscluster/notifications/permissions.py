"""The only way a view obtains a notification: its recipient sees it; nobody else learns it exists."""

from __future__ import annotations

from django.http import Http404
from django.utils.translation import gettext_lazy

from crosscluster.accounts.queries import AnyUser
from crosscluster.notifications import queries
from crosscluster.notifications.models import Notification

NOT_FOUND = gettext_lazy("No such notification (each person sees only their own).")


def access_notification(*, user: AnyUser, notification_id: int) -> Notification:
    """The person's own notification; 404 for another person's, a missing one or a visitor."""
    notification = queries.find_notification(user=user, notification_id=notification_id)
    if notification is None:
        raise Http404(NOT_FOUND)
    return notification
