"""Notifications over the API: a person's own list, marking read, e-mail preferences.

No ``from __future__ import annotations`` here: ninja reads the types at run time.
"""

from datetime import datetime

from django.http import HttpRequest
from django.utils import timezone
from ninja import Field, Router, Schema
from ninja.pagination import paginate

from crosscluster.accounts.auth import token_auth, token_user
from crosscluster.core.api import ErrorOut, Pagination
from crosscluster.core.http import absolute_url
from crosscluster.notifications import permissions, queries, services
from crosscluster.notifications.models import Notification

router = Router(tags=["notifications"])

FREQUENCY_HELP = "immediately, daily (one digest a day) or never (only on the site)"


class NotificationOut(Schema):
    id: int
    kind: str = Field(description="The kind's key (GET /notifications/preferences lists them).")
    text: str = Field(description="In the request's language (Accept-Language).")
    url: str = Field(description="Absolute link to what the notification is about; may be empty.")
    created_at: datetime
    read_at: datetime | None

    @staticmethod
    def resolve_text(notification: Notification) -> str:
        return notification.display_text

    @staticmethod
    def resolve_url(notification: Notification) -> str:
        return absolute_url(notification.url) if notification.url else ""


class UnreadOut(Schema):
    unread: int


class MarkedOut(Schema):
    marked: int = Field(description="How many notifications were marked read.")


class PreferenceOut(Schema):
    kind: str
    label: str
    frequency: str = Field(description=FREQUENCY_HELP)
    default_frequency: str


class PreferencesIn(Schema):
    preferences: dict[str, str] = Field(
        description=f"Kind key -> frequency ({FREQUENCY_HELP}); kinds not named keep theirs.",
        examples=[{"marketplace.opportunity": "daily"}],
    )


def _preferences(request: HttpRequest) -> list[PreferenceOut]:
    return [
        PreferenceOut(
            kind=row.kind.key,
            label=str(row.kind.label),
            frequency=row.frequency,
            default_frequency=row.kind.default_frequency,
        )
        for row in queries.list_preferences(user=token_user(request))
    ]


@router.get("", response=list[NotificationOut], auth=token_auth, summary="My notifications")
@paginate(Pagination)
def list_notifications(request: HttpRequest):  # type: ignore[no-untyped-def]
    """The caller's own notifications, unread first, newest first."""
    return queries.list_notifications(user=token_user(request))


@router.get("/unread", response=UnreadOut, auth=token_auth, summary="How many are unread")
def count_unread(request: HttpRequest) -> UnreadOut:
    return UnreadOut(unread=queries.count_unread(user=token_user(request)))


@router.post(
    "/read",
    response={200: MarkedOut},
    auth=token_auth,
    summary="Mark all my notifications read",
)
def mark_all_read(request: HttpRequest) -> MarkedOut:
    return MarkedOut(marked=services.mark_all_read(user=token_user(request), now=timezone.now()))


@router.post(
    "/{notification_id}/read",
    response={200: NotificationOut, 404: ErrorOut},
    auth=token_auth,
    summary="Mark one of my notifications read",
)
def mark_read(request: HttpRequest, notification_id: int) -> Notification:
    """404 for another person's notification (it is not said to exist)."""
    user = token_user(request)
    notification = permissions.access_notification(user=user, notification_id=notification_id)
    return services.mark_read(user=user, notification=notification, now=timezone.now())


@router.get(
    "/preferences",
    response=list[PreferenceOut],
    auth=token_auth,
    summary="My e-mail preferences per kind",
)
def get_preferences(request: HttpRequest) -> list[PreferenceOut]:
    return _preferences(request)


@router.put(
    "/preferences",
    response={200: list[PreferenceOut], 400: ErrorOut},
    auth=token_auth,
    summary="Change my e-mail preferences",
)
def put_preferences(request: HttpRequest, payload: PreferencesIn) -> list[PreferenceOut]:
    """400 names each unknown kind or frequency (``errors``); nothing is stored then."""
    services.set_preferences(
        user=token_user(request), choices=payload.preferences, now=timezone.now()
    )
    return _preferences(request)
