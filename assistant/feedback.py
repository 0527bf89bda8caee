"""Readers' 👍/👎 and comments, appended to a JSON Lines file that staff review.

Writing happens on a background thread: a slow or full disk must never hold
up or break a chat, so `record` only queues the entry and a failed write is
logged, not raised.
"""

from __future__ import annotations

import json
import logging
import os
import queue
import threading
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

log = logging.getLogger(__name__)


class FeedbackLog:
    """One writer thread per file; entries are written in the order they were recorded."""

    def __init__(self, path: Path) -> None:
        self.path = path
        self._pending: queue.Queue[Any] = queue.Queue()
        self._writer: threading.Thread | None = None
        self._lock = threading.Lock()

    def record(self, entry: dict[str, Any]) -> None:
        """Queue one entry; `time` (UTC, ISO 8601) is added when missing. Never raises."""
        try:
            line = json.dumps({"time": datetime.now(UTC).isoformat(timespec="seconds"), **entry},
                              ensure_ascii=False, default=str)
        except (TypeError, ValueError) as error:
            log.warning("Feedback entry not recorded: %s", error)
            return
        self._ensure_writer()
        self._pending.put(line)

    def flush(self, timeout: float = 5.0) -> bool:
        """Wait until queued entries are written (for tests and shutdown)."""
        done = threading.Event()
        self._ensure_writer()
        self._pending.put(done)
        return done.wait(timeout)

    def _ensure_writer(self) -> None:
        with self._lock:
            if self._writer is None or not self._writer.is_alive():
                self._writer = threading.Thread(target=self._write_forever, name="feedback-writer",
                                                daemon=True)
                self._writer.start()

    def _write_forever(self) -> None:
        while True:
            item = self._pending.get()
            if isinstance(item, threading.Event):
                item.set()
                continue
            try:
                self.path.parent.mkdir(parents=True, exist_ok=True)
                # One write call per line with O_APPEND: lines from several app
                # processes sharing the file do not interleave.
                handle = os.open(self.path, os.O_WRONLY | os.O_APPEND | os.O_CREAT, 0o640)
                try:
                    os.write(handle, (item + "\n").encode("utf-8"))
                finally:
                    os.close(handle)
            except OSError as error:
                log.warning("Could not write feedback to %s: %s", self.path, error)
