"""The only way a view obtains a strategy object it must protect.

Rules (as in the other apps): what the viewer may not see is a 404, its existence not revealed;
what the viewer may see but not change is a 403. Members (``Standing.is_member``) and
coordinators see the working copy; everyone else sees only adopted versions of public
partnerships. An id is always looked up inside the partnership named in the address, so an id of
another partnership's strategy is a 404.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import TYPE_CHECKING, Any, TypeVar

from django.core.exceptions import ObjectDoesNotExist, PermissionDenied
from django.db.models import Model
from django.http import Http404
from django.utils.translation import gettext as _

from crosscluster.core.throttling import ExpensiveReadThrottle
from crosscluster.partnerships import queries as partnership_queries
from crosscluster.partnerships.queries import AnyUser, Standing
from crosscluster.strategy import queries, services
from crosscluster.strategy.models import (
    Comment,
    Initiative,
    InitiativeKind,
    JointOffering,
    PriorityMarket,
    RoadmapAction,
    SectionKey,
    StrategyVersion,
    SupportMechanism,
    TechnologyDomain,
)

if TYPE_CHECKING:
    from crosscluster.directory.models import Organisation
    from crosscluster.partnerships.models import Partnership

NOT_A_COORDINATOR = services.NOT_A_COORDINATOR
ItemModel = TypeVar(
    "ItemModel",
    TechnologyDomain,
    JointOffering,
    Initiative,
    PriorityMarket,
    SupportMechanism,
    RoadmapAction,
)

# Section key -> the model of its items (commercialisation and internationalisation share one).
SECTION_MODELS: dict[str, type[Model]] = {
    SectionKey.TECHNOLOGIES: TechnologyDomain,
    SectionKey.OFFERINGS: JointOffering,
    SectionKey.COMMERCIALISATION: Initiative,
    SectionKey.INTERNATIONALISATION: Initiative,
    SectionKey.MARKETS: PriorityMarket,
    SectionKey.SUPPORT: SupportMechanism,
    SectionKey.ROADMAP: RoadmapAction,
}


@dataclass(frozen=True)
class Access:
    partnership: Partnership
    standing: Standing


def access_partnership(*, user: AnyUser, slug: str) -> Access:
    """A partnership the viewer may see (404 otherwise) and what the viewer is to it."""
    try:
        partnership = partnership_queries.get_partnership(user=user, slug=slug)
    except ObjectDoesNotExist as error:  # Partnership.DoesNotExist: hidden or missing
        raise Http404(str(error)) from error
    return Access(
        partnership=partnership,
        standing=partnership_queries.get_standing(user=user, partnership_id=partnership.pk),
    )


def access_strategy(*, user: AnyUser, slug: str) -> queries.StrategyView:
    """The strategy as the viewer may see it: the working copy (members) or the latest adopted
    version (others; 404 when none)."""
    access = access_partnership(user=user, slug=slug)
    try:
        return queries.view_strategy(partnership=access.partnership, standing=access.standing)
    except StrategyVersion.DoesNotExist as error:
        raise Http404(str(error)) from error


def access_for_members(*, user: AnyUser, slug: str) -> Access:
    """Working-copy pages (comments, market ranking, judgements): members and coordinators;
    404 for everyone else (drafts are not public)."""
    access = access_partnership(user=user, slug=slug)
    if not (access.standing.is_member or access.standing.is_coordinator):
        raise Http404(_("Only the partnership's members see its working strategy."))
    return access


def access_partnership_for_edit(*, user: AnyUser, slug: str) -> Partnership:
    """The partnership if the user coordinates it (or administers the platform); else 404/403."""
    access = access_partnership(user=user, slug=slug)
    if not access.standing.is_coordinator:
        raise PermissionDenied(NOT_A_COORDINATOR)
    return access.partnership


def _scoped_item(*, user: AnyUser, slug: str, model: type[Model], item_id: int) -> Any:
    access = access_for_members(user=user, slug=slug)
    item = (
        model._default_manager.select_related("strategy__partnership")
        .filter(pk=item_id, strategy__partnership=access.partnership)
        .first()
    )
    if item is None:
        raise Http404(_("No such item in this partnership's strategy."))
    if not access.standing.is_coordinator:
        raise PermissionDenied(NOT_A_COORDINATOR)
    return item


def access_item_for_edit(
    *, user: AnyUser, slug: str, model: type[ItemModel], item_id: int
) -> ItemModel:
    """An item of this partnership's strategy, for its coordinators. 404 when the id is not an
    item of this partnership's strategy or the viewer may not see drafts; 403 for members."""
    item: ItemModel = _scoped_item(user=user, slug=slug, model=model, item_id=item_id)
    return item


