"""Writes for the marketplace. Atomic, keyword-only; errors name the field and the fix.

Bad input raises ``ValidationError({field: [message]})`` before anything is written. Matching is
never computed here: a write stamps ``matches_requested_at`` and enqueues
``tasks.refresh_matches_task`` in the same transaction (django-tasks, queue "matching"); the worker
embeds and matches after the commit, and a rollback takes the task row with it. E-mails are sent
on transaction commit.
"""

from __future__ import annotations

import datetime as dt
import logging
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, fields
from typing import TYPE_CHECKING, Any

from django.conf import settings
from django.contrib.auth.models import AnonymousUser
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.mail import send_mail
from django.db import transaction
from django.db.models import Q
from django_tasks import TaskResultStatus
from django_tasks_db.models import DBTaskResult

from crosscluster.accounts import queries as account_queries
from crosscluster.accounts.queries import list_organisation_ids
from crosscluster.directory import queries as directory_queries
from crosscluster.engines.matching.language import detect_language
from crosscluster.marketplace import queries
from crosscluster.marketplace.models import (
    COOPERATION_KINDS,
    NEED_KINDS,
    OFFER_KINDS,
    BudgetRange,
    CooperationType,
    ExpressionOfInterest,
    Follow,
    InterestStatus,
    MatchFeedback,
    MatchSource,
    MatchSuggestion,
    Notification,
    Opportunity,
    OpportunityKind,
    OpportunityStatus,
    OpportunityVisibility,
    Timeframe,
)
from crosscluster.marketplace.queries import pending_opportunities
from crosscluster.marketplace.tasks import refresh_matches_task
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

NOT_AN_EDITOR = (
    "Only members of the organisation that owns this opportunity, and the brokers "
    "(coordinators) of its partnership, may change it."
)


# ---------------------------------------------------------------- helpers


def _site(path: str) -> str:
    return f"{getattr(settings, 'SITE_URL', '')}{path}"


def _opportunity_path(opportunity: Opportunity) -> str:
    from django.urls import reverse

    return reverse("marketplace:opportunity_detail", args=[opportunity.pk])


def notify(
    *, recipients: Iterable[User], text: str, path: str, now: dt.datetime, email: bool = True
) -> None:
    """On-site notifications now; e-mails once the surrounding transaction commits."""
    people = {person.pk: person for person in recipients if person.is_active}
    Notification.objects.bulk_create(
        [
            Notification(recipient=person, text=text[:300], url=path, created_at=now)
            for person in people.values()
        ]
    )
    addresses = sorted(person.email for person in people.values() if person.email)
    if not email or not addresses:
        return

    def send() -> None:
        for address in addresses:
            try:
                send_mail(
                    subject=text[:120],
                    message=f"{text}\n\n{_site(path)}\n",
                    from_email=None,
                    recipient_list=[address],
                )
            except Exception:  # pragma: no cover - a mail server outage must not lose the write
                logger.exception("could not e-mail %s", address)

    transaction.on_commit(send)


def organisation_people(organisation_id: int) -> list[User]:
    return account_queries.list_people_of_organisation(organisation_id=organisation_id)


def _followers(opportunity: Opportunity) -> list[User]:
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
        errors["kind"] = [f"Choose one of: {', '.join(OpportunityKind.values)}."]
    if not data.title.strip():
        errors["title"] = ["Give the opportunity a title."]
    elif len(data.title) > TITLE_MAX:
        errors["title"] = [f"Shorten the title to at most {TITLE_MAX} characters."]
    description = data.description.strip()
    if len(description) < DESCRIPTION_MIN:
        errors["description"] = [
            f"Describe the opportunity in at least {DESCRIPTION_MIN} characters (any language)."
        ]
    elif len(description) > DESCRIPTION_MAX:
        errors["description"] = [f"Shorten the description to {DESCRIPTION_MAX} characters."]
    if data.visibility not in OpportunityVisibility.values:
        errors["visibility"] = [f"Choose one of: {', '.join(OpportunityVisibility.values)}."]
    elif data.visibility == OpportunityVisibility.PARTNERSHIP and data.partnership is None:
        errors["visibility"] = [
            "Choose a partnership to show this to its members, or make it public."
        ]
    if data.partnership is not None and not _takes_part(owner, data.partnership):
        errors["partnership"] = [
            f"{owner.name} does not take part in {data.partnership.name}; choose a partnership "
            "it (or its cluster) belongs to, or none."
        ]
    unknown = [value for value in data.cooperation_types if value not in CooperationType.values]
    if unknown:
        errors["cooperation_types"] = [
            f"Unknown cooperation type {', '.join(map(repr, unknown))}; choose from: "
            f"{', '.join(CooperationType.values)}."
        ]
    if data.expiry_date is not None and data.expiry_date < today:
        errors["expiry_date"] = ["Choose an expiry date from today on."]
    if (
        data.deadline_date is not None
        and data.expiry_date is not None
        and data.deadline_date > data.expiry_date
    ):
        errors["deadline_date"] = ["The deadline must fall on or before the expiry date."]
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
            f"Only members of {owner.name} may publish opportunities in its name."
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
    if opportunity.expiry_date is not None and opportunity.expiry_date < now.date():
        raise ValidationError(
            {"expiry_date": ["The expiry date has passed; choose a later one, then publish."]}
        )
    opportunity.status = OpportunityStatus.PUBLISHED
    opportunity.published_at = now
    opportunity.closed_at = None
    opportunity.save(update_fields=["status", "published_at", "closed_at", "updated_at"])
    _request_matches(opportunity, now=now)
    notify(
        recipients=[p for p in _followers(opportunity) if p.pk != getattr(user, "pk", None)],
        text=f"New on the marketplace: {opportunity.title}",
        path=_opportunity_path(opportunity),
        now=now,
        email=False,
    )
    return opportunity


