"""The strategy's texts in the partners' other languages (its coordinators)."""

from __future__ import annotations

from django.contrib.auth.decorators import login_required
from django.http import Http404, HttpRequest, HttpResponse
from django.urls import reverse
from django.utils.translation import gettext as _

from crosscluster.core.translation_pages import translations_page
from crosscluster.strategy import permissions, queries, services
from crosscluster.strategy.queries.translations import (
    list_strategy_translations,
    strategy_texts,
)


@login_required
def translations(request: HttpRequest, slug: str, language: str = "") -> HttpResponse:
    partnership = permissions.access_partnership_for_edit(user=request.user, slug=slug)
    strategy = queries.get_strategy(partnership=partnership)
    if strategy is None:
        raise Http404(_("The partnership has no strategy yet: write it first."))
    snapshot = queries.build_snapshot(partnership=partnership, strategy=strategy)
    return translations_page(
        request,
        item_name=strategy.title,
        back_url=reverse("strategy:overview", args=[slug]),
        list_url=reverse("strategy:translations", args=[slug]),
        url_for=lambda code: reverse("strategy:translation", args=[slug, code]),
        original_language=strategy.language,
        texts=strategy_texts(snapshot),
        held=list_strategy_translations(strategy=strategy),
        language=language,
        save=lambda texts: services.translate_strategy(
            user=request.user, partnership=partnership, language=language, texts=texts
        ),
    )
