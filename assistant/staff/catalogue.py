"""Every document of the knowledge base, as staff see it: indexed, unreadable, or waiting.

Read from the published generation (title, period, chunks, figures, ...)
and from the folder (when the file was added), so a file copied in by hand
but not yet ingested, or one the last ingest could not read, shows too.
"""

from __future__ import annotations

import json
from dataclasses import dataclass
from datetime import datetime
from pathlib import Path

from assistant.ingestion.documents import candidate_files, document_id
from assistant.ingestion.uploads import read_error_message
from assistant.retrieval.store import KnowledgeStore

INDEXED = "Đã đưa vào kho"
WAITING = "Chưa đưa vào kho (chờ cập nhật)"
GONE = "Tệp đã bị xoá khỏi thư mục (chờ cập nhật)"
_DESCRIBED = ("title", "period", "locality", "publisher")


@dataclass(frozen=True)
class DocumentRow:
    name: str  # the file, relative to the knowledge folder: what /remove_document takes
    title: str = ""
    period: str = ""
    locality: str = ""
    publisher: str = ""
    chunks: int = 0
    figures: int = 0
    added: str = ""  # when the file was put in the folder, dd/mm/yyyy HH:MM
    status: str = INDEXED

    @property
    def indexed(self) -> bool:
        return self.chunks > 0


def _figure_count(raw: object) -> int:
    try:
        return len(json.loads(str(raw or "[]")))
    except ValueError:
        return 0


def _added(path: Path | None) -> str:
    try:
        return datetime.fromtimestamp(path.stat().st_mtime).strftime("%d/%m/%Y %H:%M") if path else ""
    except OSError:
        return ""


def catalogue(store: KnowledgeStore, knowledge_dir: Path) -> list[DocumentRow]:
    """One row per document, sorted by file name."""
    described: dict[str, dict[str, str]] = {}
    chunks: dict[str, int] = {}
    figures: dict[str, int] = {}
    for chunk in store.chunks(store.published()):
        name = str(chunk.metadata.get("doc_id"))
        described.setdefault(name, {key: str(chunk.metadata.get(key) or "") for key in _DESCRIBED})
        chunks[name] = chunks.get(name, 0) + 1
        figures[name] = figures.get(name, 0) + _figure_count(chunk.metadata.get("figures"))
    files = {document_id(knowledge_dir, path): path for path in candidate_files(knowledge_dir)}
    skipped = store.skipped()
    found = []
    for name in sorted(set(described) | set(files)):
        if name in skipped and skipped[name][1]:
            status = f"Không đọc được: {read_error_message(skipped[name][1])}"
        elif name not in files:
            status = GONE
        else:
            status = INDEXED if name in described else WAITING
        found.append(DocumentRow(name=name, **described.get(name, {}), chunks=chunks.get(name, 0),
                                 figures=figures.get(name, 0), added=_added(files.get(name)), status=status))
    return found
