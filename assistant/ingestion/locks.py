"""One ingest at a time: a file lock on one machine, a lease in Chroma for a server.

A file lock only excludes processes that see the same file system. Ingests
from several machines (or containers) into one Chroma server take a lease
instead: a small collection whose creation succeeds for one client only
(Chroma refuses a second collection of the same name). The holder renews it
while it works; a lease whose holder died is taken over, immediately when the
holder was a process on this machine that no longer exists, otherwise when
its renewals have stopped for the lease time.
"""

from __future__ import annotations

import os
import socket
import threading
import time
import uuid
from pathlib import Path
from typing import Any, Protocol

from chromadb.api import ClientAPI
from chromadb.errors import ChromaError, NotFoundError
from filelock import FileLock, Timeout

from assistant.retrieval.connection import FolderGuard

_READERS_WAIT = 15.0


class IngestBusy(RuntimeError):
    """Another ingest holds the lock (or took it over); nothing was published."""


class IngestLock(Protocol):
    def acquire(self, wait_seconds: float) -> None: ...
    def confirm(self) -> None: ...
    def release(self) -> None: ...


class FileIngestLock:
    """Local folder: a lock file for ingests, then the folder to itself (see FolderGuard)."""

    def __init__(self, lock_path: Path, guard: FolderGuard | None) -> None:
        self.lock_path = lock_path
        self.guard = guard
        self._lock = FileLock(str(lock_path))

    def acquire(self, wait_seconds: float) -> None:
        self.lock_path.parent.mkdir(parents=True, exist_ok=True)
        started = time.monotonic()
        try:
            self._lock.acquire(timeout=wait_seconds)
        except Timeout:
            raise IngestBusy(
                f"Another ingest is running (lock {self.lock_path}); wait for it or retry later."
            ) from None
        # Readers that hold the folder are either short (a CLI question) or an app that
        # will not let go: waiting long for the second kind helps nobody.
        left = min(_READERS_WAIT, max(0.0, wait_seconds - (time.monotonic() - started)))
        if self.guard is not None and not self.guard.exclusive(left):
            self._lock.release()
            raise IngestBusy(
                f"Another process has the index folder {self.guard.path.parent} open (the app, or a "
                "question being answered); stop it first, or use a Chroma server so that "
                "processes can share the index while it is rebuilt."
            )

    def confirm(self) -> None:
        """A file lock cannot be taken away from a living process."""

    def release(self) -> None:
        if self.guard is not None:
            self.guard.shared()
        self._lock.release()


def _alive(pid: int) -> bool:
    try:
        os.kill(pid, 0)
    except ProcessLookupError:
        return False
    except PermissionError:
        return True
    return True


class ChromaLease:
    """The ingest lease for one knowledge base on a Chroma server."""

    def __init__(self, client: ClientAPI, name: str, lease_seconds: float) -> None:
        self.client = client
        self.name = name
        self.lease_seconds = lease_seconds
        self.owner = f"{socket.gethostname()}:{os.getpid()}:{uuid.uuid4().hex[:8]}"
        self._held: Any = None
        self._lost = threading.Event()
        self._stop = threading.Event()
        self._renewer: threading.Thread | None = None

    def _record(self, beat: int) -> dict[str, Any]:
        return {"owner": self.owner, "host": socket.gethostname(), "pid": os.getpid(),
                "beat": beat, "renewed": time.time()}

    def acquire(self, wait_seconds: float) -> None:
        deadline = time.monotonic() + wait_seconds
        seen: tuple[str, int] | None = None
        seen_since = time.monotonic()
        while True:
            try:
                self._held = self.client.create_collection(self.name, metadata=self._record(0),
                                                           embedding_function=None)
                break
            except ChromaError:
                pass  # exists: someone holds the lease (or held it and died)
            holder = self._holder()
            if holder is not None:
                state = (str(holder.id), int((holder.metadata or {}).get("beat", -1)))
                if state != seen:
                    seen, seen_since = state, time.monotonic()
                if self._is_dead(holder, time.monotonic() - seen_since):
                    self._break(holder)
                    continue
            if time.monotonic() >= deadline:
                meta = (holder.metadata or {}) if holder is not None else {}
                raise IngestBusy(
                    f"Another ingest is running on the Chroma server (lease {self.name}, held by "
                    f"{meta.get('owner', '?')}); wait for it or retry later."
                )
            time.sleep(0.3)
        self._lost.clear()
        self._stop.clear()
        self._renewer = threading.Thread(target=self._renew, name="ingest-lease", daemon=True)
        self._renewer.start()

    def _holder(self) -> Any:
        try:
            return self.client.get_collection(self.name, embedding_function=None)
        except (NotFoundError, ChromaError, ValueError):
            return None

    def _is_dead(self, holder: Any, silent_for: float) -> bool:
        meta = holder.metadata or {}
        local = meta.get("host") == socket.gethostname() and isinstance(meta.get("pid"), int)
        if local and not _alive(int(meta["pid"])):
            return True
        return silent_for >= self.lease_seconds

    def _break(self, holder: Any) -> None:
        # Rename by id, then delete: a rival that already replaced this stale
        # lease with its own (same name, new id) is never touched.
        tombstone = f"{self.name}-stale-{uuid.uuid4().hex[:8]}"
        try:
            holder.modify(name=tombstone)
            self.client.delete_collection(tombstone)
        except (NotFoundError, ChromaError, ValueError):
            pass  # someone else broke it first

    def _renew(self) -> None:
        beat = 0
        while not self._stop.wait(self.lease_seconds / 4):
            beat += 1
            try:
                current = self.client.get_collection(self.name, embedding_function=None)
                if current.id != self._held.id:
                    self._lost.set()
                    return
                self._held.modify(metadata=self._record(beat))
            except NotFoundError:
                self._lost.set()
                return
            except Exception:  # a network hiccup: the next beat retries
                continue

    def confirm(self) -> None:
        """Raise if the lease was taken over (this ingest stalled past the lease time)."""
        try:
            current_id = self.client.get_collection(self.name, embedding_function=None).id
        except (NotFoundError, ChromaError, ValueError):
            current_id = None
        if self._lost.is_set() or self._held is None or current_id != self._held.id:
            raise IngestBusy(
                f"This ingest lost its lease {self.name} to another one (it stalled longer than "
                f"{self.lease_seconds:.0f} s); nothing was published. Run it again."
            )

    def release(self) -> None:
        self._stop.set()
        if self._renewer is not None:
            self._renewer.join()
        held, self._held = self._held, None
        if held is not None:
            self._break(held)
