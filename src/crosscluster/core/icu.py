"""ICU, where it is installed: the one place that imports it.

ICU comes in a self-contained wheel (``pyicu-wheels``, its own copy of the ICU libraries; no
system package), built for Linux only. It is imported when first needed (a list sorted by a
language's alphabet, zones named in a language, a percentage written a language's way, a
Cyrillic or Greek region name in Latin letters), so a process that needs none of them never
loads it; where the wheel is missing, :func:`module` and :func:`locale` answer None and each
caller has a plain fallback (accent-free sorting, the IANA ids, "66.7%", the name as written). Callers cache what they build per language; this module caches nothing, so a test
can hide the wheel (``sys.modules["icu"] = None``) and see the fallback.
"""

from __future__ import annotations

from typing import Any


def module() -> Any | None:
    """The ``icu`` module, or None where the wheel is not installed."""
    try:
        import icu
    except ImportError:
        return None
    return icu


def available() -> bool:
    """Whether ICU can be used in this process."""
    return module() is not None


def locale(language: str) -> Any | None:
    """ICU's locale for a language code ("de"), or None where the wheel is not installed."""
    icu = module()
    return None if icu is None else icu.Locale(language)
