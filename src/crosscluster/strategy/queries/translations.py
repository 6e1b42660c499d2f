"""The strategy's texts in further languages (core.translations): which texts may be
translated, and a snapshot as a reader in another language sees it.

A translation is made from the working copy; it shows wherever a text is still the original it
was made from (the working copy, an adopted version whose text is the same), so a version never
shows a translation of a text it does not hold (nor a draft's text to the public). The pages
and the JIS exports show it; the API keeps the originals (docs/languages.md)."""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _

from crosscluster.core.translations import (
    ReaderTexts,
    TranslatableText,
    for_reader,
    list_held,
    originals_of,
)
from crosscluster.strategy.models import SectionKey, Strategy, StrategyTranslation

#: per section, the fields of its items people wrote (a technology's title is a taxonomy
#: label and a market's a country: both are named in the reader's language already)
TRANSLATED_FIELDS: dict[str, tuple[str, ...]] = {
    SectionKey.TECHNOLOGIES: ("rationale",),
    SectionKey.OFFERINGS: ("title", "description"),
    SectionKey.COMMERCIALISATION: ("title", "description"),
    SectionKey.INTERNATIONALISATION: ("title", "description"),
    SectionKey.MARKETS: ("rationale",),
    SectionKey.SUPPORT: ("mechanism", "description"),
    SectionKey.ROADMAP: ("title", "description"),
}
FIELD_LABELS = {
    "title": _("Title"),
    "description": _("Description"),
    "rationale": _("Rationale"),
    "mechanism": _("Mechanism"),
}
#: the one-line fields (the models' 200 characters); the others are the sections' texts
ONE_LINE = {"title", "mechanism"}


def strategy_texts(snapshot: Mapping[str, Any]) -> list[TranslatableText]:
    """The texts of a snapshot that may be translated, keyed ``title``, ``summary`` and
    ``<item key>.<field>``; empty texts are left out."""
    texts = [
        TranslatableText("title", _("Title"), snapshot["title"], multiline=False, limit=200),
    ]
    if snapshot["summary"]:
        texts.append(TranslatableText("summary", _("Vision and objectives"), snapshot["summary"]))
    for section, names in TRANSLATED_FIELDS.items():
        for item in snapshot["sections"].get(section, []):
            for name in names:
                if not item.get(name):
                    continue
                label = gettext("%(item)s: %(text)s") % {
                    "item": item["title"],
                    "text": FIELD_LABELS[name],
                }
                texts.append(
                    TranslatableText(
                        f"{item['key']}.{name}",
                        label,
                        item[name],
                        multiline=name not in ONE_LINE,
                        limit=200 if name in ONE_LINE else 10_000,
                    )
                )
    return texts


def list_strategy_translations(*, strategy: Strategy) -> dict[str, StrategyTranslation]:
    return list_held(model=StrategyTranslation, owner={"strategy": strategy})


def translation_stamp(*, strategy: Strategy | None, language: str) -> str:
    """When the strategy's translation into ``language`` last changed ("" without one): part
    of an exported file's key, so a changed translation makes the document afresh."""
    if strategy is None:
        return ""
    updated = (
        StrategyTranslation.objects.filter(strategy=strategy, language=language)
        .values_list("updated_at", flat=True)
        .first()
    )
    return updated.isoformat() if updated else ""


def _reader_texts(snapshot: Mapping[str, Any], strategy: Strategy, language: str) -> ReaderTexts:
    return for_reader(
        originals=originals_of(strategy_texts(snapshot)),
        original_language=strategy.language,
        language=language,
        translation=StrategyTranslation.objects.filter(
            strategy=strategy, language=language
        ).first(),
    )


def in_language(
    snapshot: Mapping[str, Any], *, strategy: Strategy | None, language: str
) -> dict[str, Any]:
    """The snapshot (as ``for_reader`` made it) in ``language`` where translated: each text
    replaced, with its language beside it (``title_lang``, ``summary_lang``, an item's
    ``langs``) and ``written_in``, the original's language when some text is shown as written
    to a reader of another language."""
    shown = dict(snapshot)
    if strategy is None:
        return shown
    reader = _reader_texts(snapshot, strategy, language)
    shown["title"] = reader["title"]
    shown["title_lang"] = reader.lang("title")
    if "summary" in reader.texts:
        shown["summary"] = reader["summary"]
        shown["summary_lang"] = reader.lang("summary")
    shown["written_in"] = reader.written_in if strategy.language else ""
    sections: dict[str, list[dict[str, Any]]] = {}
    for section, items in snapshot["sections"].items():
        names = TRANSLATED_FIELDS.get(section, ())
        sections[section] = []
        for original in items:
            item = dict(original)
            langs = {}
            for name in names:
                key = f"{item['key']}.{name}"
                if key in reader.texts:
                    item[name] = reader[key]
                    langs[name] = reader.lang(key)
            if section == SectionKey.SUPPORT and "mechanism" in langs:
                item["title"] = item["mechanism"]
            item["langs"] = langs
            sections[section].append(item)
    shown["sections"] = sections
    return shown
