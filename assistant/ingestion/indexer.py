"""Bring the store in line with the knowledge folder, touching only what changed.

An ingest first compares each file's fingerprint (a hash of its bytes, no
parsing) with the published index, then reads, chunks, embeds and writes the
changed files one at a time in small batches, so memory stays bounded however
large the folder is. Nothing is visible to readers until the final publish;
see `KnowledgeStore` for why a crash at any point loses nothing.
"""

from __future__ import annotations

import contextlib
import time
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from langchain_core.embeddings import Embeddings
from tqdm import tqdm

from assistant.embedding.threads import torch_threads
from assistant.ingestion.chunking import CHUNKER_VERSION, Chunk, chunk_document, figures_of
from assistant.ingestion.documents import (
    SkippedFile,
    SourceDocument,
    candidate_files,
    document_id,
    file_fingerprint,
    load_document,
)
from assistant.ingestion.locks import IngestBusy, IngestLock
from assistant.ingestion.readers import ReadError
from assistant.retrieval.saved_lexical import SavedLexicalIndexes
from assistant.retrieval.store import KnowledgeStore

__all__ = ["Indexer", "IngestBusy", "IngestProgress", "IngestReport"]


@dataclass(frozen=True)
class IngestProgress:
    """Where an ingest is, for a progress bar: reading a file, embedding chunks, publishing."""

    stage: str  # "reading", "embedding", "publishing"
    document: str | None = None
    embedded: int = 0  # chunks embedded and written so far
    chunks: int = 0  # chunks found so far in the files read


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


@dataclass
class _Plan:
    unchanged: list[str] = field(default_factory=list)
    known_skips: dict[str, tuple[str, str]] = field(default_factory=dict)
    changed: list[tuple[str, Path]] = field(default_factory=list)
    removed: list[str] = field(default_factory=list)


def _versioned(fingerprint: str) -> str:
    # The chunker version is part of the fingerprint: new boundaries mean new chunks.
    return f"{fingerprint}:{CHUNKER_VERSION}"


def _metadata(document: SourceDocument, chunk: Chunk) -> dict[str, Any]:
    return {
        "doc_id": document.doc_id,
        "fingerprint": _versioned(document.fingerprint),
        "start": chunk.start,
        "end": chunk.end,
        "location": chunk.location or "",
        "figures": figures_of(chunk),
        **document.metadata.as_chroma(),
    }


class _Batches:
    """Chunks waiting to be embedded and written, at most `size` at a time."""

    def __init__(self, indexer: Indexer, generation: int,
                 on_progress: Callable[[IngestProgress], None] | None = None) -> None:
        self.indexer = indexer
        self.generation = generation
        self.pending: list[tuple[SourceDocument, Chunk]] = []
        self.written = 0
        self.found = 0
        self.on_progress = on_progress

    def tell(self, stage: str, document: str | None = None) -> None:
        if self.on_progress:
            self.on_progress(IngestProgress(stage, document, self.written, self.found))

    def add(self, document: SourceDocument, chunk: Chunk) -> None:
        self.pending.append((document, chunk))
        if len(self.pending) >= self.indexer.batch_size:
            self.flush()

    def flush(self) -> None:
        if not self.pending:
            return
        batch, self.pending = self.pending, []
        vectors = self.indexer.embeddings.embed_documents([c.embedding_text(d) for d, c in batch])
        self.indexer.store.add(
            ids=[c.chunk_id for _, c in batch],
            texts=[c.text for _, c in batch],
            embeddings=vectors,
            metadatas=[_metadata(d, c) for d, c in batch],
            generation=self.generation,
        )
        self.written += len(batch)
        self.tell("embedding", batch[-1][0].doc_id)


