"""Expressions of interest and the owner's answer."""

from __future__ import annotations

import datetime as dt
import logging
from typing import TYPE_CHECKING

from django.contrib.auth.models import AnonymousUser
from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.utils.translation import gettext as _
from django.utils.translation import gettext_noop

from crosscluster.accounts import services as account_services
from crosscluster.accounts.queries import list_organisation_ids
from crosscluster.marketplace import queries
from crosscluster.marketplace.models import (
    BudgetRange,
    ExpressionOfInterest,
    InterestStatus,
    Opportunity,
    OpportunityStatus,
    Timeframe,
)
from crosscluster.marketplace.services.opportunities import (
    ANSWER_MAX,
    INTEREST_NOTICE,
    _opportunity_path,
    organisation_people,
)
from crosscluster.notifications.services import notify
from crosscluster.partnerships.queries import AnyUser

if TYPE_CHECKING:
    from crosscluster.directory.models import Organisation

logger = logging.getLogger(__name__)


# ---------------------------------------------------------------- expressions of interest


@transaction.atomic
def express_interest(
    *,
    user: AnyUser,
    opportunity: Opportunity,
    organisation: Organisation,
    offer: str,
    timeframe: str,
    budget_range: str,
    message: str,
    now: dt.datetime,
) -> ExpressionOfInterest:
    if isinstance(user, AnonymousUser) or not user.is_authenticated:
        raise PermissionDenied(_("Log in to express interest."))
    if not (user.is_superuser or organisation.pk in list_organisation_ids(user=user)):
        raise PermissionDenied(
            _("Only members of %(name)s may answer in its name.") % {"name": organisation.name}
        )
    account_services.require_verified_email(user=user, action="interest")
    errors: dict[str, list[str]] = {}
    if opportunity.status != OpportunityStatus.PUBLISHED:
        errors["opportunity"] = [_("This opportunity is not open for expressions of interest.")]
    if organisation.pk == opportunity.owner_id:
        errors["organisation"] = [
            _("An organisation cannot express interest in its own opportunity.")
        ]
    elif ExpressionOfInterest.objects.filter(
        opportunity=opportunity, organisation=organisation
    ).exists():
        errors["organisation"] = [
            _("%(name)s has already expressed interest; wait for the owner's answer.")
            % {"name": organisation.name}
        ]
    if not offer.strip():
        errors["offer"] = [_("Say what your organisation offers or brings.")]
    elif len(offer) > ANSWER_MAX:
        errors["offer"] = [
            _("Shorten the answer to %(answer_max)s characters.") % {"answer_max": ANSWER_MAX}
        ]
    if timeframe not in Timeframe.values:
        errors["timeframe"] = [
            _("Choose one of: %(choices)s.") % {"choices": ", ".join(Timeframe.values)}
        ]
    if budget_range not in BudgetRange.values:
        errors["budget_range"] = [
            _("Choose one of: %(choices)s.") % {"choices": ", ".join(BudgetRange.values)}
        ]
    if len(message) > ANSWER_MAX:
        errors["message"] = [
            _("Shorten the message to %(answer_max)s characters.") % {"answer_max": ANSWER_MAX}
        ]
    if errors:
        raise ValidationError(errors)
    interest = ExpressionOfInterest.objects.create(
        opportunity=opportunity,
        organisation=organisation,
        author=user,
        offer=offer.strip(),
        timeframe=timeframe,
        budget_range=budget_range,
        message=message.strip(),
    )
    path = _opportunity_path(opportunity)
    notify(
        kind=INTEREST_NOTICE,
        recipients=organisation_people(opportunity.owner_id),
        message=gettext_noop("%(organisation)s is interested in %(title)s"),
        parameters={"organisation": organisation.name, "title": opportunity.title},
        url=path,
        subject_id=interest.pk,
        now=now,
    )
    notify(
        kind=INTEREST_NOTICE,
        recipients=[user],
        message=gettext_noop("Your interest in %(title)s was sent to %(owner)s"),
        parameters={"title": opportunity.title, "owner": opportunity.owner.name},
        url=path,
        subject_id=interest.pk,
        now=now,
    )
    return interest


@transaction.atomic
def decide_interest(
    *,
    user: AnyUser,
    interest: ExpressionOfInterest,
    accept: bool,
    answer: str,
    now: dt.datetime,
) -> ExpressionOfInterest:
    opportunity = interest.opportunity
    if not queries.is_owner_member(user=user, opportunity=opportunity):
        raise PermissionDenied(
            _("Only members of the organisation that owns the opportunity may accept or decline.")
        )
    if interest.status != InterestStatus.PENDING:
        raise ValidationError(
            {
                "status": [
                    _("This expression of interest was already accepted.")
                    if interest.status == InterestStatus.ACCEPTED
                    else _("This expression of interest was already declined.")
                ]
            }
        )
    if len(answer) > ANSWER_MAX:
        raise ValidationError(
            {
                "answer": [
                    _("Shorten the answer to %(answer_max)s characters.")
                    % {"answer_max": ANSWER_MAX}
                ]
            }
        )
    interest.status = InterestStatus.ACCEPTED if accept else InterestStatus.DECLINED
    interest.answer = answer.strip()
    interest.decided_at = now
    interest.decided_by = None if isinstance(user, AnonymousUser) else user
    interest.save(update_fields=["status", "answer", "decided_at", "decided_by"])
    path = _opportunity_path(opportunity)
    notify(
        kind=INTEREST_NOTICE,
        recipients=organisation_people(interest.organisation_id),
        message=gettext_noop("%(owner)s accepted your interest in %(title)s")
        if accept
        else gettext_noop("%(owner)s declined your interest in %(title)s"),
        parameters={"owner": opportunity.owner.name, "title": opportunity.title},
        url=path,
        subject_id=interest.pk,
        now=now,
    )
    notify(
        kind=INTEREST_NOTICE,
        recipients=organisation_people(opportunity.owner_id),
        message=gettext_noop("You accepted the interest of %(organisation)s in %(title)s")
        if accept
        else gettext_noop("You declined the interest of %(organisation)s in %(title)s"),
        parameters={"organisation": interest.organisation.name, "title": opportunity.title},
        url=path,
        subject_id=interest.pk,
        now=now,
    )
    return interest
