"""The matching worker's auto-tagger and provider index kept on disk between restarts.

Fitting the auto-tagger and building the provider index (the auto-tagger's reading of every
description, BM25, language detection) take most of a worker's warm-up; a restarted worker
loads them from ``settings.MATCHING_INDEX_DIR`` instead, when they were built from exactly what
it would build them from now:

* the **key** of a stored object is a SHA-256 over the engine's source files, the embedder's
  name, the vocabulary, the tagger's settings and the shipped reference texts (tag model) and,
  for the index, every provider profile (text, tags, country …), whether its vector is known and
  the vector itself. A changed profile, a re-embedded one, an edited engine or another model
  gives another key, and the object is rebuilt (never reused stale);
* files are written atomically (a temporary file, then a rename) and **signed** with an HMAC of
  ``SECRET_KEY``: an object is unpickled only when its signature verifies, so a file the
  application did not write is never loaded; anything unreadable counts as missing.

An empty ``MATCHING_INDEX_DIR`` (the tests' default) switches the store off.
"""

from __future__ import annotations

import hashlib
import hmac
import logging
import os
import pickle
import tempfile
from collections.abc import Sequence
from functools import lru_cache
from pathlib import Path
from typing import Any

import numpy as np
import numpy.typing as npt
from django.conf import settings

from crosscluster.engines import matching as matching_package
from crosscluster.engines.matching import Embedder, Profile
from crosscluster.engines.matching.artefacts import default_tag_model, fingerprint
from crosscluster.engines.matching.tagging import TaggerSettings, TagModel
from crosscluster.engines.matching.vocabulary import FACETS, load_vocabulary

logger = logging.getLogger(__name__)

#: bumped when what is stored changes shape
FORMAT = 1
_MAGIC = b"crosscluster-matching\0"

#: tag models loaded or fitted in this process, by key
_TAG_MODELS: dict[str, TagModel] = {}


def directory() -> Path | None:
    """Where the store lives; ``None`` when it is switched off."""
    configured = getattr(settings, "MATCHING_INDEX_DIR", None)
    return Path(configured) if configured else None


@lru_cache(maxsize=1)
def engine_fingerprint() -> str:
    """SHA-256 of the matching engine's source files (any code change invalidates the store)."""
    digest = hashlib.sha256(f"format {FORMAT}".encode())
    root = Path(matching_package.__file__).parent
    for path in sorted(root.glob("*.py")):
        digest.update(b"\0" + path.name.encode() + b"\0" + path.read_bytes())
    return digest.hexdigest()


def tag_model_key(embedder: Embedder) -> str:
    return _tag_model_key(embedder.name)


@lru_cache(maxsize=4)
def _tag_model_key(embedder_name: str) -> str:
    vocabulary = load_vocabulary()
    digest = hashlib.sha256(engine_fingerprint().encode())
    digest.update(b"\0" + fingerprint(embedder_name, vocabulary).encode())
    digest.update(b"\0" + repr(TaggerSettings()).encode())
    return digest.hexdigest()


def pool_key(
    profiles: Sequence[Profile],
    vectors: npt.NDArray[np.floating] | None,
    has_vector: npt.NDArray[np.bool_],
    *,
    embedder: Embedder,
    tag_model_key: str,
) -> str:
    """The key of the index built from exactly these profiles and vectors."""
    vocabulary = load_vocabulary()
    digest = hashlib.sha256(tag_model_key.encode())
    digest.update(b"\0" + embedder.name.encode())
    for facet in FACETS:
        digest.update(b"\0" + "\x1f".join(vocabulary.facet(facet)).encode())
    for profile in profiles:
        digest.update(b"\0" + repr(profile).encode("utf-8"))
    digest.update(b"\0" + np.asarray(has_vector, dtype=bool).tobytes())
    if vectors is not None:
        digest.update(b"\0" + np.ascontiguousarray(vectors, dtype=np.float32).tobytes())
    return digest.hexdigest()


def _signature(payload: bytes) -> bytes:
    return hmac.new(settings.SECRET_KEY.encode(), payload, hashlib.sha256).digest()


def _path(name: str) -> Path | None:
    root = directory()
    return None if root is None else root / f"{name}.pickle"


def save(name: str, key: str, value: Any) -> bool:
    """Store ``value`` under ``name`` for ``key`` (replacing what was there); False if off/failed."""
    path = _path(name)
    if path is None:
        return False
    try:
        payload = pickle.dumps((FORMAT, key, value), protocol=pickle.HIGHEST_PROTOCOL)
        path.parent.mkdir(parents=True, exist_ok=True)
        handle, temporary = tempfile.mkstemp(dir=path.parent, prefix=f".{name}-")
        try:
            with os.fdopen(handle, "wb") as file:
                file.write(_MAGIC + _signature(payload) + payload)
            os.replace(temporary, path)
        except BaseException:
            Path(temporary).unlink(missing_ok=True)
            raise
    except Exception:  # a full disk or a read-only directory must not stop the matching
        logger.exception("could not store the matching %s in %s", name, path)
        return False
    return True


def load(name: str, key: str) -> Any | None:
    """The value stored under ``name`` for exactly ``key``, else ``None``."""
    path = _path(name)
    if path is None or not path.exists():
        return None
    try:
        data = path.read_bytes()
        if not data.startswith(_MAGIC):
            return None
        signature = data[len(_MAGIC) : len(_MAGIC) + 32]
        payload = data[len(_MAGIC) + 32 :]
        if not hmac.compare_digest(signature, _signature(payload)):
            logger.warning("ignoring %s: not signed by this installation", path)
            return None
        stored_format, stored_key, value = pickle.loads(payload)  # noqa: S301 (signed above)
    except Exception:
        logger.exception("could not read %s; rebuilding", path)
        return None
    if stored_format != FORMAT or stored_key != key:
        return None
    return value


def tag_model(embedder: Embedder) -> TagModel:
    """The shipped auto-tagger: from memory, else from the store, else fitted (and stored)."""
    key = tag_model_key(embedder)
    model = _TAG_MODELS.get(key)
    if model is not None:
        return model
    stored = load("tag-model", key)
    if isinstance(stored, TagModel):
        model = stored
    else:
        model = default_tag_model(embedder)
        save("tag-model", key, model)
    _TAG_MODELS.clear()
    _TAG_MODELS[key] = model
    return model