@transaction.atomic
def close_opportunity(*, user: AnyUser, opportunity: Opportunity, now: dt.datetime) -> Opportunity:
    _require_editor(user, opportunity)
    if opportunity.status != OpportunityStatus.PUBLISHED:
        raise ValidationError(
            {
                "status": [
                    f"Only a published opportunity can be closed; this one is {opportunity.get_status_display().lower()}."
                ]
            }
        )
    opportunity.status = OpportunityStatus.CLOSED
    opportunity.closed_at = now
    opportunity.save(update_fields=["status", "closed_at", "updated_at"])
    _request_matches(opportunity, now=now, pool_changed=True)
    notify(
        recipients=_followers(opportunity),
        text=f"Closed: {opportunity.title}",
        path=_opportunity_path(opportunity),
        now=now,
        email=False,
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
        raise PermissionDenied("Log in to express interest.")
    if not (user.is_superuser or organisation.pk in list_organisation_ids(user=user)):
        raise PermissionDenied(f"Only members of {organisation.name} may answer in its name.")
    errors: dict[str, list[str]] = {}
    if opportunity.status != OpportunityStatus.PUBLISHED:
        errors["opportunity"] = ["This opportunity is not open for expressions of interest."]
    if organisation.pk == opportunity.owner_id:
        errors["organisation"] = ["An organisation cannot express interest in its own opportunity."]
    elif ExpressionOfInterest.objects.filter(
        opportunity=opportunity, organisation=organisation
    ).exists():
        errors["organisation"] = [
            f"{organisation.name} has already expressed interest; wait for the owner's answer."
        ]
    if not offer.strip():
        errors["offer"] = ["Say what your organisation offers or brings."]
    elif len(offer) > ANSWER_MAX:
        errors["offer"] = [f"Shorten the answer to {ANSWER_MAX} characters."]
    if timeframe not in Timeframe.values:
        errors["timeframe"] = [f"Choose one of: {', '.join(Timeframe.values)}."]
    if budget_range not in BudgetRange.values:
        errors["budget_range"] = [f"Choose one of: {', '.join(BudgetRange.values)}."]
    if len(message) > ANSWER_MAX:
        errors["message"] = [f"Shorten the message to {ANSWER_MAX} characters."]
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
        recipients=organisation_people(opportunity.owner_id),
        text=f"{organisation.name} is interested in {opportunity.title}",
        path=path,
        now=now,
    )
    notify(
        recipients=[user],
        text=f"Your interest in {opportunity.title} was sent to {opportunity.owner.name}",
        path=path,
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
            "Only members of the organisation that owns the opportunity may accept or decline."
        )
    if interest.status != InterestStatus.PENDING:
        raise ValidationError(
            {"status": [f"This expression of interest was already {interest.status}."]}
        )
    if len(answer) > ANSWER_MAX:
        raise ValidationError({"answer": [f"Shorten the answer to {ANSWER_MAX} characters."]})
    interest.status = InterestStatus.ACCEPTED if accept else InterestStatus.DECLINED
    interest.answer = answer.strip()
    interest.decided_at = now
    interest.decided_by = None if isinstance(user, AnonymousUser) else user
    interest.save(update_fields=["status", "answer", "decided_at", "decided_by"])
    verb = "accepted" if accept else "declined"
    path = _opportunity_path(opportunity)
    notify(
        recipients=organisation_people(interest.organisation_id),
        text=f"{opportunity.owner.name} {verb} your interest in {opportunity.title}",
        path=path,
        now=now,
    )
    notify(
        recipients=organisation_people(opportunity.owner_id),
        text=f"You {verb} the interest of {interest.organisation.name} in {opportunity.title}",
        path=path,
        now=now,
    )
    return interest


# ---------------------------------------------------------------- follows, notifications


def set_following(
    *,
    user: AnyUser,
    following: bool,
    opportunity: Opportunity | None = None,
    partnership: Partnership | None = None,
) -> None:
    if isinstance(user, AnonymousUser):
        raise PermissionDenied("Log in to follow.")
    if (opportunity is None) == (partnership is None):
        raise ValidationError({"__all__": ["Follow either an opportunity or a partnership."]})
    if following:
        Follow.objects.get_or_create(user=user, opportunity=opportunity, partnership=partnership)
    else:
        Follow.objects.filter(user=user, opportunity=opportunity, partnership=partnership).delete()


