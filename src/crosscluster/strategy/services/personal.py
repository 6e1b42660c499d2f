"""What the strategy holds about a person, and their erasure (see core.personal_data).

The read lives here, beside the erasure, because ``strategy/queries.py`` is at its size limit.
"""

from __future__ import annotations

from datetime import datetime

from crosscluster.core.personal_data import FORMER_MEMBER
from crosscluster.strategy.models import Comment, MarketJudgement, StrategyVersion


def personal_data(user_id: int) -> dict[str, object]:
    return {
        "comments_and_proposals": list(
            Comment.objects.filter(author_id=user_id).values(
                "strategy_id", "section", "kind", "body", "author_name", "status", "created_at"
            )
        ),
        "proposals_decided": list(
            Comment.objects.filter(decided_by_id=user_id).values(
                "id", "status", "decision_note", "decided_at"
            )
        ),
        "market_judgements_entered": list(
            MarketJudgement.objects.filter(entered_by_id=user_id).values(
                "strategy_id", "organisation_id", "criteria", "updated_at"
            )
        ),
        "versions_adopted": list(
            StrategyVersion.objects.filter(adopted_by_id=user_id).values(
                "strategy_id", "number", "adopted_by_name", "adopted_at"
            )
        ),
    }


def erase_personal_data(user_id: int, now: datetime) -> None:
    """Comments, proposals and adopted versions stay for the partnership, under no name."""
    Comment.objects.filter(author_id=user_id).update(author_name=FORMER_MEMBER)
    StrategyVersion.objects.filter(adopted_by_id=user_id).update(adopted_by_name=FORMER_MEMBER)
