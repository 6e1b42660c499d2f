"""Writes for the marketplace. Atomic, keyword-only; errors name the field and the fix.

Bad input raises ``ValidationError({field: [message]})`` before anything is written. Matching is
never computed here: a write stamps ``matches_requested_at`` and enqueues
``tasks.refresh_matches_task`` in the same transaction (django-tasks, queue "matching"); the worker
embeds and matches after the commit, and a rollback takes the task row with it. Notifications go
through the notifications centre (``notifications.services.notify``), which e-mails them.

Split by sub-domain: ``opportunities`` (and the helpers every write shares), ``interest``,
``follows``, ``matches``, ``parsing``, ``translations``; everything is re-exported here.
"""

from __future__ import annotations

from crosscluster.marketplace.services.follows import set_following
from crosscluster.marketplace.services.interest import (
    decide_interest,
    express_interest,
)
from crosscluster.marketplace.services.matches import (
    add_match,
    enqueue_pending_matching,
    mark_match,
    steer_match,
)
from crosscluster.marketplace.services.opportunities import (
    ANSWER_MAX,
    DESCRIPTION_MAX,
    DESCRIPTION_MIN,
    INTEREST_NOTICE,
    NOT_AN_EDITOR,
    OPPORTUNITY_NOTICE,
    TITLE_MAX,
    OpportunityChanges,
    OpportunityData,
    close_opportunity,
    create_opportunity,
    current_data,
    detect_profile_language,
    draft_private_need,
    expire_opportunities,
    organisation_people,
    publish_opportunity,
    update_opportunity,
)
from crosscluster.marketplace.services.parsing import (
    resolve_countries,
    resolve_partnership,
    resolve_tags,
)
from crosscluster.marketplace.services.translations import translate_opportunity

__all__ = [
    "ANSWER_MAX",
    "DESCRIPTION_MAX",
    "DESCRIPTION_MIN",
    "INTEREST_NOTICE",
    "NOT_AN_EDITOR",
    "OPPORTUNITY_NOTICE",
    "TITLE_MAX",
    "OpportunityChanges",
    "OpportunityData",
    "add_match",
    "close_opportunity",
    "create_opportunity",
    "current_data",
    "decide_interest",
    "detect_profile_language",
    "draft_private_need",
    "enqueue_pending_matching",
    "expire_opportunities",
    "express_interest",
    "mark_match",
    "organisation_people",
    "publish_opportunity",
    "resolve_countries",
    "resolve_partnership",
    "resolve_tags",
    "set_following",
    "steer_match",
    "translate_opportunity",
    "update_opportunity",
]
