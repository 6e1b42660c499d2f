"""JIS pages: parse, make one call, render. Forms post normally (no JavaScript needed); with htmx
the section pages swap their list and form in place.

The JIS's pages, by sub-domain: ``overview`` (the strategy, its versions and their
comparison), ``workflow`` (states, comments and proposals), ``sections`` (the section editors),
``markets`` (the priority-market ranking and the partners' judgements), ``translations`` (its
texts in further languages).
"""

from crosscluster.strategy.views.markets import (
    choose_markets,
    judgement_edit,
    judgements,
    ranking,
    ranking_options,
)
from crosscluster.strategy.views.overview import (
    action_progress,
    overview,
    version_compare,
    version_detail,
    working_changes,
)
from crosscluster.strategy.views.sections import (
    EDITORS,
    Editor,
    item_delete,
    item_edit,
    section,
)
from crosscluster.strategy.views.translations import translations
from crosscluster.strategy.views.workflow import (
    comments,
    decide,
    edit_header,
    move,
)

__all__ = [
    "EDITORS",
    "Editor",
    "action_progress",
    "choose_markets",
    "comments",
    "decide",
    "edit_header",
    "item_delete",
    "item_edit",
    "judgement_edit",
    "judgements",
    "move",
    "overview",
    "ranking",
    "ranking_options",
    "section",
    "translations",
    "version_compare",
    "version_detail",
    "working_changes",
]