def access_action_for_progress(*, user: AnyUser, slug: str, action_id: int) -> RoadmapAction:
    """A roadmap action of this partnership's strategy whose status the user may record (its
    coordinators, whatever the strategy's state): 404 when the id is not an action of this
    partnership's strategy or the viewer may not see its working copy; 403 for members."""
    action: RoadmapAction = _scoped_item(
        user=user, slug=slug, model=RoadmapAction, item_id=action_id
    )
    return action


def access_section_item_for_edit(*, user: AnyUser, slug: str, section: str, item_id: int) -> Any:
    """Like ``access_item_for_edit`` with the section named in the address; an initiative is
    only found under its own section."""
    model = SECTION_MODELS.get(section)
    if model is None:
        raise Http404(_("No such section."))
    item = _scoped_item(user=user, slug=slug, model=model, item_id=item_id)
    if isinstance(item, Initiative) and item.kind != (
        InitiativeKind.COMMERCIALISATION
        if section == SectionKey.COMMERCIALISATION
        else InitiativeKind.INTERNATIONALISATION
    ):
        raise Http404(_("No such item in this section."))
    return item


#: comparing versions diffs whole snapshots: 20 a minute per person (or address), page and API
COMPARISON_THROTTLE = ExpensiveReadThrottle(scope="strategy-comparison", rate="20/m")


def access_version(*, user: AnyUser, slug: str, number: int) -> StrategyVersion:
    """An adopted version of a partnership the viewer may see (adopted versions are public
    when the partnership is)."""
    access = access_partnership(user=user, slug=slug)
    try:
        return queries.get_version(
            strategy=queries.get_strategy(partnership=access.partnership), number=number
        )
    except StrategyVersion.DoesNotExist as error:
        raise Http404(str(error)) from error


def access_proposal_for_decision(*, user: AnyUser, slug: str, comment_id: int) -> Comment:
    access = access_for_members(user=user, slug=slug)
    comment = (
        Comment.objects.select_related("strategy__partnership")
        .filter(pk=comment_id, strategy__partnership=access.partnership)
        .first()
    )
    if comment is None:
        raise Http404(_("No such comment on this partnership's strategy."))
    if not access.standing.is_coordinator:
        raise PermissionDenied(_("Only the partnership's coordinators accept or reject proposals."))
    return comment


def access_partner_for_judgement(
    *, user: AnyUser, slug: str, organisation_id: int
) -> tuple[Partnership, Organisation]:
    """A partner organisation whose market judgements the user may enter: its own staff or a
    coordinator. 404 when it is not a partner; 403 for other members."""
    access = access_for_members(user=user, slug=slug)
    organisation = partnership_queries.find_partner_organisation(
        partnership=access.partnership, organisation_id=organisation_id
    )
    if organisation is None:
        raise Http404(_("No such partner in this partnership."))
    if not services.can_judge_for(
        user=user, partnership=access.partnership, organisation_id=organisation.pk
    ):
        raise PermissionDenied(
            _("Only the partner's own staff (or a coordinator) may enter its market judgements.")
        )
    return access.partnership, organisation
