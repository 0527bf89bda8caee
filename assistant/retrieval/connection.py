"""Open Chroma: a server when one is configured, else a folder this process owns.

Chroma's local folder mode keeps its vector index in the memory of the
process that opened it; a second process writing the same folder leaves the
first one reading stale or missing vectors (Chroma fails with "Error finding
id"). So a local folder is shared only between processes that read: each
holds a shared lock on it, and an ingest upgrades its own to an exclusive one,
which waits until no other process has the folder open. Several processes
that must read while another ingests use a Chroma server instead.
"""

from __future__ import annotations

import os
from pathlib import Path
from typing import IO

import chromadb
from chromadb.api import ClientAPI
from chromadb.config import Settings as ChromaSettings

from assistant.settings import Settings

try:
    import fcntl
except ImportError:  # pragma: no cover - Windows: no POSIX locks, the guard does nothing
    fcntl = None  # type: ignore[assignment]


class IndexInUse(RuntimeError):
    """The local index folder is held by another process; the message says which way out."""


class FolderGuard:
    """A POSIX record lock on `<index folder>/owner.lock`: shared to read, exclusive to write.

    POSIX locks belong to the process, so threads of one process share the
    guard (the ingest lock keeps their writes apart) and the kernel drops the
    lock when a process dies, even by SIGKILL.
    """

    def __init__(self, folder: Path) -> None:
        folder.mkdir(parents=True, exist_ok=True)
        self.path = folder / "owner.lock"
        self._handle: IO[bytes] | None = self.path.open("a+b")
        if not self._lock(exclusive=False, wait_seconds=0.0):
            self.close()
            raise IndexInUse(
                f"The local index {folder} is being rebuilt by another process; "
                "retry when it finishes, or use a Chroma server (ASSISTANT_CHROMA_HOST) "
                "so that several processes can share the index."
            )

    def _lock(self, exclusive: bool, wait_seconds: float) -> bool:
        if fcntl is None or self._handle is None:
            return True
        import time

        mode = fcntl.LOCK_EX if exclusive else fcntl.LOCK_SH
        deadline = time.monotonic() + wait_seconds
        while True:
            try:
                fcntl.lockf(self._handle, mode | fcntl.LOCK_NB)
                return True
            except OSError:
                if time.monotonic() >= deadline:
                    return False
                time.sleep(0.2)

    def exclusive(self, wait_seconds: float) -> bool:
        """Upgrade to exclusive (for an ingest); False if other processes keep the folder open."""
        return self._lock(exclusive=True, wait_seconds=wait_seconds)

    def shared(self) -> None:
        """Back to shared after an ingest, so other readers may open the folder again."""
        self._lock(exclusive=False, wait_seconds=0.0)

    def close(self) -> None:
        if self._handle is not None:
            self._handle.close()  # closing the file releases the process's lock on it
            self._handle = None


def connect(settings: Settings) -> tuple[ClientAPI, FolderGuard | None]:
    """A Chroma client for these settings and, for a local folder, the guard that goes with it."""
    chroma_settings = ChromaSettings(anonymized_telemetry=False, allow_reset=False)
    if settings.chroma_host:
        client = chromadb.HttpClient(
            host=settings.chroma_host, port=settings.chroma_port, settings=chroma_settings
        )
        return client, None
    guard = FolderGuard(settings.index_dir)
    try:
        return chromadb.PersistentClient(path=str(settings.index_dir), settings=chroma_settings), guard
    except BaseException:
        guard.close()
        raise


def describe(settings: Settings) -> str:
    """Where the index lives, for messages."""
    if settings.chroma_host:
        return f"Chroma server {settings.chroma_host}:{settings.chroma_port}"
    return f"local folder {os.fspath(settings.index_dir)}"
