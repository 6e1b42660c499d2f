"""Opportunities: create, edit, publish, close, expire; the helpers every write shares."""

from __future__ import annotations

import datetime as dt
import logging
from collections.abc import Sequence
from dataclasses import dataclass, fields
from typing import TYPE_CHECKING, Any

from django.contrib.auth.models import AnonymousUser
from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.db.models import Q
from django.utils.functional import Promise
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy, gettext_noop

from crosscluster.accounts import queries as account_queries
from crosscluster.accounts import services as account_services
from crosscluster.accounts.queries import list_organisation_ids
from crosscluster.engines.matching.language import detect_language
from crosscluster.marketplace import queries
from crosscluster.marketplace.models import (
    COOPERATION_KINDS,
    NEED_KINDS,
    OFFER_KINDS,
    CooperationType,
    Follow,
    Opportunity,
    OpportunityKind,
    OpportunityStatus,
    OpportunityVisibility,
)
from crosscluster.marketplace.tasks import refresh_matches_task
from crosscluster.notifications import services as notification_services
from crosscluster.partnerships import queries as partnership_queries
from crosscluster.partnerships.queries import AnyUser

if TYPE_CHECKING:
    from crosscluster.accounts.models import User
    from crosscluster.directory.models import Country, Organisation, Tag
    from crosscluster.partnerships.models import Partnership

logger = logging.getLogger(__name__)


TITLE_MAX = 200
DESCRIPTION_MIN = 20
DESCRIPTION_MAX = 20_000
ANSWER_MAX = 5_000

NOT_AN_EDITOR = gettext_lazy(
    "Only members of the organisation that owns this opportunity, and the brokers (coordinators) of its partnership, may change it."
)


# ---------------------------------------------------------------- helpers


def _opportunity_path(opportunity: Opportunity) -> str:
    from django.urls import reverse

    return reverse("marketplace:opportunity_detail", args=[opportunity.pk])


#: the kinds of notification the marketplace declares (``apps.MarketplaceConfig.ready``)
OPPORTUNITY_NOTICE = "marketplace.opportunity"
INTEREST_NOTICE = "marketplace.interest"


def organisation_people(organisation_id: int) -> list[User]:
    return account_queries.list_people_of_organisation(organisation_id=organisation_id)


def _followers(opportunity: Opportunity) -> list[User]:
    """Followers of the opportunity or its partnership. Which of them may see it (the same rule
    as its page, ``queries.visible_opportunities``) the notifications centre asks, per
    recipient, through the kind's ``can_see``: a partnership-only or private title never
    reaches an outsider who follows the partnership."""
    rule = Q(opportunity=opportunity)
    if opportunity.partnership_id is not None:
        rule |= Q(partnership_id=opportunity.partnership_id)
    return account_queries.list_active_users(user_ids=Follow.objects.filter(rule).values("user_id"))


def _require_editor(user: AnyUser, opportunity: Opportunity) -> None:
    if not queries.can_edit_opportunity(user=user, opportunity=opportunity):
        raise PermissionDenied(NOT_AN_EDITOR)


def _takes_part(organisation: Organisation, partnership: Partnership) -> bool:
    return partnership_queries.takes_part(partnership=partnership, organisation=organisation)


def detect_profile_language(title: str, description: str) -> str:
    return detect_language(f"{title}. {description}") or ""


@dataclass
class OpportunityData:
    """Every editable field of an opportunity (a patch sets only some; see OpportunityChanges)."""

    kind: str
    title: str
    description: str
    partnership: Partnership | None = None
    tags: Sequence[Tag] = ()
    target_countries: Sequence[Country] = ()
    cooperation_types: Sequence[str] = ()
    deadline_date: dt.date | None = None
    expiry_date: dt.date | None = None
    visibility: str = OpportunityVisibility.PUBLIC


