"""``crosscluster apply_retention``: old export files and stale accounts go, by the documented
limits (docs/security.md "Retention"); recent ones, verified ones and administrators stay."""

from __future__ import annotations

import datetime as dt
from io import StringIO

import pytest
from allauth.account.models import EmailAddress
from django.core.management import call_command
from django.utils import timezone

from crosscluster.accounts.models import User
from crosscluster.exports.models import Export, ExportFile, ExportStatus
from tests.cast import Cast, make_user

pytestmark = pytest.mark.django_db


def _export(requested_at: dt.datetime) -> Export:
    return Export.objects.create(
        kind="k",
        subject="s",
        file_format="pdf",
        status=ExportStatus.DONE,
        filename="f.pdf",
        file=ExportFile.objects.create(content=b"%PDF", size=4, created_at=requested_at),
        size=4,
        requested_at=requested_at,
        finished_at=requested_at,
    )


def _joined(email: str, *, days_ago: int, verified: bool, **fields: object) -> User:
    user = make_user(email, **fields)
    User.objects.filter(pk=user.pk).update(
        date_joined_at=timezone.now() - dt.timedelta(days=days_ago)
    )
    EmailAddress.objects.create(user=user, email=email, verified=verified, primary=True)
    return user


def test_apply_retention_removes_what_is_past_its_limit(cast: Cast, settings) -> None:  # type: ignore[no-untyped-def]
    settings.EXPORT_RETENTION_DAYS = 30
    settings.UNVERIFIED_ACCOUNT_DAYS = 30
    settings.DORMANT_ACCOUNT_DAYS = 1095
    now = timezone.now()
    old, recent = _export(now - dt.timedelta(days=31)), _export(now - dt.timedelta(days=29))
    never_verified = _joined("ghost@example.eu", days_ago=31, verified=False)
    just_joined = _joined("new@example.eu", days_ago=2, verified=False)
    verified = _joined("real@example.eu", days_ago=400, verified=True)
    dormant = _joined("gone@example.eu", days_ago=2000, verified=True)
    User.objects.filter(pk=dormant.pk).update(last_login=now - dt.timedelta(days=1100))
    staff = _joined("staff@example.eu", days_ago=2000, verified=False, is_staff=True)
    out = StringIO()
    call_command("apply_retention", stdout=out)
    assert not Export.objects.filter(pk=old.pk).exists()
    assert Export.objects.filter(pk=recent.pk).exists()
    assert list(ExportFile.objects.all()) == [recent.file]  # the old one's file went with it
    erased = set(User.objects.filter(is_active=False).values_list("pk", flat=True))
    assert erased == {never_verified.pk, dormant.pk}
    assert not User.objects.filter(email__in=["ghost@example.eu", "gone@example.eu"]).exists()
    for kept in (just_joined, verified, staff, cast.sme_member):
        kept.refresh_from_db()
        assert kept.is_active
    assert "removed" in out.getvalue()
