"""The business-plan API's request and response bodies.

No ``from __future__ import annotations`` here: ninja reads the schemas' types at run time.
"""

from datetime import date
from decimal import Decimal

from ninja import Field, Schema

from crosscluster.businessplan.api.common import AMOUNT

# ---------------------------------------------------------------- schemas (out)


class PlanActionOut(Schema):
    id: int
    code: str
    title: str
    owner: str
    start_date: date
    end_date: date


class EffortOut(Schema):
    id: int
    action_id: int
    year: int
    organisation_id: int
    organisation: str
    person_months: str = Field(description="Decimal number as a string.")
    monthly_rate_eur: str | None = Field(description=AMOUNT + " Null: no rate yet.")
    staff_cost_eur: str = Field(description=AMOUNT + " Person-months x rate (0 without a rate).")
    note: str


class CostOut(Schema):
    id: int
    action_id: int
    year: int
    category: str = Field(
        description="staff, travel, events, subcontracting, communication or other"
    )
    description: str
    amount_eur: str = Field(description=AMOUNT)


class FinancingOut(Schema):
    id: int
    action_id: int
    year: int
    level: str = Field(description="regional, national, eu or own")
    instrument_id: int | None
    organisation_id: int | None = Field(description="The contributing partner (own only).")
    source: str
    call_id: int | None
    status: str = Field(description="planned, applied, granted or rejected")
    amount_eur: str = Field(description=AMOUNT)
    note: str


class CheckOut(Schema):
    key: str = Field(description="financed, caps, deadlines, rates, cash_flow or shares")
    title: str
    severity: str = Field(description="ok, warning or error")
    explanation: str
    findings: list[str]


class PlanCellOut(Schema):
    action_id: int
    year: int
    staff_eur: str
    other_costs_eur: str
    cost_eur: str
    financing_eur: str
    balance_eur: str = Field(description="Financing - cost: negative is a gap.")


class ShareOut(Schema):
    level: str
    label: str
    amount_eur: str
    percent: str = Field(description="Share of all counted financing, one decimal.")


class FlowOut(Schema):
    year: int
    cost_eur: str
    financing_eur: str
    balance_eur: str
    cumulative_eur: str


class PlanOut(Schema):
    partnership: str = Field(description="The partnership's slug.")
    strategy_title: str
    first_year: int
    last_year: int
    notes: str
    status: str = Field(description="The worst severity of the checks: ok, warning or error.")
    total_cost_eur: str
    total_financing_eur: str
    granted_eur: str
    actions: list[PlanActionOut]
    staff: list[EffortOut]
    costs: list[CostOut]
    financing: list[FinancingOut]
    checks: list[CheckOut]
    cells: list[PlanCellOut]
    shares: list[ShareOut]
    cash_flow: list[FlowOut]


class InstrumentOut(Schema):
    id: int
    shared: bool = Field(description="True: the shared catalogue; false: this partnership's.")
    key: str
    name: str
    programme: str
    level: str = Field(description="regional, national or eu")
    managing_body: str
    country_code: str
    region: str
    cofinancing_cap_percent: str | None = Field(
        description="Published co-financing cap in %, or null when it varies."
    )
    url: str
    notes: str
    source: str


class CallOut(Schema):
    id: int
    title: str
    instrument_id: int | None
    programme: str
    deadline_date: date | None
    url: str
    status: str = Field(description="forthcoming, open or closed")
    timing: str = Field(description="open, closing_soon, overdue, closed or no_deadline")
    notes: str
    is_illustrative: bool = Field(description="Demo content, not a real call.")
    action_ids: list[int]


# ---------------------------------------------------------------- schemas (in)


class PlanIn(Schema):
    first_year: int
    last_year: int
    notes: str = ""


class EffortIn(Schema):
    action_id: int
    year: int
    organisation_id: int = Field(description="A partner organisation of the partnership.")
    person_months: Decimal
    monthly_rate_eur: Decimal | None = None
    note: str = ""


class EffortPatch(Schema):
    action_id: int | None = None
    year: int | None = None
    organisation_id: int | None = None
    person_months: Decimal | None = None
    monthly_rate_eur: Decimal | None = None
    note: str | None = None


class CostIn(Schema):
    action_id: int
    year: int
    category: str
    description: str
    amount_eur: Decimal


class CostPatch(Schema):
    action_id: int | None = None
    year: int | None = None
    category: str | None = None
    description: str | None = None
    amount_eur: Decimal | None = None


class FinancingIn(Schema):
    action_id: int
    year: int
    amount_eur: Decimal
    instrument_id: int | None = Field(None, description="An instrument of the catalogue, or:")
    organisation_id: int | None = Field(None, description="the partner contributing its own.")
    status: str = "planned"
    call_id: int | None = None
    note: str = ""


class FinancingPatch(Schema):
    action_id: int | None = None
    year: int | None = None
    amount_eur: Decimal | None = None
    instrument_id: int | None = None
    organisation_id: int | None = None
    status: str | None = None
    call_id: int | None = None
    note: str | None = None


class InstrumentIn(Schema):
    name: str
    level: str = Field(description="regional, national or eu")
    programme: str = ""
    managing_body: str = ""
    country_code: str = ""
    region: str = ""
    cofinancing_cap_percent: Decimal | None = None
    url: str = ""
    notes: str = ""
    source: str = ""
    shared: bool = Field(False, description="Add to the shared catalogue (administrators).")


class InstrumentPatch(Schema):
    name: str | None = None
    level: str | None = None
    programme: str | None = None
    managing_body: str | None = None
    country_code: str | None = None
    region: str | None = None
    cofinancing_cap_percent: Decimal | None = None
    url: str | None = None
    notes: str | None = None
    source: str | None = None


class CallIn(Schema):
    title: str
    deadline_date: date | None = None
    instrument_id: int | None = None
    programme: str = ""
    url: str = ""
    status: str = "open"
    notes: str = ""
    action_ids: list[int] = []


class CallPatch(Schema):
    title: str | None = None
    deadline_date: date | None = None
    instrument_id: int | None = None
    programme: str | None = None
    url: str | None = None
    status: str | None = None
    notes: str | None = None
    action_ids: list[int] | None = None
