"""Reminder and survey e-mails: each goes once per participant, recorded as it is sent.

The e-mails themselves (what they say, the agenda attached) are documents
(``brokerage.documents.reminders``, whose ``send_reminders`` asks ``queries`` who is due).
"""

from __future__ import annotations

import datetime as dt
import logging

from django.core.mail import EmailMessage
from django.db import IntegrityError, transaction

from crosscluster.brokerage.models import Participant, ReminderSent

logger = logging.getLogger(__name__)


def send_reminder_once(
    *, participant: Participant, kind: str, now: dt.datetime, message: EmailMessage
) -> bool:
    """Record and send one e-mail; a failed send rolls the record back (tried again later).
    Returns whether it was sent (not when it already was, or the send failed)."""
    try:
        with transaction.atomic():
            _, created = ReminderSent.objects.get_or_create(
                participant=participant, kind=kind, defaults={"sent_at": now}
            )
            if not created:
                return False
            message.send()
    except IntegrityError:  # another run of the command got there first
        return False
    except Exception:
        logger.exception("could not send the %s e-mail to participant %s", kind, participant.pk)
        return False
    return True
