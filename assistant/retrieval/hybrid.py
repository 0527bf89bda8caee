"""Dense (Chroma) and lexical (BM25) retrieval, fused by reciprocal rank.

Dense vectors find paraphrases and other languages; BM25 finds the exact
words, figures and questions typed without diacritics, where e5 alone ranks
the wrong paragraph first. Reciprocal-rank fusion needs no score calibration
between the two.
"""

from __future__ import annotations

import threading
from dataclasses import dataclass
from typing import TYPE_CHECKING, Any

from langchain_core.callbacks import CallbackManagerForRetrieverRun
from langchain_core.documents import Document
from langchain_core.embeddings import Embeddings
from langchain_core.retrievers import BaseRetriever
from pydantic import ConfigDict, PrivateAttr

from assistant.retrieval.lexical import LexicalIndex
from assistant.retrieval.saved_lexical import SavedLexicalIndexes, lexical_text
from assistant.retrieval.store import KnowledgeStore, StoredChunk, visible_in

if TYPE_CHECKING:
    from langchain_chroma import Chroma

RRF_K = 60


@dataclass(frozen=True)
class Snapshot:
    """What one published generation looks like to readers."""

    generation: int
    chunks: list[StoredChunk]
    lexical: LexicalIndex


def reciprocal_rank_fusion(rankings: list[list[str]], k: int = RRF_K) -> dict[str, float]:
    fused: dict[str, float] = {}
    for ranking in rankings:
        for rank, key in enumerate(ranking):
            fused[key] = fused.get(key, 0.0) + 1.0 / (k + rank + 1)
    return fused


class HybridRetriever(BaseRetriever):
    """Top passages of the published generation for a question."""

    model_config = ConfigDict(arbitrary_types_allowed=True)

    store: KnowledgeStore
    embeddings: Embeddings
    k: int = 6
    candidate_k: int = 20
    saved: SavedLexicalIndexes | None = None  # BM25 saved by the ingest, loaded instead of rebuilt

    _snapshot: Snapshot | None = PrivateAttr(default=None)
    _lock: threading.Lock = PrivateAttr(default_factory=threading.Lock)
    _vectors: Chroma | None = PrivateAttr(default=None)

    def snapshot(self) -> Snapshot:
        """The current generation's passages, rebuilt when an ingest publishes."""
        generation = self.store.published()
        with self._lock:
            if self._snapshot is None or self._snapshot.generation != generation:
                generation, chunks = self.store.snapshot()
                self._snapshot = Snapshot(generation, chunks, self._lexical(generation, chunks))
            return self._snapshot

    def _lexical(self, generation: int, chunks: list[StoredChunk]) -> LexicalIndex:
        if self.saved is None:
            return LexicalIndex([lexical_text(c) for c in chunks])
        loaded = self.saved.load(generation, chunks)
        return loaded if loaded is not None else self.saved.build(generation, chunks)

    def _vector_store(self) -> Chroma:
        if self._vectors is None:
            from langchain_chroma import Chroma  # the first question pays for it, not every import

            self._vectors = Chroma(
                client=self.store.client,
                collection_name=self.store.collection_name,
                embedding_function=self.embeddings,
                create_collection_if_not_exists=False,
            )
        return self._vectors

    def _get_relevant_documents(
        self, query: str, *, run_manager: CallbackManagerForRetrieverRun
    ) -> list[Document]:
        snapshot = self.snapshot()
        if not snapshot.chunks or not query.strip():
            return []
        by_id = {c.chunk_id: c for c in snapshot.chunks}
        dense_hits = self._vector_store().similarity_search_with_score(
            query, k=min(self.candidate_k, len(by_id)), filter=visible_in(snapshot.generation)
        )
        dense = [str(doc.id) for doc, _ in dense_hits if doc.id in by_id]
        lexical = [snapshot.chunks[i].chunk_id
                   for i, _ in snapshot.lexical.search(query, self.candidate_k)]
        fused = reciprocal_rank_fusion([dense, lexical])
        best = sorted(fused, key=lambda key: -fused[key])[: self.k]
        return [self._document(by_id[key], fused[key], dense, lexical) for key in best]

    @staticmethod
    def _document(chunk: StoredChunk, score: float, dense: list[str], lexical: list[str]) -> Document:
        metadata: dict[str, Any] = {
            **chunk.metadata,
            "chunk_id": chunk.chunk_id,
            "fusion_score": score,
            "dense_rank": dense.index(chunk.chunk_id) + 1 if chunk.chunk_id in dense else None,
            "lexical_rank": lexical.index(chunk.chunk_id) + 1 if chunk.chunk_id in lexical else None,
        }
        return Document(page_content=chunk.text, metadata=metadata, id=chunk.chunk_id)
