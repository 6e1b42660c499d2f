"""The page where an item's editors write its texts in the partners' other languages: the list
of the six languages with each one's state, and per language a form beside the original (news,
needs and offers, the strategy; core.translations holds the rules). The app's view finds the
item through its permissions and names how to save; this renders and answers."""

from __future__ import annotations

from collections.abc import Callable, Mapping, Sequence
from typing import Any

from django.conf import settings
from django.contrib import messages
from django.core.exceptions import ValidationError
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils.functional import Promise
from django.utils.translation import gettext as _

from crosscluster.core.forms import TranslationForm, add_service_errors
from crosscluster.core.translations import TextTranslation, TranslatableText, originals_of


def translations_page(
    request: HttpRequest,
    *,
    item_name: str | Promise,
    back_url: str,
    list_url: str,
    url_for: Callable[[str], str],
    original_language: str,
    texts: Sequence[TranslatableText],
    held: Mapping[str, TextTranslation],
    language: str,
    save: Callable[[dict[str, str]], object],
    markdown: bool = False,
) -> HttpResponse:
    original = original_language or settings.LANGUAGE_CODE
    originals = originals_of(texts)
    context: dict[str, Any] = {
        "item_name": item_name,
        "back_url": back_url,
        "list_url": list_url,
        "original": original,
        "markdown": markdown,
    }
    if not language:
        context["rows"] = [
            {
                "code": code,
                "held": held.get(code),
                "outdated": bool(held[code].outdated(originals)) if code in held else False,
                "url": url_for(code),
            }
            for code, _name in settings.LANGUAGES
            if code != original
        ]
        return render(request, "core/translations.html", context)
    if language == original or language not in dict(settings.LANGUAGES):
        raise Http404(_("These texts are not translated into this language here."))
    current = held.get(language)
    form = TranslationForm(
        request.POST or None,
        texts=texts,
        language=language,
        initial=current.texts if current else {},
    )
    if request.method == "POST" and form.is_valid():
        try:
            save({key: str(value) for key, value in form.cleaned_data.items()})
        except ValidationError as error:
            add_service_errors(form, error)
        else:
            messages.success(request, _("The translation was saved."))
            return redirect(list_url)
    outdated = set(current.outdated(originals)) if current else set()
    context.update(
        language=language,
        form=form,
        pairs=[(text, form[text.key], text.key in outdated) for text in texts],
    )
    status = 400 if form.is_bound and form.errors else 200
    return render(request, "core/translations.html", context, status=status)
