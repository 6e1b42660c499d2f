"""Writes for the JIS. Atomic, keyword-only; errors name the field and the fix, and are all
checked before anything is written (bad input never leaves half-written data).

Coordinators (and platform administrators) edit the working copy while it is a draft or in
review, and move it through the workflow; adopting it freezes a version. Partnership members
comment and propose changes; the coordinator accepts or rejects proposals. A partner's own staff
(or a coordinator) enter that partner's market judgements.

By sub-domain: ``sections`` (the header and the items of each section; ``mechanisms``, the
support mechanisms), ``markets`` (priority
markets and the partners' AHP judgements), ``workflow`` (states, versions, comments and
proposals), ``translations`` (its texts in further languages); ``common`` holds the limits and the helpers they share.
"""

from crosscluster.strategy.services.common import (
    BODY_LIMIT,
    NOT_A_COORDINATOR,
    NOT_A_MEMBER,
    TEXT_LIMIT,
    TRANSITIONS,
)
from crosscluster.strategy.services.markets import (
    MarketChoice,
    can_judge_for,
    choose_priority_markets,
    save_market_judgement,
    update_priority_market,
)
from crosscluster.strategy.services.mechanisms import (
    SupportMechanismInput,
    save_support_mechanism,
)
from crosscluster.strategy.services.progress import ProgressInput, record_action_progress
from crosscluster.strategy.services.sections import (
    ActionInput,
    InitiativeInput,
    KpiInput,
    OfferingInput,
    SectionItem,
    StrategyHeader,
    TechnologyDomainInput,
    contributions_by_slug,
    remove_item,
    save_action,
    save_initiative,
    save_offering,
    save_technology_domain,
    update_strategy,
)
from crosscluster.strategy.services.translations import translate_strategy
from crosscluster.strategy.services.workflow import (
    adoption_problems,
    decide_proposal,
    move_strategy,
    post_comment,
)

__all__ = [
    "BODY_LIMIT",
    "NOT_A_COORDINATOR",
    "NOT_A_MEMBER",
    "TEXT_LIMIT",
    "TRANSITIONS",
    "ActionInput",
    "InitiativeInput",
    "KpiInput",
    "MarketChoice",
    "OfferingInput",
    "ProgressInput",
    "SectionItem",
    "StrategyHeader",
    "SupportMechanismInput",
    "TechnologyDomainInput",
    "adoption_problems",
    "can_judge_for",
    "choose_priority_markets",
    "contributions_by_slug",
    "decide_proposal",
    "move_strategy",
    "post_comment",
    "record_action_progress",
    "remove_item",
    "save_action",
    "save_initiative",
    "save_market_judgement",
    "save_offering",
    "save_support_mechanism",
    "save_technology_domain",
    "translate_strategy",
    "update_priority_market",
    "update_strategy",
]
