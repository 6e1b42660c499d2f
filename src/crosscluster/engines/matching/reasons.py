"""Reasons of a match as structured parts, and their English rendering.

The engine says *why* with :class:`Reason` values (a code and the labels, levels, quoted words,
languages, countries and numbers it refers to), so that an application can word them in the
viewer's language; :func:`render` gives the English sentence that ``crosscluster match`` prints
(``Match.reasons``). Codes:

``labels``          the need and the provider share labels of a facet; ``need`` says how the need
                    relates to them ("declared", "mentions" with ``need_words``, "about": inferred
                    from its meaning), ``provider_declared`` whether the provider declares them
                    (with ``levels``) or its description suggests them (``provider_words``)
``cross_sectoral``  the need's sectors (``labels``) differ from the provider's (``other_labels``)
``semantic``        descriptions close in meaning (``number`` = cosine, ``rank`` of ``total``)
``lexical``         words sharing a stem (``need_words``)
``geography``       ``countries`` = (need's, provider's); ``target`` when a target country
``mutual``          reciprocity: ``number`` one way, ``other_number`` the other
``complementary``   technologies the partner brings (``labels``) to shared sectors (``other_labels``)
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass

from crosscluster.engines.matching.language import language_name


@dataclass(frozen=True)
class Reason:
    code: str
    facet: str = ""
    labels: tuple[str, ...] = ()
    levels: tuple[int, ...] = ()
    other_labels: tuple[str, ...] = ()
    #: "declared", "mentions" or "about" (code ``labels``)
    need: str = ""
    need_words: tuple[str, ...] = ()
    provider_declared: bool = True
    provider_words: tuple[str, ...] = ()
    #: ISO 639-1 codes; the need's is "" when English or unknown
    need_language: str = ""
    provider_language: str = ""
    #: the need is a buyer's need (else: "this profile", for partner suggestions)
    is_need: bool = True
    number: float = 0.0
    other_number: float = 0.0
    rank: int = 0
    total: int = 0
    countries: tuple[str, ...] = ()
    target: bool = False

    def as_dict(self) -> dict[str, object]:
        """JSON-ready parts (empty ones left out)."""
        defaults = Reason(code=self.code)
        return {
            name: list(value) if isinstance(value, tuple) else value
            for name, value in vars(self).items()
            if name == "code" or value != getattr(defaults, name)
        }

    @classmethod
    def from_dict(cls, data: dict[str, object]) -> Reason:
        known = set(cls.__dataclass_fields__)
        values = {
            name: tuple(value) if isinstance(value, list) else value
            for name, value in data.items()
            if name in known
        }
        return cls(**values)  # type: ignore[arg-type]


def join(items: Sequence[str]) -> str:
    if len(items) <= 1:
        return "".join(items)
    return ", ".join(items[:-1]) + " and " + items[-1]


def quote(words: Sequence[str]) -> str:
    return join([f'"{word}"' for word in words])


def level_text(levels: Sequence[int]) -> str:
    if len(levels) == 1:
        return f"level {levels[0]}"
    return "levels " + ", ".join(str(level) for level in levels)


def ordinal(number: int) -> str:
    suffix = (
        "th" if 10 <= number % 100 <= 20 else {1: "st", 2: "nd", 3: "rd"}.get(number % 10, "th")
    )
    return f"{number}{suffix}"


def _need_side(reason: Reason) -> str:
    side = "the need" if reason.is_need else "this profile"
    if reason.need_language and reason.need_language != "en":
        side += f" ({language_name(reason.need_language)})"
    return side


def _provider_clause(reason: Reason) -> str:
    if reason.provider_declared:
        return f"the provider declares {join(reason.labels)} ({level_text(reason.levels)})"
    clause = f"the provider's description suggests {join(reason.labels)}"
    if reason.provider_words:
        clause += f" (it mentions {quote(reason.provider_words)})"
    return clause


def render(reason: Reason) -> str:
    """The English sentence of a reason (what ``crosscluster match`` prints)."""
    code = reason.code
    if code == "labels":
        return _render_labels(reason)
    if code == "cross_sectoral":
        return (
            f"cross-sectoral: {_need_side(reason)} is about {join(reason.labels)}; the provider "
            f"works in {join(reason.other_labels)}"
        )
    if code == "semantic":
        where = ""
        if (
            reason.need_language
            and reason.provider_language
            and reason.need_language != reason.provider_language
        ):
            where = (
                f" across languages ({language_name(reason.need_language)} \u2192 "
                f"{language_name(reason.provider_language)})"
            )
        return (
            f"descriptions close in meaning{where}: similarity {reason.number:.2f}, "
            f"{ordinal(reason.rank)} of {reason.total}"
        )
    if code == "lexical":
        return f"words sharing a stem with the provider's profile: {quote(reason.need_words)}"
    if code == "geography":
        need_country, provider_country = reason.countries
        if need_country != provider_country:
            text = f"cross-border: {need_country} \u2192 {provider_country}"
        else:
            text = f"same country: {provider_country}"
        return text + (" (a target country)" if reason.target else "")
    if code == "mutual":
        return f"mutual fit: {reason.number:.2f} one way, {reason.other_number:.2f} the other"
    if code == "complementary":
        text = f"complementary: brings {join(reason.labels)}"
        if reason.other_labels:
            text += f" to a shared sector ({join(reason.other_labels)})"
        return text
    raise ValueError(f"unknown reason code {code!r}")


def _render_labels(reason: Reason) -> str:
    side = _need_side(reason)
    if reason.facet == "technologies":
        if reason.need == "declared" and reason.provider_declared:
            return f"both work on {join(reason.labels)} (provider {level_text(reason.levels)})"
        if reason.need == "declared":
            return f"{side} names {join(reason.labels)}; {_provider_clause(reason)}"
        if reason.need == "mentions":
            return f"{side} mentions {quote(reason.need_words)}; {_provider_clause(reason)}"
        if reason.provider_declared:
            pronoun = "it" if len(reason.labels) == 1 else "them"
            return (
                f"{side} is about {join(reason.labels)}; the provider declares {pronoun} "
                f"({level_text(reason.levels)})"
            )
        return f"{side} is about {join(reason.labels)}; {_provider_clause(reason)}"
    noun = "sector" if reason.facet == "sectors" else "service"
    if len(reason.labels) > 1:
        noun += "s"
    if reason.provider_declared:
        detail = f"provider {level_text(reason.levels)}"
    else:
        detail = _provider_clause(reason)
    if reason.need_words:
        detail = f"{side} mentions {quote(reason.need_words)}; {detail}"
    return f"same {noun}: {join(reason.labels)} ({detail})"