class Indexer:
    """Ingests a folder into a store; one ingest at a time per store (see `locks`)."""

    def __init__(self, store: KnowledgeStore, embeddings: Embeddings, knowledge_dir: Path,
                 lock: IngestLock, batch_size: int = 64, threads: int = 0,
                 lexical: SavedLexicalIndexes | None = None) -> None:
        self.store = store
        self.lexical = lexical
        self.threads = threads
        self.embeddings = embeddings
        self.knowledge_dir = knowledge_dir
        self.lock = lock
        self.batch_size = batch_size

    def _plan(self, indexed: dict[str, str], skips: dict[str, tuple[str, str]]) -> _Plan:
        plan = _Plan()
        present = set()
        for path in candidate_files(self.knowledge_dir):
            doc_id = document_id(self.knowledge_dir, path)
            present.add(doc_id)
            try:
                fingerprint = _versioned(file_fingerprint(path))
            except OSError:
                fingerprint = ""
            if indexed.get(doc_id) == fingerprint:
                plan.unchanged.append(doc_id)
            elif doc_id in skips and skips[doc_id][0] == fingerprint:
                plan.known_skips[doc_id] = skips[doc_id]
            else:
                plan.changed.append((doc_id, path))
        plan.removed = sorted(set(indexed) - present)
        return plan

    def is_stale(self) -> bool:
        """True when the folder holds files the published index does not match."""
        published = self.store.published()
        plan = self._plan(self.store.fingerprints(published), self.store.skipped())
        return bool(plan.changed or plan.removed)

    def ingest(self, wait_seconds: float = 0.0, progress: bool = True,
               on_document: Callable[[str], None] | None = None,
               on_progress: Callable[[IngestProgress], None] | None = None) -> IngestReport:
        """`on_document` hears each file once it is done; `on_progress`, every step (see IngestProgress)."""
        self.lock.acquire(wait_seconds)
        try:
            with torch_threads(self.threads):
                return self._ingest_locked(progress, on_document, on_progress)
        finally:
            self.lock.release()

    def _ingest_locked(self, progress: bool, on_document: Callable[[str], None] | None,
                       on_progress: Callable[[IngestProgress], None] | None) -> IngestReport:
        started = time.perf_counter()
        report = IngestReport()
        published = self.store.published()
        self.store.discard_unpublished(published)
        generation = published + 1
        indexed = self.store.fingerprints(published)
        old_skips = self.store.skipped()
        plan = self._plan(indexed, old_skips)
        report.unchanged_documents = plan.unchanged
        report.removed_documents = plan.removed
        skips = dict(plan.known_skips)
        report.skipped = [SkippedFile(doc_id, reason) for doc_id, (_, reason) in skips.items()]
        for doc_id in plan.removed:
            self.store.retire(doc_id, published, generation)
        batches = _Batches(self, generation, on_progress)
        bar = tqdm(total=len(plan.changed), unit="doc", desc="Ingesting", disable=not progress)
        for doc_id, path in plan.changed:
            batches.tell("reading", doc_id)
            try:
                document = load_document(self.knowledge_dir, path)
            except (ReadError, OSError) as error:
                # An unreadable file keeps what was indexed of it before.
                report.skipped.append(SkippedFile(doc_id, str(error)))
                if doc_id in indexed:
                    report.unchanged_documents.append(doc_id)
                with contextlib.suppress(OSError):
                    skips[doc_id] = (_versioned(file_fingerprint(path)), str(error))
            else:
                if doc_id in indexed:
                    self.store.retire(doc_id, published, generation)
                    report.updated_documents.append(doc_id)
                else:
                    report.added_documents.append(doc_id)
                chunks = list(chunk_document(document))
                batches.found += len(chunks)
                batches.tell("embedding", doc_id)
                for chunk in chunks:
                    batches.add(document, chunk)
            bar.update(1)
            bar.set_postfix(chunks=batches.written + len(batches.pending), refresh=False)
            if on_document:
                on_document(doc_id)
        batches.flush()
        bar.close()
        report.chunks_written = batches.written
        if report.changed and self.lexical is not None:
            # Saved inside the generation, before readers can see it: they load it, not rebuild it.
            self.lexical.build(generation, self.store.chunks(generation))
        if report.changed or skips != old_skips:
            batches.tell("publishing")
            self.lock.confirm()
            self.store.publish(generation if report.changed else published, skips)
        if report.changed:
            self.store.purge(published)
            if self.lexical is not None:
                self.lexical.prune(keep_from=published)  # a reader may still be on `published`
            published = generation
        report.generation = published
        report.chunks_total = self.store.count(published)
        report.seconds = time.perf_counter() - started
        return report
