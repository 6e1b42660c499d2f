"""The only way a view obtains a business-plan object it must protect.

The business plan is the partnership's internal document (it holds partners' staff rates and
financing in negotiation): its members (``Standing.is_member``) and coordinators read it, nobody
else, not even once the strategy is adopted: a 404 that does not reveal it exists. Coordinators
(and platform administrators) change it; members get a 403 on edit pages. Every id is looked up
inside the partnership named in the address, so another partnership's id is a 404.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import TYPE_CHECKING

from django.core.exceptions import ObjectDoesNotExist, PermissionDenied
from django.http import Http404
from django.utils.translation import gettext as _

from crosscluster.businessplan import queries, services
from crosscluster.businessplan.models import (
    BusinessPlan,
    CostLine,
    FinancingLine,
    FundingCall,
    FundingInstrument,
    StaffEffort,
)
from crosscluster.partnerships import queries as partnership_queries
from crosscluster.partnerships.queries import AnyUser, Standing

if TYPE_CHECKING:
    from crosscluster.partnerships.models import Partnership

Line = StaffEffort | CostLine | FinancingLine

#: the line kinds in addresses
LINE_MODELS: dict[str, type[StaffEffort] | type[CostLine] | type[FinancingLine]] = {
    "staff": StaffEffort,
    "costs": CostLine,
    "financing": FinancingLine,
}


@dataclass(frozen=True)
class Access:
    partnership: Partnership
    standing: Standing


def access_plan(*, user: AnyUser, slug: str) -> Access:
    """A partnership whose business plan the viewer may read (members and coordinators); 404
    for everyone else."""
    try:
        partnership = partnership_queries.get_partnership(user=user, slug=slug)
    except ObjectDoesNotExist as error:  # Partnership.DoesNotExist: hidden or missing
        raise Http404(str(error)) from error
    standing = partnership_queries.get_standing(user=user, partnership_id=partnership.pk)
    if not (standing.is_member or standing.is_coordinator):
        raise Http404(_("Only the partnership's members see its business plan."))
    return Access(partnership=partnership, standing=standing)


def access_partnership_for_edit(*, user: AnyUser, slug: str) -> Partnership:
    access = access_plan(user=user, slug=slug)
    if not access.standing.is_coordinator:
        raise PermissionDenied(services.NOT_A_COORDINATOR)
    return access.partnership


def access_plan_for_edit(*, user: AnyUser, slug: str) -> BusinessPlan:
    """The partnership's plan for its coordinators; 404 when it has none yet."""
    partnership = access_partnership_for_edit(user=user, slug=slug)
    plan = (
        BusinessPlan.objects.select_related("strategy__partnership")
        .filter(strategy__partnership=partnership)
        .first()
    )
    if plan is None:
        raise Http404(_("The partnership has no business plan yet: start it first."))
    return plan


def access_line_for_edit(*, user: AnyUser, slug: str, kind: str, line_id: int) -> Line:
    model = LINE_MODELS.get(kind)
    if model is None:
        raise Http404(_("No such kind of line."))
    access = access_plan(user=user, slug=slug)
    line = (
        model._default_manager.select_related("plan__strategy__partnership")
        .filter(pk=line_id, plan__strategy__partnership=access.partnership)
        .first()
    )
    if line is None:
        raise Http404(_("No such line in this partnership's business plan."))
    if not access.standing.is_coordinator:
        raise PermissionDenied(services.NOT_A_COORDINATOR)
    return line


def access_instrument(*, user: AnyUser, slug: str, instrument_id: int) -> FundingInstrument:
    """An instrument of the shared catalogue or of this partnership (members read them)."""
    access = access_plan(user=user, slug=slug)
    instrument = (
        queries.list_instruments(partnership=access.partnership).filter(pk=instrument_id).first()
    )
    if instrument is None:
        raise Http404(_("No such instrument in this partnership's catalogue."))
    return instrument


def access_instrument_for_edit(
    *, user: AnyUser, slug: str, instrument_id: int
) -> FundingInstrument:
    """Own instruments: the partnership's coordinators; shared ones: platform administrators."""
    instrument = access_instrument(user=user, slug=slug, instrument_id=instrument_id)
    if instrument.partnership_id is None:
        if not (user.is_authenticated and user.is_superuser):
            raise PermissionDenied(services.NOT_AN_ADMINISTRATOR)
    else:
        access_partnership_for_edit(user=user, slug=slug)
    return instrument


def access_call_for_edit(*, user: AnyUser, slug: str, call_id: int) -> FundingCall:
    access = access_plan(user=user, slug=slug)
    call = (
        FundingCall.objects.select_related("plan__strategy__partnership")
        .filter(pk=call_id, plan__strategy__partnership=access.partnership)
        .first()
    )
    if call is None:
        raise Http404(_("No such call in this partnership's business plan."))
    if not access.standing.is_coordinator:
        raise PermissionDenied(services.NOT_A_COORDINATOR)
    return call
