"""Erasing a person (GDPR art. 17) and the retention rules that erase accounts: their
contributions are kept for the partnership, anonymised."""

from __future__ import annotations

import json
from datetime import datetime, timedelta

from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import models, transaction
from django.db.models import ForeignObjectRel
from django.utils.translation import gettext as _

from crosscluster.accounts.models import (
    Invitation,
    User,
)

# ------------------------------------------------------------------ erasure (GDPR art. 17)
#: the domain of an erased account's placeholder address (``.invalid`` never resolves)
ERASED_DOMAIN = "erased.invalid"


def check_password_for_erasure(*, user: User, password: str) -> None:
    if not user.check_password(password):
        raise ValidationError({"password": [_("Enter your current password to confirm.")]})


def erase_account(*, user: User, now: datetime) -> None:
    """Erase a person: what they contributed (needs, interests, comments, agreements...) stays
    for the partnership under no name; everything that names or describes them goes.

    Each app first scrubs its own rows (``core.personal_data``); then every nullable reference
    to the person is emptied and every row that only makes sense with them (memberships,
    tokens, follows, claims, e-mail addresses, authenticators) is deleted, except the models an
    app keeps; the audit log forgets their address and name; the account row itself stays as
    an inactive, nameless placeholder (``Former member``) that no one can sign in to.
    """
    from auditlog.context import disable_auditlog

    from crosscluster.core.personal_data import FORMER_MEMBER, list_parts

    email, full_name = user.email, user.full_name
    with transaction.atomic(), disable_auditlog():
        kept: set[str] = set()
        for part in list_parts():
            if part.erase is not None:
                part.erase(user.pk, now)
            kept.update(part.kept)
        _forget_in_logs(user=user, names=[email, full_name])
        Invitation.objects.filter(email__iexact=email).delete()
        _detach_references(user=user, kept=kept)
        user.email = f"erased-{user.pk}@{ERASED_DOMAIN}"
        user.full_name = FORMER_MEMBER
        user.timezone = ""
        user.is_active = False
        user.is_staff = False
        user.is_superuser = False
        user.last_login = None
        user.set_unusable_password()
        user.save()
        user.groups.clear()
        user.user_permissions.clear()


def _detach_references(*, user: User, kept: set[str]) -> None:
    """Empty each nullable foreign key to ``user`` and delete the rows of the others."""
    relations = [
        field
        for field in User._meta.get_fields(include_hidden=True)  # related_name="+" included
        if isinstance(field, ForeignObjectRel) and (field.one_to_many or field.one_to_one)
    ]
    for relation in relations:
        model = relation.related_model
        if model is None or model is User or model._meta.label in kept:
            continue
        field = relation.field
        rows = model._default_manager.filter(**{field.name: user.pk})
        if field.null:
            rows.update(**{field.name: None})
        else:
            rows.delete()


def _forget_in_logs(*, user: User, names: list[str]) -> None:
    """The audit log and the login-throttling records keep no address or name of the person."""
    from auditlog.models import LogEntry
    from axes.models import AccessAttempt, AccessFailureLog, AccessLog
    from django.contrib.admin.models import LogEntry as AdminLogEntry
    from django.contrib.contenttypes.models import ContentType

    names = [name for name in names if name.strip()]
    for model in (AccessAttempt, AccessFailureLog, AccessLog):
        model.objects.filter(username__iexact=names[0]).delete()
    LogEntry.objects.filter(actor=user).update(remote_addr=None, remote_port=None, actor_email=None)
    about_user = models.Q(
        content_type=ContentType.objects.get_for_model(User), object_pk=str(user.pk)
    )
    for name in names:
        about_user |= models.Q(object_repr__icontains=name) | models.Q(changes_text__icontains=name)
    for entry in LogEntry.objects.filter(about_user):
        entry.object_repr = _redact(entry.object_repr, names)
        entry.changes_text = _redact(entry.changes_text, names)
        entry.changes = json.loads(_redact(json.dumps(entry.changes), names))
        entry.serialized_data = json.loads(_redact(json.dumps(entry.serialized_data), names))
        entry.save(update_fields=["object_repr", "changes_text", "changes", "serialized_data"])
    # Entries whose JSON alone names the person (object_repr and changes_text did not).
    for entry in LogEntry.objects.exclude(changes=None).iterator():
        text = json.dumps(entry.changes)
        if any(name.lower() in text.lower() for name in names):
            entry.changes = json.loads(_redact(text, names))
            entry.save(update_fields=["changes"])
    for admin_entry in AdminLogEntry.objects.filter(
        content_type=ContentType.objects.get_for_model(User), object_id=str(user.pk)
    ):
        admin_entry.object_repr = _redact(admin_entry.object_repr, names)
        admin_entry.save(update_fields=["object_repr"])


def _redact(text: str, names: list[str]) -> str:
    import re

    for name in names:
        text = re.sub(re.escape(name), "[erased]", text, flags=re.IGNORECASE)
    return text


# ------------------------------------------------------------------ retention
def _erasable_accounts() -> models.QuerySet[User]:
    """Active people who are not administrators nor staff (those are never erased by a rule)."""
    return User.objects.filter(is_active=True, is_staff=False, is_superuser=False)


def erase_unverified_accounts(now: datetime) -> int:
    """Accounts that signed up with an e-mail address never verified, older than
    ``UNVERIFIED_ACCOUNT_DAYS`` and not signed in to within that many days; how many."""
    from allauth.account.models import EmailAddress

    verified = EmailAddress.objects.filter(verified=True).values("user_id")
    unverified = EmailAddress.objects.filter(verified=False).values("user_id")
    stale = _erasable_accounts().filter(
        pk__in=unverified,  # signed up with an address (accounts made by a script have none)
        date_joined_at__lt=now - timedelta(days=settings.UNVERIFIED_ACCOUNT_DAYS),
    )
    stale = stale.exclude(pk__in=verified).exclude(
        last_login__gte=now - timedelta(days=settings.UNVERIFIED_ACCOUNT_DAYS)
    )
    return _erase_all(stale, now=now)


def erase_dormant_accounts(now: datetime) -> int:
    """Accounts nobody signed in to for ``DORMANT_ACCOUNT_DAYS`` (sign-up counts as a sign-in)."""
    limit = now - timedelta(days=settings.DORMANT_ACCOUNT_DAYS)
    stale = _erasable_accounts().filter(
        models.Q(last_login__lt=limit) | models.Q(last_login__isnull=True, date_joined_at__lt=limit)
    )
    return _erase_all(stale, now=now)


def _erase_all(people: models.QuerySet[User], *, now: datetime) -> int:
    count = 0
    for person in list(people):
        erase_account(user=person, now=now)
        count += 1
    return count
