"""The strategy's texts in further languages over the API (docs/languages.md): read by its
members (a translation is made from the working copy, a draft), written by its coordinators.

No ``from __future__ import annotations`` here: ninja reads the operations' types at run time.
"""

from typing import Any

from django.http import Http404, HttpRequest
from django.utils.translation import gettext as _
from ninja import Status

from crosscluster.accounts.auth import api_viewer, token_auth, token_user
from crosscluster.core.api import (
    TextTranslationIn,
    TextTranslationOut,
    translation_answer,
    translations_out,
)
from crosscluster.strategy import permissions, queries, services
from crosscluster.strategy.api.common import READ_ERRORS, WRITE_ERRORS, router
from crosscluster.strategy.queries.translations import (
    list_strategy_translations,
    strategy_texts,
)

TRANSLATION_KEYS = (
    "texts: title, summary, and per item <item key>.<field>: technology:<slug>.rationale, "
    "offering:<id>.title and .description, initiative:<id>.title and .description, "
    "market:<ISO3>.rationale, support:<id>.mechanism and .description, action:<id>.title and "
    ".description (only the texts written in the working copy)"
)


@router.get(
    "/{slug}/translations",
    response={200: list[TextTranslationOut], **READ_ERRORS},
    summary="The strategy's texts in other languages than the original (members)",
    description=TRANSLATION_KEYS,
)
def list_translations_of_strategy(request: HttpRequest, slug: str) -> list[dict[str, Any]]:
    access = permissions.access_for_members(user=api_viewer(request), slug=slug)
    strategy = queries.get_strategy(partnership=access.partnership)
    if strategy is None:
        return []
    snapshot = queries.build_snapshot(partnership=access.partnership, strategy=strategy)
    return translations_out(list_strategy_translations(strategy=strategy), strategy_texts(snapshot))


@router.put(
    "/{slug}/translations/{language}",
    response={200: TextTranslationOut, 204: None, **WRITE_ERRORS},
    auth=token_auth,
    summary="Write the strategy's texts in one more language (coordinators; replaces what that "
    "language held; no text removes it: 204)",
    description=TRANSLATION_KEYS,
)
def put_strategy_translation(
    request: HttpRequest, slug: str, language: str, payload: TextTranslationIn
) -> Status[Any]:
    user = token_user(request)
    partnership = permissions.access_partnership_for_edit(user=user, slug=slug)
    saved = services.translate_strategy(
        user=user, partnership=partnership, language=language, texts=payload.texts
    )
    strategy = queries.get_strategy(partnership=partnership)
    snapshot = queries.build_snapshot(partnership=partnership, strategy=strategy)
    return translation_answer(saved, strategy_texts(snapshot))


@router.delete(
    "/{slug}/translations/{language}",
    response={204: None, **WRITE_ERRORS},
    auth=token_auth,
    summary="Remove the strategy's translation: readers see the originals (coordinators)",
)
def delete_strategy_translation(request: HttpRequest, slug: str, language: str) -> Status[None]:
    user = token_user(request)
    partnership = permissions.access_partnership_for_edit(user=user, slug=slug)
    if queries.get_strategy(partnership=partnership) is None:
        raise Http404(_("The partnership has no strategy yet: write it first."))
    services.translate_strategy(user=user, partnership=partnership, language=language, texts={})
    return Status(204, None)