def _check(data: OpportunityData, *, owner: Organisation, today: dt.date) -> dict[str, list[str]]:
    errors: dict[str, list[str]] = {}
    if data.kind not in OpportunityKind.values:
        errors["kind"] = [
            _("Choose one of: %(choices)s.") % {"choices": ", ".join(OpportunityKind.values)}
        ]
    if not data.title.strip():
        errors["title"] = [_("Give the opportunity a title.")]
    elif len(data.title) > TITLE_MAX:
        errors["title"] = [
            _("Shorten the title to at most %(title_max)s characters.") % {"title_max": TITLE_MAX}
        ]
    description = data.description.strip()
    if len(description) < DESCRIPTION_MIN:
        errors["description"] = [
            _("Describe the opportunity in at least %(description_min)s characters (any language).")
            % {"description_min": DESCRIPTION_MIN}
        ]
    elif len(description) > DESCRIPTION_MAX:
        errors["description"] = [
            _("Shorten the description to %(description_max)s characters.")
            % {"description_max": DESCRIPTION_MAX}
        ]
    if data.visibility not in OpportunityVisibility.values:
        errors["visibility"] = [
            _("Choose one of: %(choices)s.") % {"choices": ", ".join(OpportunityVisibility.values)}
        ]
    elif data.visibility == OpportunityVisibility.PARTNERSHIP and data.partnership is None:
        errors["visibility"] = [
            _("Choose a partnership to show this to its members, or make it public.")
        ]
    if data.partnership is not None and not _takes_part(owner, data.partnership):
        errors["partnership"] = [
            _(
                "%(organisation)s does not take part in %(partnership)s; choose a partnership it (or its cluster) belongs to, or none."
            )
            % {"organisation": owner.name, "partnership": data.partnership.name}
        ]
    unknown = [value for value in data.cooperation_types if value not in CooperationType.values]
    if unknown:
        errors["cooperation_types"] = [
            _("Unknown cooperation type %(unknown)s; choose from: %(choices)s.")
            % {
                "unknown": ", ".join(map(repr, unknown)),
                "choices": ", ".join(CooperationType.values),
            }
        ]
    if data.expiry_date is not None and data.expiry_date < today:
        errors["expiry_date"] = [_("Choose an expiry date from today on.")]
    if (
        data.deadline_date is not None
        and data.expiry_date is not None
        and data.deadline_date > data.expiry_date
    ):
        errors["deadline_date"] = [_("The deadline must fall on or before the expiry date.")]
    return errors


def _request_matches(
    opportunity: Opportunity, *, now: dt.datetime, pool_changed: bool = False
) -> None:
    """Ask the worker to (re)compute matches touched by a change of ``opportunity``."""
    Opportunity.objects.filter(pk=opportunity.pk).update(matches_requested_at=now)
    opportunity.matches_requested_at = now
    in_pool = opportunity.status == OpportunityStatus.PUBLISHED or pool_changed
    if in_pool and opportunity.kind in OFFER_KINDS | COOPERATION_KINDS:
        # the pool of providers changed: every published seeker must be matched again
        Opportunity.objects.filter(status=OpportunityStatus.PUBLISHED).exclude(
            kind__in=list(OFFER_KINDS)
        ).exclude(pk=opportunity.pk).update(matches_requested_at=now)
    if in_pool:  # a draft's stamp waits for its publication
        refresh_matches_task.enqueue()


def _save_relations(opportunity: Opportunity, data: OpportunityData) -> None:
    opportunity.tags.set(list(data.tags))
    opportunity.target_countries.set(list(data.target_countries))


@transaction.atomic
def create_opportunity(
    *, user: AnyUser, owner: Organisation, data: OpportunityData, now: dt.datetime
) -> Opportunity:
    """A draft owned by ``owner``; the user must work for it."""
    if not (
        user.is_authenticated
        and (user.is_superuser or owner.pk in list_organisation_ids(user=user))
    ):
        raise PermissionDenied(
            _("Only members of %(name)s may publish opportunities in its name.")
            % {"name": owner.name}
        )
    errors = _check(data, owner=owner, today=now.date())
    if errors:
        raise ValidationError(errors)
    opportunity = Opportunity.objects.create(
        owner=owner,
        partnership=data.partnership,
        kind=data.kind,
        title=data.title.strip(),
        description=data.description.strip(),
        language=detect_profile_language(data.title, data.description),
        cooperation_types=sorted(set(data.cooperation_types)),
        deadline_date=data.deadline_date,
        expiry_date=data.expiry_date,
        visibility=data.visibility,
        created_by=None if isinstance(user, AnonymousUser) else user,
        matches_requested_at=now,
    )
    _save_relations(opportunity, data)
    return opportunity


@dataclass
class OpportunityChanges:
    """A partial update: only the fields given (not ``UNSET``) change."""

    kind: Any = None
    title: Any = None
    description: Any = None
    partnership: Any = None
    tags: Any = None
    target_countries: Any = None
    cooperation_types: Any = None
    deadline_date: Any = None
    expiry_date: Any = None
    visibility: Any = None
    given: frozenset[str] = frozenset()


def current_data(opportunity: Opportunity) -> OpportunityData:
    return OpportunityData(
        kind=opportunity.kind,
        title=opportunity.title,
        description=opportunity.description,
        partnership=opportunity.partnership,
        tags=list(opportunity.tags.all()),
        target_countries=list(opportunity.target_countries.all()),
        cooperation_types=list(opportunity.cooperation_types),
        deadline_date=opportunity.deadline_date,
        expiry_date=opportunity.expiry_date,
        visibility=opportunity.visibility,
    )


