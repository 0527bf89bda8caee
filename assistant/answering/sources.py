"""What a reader checks an answer against: every figure, every passage, every document.

The figures table is read from the `figures` metadata that ingestion stores
with each chunk, so it always matches the published index. A document's text
is the text as ingested (the coordinates of every citation): it is re-read
from the knowledge folder when the file still matches the index, and rebuilt
from the indexed chunks when it does not.
"""

from __future__ import annotations

import json
import logging
import threading
from dataclasses import dataclass
from pathlib import Path

from assistant.answering.answer import Citation
from assistant.ingestion.documents import load_document
from assistant.ingestion.readers import ReadError
from assistant.retrieval.store import KnowledgeStore, StoredChunk
from assistant.text.vietnamese import fold

log = logging.getLogger(__name__)


@dataclass(frozen=True)
class FigureEntry:
    """One statistic of the knowledge base and the clause that says what it measures."""

    figure: str
    kind: str
    clause: str
    doc_id: str
    title: str
    start: int  # document coordinates of the figure
    end: int
    clause_start: int  # ... and of its clause
    clause_end: int
    chunk_id: str

    @property
    def key(self) -> str:
        """Stable across page loads while the document is unchanged."""
        return f"{self.doc_id}@{self.start}"

    def matches(self, words: list[str]) -> bool:
        """True when every folded query word occurs in the figure, clause or title."""
        digits = self.figure.replace(".", "").replace(",", "")
        haystack = fold(f"{self.figure} {digits} {self.clause} {self.title}")
        return all(word in haystack for word in words)


@dataclass(frozen=True)
class DocumentText:
    """A whole document as ingested, with what a citation shows about it."""

    doc_id: str
    title: str
    text: str
    publisher: str | None
    date: str | None
    url: str | None
    exact: bool  # False: rebuilt from the index because the file changed since


@dataclass(frozen=True)
class _Catalogue:
    generation: int
    chunks: dict[str, StoredChunk]
    figures: list[FigureEntry]


def _optional(chunk: StoredChunk, key: str) -> str | None:
    value = chunk.metadata.get(key)
    return str(value) if value not in (None, "") else None


def _figures_of(chunk: StoredChunk) -> list[FigureEntry]:
    base = int(chunk.metadata.get("start", 0))
    try:
        rows = json.loads(str(chunk.metadata.get("figures") or "[]"))
    except json.JSONDecodeError:
        log.warning("Chunk %s has unreadable figures metadata", chunk.chunk_id)
        return []
    return [
        FigureEntry(
            figure=str(row["figure"]),
            kind=str(row.get("kind", "")),
            clause=chunk.text[row["clause_start"] : row["clause_end"]],
            doc_id=str(chunk.metadata.get("doc_id", "")),
            title=str(chunk.metadata.get("title", "")),
            start=base + int(row["start"]),
            end=base + int(row["end"]),
            clause_start=base + int(row["clause_start"]),
            clause_end=base + int(row["clause_end"]),
            chunk_id=chunk.chunk_id,
        )
        for row in rows
    ]


class SourceLibrary:
    """Read-only views of the published index for people checking figures."""

    def __init__(self, store: KnowledgeStore, knowledge_dir: Path) -> None:
        self.store = store
        self.knowledge_dir = knowledge_dir
        self._catalogue: _Catalogue | None = None
        self._documents: dict[tuple[int, str], DocumentText] = {}
        self._lock = threading.Lock()

    def _current(self) -> _Catalogue:
        generation = self.store.published()
        with self._lock:
            if self._catalogue is None or self._catalogue.generation != generation:
                generation, found = self.store.snapshot()
                chunks = sorted(found, key=lambda c: (str(c.metadata.get("doc_id")), int(c.metadata.get("start", 0))))
                figures = [entry for chunk in chunks for entry in _figures_of(chunk)]
                self._catalogue = _Catalogue(generation, {c.chunk_id: c for c in chunks}, figures)
                self._documents = {}
            return self._catalogue

    def figures(self) -> list[FigureEntry]:
        """Every statistic, in document order."""
        return list(self._current().figures)

    def find_figures(self, query: str) -> list[FigureEntry]:
        """Figures whose figure, clause or document title hold every word of the query.

        Matching ignores case and diacritics ("ho ngheo" finds "hộ nghèo") and
        digit grouping ("20498" finds "20.498").
        """
        words = fold(query).split()
        return [entry for entry in self._current().figures if entry.matches(words)]

    def figure(self, key: str) -> FigureEntry | None:
        return next((entry for entry in self._current().figures if entry.key == key), None)

    def figure_citation(self, entry: FigureEntry) -> Citation | None:
        """The figure as a citation: its clause highlighted inside its passage."""
        chunk = self._current().chunks.get(entry.chunk_id)
        if chunk is None:
            return None
        base = int(chunk.metadata.get("start", 0))
        return Citation(
            n=1, document=entry.doc_id, title=entry.title, url=_optional(chunk, "url"),
            quote=entry.clause, start=entry.clause_start, end=entry.clause_end,
            highlight_start=entry.clause_start, highlight_end=entry.clause_end,
            publisher=_optional(chunk, "publisher"), date=_optional(chunk, "date"),
            period=_optional(chunk, "period"), location=_optional(chunk, "location"),
            passage=chunk.text, passage_start=base,
        )

    def document(self, doc_id: str) -> DocumentText | None:
        """The document as ingested, or None when the index holds no such document."""
        catalogue = self._current()
        pieces = [c for c in catalogue.chunks.values() if c.metadata.get("doc_id") == doc_id]
        if not pieces:
            return None  # never a path the index does not list
        with self._lock:
            cached = self._documents.get((catalogue.generation, doc_id))
        if cached:
            return cached
        text, exact = self._file_text(doc_id, pieces), True
        if text is None:
            text, exact = self._rebuilt_text(pieces), False
        first = pieces[0]
        document = DocumentText(doc_id, str(first.metadata.get("title", doc_id)), text,
                                _optional(first, "publisher"), _optional(first, "date"),
                                _optional(first, "url"), exact)
        with self._lock:
            self._documents[(catalogue.generation, doc_id)] = document
        return document

    def _file_text(self, doc_id: str, pieces: list[StoredChunk]) -> str | None:
        root = self.knowledge_dir.resolve()
        path = (root / doc_id).resolve()
        if not path.is_relative_to(root) or not path.is_file():
            return None
        try:
            text = load_document(root, path).text
        except (ReadError, OSError) as error:
            log.warning("Cannot re-read %s: %s", doc_id, error)
            return None
        # Offsets are only trustworthy if every chunk still sits where it was cut.
        for chunk in pieces:
            start, end = int(chunk.metadata["start"]), int(chunk.metadata["end"])
            if text[start:end] != chunk.text:
                log.info("%s changed since it was indexed; showing the indexed text", doc_id)
                return None
        return text

    @staticmethod
    def _rebuilt_text(pieces: list[StoredChunk]) -> str:
        """The indexed chunks at their offsets; what lay between them becomes spaces."""
        length = max(int(c.metadata["end"]) for c in pieces)
        buffer = [" "] * length
        for chunk in pieces:
            start = int(chunk.metadata["start"])
            buffer[start : start + len(chunk.text)] = chunk.text
        return "".join(buffer)
