"""What the e-mail tasks do, in the worker: immediate e-mails and the daily digest.

Before a notice is e-mailed its kind's visibility rule is asked again (somebody may have left
the organisation, or the opportunity may have turned private, since it was made). Each notice
is claimed (``emailed_at`` set) before its e-mail is sent and released if the send fails, so
two workers never send it twice and an outage loses nothing. Every e-mail carries an
unsubscribe link (footer, ``List-Unsubscribe`` and ``List-Unsubscribe-Post`` headers, RFC 8058).
Each e-mail is written in its recipient's saved language (``core.i18n.language_for``), times
in their own time zone.
"""

from __future__ import annotations

import datetime as dt
import logging
from collections import defaultdict
from collections.abc import Callable
from typing import TYPE_CHECKING

from django.core.mail import EmailMessage
from django.urls import reverse
from django.utils import formats, timezone
from django.utils.translation import gettext, ngettext

from crosscluster.core.http import absolute_url
from crosscluster.core.i18n import language_for
from crosscluster.core.times import get_zone
from crosscluster.notifications import auth, queries, registry
from crosscluster.notifications.models import Frequency, Notification

if TYPE_CHECKING:
    from crosscluster.accounts.models import User

logger = logging.getLogger(__name__)

Clock = Callable[[], dt.datetime]


def unsubscribe_url(*, user_id: int, kinds: list[str]) -> str:
    token = auth.make_unsubscribe_token(user_id=user_id, kinds=kinds)
    return absolute_url(reverse("notifications:unsubscribe", args=[token]))


def _visible(notice: Notification) -> bool:
    kind = registry.find_kind(notice.kind)
    return kind is not None and kind.can_see(notice.recipient, notice.subject_id)


def _claim(notices: list[Notification], now: dt.datetime) -> list[Notification]:
    """The notices this run may send (nobody else claimed them meanwhile)."""
    claimed = []
    for notice in notices:
        if Notification.objects.filter(pk=notice.pk, emailed_at__isnull=True).update(
            emailed_at=now
        ):
            claimed.append(notice)
    return claimed


def _send(recipient: User, notices: list[Notification], message: EmailMessage) -> bool:
    try:
        message.send()
    except Exception:
        logger.exception("could not e-mail notifications to user %s", recipient.pk)
        Notification.objects.filter(pk__in=[notice.pk for notice in notices]).update(
            emailed_at=None
        )
        return False
    return True


def _message(*, recipient: User, subject: str, body: str, kinds: list[str]) -> EmailMessage:
    """The e-mail with its unsubscribe footer (called in the recipient's language)."""
    link = unsubscribe_url(user_id=recipient.pk, kinds=kinds)
    labels = ", ".join(
        str(kind.label) for key in sorted(set(kinds)) if (kind := registry.find_kind(key))
    )
    preferences = absolute_url(reverse("notifications:preferences"))
    footer = "\n\n--\n" + gettext(
        "You receive this because of your notification preferences (%(preferences)s).\n"
        "Stop e-mails about these notifications (%(kinds)s): %(link)s\n"
    ) % {"preferences": preferences, "kinds": labels, "link": link}
    return EmailMessage(
        subject=subject[:120],
        body=body + footer,
        to=[recipient.email],
        headers={
            "List-Unsubscribe": f"<{link}>",
            "List-Unsubscribe-Post": "List-Unsubscribe=One-Click",
        },
    )


def _due(frequency: str, before: dt.datetime | None = None) -> dict[int, list[Notification]]:
    """Unsent notices planned at ``frequency`` whose person still wants that (a preference
    changed since is obeyed) and may still see what they name, per person."""
    by_person: dict[int, list[Notification]] = defaultdict(list)
    preferences: dict[int, dict[str, str]] = {}
    for notice in queries.list_unsent(frequency=frequency, before=before):
        chosen = preferences.setdefault(
            notice.recipient_id, queries.preferences_of(user_id=notice.recipient_id)
        )
        if chosen.get(notice.kind) == frequency and _visible(notice):
            by_person[notice.recipient_id].append(notice)
    return by_person


def send_immediate(*, now: dt.datetime) -> int:
    """One e-mail per notice whose person wants it at once; returns how many were sent."""
    sent = 0
    for notices in _due(Frequency.IMMEDIATELY).values():
        for notice in _claim(notices, now):
            sent += _send(notice.recipient, [notice], immediate_message(notice))
    return sent


def immediate_message(notice: Notification) -> EmailMessage:
    """The e-mail of one notice, in its recipient's language."""
    with language_for(notice.recipient):
        text = notice.display_text
        body = text + (f"\n\n{absolute_url(notice.url)}" if notice.url else "")
        return _message(recipient=notice.recipient, subject=text, body=body, kinds=[notice.kind])


def start_of_day(now: dt.datetime) -> dt.datetime:
    local = timezone.localtime(now)
    return local.replace(hour=0, minute=0, second=0, microsecond=0)


def digest_message(recipient: User, notices: list[Notification]) -> EmailMessage:
    """The daily digest (called in the recipient's language): a line per notice, its time in
    the recipient's own zone, in the language's short date format."""
    zone = get_zone(recipient.timezone) or timezone.get_current_timezone()
    lines = []
    for notice in notices:
        when = formats.date_format(
            timezone.localtime(notice.created_at, zone), "SHORT_DATETIME_FORMAT"
        )
        link = f"\n  {absolute_url(notice.url)}" if notice.url else ""
        lines.append(f"- {when} {notice.display_text}{link}")
    count = len(notices)
    body = (
        ngettext(
            "%(count)d notification since your last digest:",
            "%(count)d notifications since your last digest:",
            count,
        )
        % {"count": count}
        + "\n\n"
        + "\n".join(lines)
        + "\n\n"
        + gettext("All notifications: %(link)s")
        % {"link": absolute_url(reverse("notifications:list"))}
    )
    subject = ngettext(
        "Your crosscluster digest: %(count)d notification",
        "Your crosscluster digest: %(count)d notifications",
        count,
    ) % {"count": count}
    return _message(
        recipient=recipient,
        subject=subject,
        body=body,
        kinds=[notice.kind for notice in notices],
    )


def send_digests(*, now: dt.datetime) -> int:
    """One e-mail per person with the notices of the days before today (in the site's time
    zone) of the kinds they want as a daily digest; running it again the same day sends
    nothing more. Returns how many digests were sent."""
    cutoff = start_of_day(now)
    sent = 0
    for notices in _due(Frequency.DAILY, before=cutoff).values():
        claimed = _claim(notices, now)
        if not claimed:
            continue
        recipient = claimed[0].recipient
        with language_for(recipient):
            message = digest_message(recipient, claimed)
        sent += _send(recipient, claimed, message)
    return sent
