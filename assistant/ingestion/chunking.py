"""Cut documents into citable chunks made of whole sentences.

A chunk is an exact slice of the document, so its offsets can be cited and
highlighted. It grows sentence by sentence up to a size, prefers to end at a
paragraph, and never ends inside a sentence (so never inside a figure). It
never spans two pages or sections either, so its page or section is exact.
"""

from __future__ import annotations

import bisect
import hashlib
import json
from dataclasses import dataclass

from assistant.ingestion.documents import SourceDocument
from assistant.text.figures import find_figures, is_statistic
from assistant.text.segments import Span, clauses, paragraphs, sentences

# Bump when chunk boundaries or the metadata stored with chunks change: indexes rebuild.
CHUNKER_VERSION = "3"


@dataclass(frozen=True)
class Chunk:
    chunk_id: str
    doc_id: str
    text: str
    start: int
    end: int
    location: str | None

    def embedding_text(self, document: SourceDocument) -> str:
        """What the model sees: the chunk with the document's title as context."""
        meta = document.metadata
        context = " · ".join(x for x in (meta.title, meta.period, meta.locality) if x)
        return f"{context}\n{self.text}"


def _chunk_id(document: SourceDocument, start: int, text: str) -> str:
    # The document's fingerprint is part of the id: an edited document gets new
    # ids, so its new chunks never overwrite the ones readers still see.
    key = f"{document.doc_id}\x00{document.fingerprint}\x00{CHUNKER_VERSION}\x00{start}\x00{text}"
    return hashlib.sha256(key.encode()).hexdigest()[:32]


def _sentence_groups(text: str, max_chars: int, min_chars: int,
                     boundaries: tuple[int, ...] = ()) -> list[Span]:
    groups: list[Span] = []
    current: Span | None = None
    for paragraph in paragraphs(text):
        for sentence in sentences(text, paragraph):
            if current is None:
                current = sentence
                continue
            starts_paragraph = sentence.start == paragraph.start
            too_big = sentence.end - current.start > max_chars
            following = bisect.bisect_right(boundaries, current.start)
            crosses = following < len(boundaries) and boundaries[following] <= sentence.start
            if too_big or crosses or (starts_paragraph and current.end - current.start >= min_chars):
                groups.append(current)
                current = sentence
            else:
                current = Span(current.start, sentence.end)
    if current is not None:
        groups.append(current)
    return groups


def chunk_document(
    document: SourceDocument, max_chars: int = 900, min_chars: int = 200
) -> list[Chunk]:
    chunks = []
    boundaries = tuple(offset for offset, _ in document.locations)
    for span in _sentence_groups(document.text, max_chars, min_chars, boundaries):
        text = span.of(document.text)
        chunks.append(
            Chunk(
                chunk_id=_chunk_id(document, span.start, text),
                doc_id=document.doc_id,
                text=text,
                start=span.start,
                end=span.end,
                location=document.location_at(span.start),
            )
        )
    return chunks


def figures_of(chunk: Chunk) -> str:
    """The chunk's statistics with the clause each belongs to, as JSON.

    Stored with the chunk so the figures table is built at ingest time.
    Offsets are relative to the chunk.
    """
    rows = []
    for sentence in sentences(chunk.text):
        for clause in clauses(chunk.text, sentence):
            clause_text = clause.of(chunk.text)
            if "://" in clause_text:
                continue
            for figure in find_figures(clause_text):
                if is_statistic(figure):
                    rows.append({
                        "figure": figure.text,
                        "kind": figure.kind,
                        "start": clause.start + figure.start,
                        "end": clause.start + figure.end,
                        "clause_start": clause.start,
                        "clause_end": clause.end,
                    })
    return json.dumps(rows, ensure_ascii=False)
