"""Provider vectors shipped with the package, so a fresh demo does not embed 2,300 profiles.

``data/marketplace/provider-vectors.npz`` maps the SHA-256 of a profile's passage (the exact text
the worker would embed, :func:`crosscluster.marketplace.adapters.text_hash`) to its e5 passage
vector (float16), for one embedder (its name is stored in the file). The worker uses a shipped
vector only when both the embedder's name and the text hash agree; a changed profile (another
hash) or another model finds nothing here and is embedded as before. Nothing is keyed by database
id, so the file works for any database loaded with the same demo texts.

Rebuild it after changing the demo's organisations or the embedder:

    crosscluster seed_demo && crosscluster build_provider_vectors

Django-free on purpose (numpy only): the pipeline and the command read it.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from functools import lru_cache
from importlib import resources
from pathlib import Path

import numpy as np
import numpy.typing as npt

FILE_NAME = "provider-vectors.npz"


def default_path() -> Path:
    return Path(str(resources.files("crosscluster").joinpath("data", "marketplace", FILE_NAME)))


@dataclass(frozen=True, eq=False)
class PrecomputedVectors:
    """Passage vectors keyed by text hash, made by the embedder called ``model_name``."""

    model_name: str
    dimension: int
    rows: Mapping[str, int]
    vectors: npt.NDArray[np.float16]

    def __len__(self) -> int:
        return len(self.rows)

    def get(self, *, model_name: str, text_hash: str) -> npt.NDArray[np.float32] | None:
        """The shipped vector of this text by this model, or None (then embed it)."""
        if model_name != self.model_name:
            return None
        row = self.rows.get(text_hash)
        if row is None:
            return None
        vector = self.vectors[row].astype(np.float32)
        norm = float(np.linalg.norm(vector))
        return vector / norm if norm > 0 else vector


EMPTY = PrecomputedVectors(
    model_name="", dimension=0, rows={}, vectors=np.zeros((0, 0), dtype=np.float16)
)


def read(path: Path) -> PrecomputedVectors:
    if not path.exists():
        return EMPTY
    with np.load(path, allow_pickle=False) as stored:
        hashes = [str(value) for value in stored["hashes"]]
        vectors = stored["vectors"].astype(np.float16)
        return PrecomputedVectors(
            model_name=str(stored["model_name"]),
            dimension=int(vectors.shape[1]) if vectors.ndim == 2 else 0,
            rows={value: row for row, value in enumerate(hashes)},
            vectors=vectors,
        )


@lru_cache(maxsize=1)
def load() -> PrecomputedVectors:
    """The shipped file (read once per process); empty when it is absent."""
    return read(default_path())


def write(path: Path, *, model_name: str, vectors: Mapping[str, npt.NDArray[np.floating]]) -> int:
    """Write ``{text hash: passage vector}`` (sorted by hash, so the file is reproducible)."""
    path.parent.mkdir(parents=True, exist_ok=True)
    hashes = sorted(vectors)
    dimension = len(next(iter(vectors.values()))) if vectors else 0
    matrix = (
        np.stack([np.asarray(vectors[key], dtype=np.float32) for key in hashes])
        if hashes
        else np.zeros((0, dimension), dtype=np.float32)
    )
    np.savez_compressed(
        path,
        allow_pickle=False,
        model_name=np.array(model_name),
        hashes=np.array(hashes, dtype="U64"),
        vectors=matrix.astype(np.float16),
    )
    return len(hashes)
