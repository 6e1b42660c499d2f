"""The API's OpenAPI schema, built once per code version instead of at every request.

django-ninja builds ``/api/v1/openapi.json`` from every operation's schemas at each request:
1.3-4 s on our 2-core machine, up to 8 s when it is busy, at every request, not only the first. The schema is a function of the code alone (the project's modules and the
installed libraries), so it is kept:

- in the process, after it was built or read once;
- in the shared cache (Redis or the database cache in production), under a key that is a
  fingerprint of the code: the SHA-256 of every ``.py`` file of the ``crosscluster`` package and
  of the name and version of every installed distribution. A deployment with other code has
  another key, so a stale schema is never served; another process or a restart of the same code
  reads it in milliseconds;
- built in the background when a web process starts (:func:`warm_up_in_background`, called by
  ``config.wsgi``), so the first reader does not wait either.

Measured numbers: docs/benchmarks.md "OpenAPI schema".
"""

from __future__ import annotations

import functools
import hashlib
import json
import logging
import threading
from collections.abc import Callable
from importlib import metadata
from pathlib import Path
from typing import Any

from django.conf import settings
from django.core.cache import cache
from ninja.responses import NinjaJSONEncoder

logger = logging.getLogger(__name__)

_built: dict[str, dict[str, Any]] = {}
_lock = threading.Lock()

#: how long the shared cache keeps a schema (a deployment changes the key anyway)
CACHE_SECONDS = 30 * 24 * 3600


@functools.cache
def code_fingerprint() -> str:
    """A SHA-256 of the package's Python source and of every installed distribution's version:
    equal fingerprints, equal schemas."""
    digest = hashlib.sha256()
    package = Path(__file__).resolve().parent.parent
    for path in sorted(package.rglob("*.py")):
        digest.update(str(path.relative_to(package)).encode())
        digest.update(path.read_bytes())
    versions = sorted(
        f"{distribution.metadata['Name']}=={distribution.version}"
        for distribution in metadata.distributions()
    )
    digest.update("\n".join(versions).encode())
    digest.update(repr(settings.LANGUAGES).encode())  # the one setting schemas list (languages)
    return digest.hexdigest()


def cache_key(path_prefix: str) -> str:
    return f"openapi:{code_fingerprint()}:{path_prefix}"


def cached_schema(path_prefix: str, build: Callable[[], dict[str, Any]]) -> dict[str, Any]:
    """The schema for ``path_prefix``: this process's copy, else the shared cache's for this
    code, else ``build()`` (stored in both). Read it, do not change it: it is shared."""
    schema = _built.get(path_prefix)
    if schema is not None:
        return schema
    with _lock:  # one build per process, however many requests arrive meanwhile
        schema = _built.get(path_prefix)
        if schema is not None:
            return schema
        key = cache_key(path_prefix)
        try:
            stored = cache.get(key)
        except Exception:  # the cache is down: build it here, as before
            logger.warning("OpenAPI schema cache unreachable; building the schema", exc_info=True)
            stored = None
        if stored is None:
            # as ninja writes it (lazy texts as text), so a built and a read schema are alike
            stored = json.dumps(build(), cls=NinjaJSONEncoder)
            try:
                cache.set(key, stored, timeout=CACHE_SECONDS)
            except Exception:
                logger.warning("OpenAPI schema not stored in the cache", exc_info=True)
        schema = json.loads(stored)
        _built[path_prefix] = schema
        return schema


def forget() -> None:
    """Drop this process's copy (tests that change the API)."""
    _built.clear()


def warm_up_in_background(build: Callable[[], object]) -> threading.Thread:
    """Call ``build`` (which goes through :func:`cached_schema`) in a daemon thread, so a web
    process that just started answers its first schema request at once."""

    def run() -> None:
        from django.db import connection

        try:
            build()
        except Exception:  # a request will build it instead
            logger.warning("OpenAPI schema warm-up failed", exc_info=True)
        finally:
            connection.close()  # the database cache's connection, in this thread

    thread = threading.Thread(target=run, name="openapi-warm-up", daemon=True)
    thread.start()
    return thread
