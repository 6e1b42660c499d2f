"""Writing the JIS's header and moving it through its workflow; comments and proposals.

No ``from __future__ import annotations`` here: ninja reads the operations' types at run time.
"""

import dataclasses
from datetime import date
from typing import Any

from django.http import HttpRequest
from django.utils import timezone
from ninja import Status

from crosscluster.accounts.auth import token_auth, token_user
from crosscluster.strategy import permissions, queries, services
from crosscluster.strategy.api.common import WRITE_ERRORS, _strategy_out, router
from crosscluster.strategy.api.schemas import (
    CommentIn,
    CommentOut,
    ProposalDecisionIn,
    StrategyOut,
    StrategyPatch,
    TransitionIn,
)
from crosscluster.strategy.models import (
    Comment,
)

# ---------------------------------------------------------------- writes: strategy and workflow


@router.patch(
    "/{slug}",
    response={200: StrategyOut, **WRITE_ERRORS},
    auth=token_auth,
    summary="Change the title, vision or period (coordinators)",
)
def patch_strategy(request: HttpRequest, slug: str, payload: StrategyPatch) -> dict[str, Any]:
    user = token_user(request)
    partnership = permissions.access_partnership_for_edit(user=user, slug=slug)
    current = queries.build_snapshot(
        partnership=partnership, strategy=queries.get_strategy(partnership=partnership)
    )
    header = services.StrategyHeader(
        title=current["title"],
        summary=current["summary"],
        period_start_date=date.fromisoformat(current["period_start_date"])
        if current["period_start_date"]
        else None,
        period_end_date=date.fromisoformat(current["period_end_date"])
        if current["period_end_date"]
        else None,
    )
    services.update_strategy(
        user=user,
        partnership=partnership,
        header=dataclasses.replace(header, **payload.model_dump(exclude_unset=True)),
    )
    return _strategy_out(permissions.access_strategy(user=user, slug=slug))


@router.post(
    "/{slug}/transitions",
    response={200: StrategyOut, **WRITE_ERRORS},
    auth=token_auth,
    summary="Move the strategy: draft -> in_review -> adopted, or back to draft (coordinators)",
)
def move_strategy(request: HttpRequest, slug: str, payload: TransitionIn) -> dict[str, Any]:
    user = token_user(request)
    partnership = permissions.access_partnership_for_edit(user=user, slug=slug)
    services.move_strategy(
        user=user, partnership=partnership, to=payload.to, note=payload.note, now=timezone.now()
    )
    return _strategy_out(permissions.access_strategy(user=user, slug=slug))


# ---------------------------------------------------------------- comments and proposals


@router.post(
    "/{slug}/comments",
    response={201: CommentOut, **WRITE_ERRORS},
    auth=token_auth,
    summary="Comment on a section or propose a change (members)",
)
def post_comment(request: HttpRequest, slug: str, payload: CommentIn) -> Status[Comment]:
    user = token_user(request)
    access = permissions.access_for_members(user=user, slug=slug)
    comment = services.post_comment(
        user=user,
        partnership=access.partnership,
        section=payload.section,
        body=payload.body,
        kind=payload.kind,
        item_key=payload.item_key,
        now=timezone.now(),
    )
    return Status(201, comment)


@router.post(
    "/{slug}/comments/{comment_id}/decision",
    response={200: CommentOut, **WRITE_ERRORS},
    auth=token_auth,
    summary="Accept or reject a proposal (coordinators)",
)
def decide_proposal(
    request: HttpRequest, slug: str, comment_id: int, payload: ProposalDecisionIn
) -> Comment:
    user = token_user(request)
    comment = permissions.access_proposal_for_decision(user=user, slug=slug, comment_id=comment_id)
    return services.decide_proposal(
        user=user, comment=comment, accept=payload.accept, note=payload.note, now=timezone.now()
    )
