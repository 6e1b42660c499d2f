"""Writes of the monitoring app: coordinators set targets (the figures are never typed in);
the collaboration network is queued for computation in the background."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal, InvalidOperation
from typing import TYPE_CHECKING

from django.conf import settings
from django.db import transaction
from django.utils.translation import gettext as _

from crosscluster.core.validation import FieldErrors
from crosscluster.monitoring.models import NetworkSnapshot, SnapshotStatus, Target
from crosscluster.monitoring.queries import period_bounds
from crosscluster.monitoring.registry import BY_KEY
from crosscluster.monitoring.tasks import compute_network_task
from crosscluster.partnerships import queries as partnership_queries

if TYPE_CHECKING:
    from crosscluster.partnerships.models import Partnership
    from crosscluster.partnerships.queries import AnyUser


@transaction.atomic
def set_target(
    *,
    user: AnyUser,
    partnership: Partnership,
    indicator: str,
    period: str,
    value: object,
    now: dt.datetime,
) -> Target:
    """Create or replace the target of one indicator in one period (coordinators only)."""
    partnership_queries.require_coordinator(
        user=user,
        partnership_id=partnership.pk,
        message=_("Only the partnership's coordinators may set targets."),
    )
    errors = FieldErrors()
    if indicator not in BY_KEY:
        errors.add(
            "indicator",
            _("Choose one of the scoreboard's indicators (%(choices)s).")
            % {"choices": ", ".join(BY_KEY)},
        )
    try:
        period_bounds(period)
    except ValueError as error:
        errors.add("period", _("%(error)s.") % {"error": error})
    amount: Decimal | None = None
    try:
        amount = Decimal(str(value).strip())
        if not amount.is_finite() or amount < 0 or amount >= Decimal("1e10"):
            raise InvalidOperation
    except InvalidOperation:
        errors.add("value", _("Enter a number of 0 or more (for example 12 or 7.5)."))
    errors.raise_if_any()
    target, _created = Target.objects.update_or_create(
        partnership=partnership,
        indicator=indicator,
        period=period,
        defaults={
            "value": amount if amount is not None else Decimal(0),
            "set_by": user if user.is_authenticated else None,
            "set_at": now,
        },
    )
    return target


# ----------------------------------------------------------------------------- network

#: a computation queued or running for longer than this is taken as lost (a killed worker)
LOST_AFTER = dt.timedelta(hours=1)


def _due(snapshot: NetworkSnapshot, now: dt.datetime, max_age: dt.timedelta) -> bool:
    if snapshot.status in (SnapshotStatus.QUEUED, SnapshotStatus.RUNNING):
        return now - snapshot.requested_at > LOST_AFTER
    if snapshot.status == SnapshotStatus.FAILED:
        return now - snapshot.requested_at > max_age
    return snapshot.checked_at is None or now - snapshot.checked_at > max_age


@transaction.atomic
def request_network(
    *, partnership: Partnership, now: dt.datetime, force: bool = False
) -> NetworkSnapshot:
    """Make sure the partnership's network is computed and not older than
    ``settings.NETWORK_MAX_AGE`` seconds: queue one computation when none exists, when the
    stored one is older, or when ``force`` (unless one is already queued or running). Returns
    the snapshot (without its payload). Concurrent callers queue at most one task."""
    snapshot, created = NetworkSnapshot.objects.defer("payload").get_or_create(
        partnership=partnership,
        defaults={"status": SnapshotStatus.QUEUED, "requested_at": now},
    )
    if not created:
        max_age = dt.timedelta(seconds=settings.NETWORK_MAX_AGE)
        busy = snapshot.status in (SnapshotStatus.QUEUED, SnapshotStatus.RUNNING)
        if not (_due(snapshot, now, max_age) or (force and not busy)):
            return snapshot
        # only the caller whose update changes the row queues the task
        if not NetworkSnapshot.objects.filter(
            pk=snapshot.pk, status=snapshot.status, requested_at=snapshot.requested_at
        ).update(status=SnapshotStatus.QUEUED, requested_at=now):
            return snapshot
        snapshot.status, snapshot.requested_at = SnapshotStatus.QUEUED, now
    compute_network_task.enqueue(partnership.pk)
    return snapshot


def refresh_network(
    *, user: AnyUser, partnership: Partnership, now: dt.datetime
) -> NetworkSnapshot:
    """A coordinator asks for the network to be computed again now (a change they just made)."""
    partnership_queries.require_coordinator(
        user=user,
        partnership_id=partnership.pk,
        message=_("Only the partnership's coordinators may ask for the network to be recomputed."),
    )
    return request_network(partnership=partnership, now=now, force=True)
