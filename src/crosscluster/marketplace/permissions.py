"""The only way a view obtains a marketplace object it must protect.

Rule: what the viewer may not see is a 404 (its existence is not revealed); what the viewer may
see but not change is a 403.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from django.core.exceptions import ObjectDoesNotExist, PermissionDenied
from django.http import Http404
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from crosscluster.accounts.queries import list_organisation_ids
from crosscluster.core.throttling import ExpensiveReadThrottle
from crosscluster.directory import queries as directory_queries
from crosscluster.marketplace import queries
from crosscluster.marketplace.models import ExpressionOfInterest, MatchSuggestion, Opportunity
from crosscluster.marketplace.services import NOT_AN_EDITOR
from crosscluster.partnerships import queries as partnership_queries
from crosscluster.partnerships.queries import AnyUser

if TYPE_CHECKING:
    from crosscluster.directory.models import Organisation
    from crosscluster.partnerships.models import Partnership

NOT_A_BROKER = gettext_lazy(
    "Only the brokers (coordinators) of the opportunity's partnership may steer matches."
)
NOT_THE_OWNER = gettext_lazy(
    "Only members of the organisation that owns the opportunity may answer."
)


def access_opportunity(*, user: AnyUser, opportunity_id: int) -> Opportunity:
    """An opportunity the user may see; 404 otherwise."""
    try:
        return queries.get_opportunity(user=user, opportunity_id=opportunity_id)
    except Opportunity.DoesNotExist as error:
        raise Http404(str(error)) from error


def access_opportunity_for_edit(*, user: AnyUser, opportunity_id: int) -> Opportunity:
    opportunity = access_opportunity(user=user, opportunity_id=opportunity_id)
    if not queries.can_edit_opportunity(user=user, opportunity=opportunity):
        raise PermissionDenied(NOT_AN_EDITOR)
    return opportunity


def access_opportunity_matches(*, user: AnyUser, opportunity_id: int) -> Opportunity:
    """Matches are shown to the owner's members and the brokers (they may reveal strategy)."""
    opportunity = access_opportunity(user=user, opportunity_id=opportunity_id)
    if not queries.can_edit_opportunity(user=user, opportunity=opportunity):
        raise PermissionDenied(
            _("Matches are shown to the opportunity's organisation and its partnership's brokers.")
        )
    return opportunity


def access_opportunity_for_broker(*, user: AnyUser, opportunity_id: int) -> Opportunity:
    opportunity = access_opportunity(user=user, opportunity_id=opportunity_id)
    if not queries.is_broker(user=user, opportunity=opportunity):
        raise PermissionDenied(NOT_A_BROKER)
    return opportunity


def _match(user: AnyUser, match_id: int) -> MatchSuggestion:
    match = MatchSuggestion.objects.select_related("opportunity__owner").filter(pk=match_id).first()
    if (
        match is None
        or not queries.visible_opportunities(user=user).filter(pk=match.opportunity_id).exists()
    ):
        raise Http404(_("No such match."))
    return match


def access_match_for_broker(*, user: AnyUser, match_id: int) -> MatchSuggestion:
    match = _match(user, match_id)
    if not queries.is_broker(user=user, opportunity=match.opportunity):
        raise PermissionDenied(NOT_A_BROKER)
    return match


def access_match_for_feedback(*, user: AnyUser, match_id: int) -> MatchSuggestion:
    match = _match(user, match_id)
    if not queries.can_edit_opportunity(user=user, opportunity=match.opportunity):
        raise PermissionDenied(
            _("Only the opportunity's organisation and its brokers may rate its suggestions.")
        )
    return match


def access_interest_for_decision(*, user: AnyUser, interest_id: int) -> ExpressionOfInterest:
    try:
        interest = queries.get_interest(user=user, interest_id=interest_id)
    except ExpressionOfInterest.DoesNotExist as error:
        raise Http404(str(error)) from error
    if not queries.is_owner_member(user=user, opportunity=interest.opportunity):
        raise PermissionDenied(NOT_THE_OWNER)
    return interest


def access_own_organisation(*, user: AnyUser, organisation_id: int) -> Organisation:
    """An organisation the user works for (administrators: any); 403 otherwise."""
    try:
        organisation = directory_queries.get_organisation_by_id(organisation_id=organisation_id)
    except ObjectDoesNotExist as error:  # Organisation.DoesNotExist
        raise Http404(str(error)) from error
    if not user.is_authenticated or not (
        user.is_superuser or organisation.pk in list_organisation_ids(user=user)
    ):
        raise PermissionDenied(_("You do not work for %(name)s.") % {"name": organisation.name})
    return organisation


def access_partnership(*, user: AnyUser, slug: str) -> Partnership:
    """A partnership the user may see (to follow it); 404 otherwise."""
    try:
        return partnership_queries.get_partnership(user=user, slug=slug)
    except ObjectDoesNotExist as error:  # Partnership.DoesNotExist
        raise Http404(str(error)) from error


#: tag suggestions embed the author's text in the request: 20 a minute per person
TAG_SUGGESTION_THROTTLE = ExpensiveReadThrottle(scope="tag-suggestions", rate="20/m")