@transaction.atomic
def update_opportunity(
    *, user: AnyUser, opportunity: Opportunity, changes: OpportunityChanges, now: dt.datetime
) -> Opportunity:
    _require_editor(user, opportunity)
    data = current_data(opportunity)
    for item in fields(OpportunityData):
        if item.name in changes.given:
            setattr(data, item.name, getattr(changes, item.name))
    errors = _check(data, owner=opportunity.owner, today=now.date())
    if errors:
        raise ValidationError(errors)
    text_changed = (data.title.strip(), data.description.strip()) != (
        opportunity.title,
        opportunity.description,
    )
    opportunity.kind = data.kind
    opportunity.title = data.title.strip()
    opportunity.description = data.description.strip()
    opportunity.partnership = data.partnership
    opportunity.cooperation_types = sorted(set(data.cooperation_types))
    opportunity.deadline_date = data.deadline_date
    opportunity.expiry_date = data.expiry_date
    opportunity.visibility = data.visibility
    if text_changed:
        opportunity.language = detect_profile_language(data.title, data.description)
    opportunity.save()
    _save_relations(opportunity, data)
    _request_matches(opportunity, now=now)
    return opportunity


@transaction.atomic
def publish_opportunity(
    *, user: AnyUser, opportunity: Opportunity, now: dt.datetime
) -> Opportunity:
    _require_editor(user, opportunity)
    if opportunity.status == OpportunityStatus.PUBLISHED:
        return opportunity
    account_services.require_verified_email(user=user, action="publish")
    if opportunity.expiry_date is not None and opportunity.expiry_date < now.date():
        raise ValidationError(
            {"expiry_date": [_("The expiry date has passed; choose a later one, then publish.")]}
        )
    opportunity.status = OpportunityStatus.PUBLISHED
    opportunity.published_at = now
    opportunity.closed_at = None
    opportunity.save(update_fields=["status", "published_at", "closed_at", "updated_at"])
    _request_matches(opportunity, now=now)
    notification_services.notify(
        kind=OPPORTUNITY_NOTICE,
        recipients=[p for p in _followers(opportunity) if p.pk != getattr(user, "pk", None)],
        message=gettext_noop("New on the marketplace: %(title)s"),
        parameters={"title": opportunity.title},
        url=_opportunity_path(opportunity),
        subject_id=opportunity.pk,
        now=now,
    )
    return opportunity


#: Why an opportunity cannot be closed, a whole sentence per status (each language agrees).
_NOT_CLOSABLE: dict[str, Promise] = {
    OpportunityStatus.DRAFT: gettext_lazy(
        "Only a published opportunity can be closed; this one is still a draft."
    ),
    OpportunityStatus.CLOSED: gettext_lazy("This opportunity is closed already."),
    OpportunityStatus.EXPIRED: gettext_lazy(
        "Only a published opportunity can be closed; this one has expired."
    ),
}


@transaction.atomic
def close_opportunity(*, user: AnyUser, opportunity: Opportunity, now: dt.datetime) -> Opportunity:
    _require_editor(user, opportunity)
    if opportunity.status != OpportunityStatus.PUBLISHED:
        raise ValidationError({"status": [str(_NOT_CLOSABLE[opportunity.status])]})
    opportunity.status = OpportunityStatus.CLOSED
    opportunity.closed_at = now
    opportunity.save(update_fields=["status", "closed_at", "updated_at"])
    _request_matches(opportunity, now=now, pool_changed=True)
    notification_services.notify(
        kind=OPPORTUNITY_NOTICE,
        recipients=_followers(opportunity),
        message=gettext_noop("Closed: %(title)s"),
        parameters={"title": opportunity.title},
        url=_opportunity_path(opportunity),
        subject_id=opportunity.pk,
        now=now,
    )
    return opportunity


@transaction.atomic
def expire_opportunities(*, now: dt.datetime) -> int:
    """Published opportunities whose expiry date has passed become expired; returns how many."""
    rows = Opportunity.objects.filter(
        status=OpportunityStatus.PUBLISHED, expiry_date__lt=now.date()
    )
    providers_left = rows.exclude(kind__in=list(NEED_KINDS)).exists()
    count = rows.update(status=OpportunityStatus.EXPIRED, closed_at=now, updated_at=now)
    if providers_left:
        # offers left the pool: the published seekers must be matched again
        Opportunity.objects.filter(status=OpportunityStatus.PUBLISHED).exclude(
            kind__in=list(OFFER_KINDS)
        ).update(matches_requested_at=now)
        refresh_matches_task.enqueue()
    return count


def draft_private_need(
    *,
    user: AnyUser,
    owner: Organisation,
    title: str,
    description: str,
    partnership: Partnership | None,
    now: dt.datetime,
) -> Opportunity:
    """A private draft industrial need of ``owner`` (e.g. one heard at a B2B meeting), for its
    members to review and publish; ``create_opportunity`` checks the user and the fields."""
    data = OpportunityData(
        kind=OpportunityKind.INDUSTRIAL_NEED,
        title=title,
        description=description,
        partnership=partnership,
        visibility=OpportunityVisibility.PRIVATE,
    )
    return create_opportunity(user=user, owner=owner, data=data, now=now)
