"""Reads: a person's notifications, unread count and preferences; what is due to be e-mailed."""

from __future__ import annotations

import datetime as dt
from collections.abc import Collection
from dataclasses import dataclass
from typing import TYPE_CHECKING

from django.db.models import Count, F, QuerySet

from crosscluster.accounts.queries import AnyUser
from crosscluster.notifications import registry
from crosscluster.notifications.models import Frequency, Notification, NotificationPreference

if TYPE_CHECKING:
    from crosscluster.notifications.registry import NotificationKind


def list_notifications(*, user: AnyUser) -> QuerySet[Notification]:
    """The person's notifications, unread first, newest first."""
    if not user.is_authenticated:
        return Notification.objects.none()
    return Notification.objects.filter(recipient_id=user.pk).order_by(
        F("read_at").asc(nulls_first=True), "-created_at", "-pk"
    )


def count_unread(*, user: AnyUser) -> int:
    if not user.is_authenticated:
        return 0
    return Notification.objects.filter(recipient_id=user.pk, read_at__isnull=True).count()


def count_unread_by_subject(*, user: AnyUser, kinds: Collection[str]) -> dict[int, int]:
    """The person's unread notifications of ``kinds``, counted by what they are about (the
    subject's id: a conversation for a conversation's messages)."""
    if not user.is_authenticated:
        return {}
    rows = (
        Notification.objects.filter(
            recipient_id=user.pk, read_at__isnull=True, kind__in=kinds, subject_id__isnull=False
        )
        .values("subject_id")
        .annotate(count=Count("pk"))
    )
    return {row["subject_id"]: row["count"] for row in rows if row["subject_id"] is not None}


def find_notification(*, user: AnyUser, notification_id: int) -> Notification | None:
    """The notification if it is ``user``'s own; None for anybody else's (they look alike)."""
    if not user.is_authenticated:
        return None
    return Notification.objects.filter(pk=notification_id, recipient_id=user.pk).first()


def preferences_of(*, user_id: int) -> dict[str, str]:
    """Kind -> frequency for every registered kind (the kind's default where none is chosen)."""
    chosen = dict(
        NotificationPreference.objects.filter(user_id=user_id).values_list("kind", "frequency")
    )
    return {
        kind.key: chosen.get(kind.key, kind.default_frequency) for kind in registry.list_kinds()
    }


def frequencies_for(*, user_ids: list[int], kind: NotificationKind) -> dict[int, str]:
    """Each person's choice for ``kind`` (the kind's default where none is chosen)."""
    chosen = dict(
        NotificationPreference.objects.filter(user_id__in=user_ids, kind=kind.key).values_list(
            "user_id", "frequency"
        )
    )
    return {user_id: chosen.get(user_id, kind.default_frequency) for user_id in user_ids}


@dataclass(frozen=True)
class PreferenceRow:
    kind: NotificationKind
    frequency: str

    @property
    def frequency_label(self) -> str:
        return str(Frequency(self.frequency).label)


def list_preferences(*, user: AnyUser) -> list[PreferenceRow]:
    """One row per kind a person may choose for, with the current choice."""
    chosen = preferences_of(user_id=user.pk) if user.is_authenticated else {}
    return [
        PreferenceRow(kind=kind, frequency=chosen.get(kind.key, kind.default_frequency))
        for kind in registry.list_kinds(configurable_only=True)
    ]


def list_unsent(*, frequency: str, before: dt.datetime | None = None) -> QuerySet[Notification]:
    """Unread notices planned for an e-mail at ``frequency`` and not sent yet, by person
    (made before ``before`` if given)."""
    rows = Notification.objects.filter(
        email_due=frequency,
        emailed_at__isnull=True,
        read_at__isnull=True,
        recipient__is_active=True,
    )
    if before is not None:
        rows = rows.filter(created_at__lt=before)
    return (
        rows.exclude(recipient__email="")
        .select_related("recipient")
        .order_by("recipient_id", "created_at", "pk")
    )


def user_exists(*, user_id: int) -> bool:
    from django.contrib.auth import get_user_model

    return get_user_model().objects.filter(pk=user_id).exists()


def list_kinds_named(*, keys: tuple[str, ...] | list[str]) -> list[NotificationKind]:
    return [kind for key in keys if (kind := registry.find_kind(key)) is not None]


def personal_data(user_id: int) -> dict[str, object]:
    """A person's notices and preferences (their download; see core.personal_data)."""
    from crosscluster.notifications.models import Notification, NotificationPreference

    return {
        "notifications": list(
            Notification.objects.filter(recipient_id=user_id).values(
                "kind", "text", "url", "created_at", "read_at", "emailed_at"
            )
        ),
        "preferences": list(
            NotificationPreference.objects.filter(user_id=user_id).values(
                "kind", "frequency", "updated_at"
            )
        ),
    }
