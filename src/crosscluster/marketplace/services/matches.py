"""Matches: brokers steer and add them, people judge them; the matching queue."""

from __future__ import annotations

import datetime as dt
import logging
from typing import TYPE_CHECKING

from django.contrib.auth.models import AnonymousUser
from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.utils.translation import gettext as _
from django_tasks import TaskResultStatus
from django_tasks_db.models import DBTaskResult

from crosscluster.marketplace import queries
from crosscluster.marketplace.models import (
    MatchFeedback,
    MatchSource,
    MatchSuggestion,
    Opportunity,
)
from crosscluster.marketplace.queries import pending_opportunities
from crosscluster.marketplace.tasks import refresh_matches_task
from crosscluster.partnerships.queries import AnyUser

if TYPE_CHECKING:
    from crosscluster.directory.models import Organisation

logger = logging.getLogger(__name__)


# ---------------------------------------------------------------- matches: brokers and feedback


def _require_broker(user: AnyUser, opportunity: Opportunity) -> None:
    if not queries.is_broker(user=user, opportunity=opportunity):
        raise PermissionDenied(
            _("Only the brokers (coordinators) of the opportunity's partnership may steer matches.")
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
        raise ValidationError({"organisation": [_("Choose another organisation than the owner.")]})
    if len(note) > 300:
        raise ValidationError({"note": [_("Shorten the note to 300 characters.")]})
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
            _("Only the opportunity's organisation and its brokers may rate its suggestions.")
        )
    assert not isinstance(user, AnonymousUser)
    feedback, _created = MatchFeedback.objects.update_or_create(
        match=match, user=user, defaults={"is_useful": useful}
    )
    return feedback


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
