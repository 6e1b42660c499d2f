"""The strategy's texts in further languages (core.translations), written by its coordinators
from the working copy, in any state (a translation changes no text of the strategy)."""

from __future__ import annotations

from typing import TYPE_CHECKING

from django.core.exceptions import PermissionDenied, ValidationError
from django.utils.translation import gettext as _

from crosscluster.core.translations import save_translation
from crosscluster.partnerships import queries as partnerships_queries
from crosscluster.partnerships.queries import AnyUser
from crosscluster.strategy import queries
from crosscluster.strategy.models import StrategyTranslation
from crosscluster.strategy.queries.translations import strategy_texts
from crosscluster.strategy.services.common import NOT_A_COORDINATOR

if TYPE_CHECKING:
    from crosscluster.partnerships.models import Partnership


def translate_strategy(
    *, user: AnyUser, partnership: Partnership, language: str, texts: dict[str, str]
) -> StrategyTranslation | None:
    """Hold the working copy's texts in ``language`` (replacing what that language held); no
    text left removes the translation, so readers see the originals again."""
    if not partnerships_queries.is_coordinator(user=user, partnership=partnership):
        raise PermissionDenied(NOT_A_COORDINATOR)
    strategy = queries.get_strategy(partnership=partnership)
    if strategy is None:
        raise ValidationError(
            {"strategy": [_("The partnership has no strategy yet: write it first.")]}
        )
    snapshot = queries.build_snapshot(partnership=partnership, strategy=strategy)
    return save_translation(
        model=StrategyTranslation,
        owner={"strategy": strategy},
        language=language,
        original_language=strategy.language,
        fields=strategy_texts(snapshot),
        texts=texts,
    )
