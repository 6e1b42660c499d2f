"""Writes to the funding catalogue: the partnership's own instruments and the calls it follows."""

from __future__ import annotations

from datetime import datetime
from decimal import Decimal
from typing import TYPE_CHECKING

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.utils.translation import gettext as _

from crosscluster.businessplan.models import (
    BusinessPlan,
    CallStatus,
    FinancingLine,
    FundingCall,
    FundingInstrument,
    FundingLevel,
)
from crosscluster.businessplan.services.common import (
    NOT_A_COORDINATOR,
    NOT_AN_ADMINISTRATOR,
    NOTES_LIMIT,
    CallInput,
    InstrumentInput,
    _number,
)
from crosscluster.core.validation import FieldErrors
from crosscluster.partnerships.queries import AnyUser, require_coordinator
from crosscluster.strategy import queries as strategy_queries

if TYPE_CHECKING:
    from crosscluster.partnerships.models import Partnership

# ---------------------------------------------------------------- instruments


def _instrument_fields(errors: FieldErrors, data: InstrumentInput) -> dict[str, object]:
    name = errors.text("name", data.name, limit=200, required=_("Name the instrument."))
    if data.level not in FundingLevel.values:
        errors.add(
            "level", _("Choose one of: %(choices)s.") % {"choices": ", ".join(FundingLevel.values)}
        )
    cap = _number(
        errors,
        "cofinancing_cap_percent",
        data.cofinancing_cap_percent,
        example="70 (for 70%)",
        below=Decimal("100.01"),
    )
    country = (data.country_code or "").strip().upper()
    if country and (len(country) != 2 or not country.isalpha()):
        errors.add(
            "country_code",
            _("Give the ISO 3166 two-letter code, e.g. SE (got %(country)r).")
            % {"country": country},
        )
    url = errors.text("url", data.url, limit=300)
    if url and not url.startswith(("https://", "http://")):
        errors.add("url", _("Give a web address starting https:// (got %(url)r).") % {"url": url})
    return {
        "name": name,
        "level": data.level,
        "programme": errors.text("programme", data.programme, limit=200),
        "managing_body": errors.text("managing_body", data.managing_body, limit=200),
        "country_code": country,
        "region": errors.text("region", data.region, limit=200),
        "cofinancing_cap_percent": cap,
        "url": url,
        "notes": errors.text("notes", data.notes, limit=NOTES_LIMIT),
        "source": errors.text("source", data.source, limit=NOTES_LIMIT),
    }


def _may_edit_instrument(
    user: AnyUser, instrument: FundingInstrument | None, partnership: Partnership | None
) -> None:
    owner = instrument.partnership if instrument is not None else partnership
    if owner is None:
        if not (user.is_authenticated and user.is_superuser):
            raise PermissionDenied(NOT_AN_ADMINISTRATOR)
    else:
        require_coordinator(user=user, partnership_id=owner.pk, message=NOT_A_COORDINATOR)


def save_instrument(
    *,
    user: AnyUser,
    partnership: Partnership | None,
    data: InstrumentInput,
    now: datetime,
    instrument: FundingInstrument | None = None,
) -> FundingInstrument:
    """Add an instrument to the partnership's own catalogue (``partnership``) or, for platform
    administrators, to the shared one (``partnership`` None); or change one. Changing a
    level moves the level of the financing lines that use it."""
    _may_edit_instrument(user, instrument, partnership)
    errors = FieldErrors()
    fields = _instrument_fields(errors, data)
    errors.raise_if_any()
    with transaction.atomic():
        if instrument is None:
            instrument = FundingInstrument(partnership=partnership, created_at=now)
        for name, value in fields.items():
            setattr(instrument, name, value)
        instrument.updated_at = now
        instrument.save()
        FinancingLine.objects.filter(instrument=instrument).exclude(level=instrument.level).update(
            level=instrument.level
        )
    return instrument


def remove_instrument(*, user: AnyUser, instrument: FundingInstrument) -> None:
    _may_edit_instrument(user, instrument, None)
    with transaction.atomic():
        used = FinancingLine.objects.filter(instrument=instrument).count()
        calls = FundingCall.objects.filter(instrument=instrument).count()
        if used or calls:
            raise ValidationError(
                {
                    "instrument": [
                        _(
                            "%(name)s finances %(used)s line(s) and has %(calls)s call(s): change those to another instrument first."
                        )
                        % {"name": instrument.display_name, "used": used, "calls": calls}
                    ]
                }
            )
        instrument.delete()


# ---------------------------------------------------------------- calls


def save_call(
    *,
    user: AnyUser,
    plan: BusinessPlan,
    data: CallInput,
    now: datetime,
    call: FundingCall | None = None,
) -> FundingCall:
    require_coordinator(
        user=user, partnership_id=plan.strategy.partnership.pk, message=NOT_A_COORDINATOR
    )
    errors = FieldErrors()
    title = errors.text("title", data.title, limit=300, required=_("Give the call's title."))
    programme = errors.text("programme", data.programme, limit=200)
    url = errors.text("url", data.url, limit=500)
    if url and not url.startswith(("https://", "http://")):
        errors.add("url", _("Give a web address starting https:// (got %(url)r).") % {"url": url})
    notes = errors.text("notes", data.notes, limit=NOTES_LIMIT)
    if data.status not in CallStatus.values:
        errors.add(
            "status", _("Choose one of: %(choices)s.") % {"choices": ", ".join(CallStatus.values)}
        )
    partnership_id = plan.strategy.partnership_id
    instrument = None
    if data.instrument_id is not None:
        instrument = (
            FundingInstrument.objects.filter(pk=data.instrument_id)
            .filter(partnership__isnull=True)
            .first()
            or FundingInstrument.objects.filter(
                pk=data.instrument_id, partnership_id=partnership_id
            ).first()
        )
        if instrument is None:
            errors.add(
                "instrument",
                _("Instrument %(instrument_id)s is not in this partnership's catalogue.")
                % {"instrument_id": data.instrument_id},
            )
    if not programme and instrument is None:
        errors.add(
            "programme",
            _("Name the programme, or choose the call's instrument from the catalogue."),
        )
    action_ids = set(data.action_ids)
    actions = strategy_queries.list_actions_by_id(
        strategy_id=plan.strategy_id, action_ids=action_ids
    )
    unknown = action_ids - {action.pk for action in actions}
    if unknown:
        errors.add(
            "actions",
            _("Not actions of this roadmap: %(actions)s. Choose among the plan's actions.")
            % {"actions": ", ".join(str(number) for number in sorted(unknown))},
        )
    errors.raise_if_any()
    with transaction.atomic():
        if call is None:
            call = FundingCall(plan=plan, created_at=now)
        call.title = title
        call.programme = programme
        call.instrument = instrument
        call.deadline_date = data.deadline_date
        call.url = url
        call.status = data.status
        call.notes = notes
        call.is_illustrative = data.is_illustrative
        call.save()
        call.actions.set(actions)
    return call


def remove_call(*, user: AnyUser, call: FundingCall) -> None:
    """Remove a call; financing lines that named it keep their amount, without the call."""
    require_coordinator(
        user=user, partnership_id=call.plan.strategy.partnership.pk, message=NOT_A_COORDINATOR
    )
    with transaction.atomic():
        call.delete()
