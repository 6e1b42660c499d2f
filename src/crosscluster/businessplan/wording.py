"""The business plan's checks worded in the reader's language, from their structured parts.

The checks (``engines.financing.checks``, pure Python, no catalogue) explain themselves in
English and, beside it, as a code (which sentence) with the values put into it
(``CheckResult.code`` and ``parameters``) and each finding as a code and values
(``finding_parts``). Here every code has whole sentences marked for translation; amounts are
written the reader's way (``money``: "€1,234.50", "1.234,50 €"), numbers and dates in the
language's format. What people wrote (an action's title, an instrument's or a partner's name,
a call's title) stays as it is. A result without parts (none today) shows its English text.
"""

from __future__ import annotations

import dataclasses
from collections.abc import Callable, Mapping
from decimal import Decimal
from typing import Any

from django.utils.formats import date_format, number_format
from django.utils.translation import gettext as _
from django.utils.translation import ngettext

from crosscluster.businessplan.models import CostLine, FinancingLevel, FinancingLine, StaffEffort
from crosscluster.core.templatetags.crosscluster import money
from crosscluster.engines.financing.checks import CheckResult


def _titles() -> dict[str, str]:
    return {
        "financed": _("Every cost is financed"),
        "shares": _("Shares per level"),
        "cash_flow": _("Cash-flow per year"),
        "caps": _("Co-financing caps"),
        "rates": _("Person-months have a rate"),
        "deadlines": _("Calls still open"),
    }


def _level(code: str) -> str:
    """A financing level's name inside a sentence."""
    names = {
        "regional": _("regional"),
        "national": _("national"),
        "eu": _("EU"),
        "own": _("own contributions"),
    }
    return names.get(code, code)


def _level_label(code: str) -> str:
    """A financing level's name at the start of a line (as the plan's tables name it)."""
    return str(dict(FinancingLevel.choices).get(code, code))


def _number(value: Decimal, places: int | None = None) -> str:
    return number_format(value, decimal_pos=places, use_l10n=True)


def _explanation(code: str, values: Mapping[str, Any]) -> str | None:
    count = values.get("count", 0)
    sentences: dict[str, Callable[[], str]] = {
        "gaps": lambda: (
            ngettext(
                "%(count)s action-year lacks financing: %(amount)s in all. Add financing lines (or "
                "own contributions) for it, or lower its costs.",
                "%(count)s action-years lack financing: %(amount)s in all. Add financing lines (or "
                "own contributions) for them, or lower their costs.",
                count,
            )
            % {"count": count, "amount": money(values.get("amount"))}
        ),
        "surpluses": lambda: (
            ngettext(
                "Every cost is financed, but %(count)s action-year receives %(amount)s more than it "
                "costs: most programmes do not allow a profit, so lower the financing or move it to "
                "the year or action that needs it.",
                "Every cost is financed, but %(count)s action-years receive %(amount)s more than "
                "they cost: most programmes do not allow a profit, so lower the financing or move "
                "it to the year or action that needs it.",
                count,
            )
            % {"count": count, "amount": money(values.get("amount"))}
        ),
        "financed": lambda: (
            _("Each action's costs are matched by its financing in every year (%(total)s in all).")
            % {"total": money(values.get("total"))}
        ),
        "no_costs": lambda: _("No costs entered yet."),
        "no_financing": lambda: _(
            "No financing entered yet: add financing lines to see the shares."
        ),
        "shares": lambda: (
            _(
                "%(total)s of financing (rejected lines not counted), %(granted)s of it granted; the "
                "largest share is %(level)s (%(percent)s%%)."
            )
            % {
                "total": money(values.get("total")),
                "granted": money(values.get("granted")),
                "level": _level(str(values.get("level", ""))),
                "percent": _number(Decimal(str(values.get("percent", 0))), 1),
            }
        ),
        "negative": lambda: (
            _(
                "The cumulative balance is negative in %(years)s (lowest %(lowest)s in %(year)s): "
                "the partners must pre-finance this, or bring financing forward."
            )
            % {
                "years": ", ".join(str(year) for year in values.get("years", [])),
                "lowest": money(values.get("lowest")),
                "year": values.get("year"),
            }
        ),
        "never_negative": lambda: _("The cumulative balance is never negative."),
        "above_caps": lambda: (
            ngettext(
                "%(count)s instrument finances more of an action than its published co-financing "
                "rate allows: lower the amount and cover the rest from other sources.",
                "%(count)s instruments finance more of an action than their published co-financing "
                "rate allows: lower the amount and cover the rest from other sources.",
                count,
            )
            % {"count": count}
        ),
        "within_caps": lambda: _(
            "No instrument finances more of an action than its co-financing cap allows "
            "(instruments without a published cap are not checked)."
        ),
        "missing_rates": lambda: (
            _(
                "Person-months without a monthly rate: %(months)s. Their staff cost is counted as "
                "%(zero)s: give each partner's monthly staff rate."
            )
            % {"months": _number(Decimal(str(values.get("months", 0)))), "zero": money(0)}
        ),
        "rates": lambda: _("Every person-month has a monthly rate."),
        "no_efforts": lambda: _("No person-months yet."),
        "late": lambda: (
            ngettext(
                "%(count)s financing line counts on a call whose deadline has passed without an "
                "application: mark it applied (if it was), or find another call.",
                "%(count)s financing lines count on a call whose deadline has passed without an "
                "application: mark them applied (if they were), or find another call.",
                count,
            )
            % {"count": count}
        ),
        "no_late_calls": lambda: _(
            "No planned financing depends on a call whose deadline has passed."
        ),
    }
    sentence = sentences.get(code)
    return sentence() if sentence is not None else None


