"""Source documents and their metadata, read from the knowledge folder.

Each document may have a sidecar `<file name>.meta.toml` (title, publisher,
url, date, period, locality, authors). Staff copy the sidecar of an earlier
report for the next one; fields the sidecar lacks fall back to what the file
itself says.
"""

from __future__ import annotations

import hashlib
import tomllib
import unicodedata
from collections.abc import Iterator
from dataclasses import dataclass, field
from pathlib import Path

from assistant.ingestion.readers import READER_VERSION, READERS, Extracted, ReadError

SIDECAR_SUFFIX = ".meta.toml"


@dataclass(frozen=True)
class DocumentMetadata:
    title: str
    publisher: str | None = None
    organisation: str | None = None  # who issued the report, when not the publisher
    url: str | None = None
    date: str | None = None
    period: str | None = None
    locality: str | None = None
    authors: tuple[str, ...] = ()

    def as_chroma(self) -> dict[str, str]:
        """Flat string fields, the only kind Chroma metadata holds everywhere."""
        fields = {
            "title": self.title,
            "publisher": self.publisher or "",
            "organisation": self.organisation or "",
            "url": self.url or "",
            "date": self.date or "",
            "period": self.period or "",
            "locality": self.locality or "",
            "authors": ", ".join(self.authors),
        }
        return fields


@dataclass(frozen=True)
class SourceDocument:
    """A document as ingested: offsets in citations point into `text`."""

    doc_id: str
    text: str
    fingerprint: str
    metadata: DocumentMetadata
    # (offset, label) pairs: where each page or section starts in `text`.
    locations: tuple[tuple[int, str], ...] = field(default=())

    def location_at(self, offset: int) -> str | None:
        label = None
        for start, name in self.locations:
            if start > offset:
                break
            label = name
        return label


@dataclass(frozen=True)
class SkippedFile:
    """A file left out of the index, and why (shown to the person ingesting)."""

    doc_id: str
    reason: str


def _read_sidecar(path: Path) -> dict[str, object]:
    sidecar = path.with_name(path.name + SIDECAR_SUFFIX)
    if not sidecar.is_file():
        return {}
    try:
        return tomllib.loads(sidecar.read_text("utf-8"))
    except (tomllib.TOMLDecodeError, UnicodeDecodeError) as error:
        raise ReadError(f"metadata file {sidecar.name} is not valid TOML: {error}") from error


def _metadata(path: Path, extracted: Extracted, sidecar: dict[str, object]) -> DocumentMetadata:
    merged: dict[str, object] = {**extracted.metadata, **sidecar}
    first_line = extracted.text.strip().split("\n", 1)[0][:120]
    raw_authors = merged.get("authors") or ()
    if isinstance(raw_authors, str):
        authors = tuple(a.strip() for a in raw_authors.split(",") if a.strip())
    elif isinstance(raw_authors, list | tuple):
        authors = tuple(str(a) for a in raw_authors)
    else:
        authors = ()

    def text_field(name: str) -> str | None:
        value = merged.get(name)
        return str(value) if value not in (None, "") else None

    return DocumentMetadata(
        title=text_field("title") or first_line or path.stem,
        publisher=text_field("publisher"),
        organisation=text_field("organisation"),
        url=text_field("url"),
        date=text_field("date"),
        period=text_field("period"),
        locality=text_field("locality"),
        authors=authors,
    )


def file_fingerprint(path: Path) -> str:
    """What decides whether a file must be read again: its bytes, its sidecar's, the reader version.

    Cheap (no parsing), so an ingest can tell unchanged files apart without opening them.
    """
    digest = hashlib.sha256(READER_VERSION.encode())
    with path.open("rb") as handle:
        for block in iter(lambda: handle.read(1 << 20), b""):
            digest.update(block)
    sidecar = path.with_name(path.name + SIDECAR_SUFFIX)
    if sidecar.is_file():
        digest.update(b"\x00sidecar\x00" + sidecar.read_bytes())
    return digest.hexdigest()


def document_id(folder: Path, path: Path) -> str:
    return path.relative_to(folder).as_posix()


def _normalised(extracted: Extracted) -> Extracted:
    """NFC text with single newlines; location offsets moved along with the text."""

    def clean(piece: str) -> str:
        return unicodedata.normalize("NFC", piece.replace("\r\n", "\n").replace("\r", "\n"))

    if not extracted.locations:
        return Extracted(clean(extracted.text), extracted.metadata)
    cuts = [offset for offset, _ in extracted.locations]
    pieces, moved, previous = [], [], 0
    for (offset, label), end in zip(extracted.locations, [*cuts[1:], len(extracted.text)], strict=True):
        pieces.append(clean(extracted.text[previous:offset]))
        moved.append((sum(map(len, pieces)), label))
        pieces.append(clean(extracted.text[offset:end]))
        previous = end
    return Extracted("".join(pieces), extracted.metadata, tuple(moved))


def candidate_files(folder: Path) -> list[Path]:
    """Every file that should be in the index, sidecars and hidden files aside."""
    if not folder.is_dir():
        return []
    return sorted(
        p for p in folder.rglob("*")
        if p.is_file()
        and not p.name.endswith(SIDECAR_SUFFIX)
        and not any(part.startswith(".") for part in p.relative_to(folder).parts)
        and p.name.lower() != "readme.md"
    )


def load_document(folder: Path, path: Path) -> SourceDocument:
    """Read one file; raises ReadError with a reason a person can act on."""
    reader = READERS.get(path.suffix.lower())
    if reader is None:
        raise ReadError(f"unsupported file type '{path.suffix or path.name}'")
    if path.stat().st_size == 0:
        raise ReadError("the file is empty")
    fingerprint = file_fingerprint(path)
    extracted = _normalised(reader(path))
    if not extracted.text.strip():
        raise ReadError("the file holds no text")
    return SourceDocument(
        doc_id=document_id(folder, path),
        text=extracted.text,
        fingerprint=fingerprint,
        metadata=_metadata(path, extracted, _read_sidecar(path)),
        locations=extracted.locations,
    )


def load_documents(folder: Path) -> Iterator[SourceDocument | SkippedFile]:
    for path in candidate_files(folder):
        try:
            yield load_document(folder, path)
        except (ReadError, OSError) as error:
            yield SkippedFile(document_id(folder, path), str(error))
