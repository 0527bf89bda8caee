"""The knowledge base as staff keep it: list the documents, add an upload, remove one.

Every change goes through the same `Indexer` (its lock, or its lease on a
Chroma server) as `make ingest`, so readers only ever see a published
generation. An upload is checked and read in a hidden staging folder inside
the knowledge folder first; only a file that reads cleanly is moved in (its
sidecar first, then the file, each one rename). If the ingest cannot run,
the move is undone: a refusal leaves the folder and the index as they were.
Removed files are kept in `<knowledge>/.da-xoa/`, out of the index.
"""

from __future__ import annotations

import json
import shutil
import threading
import uuid
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path

from assistant.ingestion.documents import SIDECAR_SUFFIX, candidate_files, document_id, load_document
from assistant.ingestion.indexer import Indexer, IngestBusy, IngestProgress
from assistant.ingestion.readers import READERS, ReadError
from assistant.ingestion.uploads import UploadRefused, check_upload, read_error_message
from assistant.retrieval.store import KnowledgeStore
from assistant.staff.catalogue import DocumentRow, catalogue

STAGING = ".tai-len"
REMOVED = ".da-xoa"
METADATA_FIELDS = ("title", "publisher", "date", "period", "locality", "url")
BUSY = "Kho tài liệu đang được cập nhật ở nơi khác; vui lòng thử lại sau ít phút."

Listener = Callable[[IngestProgress], None]


@dataclass(frozen=True)
class Outcome:
    """What an add or remove did; `message` is for the person who asked."""

    ok: bool
    message: str
    document: str | None = None
    chunks: int = 0

    def to_dict(self) -> dict[str, object]:
        if not self.ok:
            return {"error": self.message}
        return {"document": self.document, "status": "published", "chunks": self.chunks, "message": self.message}


def _sidecar(path: Path) -> Path:
    return path.with_name(path.name + SIDECAR_SUFFIX)


def _toml(metadata: dict[str, str]) -> str:
    # JSON string escapes are all valid TOML basic-string escapes.
    return "".join(f"{key} = {json.dumps(value, ensure_ascii=False)}\n" for key, value in metadata.items())


def _move_in(sources: list[tuple[Path, Path]]) -> list[tuple[Path, Path]]:
    moved = []
    for source, target in sources:
        if source.exists():
            source.replace(target)
            moved.append((source, target))
    return moved


def _move_back(moved: list[tuple[Path, Path]]) -> None:
    for source, target in reversed(moved):
        if target.exists():
            target.replace(source)


class DocumentDesk:
    """Add and remove documents of one knowledge folder; one change at a time in this process."""

    def __init__(self, store: KnowledgeStore, indexer: Indexer, knowledge_dir: Path,
                 max_upload_bytes: int, wait_seconds: float = 300.0) -> None:
        self.store = store
        self.indexer = indexer
        self.knowledge_dir = knowledge_dir
        self.max_upload_bytes = max_upload_bytes
        self.wait_seconds = wait_seconds
        self._change = threading.Lock()

    def documents(self) -> list[DocumentRow]:
        return catalogue(self.store, self.knowledge_dir)

    def prefill(self, upload: Path, original: str) -> dict[str, str]:
        """What the file says of itself (title, publisher, date, ...), or UploadRefused."""
        name = check_upload(upload, original, self.max_upload_bytes)
        reader = READERS[Path(name).suffix]
        staged = self._stage(upload, name)
        try:
            found = reader(staged).metadata
        except ReadError as error:
            raise UploadRefused(read_error_message(str(error))) from None
        finally:
            shutil.rmtree(staged.parent, ignore_errors=True)
        return {key: str(found[key]) for key in METADATA_FIELDS if found.get(key)}

    def _stage(self, upload: Path, name: str) -> Path:
        folder = self.knowledge_dir / STAGING / uuid.uuid4().hex
        folder.mkdir(parents=True)
        shutil.copyfile(upload, folder / name)
        return folder / name

    def add(self, upload: Path, original: str, metadata: dict[str, str] | None = None,
            replace: bool = False, on_progress: Listener | None = None) -> Outcome:
        """Check, read, move in and ingest one uploaded file."""
        tell = on_progress or (lambda _: None)
        with self._change:
            tell(IngestProgress("checking"))
            try:
                name = check_upload(upload, original, self.max_upload_bytes)
            except UploadRefused as refused:
                return Outcome(False, str(refused))
            target = self.knowledge_dir / name
            if target.exists() and not replace:
                return Outcome(False, f"Đã có tài liệu tên «{name}». Hãy chọn «Thay thế tài liệu cùng tên» "
                                      "nếu đây là bản mới của nó, hoặc đổi tên tệp.", name)
            staged = self._stage(upload, name)
            try:
                wanted = {k: " ".join(v.split()) for k, v in (metadata or {}).items()
                          if k in METADATA_FIELDS and v and v.strip()}
                if wanted:
                    _sidecar(staged).write_text(_toml(wanted), "utf-8")
                try:
                    document = load_document(staged.parent, staged)
                except (ReadError, OSError) as error:
                    return Outcome(False, read_error_message(str(error)))
                old = staged.parent / "cu"
                old.mkdir()
                backup = _move_in([(_sidecar(target), old / _sidecar(target).name), (target, old / name)])
                moved = _move_in([(_sidecar(staged), _sidecar(target)), (staged, target)])
                outcome = self._ingest(name, tell, lambda: _move_back(backup + moved))
                if outcome.ok:
                    return Outcome(True, f"Đã thêm «{document.metadata.title}» ({outcome.chunks} đoạn); "
                                         "tài liệu đã có trong câu trả lời.", name, outcome.chunks)
                return outcome
            finally:
                shutil.rmtree(staged.parent, ignore_errors=True)

    def remove(self, name: str, on_progress: Listener | None = None) -> Outcome:
        """Take document `name` (as listed) out of the folder and the index."""
        tell = on_progress or (lambda _: None)
        with self._change:
            known = {document_id(self.knowledge_dir, p): p for p in candidate_files(self.knowledge_dir)}
            indexed = {row.name for row in self.documents() if row.chunks}
            if name not in known and name not in indexed:
                return Outcome(False, f"Không có tài liệu nào tên «{name}».")
            moved: list[tuple[Path, Path]] = []
            if name in known:
                bin_dir = self.knowledge_dir / REMOVED
                bin_dir.mkdir(exist_ok=True)
                path = known[name]
                kept = bin_dir / name.replace("/", "__")
                moved = _move_in([(path, kept), (_sidecar(path), _sidecar(kept))])
            outcome = self._ingest(name, tell, lambda: _move_back(moved))
            if outcome.ok:
                return Outcome(True, f"Đã xoá «{name}» khỏi kho tài liệu.", name, 0)
            return outcome

    def _ingest(self, name: str, tell: Listener, undo: Callable[[], None]) -> Outcome:
        try:
            report = self.indexer.ingest(self.wait_seconds, progress=False, on_progress=tell)
        except IngestBusy:
            undo()
            return Outcome(False, BUSY)
        except Exception:
            undo()
            raise
        skipped = next((s.reason for s in report.skipped if s.doc_id == name), None)
        if skipped is not None:
            return Outcome(False, read_error_message(skipped), name)
        chunks = next((row.chunks for row in self.documents() if row.name == name), 0)
        return Outcome(True, "", name, chunks)
