"""The kinds of notification: each app declares its own from ``AppConfig.ready()``.

A kind has a key (``"marketplace.opportunity"``), a label people read on their preferences
page, a default e-mail frequency, and ``can_see(user, subject_id)``: the owning app's own
visibility rule, asked per recipient when the notification is delivered (on the site and again
before it is e-mailed), so a notice never names what its recipient may not see::

    # in crosscluster/marketplace/apps.py
    def ready(self) -> None:
        from crosscluster.notifications.services import NotificationKind, register_kind

        register_kind(NotificationKind(
            key="marketplace.opportunity",
            label=_("New and closed opportunities you follow"),
            default_frequency="daily",
            can_see=lambda user, opportunity_id: ...,  # the marketplace's queries
        ))

Apps reach this module through ``notifications.services`` (which re-exports it).
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from typing import TYPE_CHECKING

from crosscluster.notifications.models import Frequency

if TYPE_CHECKING:
    from django.utils.functional import _StrOrPromise

    from crosscluster.accounts.models import User


def everybody(user: User, subject_id: int | None) -> bool:
    """For kinds that name nothing protected."""
    return True


@dataclass(frozen=True)
class NotificationKind:
    key: str
    #: read in the reader's language (a ``gettext_lazy`` string)
    label: _StrOrPromise
    default_frequency: str
    #: may ``user`` see what a notification of this kind with ``subject_id`` names?
    can_see: Callable[[User, int | None], bool] = everybody
    #: a short description shown beside the label
    help_text: _StrOrPromise = ""
    #: False for kinds nobody chooses for (the notices kept from before the centre existed)
    configurable: bool = True


_KINDS: dict[str, NotificationKind] = {}

#: the marketplace's notices from before the centre existed (kept by a data migration)
EARLIER = "notifications.earlier"


def register(kind: NotificationKind) -> None:
    if kind.default_frequency not in Frequency.values:
        raise ValueError(f"{kind.key}: default_frequency must be one of {Frequency.values}")
    _KINDS[kind.key] = kind


def get_kind(key: str) -> NotificationKind:
    """The registered kind; ``LookupError`` for an unknown key (a programming error)."""
    try:
        return _KINDS[key]
    except KeyError:
        raise LookupError(f"No notification kind {key!r} is registered.") from None


def find_kind(key: str) -> NotificationKind | None:
    return _KINDS.get(key)


def list_kinds(*, configurable_only: bool = False) -> list[NotificationKind]:
    kinds = sorted(_KINDS.values(), key=lambda kind: kind.key)
    return [kind for kind in kinds if kind.configurable or not configurable_only]
