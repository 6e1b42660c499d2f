"""Writes of the monitoring app: coordinators set targets (the figures are never typed in)."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal, InvalidOperation
from typing import TYPE_CHECKING

from django.db import transaction

from crosscluster.core.validation import FieldErrors
from crosscluster.monitoring.models import Target
from crosscluster.monitoring.queries import period_bounds
from crosscluster.monitoring.registry import BY_KEY
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
        message="Only the partnership's coordinators may set targets.",
    )
    errors = FieldErrors()
    if indicator not in BY_KEY:
        errors.add("indicator", f"Choose one of the scoreboard's indicators ({', '.join(BY_KEY)}).")
    try:
        period_bounds(period)
    except ValueError as error:
        errors.add("period", f"{error}.")
    amount: Decimal | None = None
    try:
        amount = Decimal(str(value).strip())
        if not amount.is_finite() or amount < 0 or amount >= Decimal("1e10"):
            raise InvalidOperation
    except InvalidOperation:
        errors.add("value", "Enter a number of 0 or more (for example 12 or 7.5).")
    errors.raise_if_any()
    target, _ = Target.objects.update_or_create(
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
