"""Small builders for marketplace tests."""

from __future__ import annotations

import datetime as dt
from typing import Any

from crosscluster.accounts.models import User
from crosscluster.core.tasks import run_queued_tasks
from crosscluster.directory.models import Organisation
from crosscluster.marketplace import services
from crosscluster.marketplace.models import MatchSuggestion, Opportunity, OpportunityKind

NOW = dt.datetime(2026, 11, 27, 9, 0, tzinfo=dt.UTC)

NEED_TEXT = (
    "Our bottling line needs automatic camera inspection of glass bottles: machine vision "
    "should detect cracks and wrong labels on the food production line."
)
OFFER_TEXT = (
    "We build machine vision systems for food and beverage plants: camera inspection of "
    "bottles, labels and packaging with deep learning."
)


def make_opportunity(
    *,
    user: User,
    owner: Organisation,
    kind: str = OpportunityKind.INDUSTRIAL_NEED,
    title: str = "Camera inspection of bottles",
    description: str = NEED_TEXT,
    publish: bool = True,
    now: dt.datetime = NOW,
    **fields: Any,
) -> Opportunity:
    data = services.OpportunityData(kind=kind, title=title, description=description, **fields)
    opportunity = services.create_opportunity(user=user, owner=owner, data=data, now=now)
    if publish:
        services.publish_opportunity(user=user, opportunity=opportunity, now=now)
    opportunity.refresh_from_db()
    return opportunity


def need_with_a_worded_match(cast: Any, tags: Any) -> tuple[Opportunity, MatchSuggestion]:
    """A published need of ``cast.sme`` and an ICT offer it matches, after the engine's own pass
    (its reasons carry their parts): the need and one of its matches with ``reason_parts``."""
    make_opportunity(
        user=cast.outsider,
        owner=cast.other_sme,
        kind=OpportunityKind.ICT_OFFER,
        description=OFFER_TEXT,
        tags=[tags["vision"]],
    )
    need = make_opportunity(user=cast.sme_member, owner=cast.sme, tags=[tags["vision"]])
    run_queued_tasks()
    match = MatchSuggestion.objects.filter(opportunity=need).exclude(reason_parts=[]).first()
    assert match is not None, "the engine's pass gave the need no match with reason parts"
    return need, match
