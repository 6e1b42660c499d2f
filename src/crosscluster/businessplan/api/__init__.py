"""The business plan over the API: members of the partnership read it (with its checks);
coordinators' tokens write it. Amounts are decimal strings in EUR.

One router (``router``) for the modules by sub-domain: ``plan`` (the plan and its lines),
``funding`` (instruments and calls); ``schemas`` holds the request and response bodies and
``common`` the router and the row converters.
"""

from crosscluster.businessplan.api.common import (
    AMOUNT,
    READ_ERRORS,
    WRITE_ERRORS,
    router,
)
from crosscluster.businessplan.api.funding import (
    add_call,
    add_instrument,
    delete_call,
    delete_instrument,
    list_calls,
    list_instruments,
    patch_call,
    patch_instrument,
)
from crosscluster.businessplan.api.plan import (
    add_cost,
    add_effort,
    add_financing,
    get_plan,
    patch_cost,
    patch_effort,
    patch_financing,
    put_plan,
)
from crosscluster.businessplan.api.schemas import (
    CallIn,
    CallOut,
    CallPatch,
    CheckOut,
    CostIn,
    CostOut,
    CostPatch,
    EffortIn,
    EffortOut,
    EffortPatch,
    FinancingIn,
    FinancingOut,
    FinancingPatch,
    FlowOut,
    InstrumentIn,
    InstrumentOut,
    InstrumentPatch,
    PlanActionOut,
    PlanCellOut,
    PlanIn,
    PlanOut,
    ShareOut,
)
from crosscluster.core.api import keep_operation_ids

__all__ = [
    "AMOUNT",
    "READ_ERRORS",
    "WRITE_ERRORS",
    "CallIn",
    "CallOut",
    "CallPatch",
    "CheckOut",
    "CostIn",
    "CostOut",
    "CostPatch",
    "EffortIn",
    "EffortOut",
    "EffortPatch",
    "FinancingIn",
    "FinancingOut",
    "FinancingPatch",
    "FlowOut",
    "InstrumentIn",
    "InstrumentOut",
    "InstrumentPatch",
    "PlanActionOut",
    "PlanCellOut",
    "PlanIn",
    "PlanOut",
    "ShareOut",
    "add_call",
    "add_cost",
    "add_effort",
    "add_financing",
    "add_instrument",
    "delete_call",
    "delete_instrument",
    "get_plan",
    "list_calls",
    "list_instruments",
    "patch_call",
    "patch_cost",
    "patch_effort",
    "patch_financing",
    "patch_instrument",
    "put_plan",
    "router",
]

# The operations keep the ids they had when the API was one module (clients are generated from
# them): crosscluster_businessplan_api_<function>.
keep_operation_ids(router, module="crosscluster.businessplan.api")