def mark_notifications_read(
    *, user: AnyUser, now: dt.datetime, notification_id: int | None = None
) -> int:
    rows = Notification.objects.filter(recipient_id=user.pk, read_at__isnull=True)
    if notification_id is not None:
        rows = rows.filter(pk=notification_id)
    return rows.update(read_at=now)


# ---------------------------------------------------------------- matches: brokers and feedback


def _require_broker(user: AnyUser, opportunity: Opportunity) -> None:
    if not queries.is_broker(user=user, opportunity=opportunity):
        raise PermissionDenied(
            "Only the brokers (coordinators) of the opportunity's partnership may steer matches."
        )


@transaction.atomic
def steer_match(
    *, user: AnyUser, match: MatchSuggestion, pinned: bool | None = None, hidden: bool | None = None
) -> MatchSuggestion:
    _require_broker(user, match.opportunity)
    if pinned is not None:
        match.is_pinned = pinned
    if hidden is not None:
        match.is_hidden = hidden
    match.save(update_fields=["is_pinned", "is_hidden"])
    return match


@transaction.atomic
def add_match(
    *,
    user: AnyUser,
    opportunity: Opportunity,
    organisation: Organisation,
    note: str,
    now: dt.datetime,
) -> MatchSuggestion:
    """A broker adds a provider by hand (it is shown pinned, with the broker's note)."""
    _require_broker(user, opportunity)
    if organisation.pk == opportunity.owner_id:
        raise ValidationError({"organisation": ["Choose another organisation than the owner."]})
    if len(note) > 300:
        raise ValidationError({"note": ["Shorten the note to 300 characters."]})
    owner_country = opportunity.owner.country_id
    match, _created = MatchSuggestion.objects.update_or_create(
        opportunity=opportunity,
        provider_organisation=organisation,
        defaults={
            "source": MatchSource.BROKER,
            "is_pinned": True,
            "is_hidden": False,
            "broker_note": note.strip(),
            "reasons": [
                f"Added by a broker: {note.strip()}" if note.strip() else "Added by a broker"
            ],
            "provider_country": organisation.country_id,
            "cross_border": organisation.country_id != owner_country,
            "computed_at": now,
        },
    )
    return match


@transaction.atomic
def mark_match(*, user: AnyUser, match: MatchSuggestion, useful: bool) -> MatchFeedback:
    if not queries.can_edit_opportunity(user=user, opportunity=match.opportunity):
        raise PermissionDenied(
            "Only the opportunity's organisation and its brokers may rate its suggestions."
        )
    assert not isinstance(user, AnonymousUser)
    feedback, _created = MatchFeedback.objects.update_or_create(
        match=match, user=user, defaults={"is_useful": useful}
    )
    return feedback


# ---------------------------------------------------------------- parsing helpers (API)


def resolve_tags(*, facet: str, labels: Sequence[str]) -> list[Tag]:
    """Tags of ``facet`` named exactly as in the EDIH vocabulary; unknown ones name the field."""
    wanted = list(dict.fromkeys(label.strip() for label in labels if label.strip()))
    found = {tag.label.casefold(): tag for tag in directory_queries.list_tags(facet=facet)}
    missing = [label for label in wanted if label.casefold() not in found]
    if missing:
        raise ValidationError(
            {
                facet: [
                    f"Unknown {facet} label {', '.join(map(repr, missing))}; use labels exactly "
                    "as in the EDIH taxonomy (GET /api/v1/organisations/taxonomy lists them)."
                ]
            }
        )
    return [found[label.casefold()] for label in wanted]


def resolve_countries(*, codes: Sequence[str]) -> list[Country]:
    wanted = list(dict.fromkeys(code.strip().upper() for code in codes if code.strip()))
    found = {country.iso2: country for country in directory_queries.list_countries(codes=wanted)}
    missing = [code for code in wanted if code not in found]
    if missing:
        raise ValidationError(
            {
                "target_countries": [
                    f"Unknown country code {', '.join(map(repr, missing))}; use ISO 3166 "
                    "alpha-2 codes such as DE, IT or SE."
                ]
            }
        )
    return [found[code] for code in wanted]


def resolve_partnership(*, user: AnyUser, slug: str | None) -> Partnership | None:
    if not slug:
        return None
    partnership = partnership_queries.list_partnerships(user=user).filter(slug=slug).first()
    if partnership is None:
        raise ValidationError(
            {
                "partnership": [
                    f"No partnership {slug!r}; give the slug of one you can see, or none."
                ]
            }
        )
    return partnership


def enqueue_pending_matching() -> bool:
    """Queue one matching pass when opportunities wait for matches and no pass is queued: after
    a worker was killed in the middle of a pass, or for stamps written before tasks existed.
    Returns whether a task was queued."""
    if not pending_opportunities().exists():
        return False
    queued = DBTaskResult.objects.filter(
        task_path=refresh_matches_task.module_path, status=TaskResultStatus.READY
    )
    if queued.exists():
        return False
    refresh_matches_task.enqueue()
    return True


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
