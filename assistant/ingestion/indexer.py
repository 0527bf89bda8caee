"""Bring the store in line with the knowledge folder, touching only what changed."""

from __future__ import annotations

import time
from collections.abc import Callable, Iterable
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from filelock import FileLock, Timeout
from langchain_core.embeddings import Embeddings
from tqdm import tqdm

from assistant.ingestion.chunking import CHUNKER_VERSION, Chunk, chunk_document, figures_of
from assistant.ingestion.documents import SkippedFile, SourceDocument, load_documents
from assistant.retrieval.store import KnowledgeStore

_EMBED_BATCH = 64


class IngestBusy(RuntimeError):
    """Another ingest holds the lock."""


@dataclass
class IngestReport:
    added_documents: list[str] = field(default_factory=list)
    updated_documents: list[str] = field(default_factory=list)
    removed_documents: list[str] = field(default_factory=list)
    unchanged_documents: list[str] = field(default_factory=list)
    skipped: list[SkippedFile] = field(default_factory=list)
    chunks_written: int = 0
    chunks_total: int = 0
    generation: int = 0
    seconds: float = 0.0

    @property
    def changed(self) -> bool:
        return bool(self.added_documents or self.updated_documents or self.removed_documents)


def _fingerprint(document: SourceDocument) -> str:
    # The chunker version is part of the fingerprint: new boundaries mean new chunks.
    return f"{document.fingerprint}:{CHUNKER_VERSION}"


def _metadata(document: SourceDocument, chunk: Chunk) -> dict[str, Any]:
    return {
        "doc_id": document.doc_id,
        "fingerprint": _fingerprint(document),
        "start": chunk.start,
        "end": chunk.end,
        "location": chunk.location or "",
        "figures": figures_of(chunk),
        **document.metadata.as_chroma(),
    }


class Indexer:
    """Ingests a folder into a store; one at a time per data folder."""

    def __init__(self, store: KnowledgeStore, embeddings: Embeddings, knowledge_dir: Path,
                 lock_path: Path) -> None:
        self.store = store
        self.embeddings = embeddings
        self.knowledge_dir = knowledge_dir
        self.lock_path = lock_path

    def is_stale(self) -> bool:
        """True when the folder holds documents the published index does not match."""
        wanted = {d.doc_id: _fingerprint(d) for d in load_documents(self.knowledge_dir)
                  if isinstance(d, SourceDocument)}
        return wanted != self.store.fingerprints(self.store.published())

    def ingest(self, wait_seconds: float = 0.0, progress: bool = True,
               on_document: Callable[[str], None] | None = None) -> IngestReport:
        self.lock_path.parent.mkdir(parents=True, exist_ok=True)
        lock = FileLock(str(self.lock_path))
        try:
            lock.acquire(timeout=wait_seconds)
        except Timeout:
            raise IngestBusy(
                f"Another ingest is running (lock {self.lock_path}); wait for it or retry later."
            ) from None
        try:
            return self._ingest_locked(progress, on_document)
        finally:
            lock.release()

    def _ingest_locked(self, progress: bool,
                       on_document: Callable[[str], None] | None) -> IngestReport:
        started = time.perf_counter()
        report = IngestReport()
        published = self.store.published()
        self.store.discard_unpublished(published)
        generation = published + 1
        indexed = self.store.fingerprints(published)
        documents: list[SourceDocument] = []
        for item in load_documents(self.knowledge_dir):
            if isinstance(item, SkippedFile):
                report.skipped.append(item)
                # An unreadable file keeps what was indexed of it before.
                indexed.pop(item.doc_id, None)
            elif indexed.get(item.doc_id) == _fingerprint(item):
                report.unchanged_documents.append(item.doc_id)
            else:
                documents.append(item)
                (report.updated_documents if item.doc_id in indexed else report.added_documents
                 ).append(item.doc_id)
        present = set(report.unchanged_documents) | {d.doc_id for d in documents}
        report.removed_documents = sorted(
            set(indexed) - present - {s.doc_id for s in report.skipped})
        for doc_id in report.removed_documents + report.updated_documents:
            self.store.retire(doc_id, published, generation)
        report.chunks_written = self._write(documents, generation, progress, on_document)
        if report.changed:
            self.store.publish(generation)
            self.store.purge(published)
            published = generation
        report.generation = published
        report.chunks_total = self.store.count(published)
        report.seconds = time.perf_counter() - started
        return report

    def _write(self, documents: Iterable[SourceDocument], generation: int, progress: bool,
               on_document: Callable[[str], None] | None) -> int:
        pending = [(doc, chunk) for doc in documents for chunk in chunk_document(doc)]
        bar = tqdm(total=len(pending), unit="chunk", desc="Embedding", disable=not progress)
        written = 0
        for begin in range(0, len(pending), _EMBED_BATCH):
            batch = pending[begin : begin + _EMBED_BATCH]
            vectors = self.embeddings.embed_documents([c.embedding_text(d) for d, c in batch])
            self.store.add(
                ids=[c.chunk_id for _, c in batch],
                texts=[c.text for _, c in batch],
                embeddings=vectors,
                metadatas=[_metadata(d, c) for d, c in batch],
                generation=generation,
            )
            written += len(batch)
            bar.update(len(batch))
            if on_document:
                on_document(batch[-1][1].doc_id)
        bar.close()
        return written
