"""Rebuild the shipped provider vectors (data/marketplace/provider-vectors.npz) from the database.

Run it on a database loaded with the demo (``crosscluster seed_demo``). Every provider organisation
is keyed by the SHA-256 of its passage; vectors already in the file (same model, same text) or in
the database's stored vectors are reused, the rest are embedded with the worker's embedder.
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

import numpy as np
from django.core.management.base import CommandParser
from django.utils.translation import gettext, gettext_noop

from crosscluster.core.management.translated import TranslatedHelpCommand
from crosscluster.marketplace import adapters, vector_search
from crosscluster.marketplace.jobs import make_embedder, provider_organisations
from crosscluster.marketplace.models import ProfileVector

BATCH = 32


class Command(TranslatedHelpCommand):
    help = gettext_noop(
        "Rebuild the shipped provider vectors (data/marketplace/provider-vectors.npz) from the database. Run it on a database loaded with the demo (``crosscluster seed_demo``). Every provider organisation is keyed by the SHA-256 of its passage; vectors already in the file (same model, same text) or in the database's stored vectors are reused, the rest are embedded with the worker's embedder."
    )

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument(
            "--output",
            type=Path,
            default=None,
            help=gettext("file to write (default: the shipped one)"),
        )

    def handle(self, *args: Any, **options: Any) -> None:
        path: Path = options["output"] or vector_search.precomputed_path()
        embedder = make_embedder()
        previous = vector_search.read_precomputed(path)
        profiles = [adapters.organisation_profile(o) for o in provider_organisations()]
        wanted = {adapters.text_hash(profile): profile.passage for profile in profiles}
        vectors: dict[str, np.ndarray] = {}
        for text_hash in wanted:
            vector = previous.get(model_name=embedder.name, text_hash=text_hash)
            if vector is not None:
                vectors[text_hash] = vector
        for row in ProfileVector.objects.filter(
            model_name=embedder.name, text_hash__in=[h for h in wanted if h not in vectors]
        ).only("text_hash", "passage"):
            vectors[row.text_hash] = adapters.vector_from_bytes(row.passage)
        missing = [text_hash for text_hash in wanted if text_hash not in vectors]
        self.stdout.write(
            f"{len(wanted):,} provider texts: {len(vectors):,} reused, {len(missing):,} to embed"
        )
        for start in range(0, len(missing), BATCH):
            chunk = missing[start : start + BATCH]
            for text_hash, vector in zip(
                chunk, embedder.embed_passages([wanted[h] for h in chunk]), strict=True
            ):
                vectors[text_hash] = vector
            self.stderr.write(f"\rembedding {min(start + BATCH, len(missing))}/{len(missing)}")
            if (start // BATCH) % 10 == 9:  # a checkpoint every 320 texts
                vector_search.write_precomputed(path, model_name=embedder.name, vectors=vectors)
        written = vector_search.write_precomputed(path, model_name=embedder.name, vectors=vectors)
        self.stdout.write(f"\nwrote {written:,} vectors ({embedder.name}) to {path}")
