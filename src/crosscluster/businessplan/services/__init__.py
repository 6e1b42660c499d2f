"""Writes for the business plan: atomic, keyword-only; errors name the field and the fix and are all
checked before anything is written.

By sub-domain: ``plan`` (the plan's years and notes, and its lines: person-months, costs,
financing), ``funding`` (funding instruments and calls); ``common`` holds the inputs, limits and
the checks they share.
"""

from crosscluster.businessplan.services.common import (
    LIMIT,
    NO_STRATEGY,
    NOT_A_COORDINATOR,
    NOT_AN_ADMINISTRATOR,
    NOTES_LIMIT,
    TEXT_LIMIT,
    CallInput,
    CostInput,
    EffortInput,
    FinancingInput,
    InstrumentInput,
    PlanInput,
)
from crosscluster.businessplan.services.funding import (
    remove_call,
    remove_instrument,
    save_call,
    save_instrument,
)
from crosscluster.businessplan.services.plan import (
    remove_line,
    save_cost,
    save_effort,
    save_financing,
    save_plan,
)

__all__ = [
    "LIMIT",
    "NOTES_LIMIT",
    "NOT_AN_ADMINISTRATOR",
    "NOT_A_COORDINATOR",
    "NO_STRATEGY",
    "TEXT_LIMIT",
    "CallInput",
    "CostInput",
    "EffortInput",
    "FinancingInput",
    "InstrumentInput",
    "PlanInput",
    "remove_call",
    "remove_instrument",
    "remove_line",
    "save_call",
    "save_cost",
    "save_effort",
    "save_financing",
    "save_instrument",
    "save_plan",
]