def _finding(part: Mapping[str, Any]) -> str | None:
    code = part.get("code")
    if code in {"gap", "surplus"}:
        message = (
            _(
                "%(action)s %(title)s, %(year)s: costs %(cost)s, financing %(financing)s, gap "
                "of %(amount)s."
            )
            if code == "gap"
            else _(
                "%(action)s %(title)s, %(year)s: costs %(cost)s, financing %(financing)s, "
                "surplus of %(amount)s."
            )
        )
        return message % {
            "action": part["action"],
            "title": part["title"],
            "year": part["year"],
            "cost": money(part["cost"]),
            "financing": money(part["financing"]),
            "amount": money(part["amount"]),
        }
    if code == "share":
        return _("%(level)s: %(amount)s (%(percent)s%%)") % {
            "level": _level_label(part["level"]),
            "amount": money(part["amount"]),
            "percent": _number(Decimal(str(part["percent"])), 1),
        }
    if code == "year":
        return _(
            "%(year)s: costs %(cost)s, financing %(financing)s, cumulative balance %(cumulative)s."
        ) % {
            "year": part["year"],
            "cost": money(part["cost"]),
            "financing": money(part["financing"]),
            "cumulative": money(part["cumulative"]),
        }
    if code == "above_cap":
        return _(
            "%(action)s %(title)s: %(instrument)s finances %(amount)s of %(cost)s (%(rate)s), "
            "above its cap of %(cap)s%% (at most %(most)s)."
        ) % {
            "action": part["action"],
            "title": part["title"],
            "instrument": part["instrument"],
            "amount": money(part["amount"]),
            "cost": money(part["cost"]),
            "rate": _("no costs")
            if part["rate"] is None
            else _("%(percent)s%%") % {"percent": _number(Decimal(str(part["rate"])), 1)},
            "cap": _number(Decimal(str(part["cap"]))),
            "most": money(part["most"]),
        }
    if code == "no_rate":
        return _("%(action)s, %(year)s: %(partner)s, %(months)s PM") % {
            "action": part["action"],
            "year": part["year"],
            "partner": part["partner"],
            "months": _number(Decimal(str(part["months"]))),
        }
    if code == "late_call":
        deadline = part.get("deadline")
        return _("%(action)s, %(year)s: %(amount)s from “%(call)s”, deadline %(deadline)s.") % {
            "action": part["action"],
            "year": part["year"],
            "amount": money(part["amount"]),
            "call": part["call"],
            "deadline": date_format(deadline, "SHORT_DATE_FORMAT") if deadline else "",
        }
    return None


def check(result: CheckResult | Mapping[str, Any]) -> dict[str, Any]:
    """A check's result (the engine's, or as kept in a snapshot) with its ``title``,
    ``explanation`` and ``findings`` in the active language; the other keys as they are."""
    data = dataclasses.asdict(result) if isinstance(result, CheckResult) else dict(result)
    data["title"] = _titles().get(data["key"], data["title"])
    explanation = _explanation(data.get("code", ""), data.get("parameters") or {})
    if explanation is not None:
        data["explanation"] = explanation
    data["findings"] = list(data["findings"])
    parts = data.get("finding_parts") or ()
    if parts and len(parts) == len(data["findings"]):
        worded = [_finding(part) for part in parts]
        data["findings"] = [
            text if text is not None else english
            for text, english in zip(worded, data["findings"], strict=True)
        ]
    return data


def describe_line(line: StaffEffort | CostLine | FinancingLine) -> str:
    """One line of the plan as the page asking to remove it names it, in the reader's words
    (a model's ``__str__`` is for the admin: ids and plain numbers)."""
    if isinstance(line, StaffEffort):
        return _("%(partner)s: %(months)s person-months in %(year)s") % {
            "partner": line.organisation.name,
            "months": _number(line.person_months, 2),
            "year": line.year,
        }
    if isinstance(line, CostLine):
        return _("%(description)s: %(amount)s in %(year)s") % {
            "description": line.description,
            "amount": money(line.amount_eur),
            "year": line.year,
        }
    return _("%(level)s: %(amount)s in %(year)s") % {
        "level": _level_label(line.level),
        "amount": money(line.amount_eur),
        "year": line.year,
    }
