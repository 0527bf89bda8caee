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

from assistant.ingestion.readers import READERS, Extracted, ReadError

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


def _fingerprint(path: Path) -> str:
    digest = hashlib.sha256(path.read_bytes())
    sidecar = path.with_name(path.name + SIDECAR_SUFFIX)
    if sidecar.is_file():
        digest.update(sidecar.read_bytes())
    return digest.hexdigest()


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
    extracted = reader(path)
    text = unicodedata.normalize("NFC", extracted.text.replace("\r\n", "\n").replace("\r", "\n"))
    if not text.strip():
        raise ReadError("the file holds no text")
    extracted = Extracted(text, extracted.metadata, extracted.locations)
    return SourceDocument(
        doc_id=path.relative_to(folder).as_posix(),
        text=text,
        fingerprint=_fingerprint(path),
        metadata=_metadata(path, extracted, _read_sidecar(path)),
        locations=extracted.locations,
    )


def load_documents(folder: Path) -> Iterator[SourceDocument | SkippedFile]:
    for path in candidate_files(folder):
        try:
            yield load_document(folder, path)
        except (ReadError, OSError) as error:
            yield SkippedFile(path.relative_to(folder).as_posix(), str(error))
