"""Business-plan pages: parse, make one call, render. Forms post normally (no JavaScript needed);
with htmx the action page swaps its lines and forms in place.

By sub-domain: ``plan`` (the overview, settings and the lines of each action), ``funding``
(instruments and calls); ``common`` holds what they share.
"""

from crosscluster.businessplan.views.funding import (
    call_delete,
    call_edit,
    calls,
    instrument_delete,
    instrument_edit,
    instruments,
)
from crosscluster.businessplan.views.plan import (
    LINE_KINDS,
    LineKind,
    action_budget,
    edit_plan,
    line_delete,
    line_edit,
    overview,
)

__all__ = [
    "LINE_KINDS",
    "LineKind",
    "action_budget",
    "call_delete",
    "call_edit",
    "calls",
    "edit_plan",
    "instrument_delete",
    "instrument_edit",
    "instruments",
    "line_delete",
    "line_edit",
    "overview",
]
