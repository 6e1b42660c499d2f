"""Writes: deliver a notification, mark notices read, choose e-mail preferences, unsubscribe.

Other apps call :func:`notify` and declare their kinds with :func:`register_kind` (both
re-exported here so apps reach this app through its services only).
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable, Mapping
from typing import TYPE_CHECKING

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils.translation import gettext as _

from crosscluster.accounts.queries import AnyUser
from crosscluster.core.validation import FieldErrors
from crosscluster.notifications import auth, queries, registry
from crosscluster.notifications.models import Frequency, Notification, NotificationPreference
from crosscluster.notifications.registry import NotificationKind
from crosscluster.notifications.tasks import send_immediate_task

if TYPE_CHECKING:
    from crosscluster.accounts.models import User

__all__ = [
    "NotificationKind",
    "mark_all_read",
    "mark_read",
    "notify",
    "register_kind",
    "set_preferences",
    "unsubscribe",
]

TEXT_MAX = 300
URL_MAX = 300


def register_kind(kind: NotificationKind) -> None:
    """Declare a kind of notification (from the owning app's ``AppConfig.ready()``)."""
    registry.register(kind)


@transaction.atomic
def notify(
    *,
    kind: str,
    recipients: Iterable[User],
    now: dt.datetime,
    message: str = "",
    parameters: Mapping[str, object] | None = None,
    text: str = "",
    url: str = "",
    subject_id: int | None = None,
) -> list[Notification]:
    """A notification of ``kind`` for each recipient who may see ``subject_id``.

    ``message`` is an English sentence marked for the catalogues (``gettext_noop``) with
    ``%(name)s`` placeholders filled from ``parameters``: each recipient reads it in their
    own language, on the site and by e-mail. ``text`` alone is a sentence shown as it is.

    The kind's own visibility rule is asked per recipient now (and again before any e-mail
    leaves), so a follower outside a partnership never reads the title of its partnership-only
    opportunity, and somebody who left an organisation gets none of its notices. Inactive
    accounts get nothing. Immediate e-mails are sent by a background task after the commit.
    """
    notice_kind = registry.get_kind(kind)
    values = {name: str(value) for name, value in (parameters or {}).items()}
    if message:
        text = message % values  # a placeholder without a value is a programming error
    if not text:
        raise ValueError("notify() needs a message (with its parameters) or a text.")
    people: dict[int, User] = {}
    for person in recipients:
        if person.is_active and person.pk not in people:
            people[person.pk] = person
    allowed = [person for person in people.values() if notice_kind.can_see(person, subject_id)]
    frequencies = queries.frequencies_for(
        user_ids=[person.pk for person in allowed], kind=notice_kind
    )
    due = {
        person.pk: frequencies[person.pk]
        if person.email and frequencies[person.pk] != Frequency.NEVER
        else ""
        for person in allowed
    }
    rows = Notification.objects.bulk_create(
        [
            Notification(
                recipient=person,
                kind=kind,
                subject_id=subject_id,
                text=text[:TEXT_MAX],
                message=message[:TEXT_MAX],
                parameters=values,
                url=url[:URL_MAX],
                created_at=now,
                email_due=due[person.pk],
            )
            for person in allowed
        ]
    )
    if Frequency.IMMEDIATELY in due.values():
        send_immediate_task.enqueue()
    return rows


def mark_read(*, user: AnyUser, notification: Notification, now: dt.datetime) -> Notification:
    """Mark one of the person's own notifications read (the permission layer found it)."""
    if notification.recipient_id != user.pk:  # pragma: no cover - permissions stop this first
        raise ValidationError({"notification_id": [_("This is not one of your notifications.")]})
    if notification.read_at is None:
        notification.read_at = now
        notification.save(update_fields=["read_at"])
    return notification


def mark_all_read(*, user: AnyUser, now: dt.datetime) -> int:
    """Every unread notification of the person becomes read; returns how many."""
    if not user.is_authenticated:
        return 0
    return Notification.objects.filter(recipient_id=user.pk, read_at__isnull=True).update(
        read_at=now
    )


@transaction.atomic
def set_preferences(*, user: User, choices: Mapping[str, str], now: dt.datetime) -> None:
    """Store the person's choice per kind (``immediately``, ``daily`` or ``never``).

    Kinds not named keep their current choice; an unknown kind or frequency is refused by name
    and nothing is stored.
    """
    errors = FieldErrors()
    configurable = {kind.key for kind in registry.list_kinds(configurable_only=True)}
    for key, frequency in choices.items():
        if key not in configurable:
            errors.add(
                key,
                _("There is no kind of notification %(key)r; choose among: %(choices)s.")
                % {"key": key, "choices": ", ".join(sorted(configurable))},
            )
        elif frequency not in Frequency.values:
            errors.add(
                key, _("Choose one of: %(choices)s.") % {"choices": ", ".join(Frequency.values)}
            )
    errors.raise_if_any()
    for key, frequency in choices.items():
        NotificationPreference.objects.update_or_create(
            user=user, kind=key, defaults={"frequency": frequency, "updated_at": now}
        )


@transaction.atomic
def unsubscribe(*, token: str, now: dt.datetime) -> list[NotificationKind]:
    """Turn the kinds a token names to ``never`` for its person (no login needed); returns them.

    A token this site did not sign is refused by name; one for a deleted account does nothing.
    """
    found = auth.read_unsubscribe_token(token)
    if found is None:
        raise ValidationError(
            {"token": [_("This unsubscribe link is not valid; use the link of a recent e-mail.")]}
        )
    kinds = [kind for key in found.kinds if (kind := registry.find_kind(key)) is not None]
    for kind in kinds:
        # what was still waiting for an e-mail of these kinds is not sent either
        Notification.objects.filter(
            recipient_id=found.user_id, kind=kind.key, emailed_at__isnull=True
        ).update(email_due="")
        rows = NotificationPreference.objects.filter(user_id=found.user_id, kind=kind.key)
        if not rows.update(frequency=Frequency.NEVER, updated_at=now) and queries.user_exists(
            user_id=found.user_id
        ):
            NotificationPreference.objects.create(
                user_id=found.user_id, kind=kind.key, frequency=Frequency.NEVER, updated_at=now
            )
    return kinds
