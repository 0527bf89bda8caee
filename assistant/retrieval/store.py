"""The chunk store: one Chroma collection per embedding model, published by generation.

Readers must never see a half-finished ingest. Every chunk records the
generation that added it and the one that removed it; the collection's
metadata names the published generation, and a reader only sees chunks with
`added <= published < removed`. An ingest writes generation g+1 beside the
published one and then flips the number in one metadata write. If it dies
first, the next ingest discards what g+1 left behind.
"""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import dataclass
from typing import Any

import chromadb
from chromadb.api import ClientAPI
from chromadb.config import Settings as ChromaSettings

from assistant.settings import Settings

NEVER = 2**62
_PAGE = 2000


def make_client(settings: Settings) -> ClientAPI:
    """A Chroma client: a server when one is configured, else a local folder."""
    chroma_settings = ChromaSettings(anonymized_telemetry=False, allow_reset=False)
    if settings.chroma_host:
        return chromadb.HttpClient(
            host=settings.chroma_host, port=settings.chroma_port, settings=chroma_settings
        )
    settings.index_dir.mkdir(parents=True, exist_ok=True)
    return chromadb.PersistentClient(path=str(settings.index_dir), settings=chroma_settings)


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

    def __init__(self, client: ClientAPI, index_name: str, model_key: str) -> None:
        self.client = client
        self.collection_name = f"{index_name}-{model_key}"
        self._collection = client.get_or_create_collection(
            self.collection_name,
            embedding_function=None,  # vectors always come from our model, never Chroma's
            configuration={"hnsw": {"space": "cosine"}},
            metadata={"generation": 0},
        )

    def published(self) -> int:
        """The generation readers see now (re-read: another process may publish)."""
        fresh = self.client.get_collection(self.collection_name, embedding_function=None)
        return int((fresh.metadata or {}).get("generation", 0))

    def _pages(self, where: dict[str, Any], include: list[Any]) -> Iterator[dict[str, Any]]:
        offset = 0
        while True:
            page = self._collection.get(where=where, include=include, limit=_PAGE, offset=offset)
            if not page["ids"]:
                return
            yield dict(page)
            offset += len(page["ids"])

    def chunks(self, generation: int) -> list[StoredChunk]:
        found = []
        for page in self._pages(visible_in(generation), ["documents", "metadatas"]):
            for chunk_id, text, meta in zip(page["ids"], page["documents"], page["metadatas"], strict=True):
                found.append(StoredChunk(chunk_id, text, dict(meta)))
        return found

    def fingerprints(self, generation: int) -> dict[str, str]:
        """doc_id -> fingerprint of every document visible in `generation`."""
        state: dict[str, str] = {}
        for page in self._pages(visible_in(generation), ["metadatas"]):
            for meta in page["metadatas"]:
                state[str(meta["doc_id"])] = str(meta["fingerprint"])
        return state

    # Writers below run only under the ingest lock.

    def discard_unpublished(self, published: int) -> int:
        """Undo what a dead ingest left: chunks it added, retirements it marked."""
        newer: Any = {"added": {"$gt": published}}
        leftovers = self._collection.get(where=newer, include=[])
        if leftovers["ids"]:
            self._collection.delete(ids=leftovers["ids"])
        for page in self._pages({"$and": [{"removed": {"$gt": published}}, {"removed": {"$lt": NEVER}}]},
                                ["metadatas"]):
            restored = [{**meta, "removed": NEVER} for meta in page["metadatas"]]
            self._collection.update(ids=page["ids"], metadatas=restored)  # type: ignore[arg-type]
        return len(leftovers["ids"])

    def add(self, ids: list[str], texts: list[str], embeddings: list[list[float]],
            metadatas: list[dict[str, Any]], generation: int) -> None:
        stamped = [{**meta, "added": generation, "removed": NEVER} for meta in metadatas]
        self._collection.upsert(ids=ids, documents=texts, embeddings=embeddings,  # type: ignore[arg-type]
                                metadatas=stamped)  # type: ignore[arg-type]

    def retire(self, doc_id: str, published: int, generation: int) -> int:
        """Hide a document's chunks from `generation` on (still visible until published)."""
        where = {"$and": [{"doc_id": doc_id}, visible_in(published)]}
        count = 0
        for page in self._pages(where, ["metadatas"]):
            retired = [{**meta, "removed": generation} for meta in page["metadatas"]]
            self._collection.update(ids=page["ids"], metadatas=retired)  # type: ignore[arg-type]
            count += len(page["ids"])
        return count

    def publish(self, generation: int) -> None:
        self._collection.modify(metadata={"generation": generation})

    def purge(self, published: int) -> None:
        """Delete chunks no reader can see any more."""
        retired: Any = {"removed": {"$lte": published}}
        gone = self._collection.get(where=retired, include=[])
        if gone["ids"]:
            self._collection.delete(ids=gone["ids"])

    def count(self, generation: int) -> int:
        return sum(len(page["ids"]) for page in self._pages(visible_in(generation), []))
