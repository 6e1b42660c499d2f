"""A need's or offer's texts in further languages (core.translations): written by those who
may edit it (its organisation's members, its partnership's brokers). Matching reads the
original, so a translation enqueues nothing."""

from __future__ import annotations

from crosscluster.core.translations import save_translation
from crosscluster.marketplace.models import Opportunity, OpportunityTranslation
from crosscluster.marketplace.queries import opportunity_texts
from crosscluster.marketplace.services.opportunities import _require_editor
from crosscluster.partnerships.queries import AnyUser


def translate_opportunity(
    *, user: AnyUser, opportunity: Opportunity, language: str, texts: dict[str, str]
) -> OpportunityTranslation | None:
    """Hold the ``title`` and ``description`` in ``language`` too; no text left removes that
    language's translation, so readers see the original again."""
    _require_editor(user, opportunity)
    return save_translation(
        model=OpportunityTranslation,
        owner={"opportunity": opportunity},
        language=language,
        original_language=opportunity.language,
        fields=opportunity_texts(opportunity),
        texts=texts,
    )
