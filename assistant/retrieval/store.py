"""The chunk store: one Chroma collection per embedding model, published by generation.

Readers must never see a half-finished ingest. Every chunk records the
generation that added it and the one that removed it; the collection's
metadata names the published generation, and a reader only sees chunks with
`added <= published < removed`. An ingest writes generation g+1 beside the
published one and then flips the number in one metadata write. If it dies
first, the next ingest discards what g+1 left behind. Chunks removed by a
generation are deleted only when the next one is published, so a reader that
started just before a publish still finds everything it expects.
"""

from __future__ import annotations

import json
from collections.abc import Iterator
from dataclasses import dataclass
from typing import Any

from chromadb.api import ClientAPI

from assistant.retrieval.connection import FolderGuard

NEVER = 2**62
_PAGE = 2000  # under Chroma's maximum batch (5461) for reads, updates and deletes


@dataclass(frozen=True)
class StoredChunk:
    chunk_id: str
    text: str
    metadata: dict[str, Any]


def visible_in(generation: int) -> dict[str, Any]:
    """Chroma `where` clause for the chunks a reader of `generation` sees."""
    return {"$and": [{"added": {"$lte": generation}}, {"removed": {"$gt": generation}}]}


class KnowledgeStore:
    """Chunks, vectors and their generations for one embedding model."""

    def __init__(self, client: ClientAPI, index_name: str, model_key: str,
                 guard: FolderGuard | None = None) -> None:
        self.client = client
        self.guard = guard
        self.collection_name = f"{index_name}-{model_key}"
        self._collection = client.get_or_create_collection(
            self.collection_name,
            embedding_function=None,  # vectors always come from our model, never Chroma's
            configuration={"hnsw": {"space": "cosine"}},
            metadata={"generation": 0},
        )

    def close(self) -> None:
        """Release the client (and the local folder, for other processes)."""
        close = getattr(self.client, "close", None)
        if close is not None:
            close()
        if self.guard is not None:
            self.guard.close()

    def _state(self) -> dict[str, Any]:
        # Re-read every time: another process may have published.
        fresh = self.client.get_collection(self.collection_name, embedding_function=None)
        return dict(fresh.metadata or {})

    def published(self) -> int:
        """The generation readers see now."""
        return int(self._state().get("generation", 0))

    def skipped(self) -> dict[str, tuple[str, str]]:
        """Files the last ingest could not read: doc_id -> (fingerprint, reason)."""
        raw = self._state().get("skipped") or "{}"
        return {k: (str(v[0]), str(v[1])) for k, v in json.loads(str(raw)).items()}

    def _pages(self, where: dict[str, Any], include: list[Any]) -> Iterator[dict[str, Any]]:
        """Everything matching `where`, a page at a time (the set must not change meanwhile)."""
        offset = 0
        while True:
            page = self._collection.get(where=where, include=include, limit=_PAGE, offset=offset)
            if not page["ids"]:
                return
            yield dict(page)
            offset += len(page["ids"])

    def _drain(self, where: dict[str, Any], include: list[Any]) -> Iterator[dict[str, Any]]:
        """Pages of `where` for a caller that moves each page out of it (update or delete).

        Always the first page: paging by offset would skip rows, since each
        handled page leaves the set and the rest shift forward.
        """
        while True:
            page = self._collection.get(where=where, include=include, limit=_PAGE)
            if not page["ids"]:
                return
            yield dict(page)

    def chunks(self, generation: int) -> list[StoredChunk]:
        found = []
        for page in self._pages(visible_in(generation), ["documents", "metadatas"]):
            for chunk_id, text, meta in zip(page["ids"], page["documents"], page["metadatas"], strict=True):
                found.append(StoredChunk(chunk_id, text, dict(meta)))
        return found

    def snapshot(self) -> tuple[int, list[StoredChunk]]:
        """The published generation and all its chunks, read consistently.

        Reading takes several requests. Chunks a reader's generation can see
        are deleted only after two later publishes, so if at most one publish
        happened meanwhile, the pages all belong to one generation.
        """
        while True:
            generation = self.published()
            found = self.chunks(generation)
            if self.published() <= generation + 1:
                return generation, found

    def fingerprints(self, generation: int) -> dict[str, str]:
        """doc_id -> fingerprint of every document visible in `generation`."""
        state: dict[str, str] = {}
        for page in self._pages(visible_in(generation), ["metadatas"]):
            for meta in page["metadatas"]:
                state[str(meta["doc_id"])] = str(meta["fingerprint"])
        return state

    def count(self, generation: int) -> int:
        return sum(len(page["ids"]) for page in self._pages(visible_in(generation), []))

    # Writers below run only under the ingest lock.

    def discard_unpublished(self, published: int) -> int:
        """Undo what a dead ingest left: chunks it added, retirements it marked."""
        discarded = 0
        for page in self._drain({"added": {"$gt": published}}, []):
            self._collection.delete(ids=page["ids"])
            discarded += len(page["ids"])
        marked = {"$and": [{"removed": {"$gt": published}}, {"removed": {"$lt": NEVER}}]}
        for page in self._drain(marked, ["metadatas"]):
            restored = [{**meta, "removed": NEVER} for meta in page["metadatas"]]
            self._collection.update(ids=page["ids"], metadatas=restored)  # type: ignore[arg-type]
        return discarded

    def add(self, ids: list[str], texts: list[str], embeddings: list[list[float]],
            metadatas: list[dict[str, Any]], generation: int) -> None:
        stamped = [{**meta, "added": generation, "removed": NEVER} for meta in metadatas]
        self._collection.upsert(ids=ids, documents=texts, embeddings=embeddings,  # type: ignore[arg-type]
                                metadatas=stamped)  # type: ignore[arg-type]

    def retire(self, doc_id: str, published: int, generation: int) -> int:
        """Hide a document's chunks from `generation` on (still visible until published)."""
        # After discard_unpublished, "visible in published" is exactly "added by then, never removed".
        live = {"$and": [{"doc_id": doc_id}, {"added": {"$lte": published}}, {"removed": NEVER}]}
        count = 0
        for page in self._drain(live, ["metadatas"]):
            retired = [{**meta, "removed": generation} for meta in page["metadatas"]]
            self._collection.update(ids=page["ids"], metadatas=retired)  # type: ignore[arg-type]
            count += len(page["ids"])
        return count

    def publish(self, generation: int, skipped: dict[str, tuple[str, str]]) -> None:
        """Make `generation` the one readers see: a single metadata write."""
        record = json.dumps({k: list(v) for k, v in sorted(skipped.items())}, ensure_ascii=False)
        self._collection.modify(metadata={"generation": generation, "skipped": record})

    def purge(self, published: int) -> int:
        """Delete chunks no reader can see any more."""
        purged = 0
        for page in self._drain({"removed": {"$lte": published}}, []):
            self._collection.delete(ids=page["ids"])
            purged += len(page["ids"])
        return purged
