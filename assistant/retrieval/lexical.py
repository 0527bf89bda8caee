"""BM25 over Vietnamese text, matched with and without diacritics.

Each passage is indexed three ways: its normalised syllables ("hộ"), the same
without marks ("~ho"), and adjacent unmarked pairs ("~ho_ngheo") so that a
compound outweighs its syllables scattered. A question typed without marks
uses only the unmarked forms; one typed with marks uses all three, so exact
spelling still counts for more.
"""

from __future__ import annotations

import itertools
import logging
from collections.abc import Sequence
from pathlib import Path

import bm25s
import numpy as np

from assistant.text.vietnamese import both_tokens, folded_tokens, has_diacritics

# bm25s logs every index build at DEBUG on its own handler; that is noise here.
logging.getLogger("bm25s").setLevel(logging.WARNING)


def _unmarked_terms(folded: list[str]) -> list[str]:
    pairs = [f"~{a}_{b}" for a, b in itertools.pairwise(folded)]
    return [f"~{t}" for t in folded] + pairs


def index_terms(text: str) -> list[str]:
    marked, folded = both_tokens(text)
    return marked + _unmarked_terms(folded)


def query_terms(text: str) -> list[str]:
    return index_terms(text) if has_diacritics(text) else _unmarked_terms(folded_tokens(text))


class LexicalIndex:
    """Ranks passages for a question; passages are given once, by position."""

    def __init__(self, passages: Sequence[str]) -> None:
        self.size = len(passages)
        self._bm25 = bm25s.BM25()
        if passages:
            self._bm25.index([index_terms(p) for p in passages], show_progress=False)

    def save(self, folder: Path) -> None:
        """Write the index's files into `folder` (bm25s' own format, no pickles)."""
        self._bm25.save(str(folder), show_progress=False)

    @classmethod
    def load(cls, folder: Path, size: int) -> LexicalIndex:
        """An index saved by `save` over `size` passages; raises if its files are unusable."""
        index = cls([])
        index.size = size
        index._bm25 = bm25s.BM25.load(str(folder), show_progress=False)
        documents = index._bm25.scores.get("num_docs")
        if documents != size:
            raise ValueError(f"saved index covers {documents} passages, expected {size}")
        return index

    def search(self, question: str, k: int) -> list[tuple[int, float]]:
        """(passage position, score) pairs, best first, score > 0 only."""
        terms = query_terms(question)
        if not self.size or not terms:
            return []
        scores = self._bm25.get_scores(terms)
        best = np.argsort(-scores)[:k]
        return [(int(i), float(scores[i])) for i in best if scores[i] > 0]
