"""The BM25 index of each published generation, saved on disk beside the vector store.

Building BM25 means tokenising every passage: seconds at ten thousand chunks.
The ingest builds it once, writes it under `<folder>/<collection>/g<generation>`
before it publishes that generation, and every process that later serves the
generation loads it instead of rebuilding it.

A saved index is used only when it was built from exactly the passages the
reader sees: it records a digest of their ids and texts, checked on load. A
missing, half-written or corrupt one (or one left by an ingest that died
before publishing) fails that check or fails to load, and the reader rebuilds
the index, then saves it for the next process. Files are written into a
temporary folder renamed into place, so no reader ever loads a partial one.
"""

from __future__ import annotations

import hashlib
import json
import logging
import os
import re
import shutil
from collections.abc import Sequence
from pathlib import Path

from assistant.retrieval.lexical import LexicalIndex
from assistant.retrieval.metadata import EDITION_FIELDS
from assistant.retrieval.store import StoredChunk

log = logging.getLogger(__name__)

FORMAT = 1
_IDENTITY = "identity.json"


def lexical_text(chunk: StoredChunk) -> str:
    """The passage and its document's period and place.

    Among many near-identical reports a passage rarely repeats which quarter or
    district it is about; its words alone cannot tell "quý I 2021" from "quý II 2021".
    """
    scope = " ".join(str(chunk.metadata.get(name) or "") for name in EDITION_FIELDS)
    return f"{chunk.text}\n{scope}"


def _digest(chunks: Sequence[StoredChunk], texts: Sequence[str]) -> str:
    digest = hashlib.sha256(f"{FORMAT}:{len(chunks)}".encode())
    for chunk, text in zip(chunks, texts, strict=True):
        digest.update(b"\0" + chunk.chunk_id.encode() + b"\0" + text.encode())
    return digest.hexdigest()


class SavedLexicalIndexes:
    """Saved BM25 indexes of one collection, one folder per generation."""

    def __init__(self, folder: Path, collection: str) -> None:
        self.folder = folder / collection

    def _path(self, generation: int) -> Path:
        return self.folder / f"g{generation}"

    def build(self, generation: int, chunks: Sequence[StoredChunk]) -> LexicalIndex:
        """Build the index over `chunks` (in this order) and save it for `generation`.

        The ingest does so before publishing; a reader that found no usable saved
        index does so after rebuilding, for the processes that come after it.
        """
        texts = [lexical_text(c) for c in chunks]
        index = LexicalIndex(texts)
        if not chunks:
            return index
        final = self._path(generation)
        building = final.with_name(f"{final.name}.building-{os.getpid()}")
        try:
            shutil.rmtree(building, ignore_errors=True)
            building.mkdir(parents=True)
            index.save(building)
            identity = {"format": FORMAT, "size": len(chunks), "digest": _digest(chunks, texts)}
            (building / _IDENTITY).write_text(json.dumps(identity), encoding="utf-8")  # last
            if final.exists():
                shutil.rmtree(final)  # unusable for this generation's passages, or left by a dead ingest
            os.replace(building, final)
        except OSError as error:
            log.warning("Could not save the lexical index of generation %d: %s", generation, error)
        finally:
            shutil.rmtree(building, ignore_errors=True)
        return index

    def load(self, generation: int, chunks: Sequence[StoredChunk]) -> LexicalIndex | None:
        """The saved index of `generation` if it was built from exactly `chunks`, else None."""
        path = self._path(generation)
        if not chunks or not (path / _IDENTITY).is_file():
            return None
        try:
            identity = json.loads((path / _IDENTITY).read_text("utf-8"))
            texts = [lexical_text(c) for c in chunks]
            if identity.get("format") != FORMAT or identity.get("digest") != _digest(chunks, texts):
                log.info("Saved lexical index of generation %d is for other passages", generation)
                return None
            return LexicalIndex.load(path, len(chunks))
        except Exception as error:  # any damage to the files means: rebuild
            log.warning("Saved lexical index of generation %d is unusable (%s); rebuilding", generation, error)
            return None

    def prune(self, keep_from: int) -> None:
        """Delete saved indexes of generations before `keep_from` (no reader can want them)."""
        if not self.folder.is_dir():
            return
        for path in self.folder.iterdir():
            match = re.fullmatch(r"g(\d+)(\.building-\d+)?", path.name)
            if match and int(match.group(1)) < keep_from:
                shutil.rmtree(path, ignore_errors=True)
