"""What the JIS's services share: messages, limits, the locked working copy and small field checks."""

from __future__ import annotations

from collections.abc import Sequence
from decimal import Decimal, InvalidOperation
from typing import TYPE_CHECKING, Any

from django.core.exceptions import ValidationError
from django.db.models import Max
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from crosscluster.core.validation import FieldErrors
from crosscluster.partnerships import queries as partnerships_queries
from crosscluster.strategy.models import (
    Strategy,
    StrategyState,
)

if TYPE_CHECKING:
    from crosscluster.partnerships.models import Partnership

NOT_A_COORDINATOR = gettext_lazy("Only the partnership's coordinators may change its strategy.")
NOT_A_MEMBER = gettext_lazy(
    "Only the partnership's members may comment on its strategy or propose changes."
)
TRANSITIONS: dict[str, tuple[str, ...]] = {
    StrategyState.DRAFT: (StrategyState.IN_REVIEW,),
    StrategyState.IN_REVIEW: (StrategyState.DRAFT, StrategyState.ADOPTED),
    StrategyState.ADOPTED: (StrategyState.DRAFT,),
}
TEXT_LIMIT = 10_000
BODY_LIMIT = 5_000


# ---------------------------------------------------------------- helpers


def _locked_strategy(*, partnership: Partnership) -> Strategy:
    """The partnership's strategy (created as an empty draft if missing), locked for update."""
    Strategy.objects.get_or_create(partnership=partnership)
    return Strategy.objects.select_for_update().get(partnership=partnership)


def _editable_strategy(*, partnership: Partnership) -> Strategy:
    strategy = _locked_strategy(partnership=partnership)
    if not strategy.is_editable:
        raise ValidationError(
            {
                "state": [
                    _(
                        "The strategy is adopted (version %(current_version)s): start a new revision (move it back to draft) to change it."
                    )
                    % {"current_version": strategy.current_version}
                ]
            }
        )
    return strategy


def _choice(errors: FieldErrors, name: str, value: str, choices: Sequence[str]) -> str:
    if value not in choices:
        errors.add(name, _("Choose one of: %(choices)s.") % {"choices": ", ".join(choices)})
    return value


def _amount(
    errors: FieldErrors, name: str, value: object, *, example: str, allow_negative: bool
) -> Decimal | None:
    if value is None or (isinstance(value, str) and not value.strip()):
        return None
    try:
        # No separator is stripped: "2,5" is refused, never read as 25 (forms read the
        # viewer's locale; the API takes JSON numbers or plain decimal strings).
        amount = Decimal(str(value).strip())
    except InvalidOperation:
        errors.add(
            name,
            _("Give a number, e.g. %(example)s (got %(value)r).")
            % {"example": example, "value": value},
        )
        return None
    if not amount.is_finite():
        errors.add(name, _("Give a finite number, e.g. %(example)s.") % {"example": example})
        return None
    if not allow_negative and amount < 0:
        errors.add(name, _("Give an amount of 0 or more, e.g. %(example)s.") % {"example": example})
        return None
    if abs(amount) >= Decimal("1e12"):
        errors.add(name, _("Give an amount below 1,000,000,000,000."))
        return None
    return amount.quantize(Decimal("0.01"))


def _next_position(model: type[Any], strategy: Strategy) -> int:
    highest = model.objects.filter(strategy=strategy).aggregate(top=Max("position"))["top"]
    return 0 if highest is None else highest + 1


def _partner_ids(partnership: Partnership) -> set[int]:
    return partnerships_queries.list_partner_organisation_ids(partnership_id=partnership.pk)
