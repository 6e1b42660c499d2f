"""File names of the documents people download, in the language the document is written in.

A document made for a German reader is called ``TDA-gemeinsame-internationalisierungsstrategie-
v1.pdf``, for a French one ``TDA-stratégie-conjointe-d-internationalisation-v1.pdf``, for an
English one ``TDA-joint-internationalisation-strategy-v1.pdf``: the subject's own short name as
written (an acronym keeps its capitals), then the document's words (its translated name, a
version, a period) in lower case, each run of anything but letters and digits one hyphen. The
same document in the same language always gets the same name.

The name keeps the language's letters (``stratégie``); :func:`ascii_file_name` spells it in
ASCII for the old ``filename=`` of ``Content-Disposition``, and :func:`attachment` gives both,
the UTF-8 name as ``filename*`` (RFC 6266, RFC 5987), which browsers prefer.
"""

from __future__ import annotations

import re
import unicodedata
from urllib.parse import quote

#: letters NFKD does not take apart into an ASCII letter and a mark
_ASCII_SPELLING = str.maketrans(
    {"ß": "ss", "æ": "ae", "Æ": "AE", "ø": "o", "Ø": "O", "œ": "oe", "Œ": "OE", "ł": "l", "Ł": "L",
     "đ": "d", "Đ": "D", "ð": "d", "Ð": "D", "þ": "th", "Þ": "Th"}
)  # fmt: skip
_NOT_A_WORD = re.compile(r"[\W_]+", re.UNICODE)
#: the longest name before its extension: an export stores its name in 200 characters
#: (``exports.Export.filename``), and a session's event name and a person's (120 each) may
#: make more; cut at the last whole word
MAX_STEM = 150


def _slug(text: object, *, lower: bool) -> str:
    words = unicodedata.normalize("NFC", str(text))
    words = words.lower() if lower else words
    return _NOT_A_WORD.sub("-", words).strip("-")


def document_file_name(*words: object, extension: str, subject: object = "") -> str:
    """``subject`` (a partnership's acronym or slug: kept as written) and ``words`` (in the
    reader's language: lower-cased) as one file name with ``extension``; empty words are left
    out, a name with nothing in it is ``document``, and one longer than :data:`MAX_STEM` is cut
    after its last whole word that fits."""
    parts = [_slug(subject, lower=False), *(_slug(word, lower=True) for word in words)]
    stem = "-".join(part for part in parts if part) or "document"
    if len(stem) > MAX_STEM:
        cut = stem[: MAX_STEM + 1]
        stem = cut.rsplit("-", 1)[0] if "-" in cut else cut[:MAX_STEM]
    return f"{stem}.{extension}"


def ascii_file_name(name: str) -> str:
    """``name`` in ASCII letters: accents dropped (``é`` is ``e``), ``ß`` written ``ss``; what
    has no ASCII spelling becomes a hyphen."""
    decomposed = unicodedata.normalize("NFKD", name.translate(_ASCII_SPELLING))
    plain = "".join(char for char in decomposed if not unicodedata.combining(char))
    stem, dot, extension = plain.rpartition(".")
    if not dot:
        stem, extension = plain, ""
    ascii_stem = re.sub(r"[^A-Za-z0-9]+", "-", stem).strip("-") or "document"
    return f"{ascii_stem}.{extension}" if extension else ascii_stem


def attachment(name: str) -> str:
    """The ``Content-Disposition`` of a download named ``name``: the ASCII spelling as
    ``filename`` (for old clients) and the name itself, UTF-8, as ``filename*``."""
    return (
        f"attachment; filename=\"{ascii_file_name(name)}\"; filename*=UTF-8''{quote(name, safe='')}"
    )
