"""What the language sweeps count as English the platform wrote (issue 14), shared by the API
sweep (tests/test_api_language_sweep.py), the e-mails' (tests/test_email_language_sweep.py) and
the German page sweep (tests/browser/test_sweep_german.py).

A text is English left when it is an English catalogue string whose German translation differs
(a string rendered before the language was chosen, or never looked up), or a sentence made from
one with its values put in: the catalogue's "%(organisation)s is interested in %(title)s" read
as a pattern finds "Unrelated SME is interested in Vision systems". Content people wrote may be
English (the demo's texts are): only catalogue strings count, and a pattern must match a whole
text, its own words (outside the placeholders) holding at least two English words, so a
sentence someone wrote that happens to hold a catalogue phrase is not taken for one.
"""

from __future__ import annotations

import functools
import re
from dataclasses import dataclass, field

from django.utils.translation import trans_real

#: a printf placeholder as gettext's catalogues hold them: %(name)s, %(count)d, %s, %.1f ...
PLACEHOLDER = re.compile(r"%(?:\([^)]+\))?[-#0 +]*\d*(?:\.\d+)?[sdifgeEFGxXrc]")
WORD = re.compile(r"[A-Za-z]{2,}")


@dataclass(frozen=True)
class EnglishCatalogue:
    #: msgids (ours and Django's) whose German differs and that are not German themselves
    strings: frozenset[str]
    #: the msgids with placeholders, as patterns matching a whole text
    patterns: tuple[re.Pattern[str], ...]
    #: texts already read (a page's header and footer come again on every page)
    known: dict[str, str | None] = field(default_factory=dict, compare=False, repr=False)

    def find(self, text: str) -> str | None:
        """The catalogue string ``text`` is in English, or None."""
        text = " ".join(text.split())
        if text not in self.known:
            self.known[text] = self._find(text)
        return self.known[text]

    def _find(self, text: str) -> str | None:
        bare = text.rstrip(":…").strip()
        if text in self.strings or bare in self.strings:
            return text
        if len(text) > 400:
            return None  # a long text is somebody's writing, not one catalogue sentence
        for pattern in self.patterns:
            if pattern.fullmatch(text):
                return pattern.pattern
        return None


def _pattern(msgid: str) -> re.Pattern[str] | None:
    parts = PLACEHOLDER.split(" ".join(msgid.split()))
    if len(parts) < 2:
        return None
    words = WORD.findall(" ".join(parts))
    if len(words) < 2:
        return None  # "%(name)s: %(value)s" matches anything
    expression = "(.+?)".join(re.escape(part).replace(r"\ ", r"\s+") for part in parts)
    return re.compile(expression, re.DOTALL)


@functools.cache
def english_catalogue() -> EnglishCatalogue:
    """The English catalogue strings the German catalogue translates differently."""
    catalogue = trans_real.translation("de")._catalog  # type: ignore[attr-defined]
    pairs = [
        (key if isinstance(key, str) else key[0], value)
        for key, value in catalogue.items()
        if isinstance(value, str)
    ]
    german = {value for _key, value in pairs}
    strings = {
        key.split("\x04")[-1]
        for key, value in pairs
        if len(key.split("\x04")[-1]) > 3
        and value != key
        and key.split("\x04")[-1] not in german  # "Filter" is English and the German of "Filters"
    }
    patterns = [_pattern(msgid) for msgid in sorted(strings) if "%" in msgid]
    return EnglishCatalogue(
        strings=frozenset(strings), patterns=tuple(p for p in patterns if p is not None)
    )
