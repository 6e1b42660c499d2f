"""Lexical relevance: BM25 (bm25s) over accent-folded, stop-worded, prefix-truncated tokens.

Tokens are lower-cased and stripped of accents, stop words of the partnership's six languages are
dropped, and every token is cut to its first ``prefix`` characters (truncation "stemming", which
works about as well as a real stemmer across many languages and needs no per-language rules:
"robot", "robots", "robotics" and "Roboter" share "robot").
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from dataclasses import dataclass
from functools import lru_cache

import bm25s
import bm25s.stopwords
import numpy as np
import numpy.typing as npt

from crosscluster.engines.matching.embedder import fold_text

_TOKEN = re.compile(r"\w\w+", re.UNICODE)
DEFAULT_PREFIX = 5


@lru_cache(maxsize=1)
def stop_words() -> frozenset[str]:
    lists = (
        bm25s.stopwords.STOPWORDS_EN_PLUS,
        bm25s.stopwords.STOPWORDS_GERMAN,
        bm25s.stopwords.STOPWORDS_ITALIAN,
        bm25s.stopwords.STOPWORDS_FRENCH,
        bm25s.stopwords.STOPWORDS_SPANISH,
        bm25s.stopwords.STOPWORDS_SWEDISH,
    )
    return frozenset(fold_text(word) for words in lists for word in words)


@lru_cache(maxsize=65536)
def _word_token(word: str, prefix: int) -> str | None:
    folded = fold_text(word)
    if folded in stop_words() or folded.isdigit() or len(folded) < 2:
        return None
    return folded[:prefix] if prefix else folded


def tokenise(text: str, *, prefix: int = DEFAULT_PREFIX) -> list[str]:
    """Folded, stop-worded, truncated tokens of ``text`` (digits-only tokens dropped)."""
    stops = stop_words()
    tokens = []
    for token in _TOKEN.findall(fold_text(text)):
        if token in stops or token.isdigit():
            continue
        tokens.append(token[:prefix] if prefix else token)
    return tokens


@dataclass(frozen=True, eq=False)
class LexicalIndex:
    """BM25 over a fixed list of documents; :meth:`scores` returns one score per document."""

    retriever: bm25s.BM25
    size: int
    prefix: int

    def scores(self, query: str) -> npt.NDArray[np.float32]:
        if self.size == 0:
            return np.zeros(0, dtype=np.float32)
        known = self.retriever.vocab_dict
        ids = [known[token] for token in tokenise(query, prefix=self.prefix) if token in known]
        if not ids:
            return np.zeros(self.size, dtype=np.float32)
        return np.asarray(self.retriever.get_scores_from_ids(ids), dtype=np.float32)[: self.size]

    def matched_terms(self, query: str, document: str, *, limit: int = 5) -> list[str]:
        """Words of ``query`` (as written) whose token also occurs in ``document``."""
        document_tokens = set(tokenise(document, prefix=self.prefix))
        seen: set[str] = set()
        words = []
        for word in _TOKEN.findall(query):
            token = _word_token(word, self.prefix)
            if token and token in document_tokens and token not in seen:
                seen.add(token)
                words.append(word)
        return words[:limit]


def build_lexical_index(
    documents: Sequence[str], *, prefix: int = DEFAULT_PREFIX, k1: float = 1.2, b: float = 0.75
) -> LexicalIndex:
    retriever = bm25s.BM25(k1=k1, b=b)
    corpus = [tokenise(document, prefix=prefix) or ["\u2205"] for document in documents]
    if corpus:
        retriever.index(corpus, show_progress=False)
    return LexicalIndex(retriever=retriever, size=len(documents), prefix=prefix)
